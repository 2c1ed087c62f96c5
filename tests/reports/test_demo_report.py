"""The demo: suggested themes accepted and applied on the closed consultation, and a report
version whose page, PDF and spreadsheet show them with the database's counts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from consultations.disclosure import shown_count
from consultations.models import ConsultationPage, Response
from reports.models import FeedbackReportVersion
from tests.reports.test_report_outputs import assert_no_personal_data
from themes.models import Coding, SuggestedTheme, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_version(demo_site):
    page = ConsultationPage.objects.get(slug="gp-access", locale__language_code="en")
    return FeedbackReportVersion.objects.get(report__page=page)


def database_count(theme) -> int:
    ids = [theme.pk, *theme.children.values_list("pk", flat=True)]
    return (
        Coding.objects.primary()
        .filter(theme_id__in=ids, answer__response__status__in=Response.COUNTED)
        .values("answer__response_id")
        .distinct()
        .count()
    )


def test_demo_report_shows_the_accepted_suggested_themes_with_database_counts(client, demo_version):
    from portal.models import User

    page = demo_version.report.page
    accepted = SuggestedTheme.objects.filter(
        run__frame__page=page, status=SuggestedTheme.Status.ACCEPTED
    )
    assert accepted.exists()
    suggested = Theme.objects.filter(frame__page=page, suggestions__in=accepted).distinct()
    assert suggested.exists()
    assert Coding.objects.primary().filter(theme__in=suggested, origin="suggested").exists()
    assert demo_version.status == "draft"

    items = {t["name"]: t for t in demo_version.data["themes"]["items"]}
    for theme in Theme.objects.filter(frame__page=page):
        assert items[theme.name]["count"] == database_count(theme), theme.name
    assert all(items[t.name]["count"] > 0 for t in suggested)

    client.force_login(User.objects.filter(is_superuser=True).first())
    args = [page.pk, demo_version.number]
    html = client.get(reverse("feedback_reports:version", args=args)).content.decode()
    pdf = client.get(reverse("feedback_reports:pdf", args=args)).content
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("feedback_reports:xlsx", args=args)).content)
    )
    rows = {
        row[0]: row
        for row in workbook[workbook.sheetnames[2]].iter_rows(values_only=True)  # "Themes"
    }
    for theme in suggested:
        shown = shown_count(database_count(theme))
        # The theme's own section, not any row that happens to show the same number.
        section = html.split(f'id="theme-{items[theme.name]["id"]}"', 1)[1]
        section = section.split('class="fr-theme"', 1)[0]
        assert theme.name in section.split("</h3>", 1)[0]
        assert f"{shown} responses (" in section
        if not theme.parent_id:
            assert f'<th scope="row">{theme.name}</th>' in html
        pdf_section = " ".join(text.split(theme.name, 1)[1].split())
        assert pdf_section.split(" responses (", 1)[0].endswith(str(shown)), theme.name
        expected = database_count(theme) if database_count(theme) >= 5 else "fewer than 5"
        assert rows[theme.name][3] == expected
    assert_no_personal_data(html.split('id="fr-summary"', 1)[1])
    assert_no_personal_data(text)
