"""Finding things: the home page and the header lead to every public area by links
alone, area pages list what is happening there, and the language switcher never
silently lands on a home page (issue #15)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from consultations.models import (
    ConsultationPage,
    PolicyDraftPage,
    YouSaidWeDidPage,
)
from events.models import EventPage
from portal.models import StandardPage

pytestmark = pytest.mark.django_db

HEADER_SEARCH = re.compile(
    r'<form class="nhsuk-header__search-form" id="header-search" action="/(\w+)/search/" '
    r'method="get"'
)


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def english(model, **filters):
    return model.objects.get(locale__language_code="en", **filters)


def test_home_page_links_to_every_public_area(client, demo):
    html = client.get("/en/").content.decode()
    links = hrefs(html)
    assert {
        "/en/consultations/",
        "/en/consultations/policy-drafts/",
        "/en/you-said-we-did/",
        "/en/events/",
        "/en/panel/join/",
        "/en/search/",
    } <= links
    # Straight to the open consultations, and to the survey the text mentions.
    assert "/en/consultations/single-commissioner/" in links
    assert re.search(
        r'<a href="/en/consultations/single-commissioner/">answer our short survey</a>', html
    )


@pytest.mark.parametrize("language", ["pl", "ar", "ro", "so"])
def test_every_language_home_page_leads_to_every_area_too(client, demo, language):
    html = client.get(f"/{language}/").content.decode()
    links = hrefs(html)
    panel = f"/{language}/panel/join/"
    search = f"/{language}/search/"
    assert panel in links and search in links
    # Consultations, drafts, outcomes and events: this language's pages, or the
    # default language's where this language has none yet; never missing.
    for ending in ("consultations/", "consultations/policy-drafts/", "you-said-we-did/", "events/"):
        assert any(link.endswith(ending) for link in links), ending
    assert "nhsuk-header__navigation" in html


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/consultations/",
        "/en/consultations/single-commissioner/",
        "/en/consultations/benign-skin-lesions/",
        "/en/you-said-we-did/gp-access/",
        "/en/events/",
        "/en/brent/",
        "/en/search/?q=GP",
        "/en/panel/join/",
        "/en/accounts/login/",
        "/ar/",
        "/pl/consultations/",
    ],
)
def test_the_header_has_a_labelled_search_box_on_every_public_page(client, demo, path):
    html = client.get(path).content.decode()
    match = HEADER_SEARCH.search(html)
    assert match, path
    assert match.group(1) == path.split("/")[1]  # searches in the page's own language
    assert '<label class="nhsuk-u-visually-hidden" for="header-search-q">' in html
    assert 'id="header-search-q" name="q" type="search"' in html
    assert '<nav class="nhsuk-header__navigation"' in html


def test_the_header_search_box_keeps_what_was_searched_for(client, demo):
    html = client.get("/en/search/", {"q": "hip replacement"}).content.decode()
    assert (
        'name="q" type="search" placeholder="Search" autocomplete="off" value="hip replacement"'
        in html
    )


def test_the_menu_marks_the_section_being_read(client, demo):
    html = client.get("/en/consultations/policy-drafts/").content.decode()
    current = re.findall(r'href="([^"]+)" aria-current="true"', html)
    assert current == ["/en/consultations/policy-drafts/"]


def test_policy_drafts_have_a_listing_linked_from_the_consultations_page(client, demo):
    index = client.get("/en/consultations/").content.decode()
    assert 'href="/en/consultations/policy-drafts/"' in index
    response = client.get("/en/consultations/policy-drafts/")
    assert response.status_code == 200
    html = response.content.decode()
    drafts = PolicyDraftPage.objects.filter(locale__language_code="en").live()
    assert drafts.count() == 8
    for draft in drafts:
        assert f'href="{draft.url}"' in html
    assert "Open for comments <span" in html and "(8)" in html
    assert "<h1>Policy drafts</h1>" in html
    assert 'class="nhsuk-breadcrumb"' in html and 'href="/en/consultations/"' in html


def test_an_area_page_lists_what_is_happening_there(client, demo):
    html = client.get("/en/brent/").content.decode()
    merger = english(ConsultationPage, slug="single-commissioner")
    closed = english(ConsultationPage, slug="gp-access")
    outcome = english(YouSaidWeDidPage, slug="gp-access")
    open_section = html.split('id="open-consultations"', 1)[1].split('id="events"', 1)[0]
    assert f'href="{merger.url}"' in open_section  # open, filed under every area
    assert f'href="{closed.url}"' not in open_section  # closed: not "happening"
    outcomes_section = html.split('id="outcomes"', 1)[1]
    assert f'href="{outcome.url}"' in outcomes_section  # the GP outcome covers every area
    events_section = html.split('id="events"', 1)[1].split('id="outcomes"', 1)[0]
    brent_events = EventPage.objects.filter(
        locale__language_code="en", area__slug="brent", ends_at__gte=timezone.now()
    )
    elsewhere = EventPage.objects.filter(locale__language_code="en").exclude(area__slug="brent")
    assert brent_events.exists() or "No events in this area are coming up." in events_section
    for event in brent_events:
        assert f'href="{event.url}"' in events_section
    for event in elsewhere:
        assert f'href="{event.url}"' not in events_section
    assert 'href="/en/events/?area=brent"' in html


def test_an_untranslated_consultation_is_listed_in_english_and_marked_so(client, demo):
    merger = english(ConsultationPage, slug="single-commissioner")
    romanian = merger.get_translation_or_none(Locale.objects.get(language_code="ro"))
    if romanian is not None:
        romanian.unpublish()
    html = client.get("/ro/").content.decode()
    assert f'<a class="nhsuk-card__link" href="{merger.url}" lang="en" dir="ltr">' in html


def test_a_consultation_page_says_how_long_it_takes_its_documents_and_postal_address(client, demo):
    html = client.get("/en/consultations/single-commissioner/").content.decode()
    minutes = english(ConsultationPage, slug="single-commissioner").minutes_to_complete
    assert minutes >= 2
    assert f"It takes about {minutes} minutes to answer the survey." in html
    documents = html.split("<h2>Documents</h2>", 1)[1]
    assert re.search(r'<a href="/documents/\d+/consultation-document[^"]*\.pdf"', documents)
    assert "By post:</b> Engagement Team, NHS North West London" in html


def test_the_consultation_document_can_be_downloaded(client, demo):
    html = client.get("/en/consultations/single-commissioner/").content.decode()
    url = re.search(r'href="(/documents/\d+/[^"]+\.pdf)"', html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")


# --- the language switcher ---------------------------------------------------------
def switcher_links(html: str) -> dict[str, str]:
    switcher = html.split('class="portal-language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {
        code: href.replace("&amp;", "&")
        for href, code in re.findall(r'<a href="([^"]+)" lang="(\w+)"', switcher)
    }


@pytest.fixture
def only_in_english(demo):
    from portal.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="en")
    page = home.add_child(instance=StandardPage(title="Only in English", slug="only-in-english"))
    page.save_revision().publish()
    return page


def test_the_switcher_links_straight_to_a_translation(client, demo):
    about = english(StandardPage, slug="about-us")
    translated = {
        page.locale.language_code: page.url
        for page in about.get_translations().live().select_related("locale")
    }
    assert "pl" in translated
    links = switcher_links(client.get(about.url).content.decode())
    assert len(links) == 9
    for code, url in links.items():
        if code in translated:
            assert url == translated[code]
        else:
            assert url.startswith(f"/{code}/not-translated/?from=")


def test_the_switcher_says_when_a_page_is_not_translated(client, only_in_english):
    links = switcher_links(client.get("/en/only-in-english/").content.decode())
    assert len(links) == 9
    for code, url in links.items():
        assert url == f"/{code}/not-translated/?from=%2Fen%2Fonly-in-english%2F"
        assert url != f"/{code}/"  # never silently to the home page
    response = client.get(links["pl"])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl"' in html
    assert 'href="/pl/"' in html and 'href="/en/only-in-english/"' in html


def test_the_not_translated_page_says_so_in_english(client, demo):
    response = client.get("/en/not-translated/", {"from": "/pl/o-nas/"})
    html = response.content.decode()
    assert "<h1>This page is not available in English</h1>" in html
    assert 'href="/en/">Go to the home page in English</a>' in html
    assert 'href="/pl/o-nas/">Go back to the page in Polski</a>' in html


@pytest.mark.parametrize("where", ["//evil.example/", "https://evil.example/", "javascript:x"])
def test_the_not_translated_page_links_back_only_to_this_site(client, demo, where):
    html = client.get("/en/not-translated/", {"from": where}).content.decode()
    assert "evil.example" not in html and "javascript:" not in html


def test_the_switcher_keeps_the_step_of_a_survey(client, demo):
    url = "/en/consultations/single-commissioner/respond/step/1/"
    html = client.get(url, follow=True).content.decode()
    links = switcher_links(html)
    assert links["pl"] == "/pl/consultations/single-commissioner/respond/step/1/"


def test_the_switcher_finds_every_translation_in_one_query(rf, demo):
    from django.utils import translation

    from portal import language_switch

    merger = english(ConsultationPage, slug="single-commissioner")
    request = rf.get(merger.url)
    with translation.override("en"):
        language_switch.links(request, merger)  # site root paths now cached
        with CaptureQueriesContext(connection) as queries:
            links = language_switch.links(request, merger)
    assert len(links) == 9
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert Locale.objects.count() == 10
