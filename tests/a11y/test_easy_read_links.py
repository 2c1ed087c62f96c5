"""Easy Read and other-language versions are linked from the consultation page."""

import pytest

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
