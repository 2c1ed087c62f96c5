"""Public site search: pages in the current language, promotions, suggestions, page type."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion


def test_site_search_finds_pages_in_the_current_language_only(
    client, consultation, polish_consultation
):
    english = client.get("/en/search/", {"q": "Merging"})
    assert english.status_code == 200
    assert consultation.title in english.content.decode()
    assert polish_consultation.url not in english.content.decode()
    polish = client.get("/pl/search/", {"q": "Merging"})
    assert f'href="{polish_consultation.url}"' in polish.content.decode()
    assert f'href="{consultation.url}"' not in polish.content.decode()


def test_promoted_result_comes_first(client, consultation):
    query = Query.get("walk-in centres")
    SearchPromotion.objects.create(
        query=query, page=consultation, description="Have your say on walk-in centres"
    )
    html = client.get("/en/search/", {"q": "walk-in centres"}).content.decode()
    assert "Recommended" in html
    assert html.index("Have your say on walk-in centres") < html.index(" results</h2>")


def test_suggestion_when_nothing_matches(client, consultation):
    html = client.get("/en/search/", {"q": "commisioning"}).content.decode()
    assert "No pages match your search." in html
    assert "Did you mean" in html and "commissioning" in html


def test_filter_by_page_type(client, consultation):
    found = client.get("/en/search/", {"q": "Merging", "type": "consultationpage"})
    assert consultation.title in found.content.decode()
    none = client.get("/en/search/", {"q": "Merging", "type": "homepage"})
    assert "0 results" in none.content.decode()


def test_filter_by_kind_of_page_includes_events(client, consultation, home_page):
    from tests.events import factories as event_factories

    event = event_factories.make_event(
        event_factories.make_index(home_page), title="Merging services: drop-in session"
    )
    everything = client.get("/en/search/", {"q": "Merging"}).content.decode()
    assert consultation.title in everything and event.title in everything
    for value, label in (
        ("consultations", "Consultations and policy drafts"),
        ("events", "Events"),
    ):
        assert f'<option value="{value}"' in everything and label in everything
    events = client.get("/en/search/", {"q": "Merging", "type": "events"}).content.decode()
    assert event.title in events and consultation.title not in events
    consultations = client.get(
        "/en/search/", {"q": "Merging", "type": "consultations"}
    ).content.decode()
    assert consultation.title in consultations and event.title not in consultations
    other = client.get("/en/search/", {"q": "Merging", "type": "pages"}).content.decode()
    assert consultation.title not in other and event.title not in other
