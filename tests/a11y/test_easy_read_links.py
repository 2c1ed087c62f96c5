"""Easy Read and other-language versions are linked from the consultation page."""

from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from portal.models import PortalSettings
from tests.consultations import factories

pytestmark = pytest.mark.django_db


def document(kind, title, url, language=""):
    return {
        "type": "document",
        "value": {"kind": kind, "title": title, "document": None, "url": url, "language": language},
    }


def test_easy_read_and_bengali_versions_are_linked_and_marked_up(client, consultation_index):
    page = factories.make_consultation(
        consultation_index,
        title="Easy Read",
        documents=[
            document("main", "Consultation document", "https://example.org/full.pdf"),
            document("easy_read", "Easy Read version", "https://example.org/easy-read.pdf"),
            document("other_language", "পরামর্শ নথি", "https://example.org/bn.pdf", "bn"),
        ],
    )

    content = client.get(page.url).content.decode()

    easy_read = content.index('href="https://example.org/easy-read.pdf"')
    assert "Easy Read" in content[easy_read : easy_read + 200]
    # A link in another language says so, for screen readers and for search engines.
    assert 'href="https://example.org/bn.pdf" hreflang="bn" lang="bn"' in content


def test_a_consultation_without_an_easy_read_version_says_how_to_ask_for_one(
    client, consultation_index
):
    contact = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    contact.contact_email = "engagement@example.nhs.uk"
    contact.contact_phone = "020 7946 0000"
    contact.save()
    page = factories.make_consultation(
        consultation_index, title="Women's health hubs", slug="womens-health-hubs"
    )

    html = BeautifulSoup(client.get(page.url).content.decode(), "html.parser")

    assert html.find("h2", id="other-formats").get_text() == "Easy Read and other formats"
    ask = html.find("a", string="Ask for an Easy Read version")
    link = urlparse(ask["href"])
    assert (link.scheme, link.path) == ("mailto", "engagement@example.nhs.uk")
    assert parse_qs(link.query)["subject"] == ["Easy Read version of: Women's health hubs"]
    assert "or call 020 7946 0000" in ask.parent.get_text()


def test_a_consultation_with_an_easy_read_version_links_it_instead(client, consultation_index):
    page = factories.make_consultation(
        consultation_index,
        title="Easy Read linked",
        documents=[document("easy_read", "Easy Read version", "https://example.org/er.pdf")],
    )
    content = client.get(page.url).content.decode()
    assert 'href="https://example.org/er.pdf"' in content
    assert "Ask for an Easy Read version" not in content
