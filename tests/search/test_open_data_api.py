"""Published consultations, outcomes and events as open data (Wagtail API v2, /api/v2/)."""

from tests.events import factories as event_factories

API = "/api/v2/pages/"


def titles(client, **params):
    response = client.get(API, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return {item["title"] for item in response.json()["items"]}


def test_published_consultations_and_events_are_listed_as_open_data(
    client, consultation, home_page, answer, django_capture_on_commit_callbacks
):
    event = event_factories.make_event(event_factories.make_index(home_page))
    with django_capture_on_commit_callbacks(execute=True):
        answer("My private answer about the bus.")
    listed = titles(client)
    assert {consultation.title, event.title} <= listed
    assert home_page.title not in listed and "Events" not in listed  # only open-data types
    body = client.get(API).content.decode()
    assert "My private answer" not in body
    assert titles(client, type="events.EventPage") == {event.title}


def test_unpublished_pages_are_not_open_data(client, consultation):
    consultation.unpublish()
    assert consultation.title not in titles(client)
    assert client.get(f"{API}{consultation.pk}/", follow=True).status_code == 404


def test_one_consultation_in_detail(client, consultation):
    response = client.get(f"{API}{consultation.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == consultation.title
    assert data["meta"]["type"] == "consultations.ConsultationPage"
    assert data["meta"]["html_url"].endswith(consultation.url)


def test_an_unknown_search_operator_is_a_clear_400_not_a_server_error(client, consultation):
    response = client.get(API, {"search": "0", "search_operator": "0"})
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]


def test_a_language_the_site_does_not_have_is_a_clear_400(client, consultation):
    response = client.get(API, {"locale": "xx"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "locale" in response.json()["message"]
