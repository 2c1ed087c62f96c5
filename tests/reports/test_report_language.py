"""Report dates are written in the report's language (its page's), whoever builds it."""

import io

from django.utils import translation
from openpyxl import load_workbook
from wagtail.models import Page

from portal.dates import format_date
from reports import exports, pdf, versions
from reports.models import FeedbackReportVersion

ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip


def polish_report(coded_consultation, locales, analyst):
    """A report of a consultation written in Polish, built from an English admin."""
    Page.objects.filter(pk=coded_consultation.page.pk).update(locale=locales["pl"])
    report = versions.report_for(Page.objects.get(pk=coded_consultation.page.pk))
    version = FeedbackReportVersion.objects.create(report=report, number=1, requested_by=analyst)
    with translation.override("en"):
        return versions.build(version.pk)


def in_polish(iso):
    from datetime import datetime

    with translation.override("pl"):
        return format_date(datetime.fromisoformat(iso))


def test_polish_report_period_has_polish_month_names_though_built_in_english(
    coded_consultation, locales, analyst
):
    version = polish_report(coded_consultation, locales, analyst)
    period = version.data["period"]
    assert version.data["language"] == "pl"
    assert period["start_label"] == in_polish(period["start"])
    assert period["end_label"] == in_polish(period["end"])
    assert not any(month in period["end_label"] for month in ENGLISH_MONTHS)


def test_polish_report_pdf_and_workbook_keep_polish_dates_when_an_english_user_downloads(
    coded_consultation, locales, analyst, engagement_lead
):
    version = polish_report(coded_consultation, locales, analyst)
    versions.sign_off(version, engagement_lead)
    version.refresh_from_db()
    with translation.override("en"):
        html = pdf.render_html(version)
        workbook = load_workbook(io.BytesIO(exports.workbook_bytes(version)))
    assert 'lang="pl"' in html
    with translation.override("pl"):
        signed = format_date(version.signed_off_at)
    assert signed in html
    period = version.data["period"]
    cells = [cell for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert f"{period['start_label']} – {period['end_label']}" in cells


def test_english_report_stays_english_when_a_polish_speaker_builds_it(coded_consultation, analyst):
    report = versions.report_for(coded_consultation.page)
    version = FeedbackReportVersion.objects.create(report=report, number=1, requested_by=analyst)
    with translation.override("pl"):
        version = versions.build(version.pk)
    assert version.data["language"] == "en"
    assert any(month in version.data["period"]["end_label"] for month in ENGLISH_MONTHS)
