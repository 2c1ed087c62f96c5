"""The demo's privacy notice covers every purpose; its accessibility statement what the
2018 accessibility regulations require. Periods come from the retention settings."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from portal.demo.pages import stream
from portal.demo.prose import en
from portal.models import StandardPage
from privacy import retention

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pages(home_page):
    """The privacy notice and accessibility statement as ``load_demo_content`` makes them."""
    for prose in (en.PRIVACY, en.ACCESSIBILITY):
        page = home_page.add_child(
            instance=StandardPage(
                slug=prose["slug"],
                title=prose["title"],
                intro=prose["intro"],
                body=stream(prose["body"]),
            )
        )
        page.save_revision().publish()


def page_text(client, url: str) -> tuple[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    return " ".join(main.get_text(" ").split()), headings


def test_privacy_notice_covers_every_purpose_with_the_real_retention_periods(client, demo_pages):
    text, headings = page_text(client, "/en/privacy-notice/")
    for heading in (
        "Who we are",
        "Consultations and surveys",
        "Equality monitoring",
        "Comments on policy drafts",
        "The Citizens' Panel",
        "Events and access needs",
        "Our legal basis",
        "How long we keep it",
        "Your rights",
        "How to complain",
    ):
        assert heading in headings
    months = retention.DEFAULT_MONTHS
    assert f"deleted {months} months after the consultation closes" in text
    assert f"removed {months} months after comments close" in text
    assert f"within {getattr(settings, 'PANEL_UNCONFIRMED_DAYS', 7)} days" in text
    assert f"{settings.WAGTAILSEARCH_HITS_MAX_AGE} days after they were last searched" in text
    assert f"Staff searches of responses: {settings.EXPLORER_SEARCH_RETENTION_DAYS} days" in text
    assert "publish your comment on the website, with the name you choose" in text
    assert "access needs" in text
    assert "Article 9(2)(a)" in text and "Article 9(2)(g)" in text
    assert "dpo@example.nhs.uk" in text  # the data protection officer
    assert "Information Commissioner's Office" in text and "ico.org.uk/make-a-complaint" in text


def test_accessibility_statement_has_the_sections_the_regulations_require(client, demo_pages):
    text, headings = page_text(client, "/en/accessibility-statement/")
    for heading in (
        "Compliance status",
        "Non-accessible content",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Preparation of this accessibility statement",
    ):
        assert heading in headings
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA" in (
        text
    )
    assert "Equality and Human Rights Commission" in text
    assert "Equality Commission for Northern Ireland" in text
    assert "This statement was prepared on" in text and "last reviewed on" in text
    # The known gaps the README lists are named.
    assert "Easy Read" in text
    assert "have not been checked by native speakers" in text
