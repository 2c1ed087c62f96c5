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


# --- what the open data says about each consultation and event (issue #15) --------
CONSULTATION_FIELDS = "status,opens_at,closes_at,intro,areas,topics"


def test_anyone_can_tell_which_consultations_are_open(client, consultation):
    """The question in the issue: ?fields=status,opens_at,closes_at answered 400."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    consultation.opens_at = datetime(2020, 1, 6, 9, 0, tzinfo=london)
    consultation.closes_at = datetime(2099, 3, 31, 23, 59, tzinfo=london)
    consultation.save_revision().publish()
    response = client.get(
        API,
        {"type": "consultations.ConsultationPage", "fields": "status,opens_at,closes_at"},
    )
    assert response.status_code == 200, response.content
    (item,) = response.json()["items"]
    assert item["status"] == "open"
    assert datetime.fromisoformat(item["opens_at"]) == consultation.opens_at
    assert datetime.fromisoformat(item["closes_at"]) == consultation.closes_at


def test_a_consultation_gives_its_summary_areas_and_topics(client, consultation, areas):
    from portal.models import Topic

    topic = Topic.objects.create(
        name="Primary care", slug="primary-care", locale=consultation.locale
    )
    consultation.areas.set([areas["harrow"], areas["brent"]])
    consultation.topics.set([topic])
    consultation.save_revision().publish()
    response = client.get(
        API, {"type": "consultations.ConsultationPage", "fields": CONSULTATION_FIELDS}
    )
    assert response.status_code == 200, response.content
    (item,) = response.json()["items"]
    assert item["intro"] == consultation.intro
    assert sorted(item["areas"], key=lambda a: a["slug"]) == [
        {"name": "Brent", "slug": "brent", "ons_code": "E09000005"},
        {"name": "Harrow", "slug": "harrow", "ons_code": "E09000015"},
    ]
    assert item["topics"] == [{"name": "Primary care", "slug": "primary-care"}]
    detail = client.get(f"{API}{consultation.pk}/").json()
    assert detail["status"] == "open" and len(detail["areas"]) == 2


def test_a_closed_consultation_says_closed(client, consultation):
    from datetime import timedelta

    from django.utils import timezone

    consultation.opens_at = timezone.now() - timedelta(days=20)
    consultation.closes_at = timezone.now() - timedelta(days=1)
    consultation.save_revision().publish()
    item = client.get(f"{API}{consultation.pk}/").json()
    assert item["status"] == "closed"


def test_an_event_gives_its_dates_and_places_left(client, home_page, areas):
    from events import signups

    event = event_factories.make_event(
        event_factories.make_index(home_page), capacity=5, area=areas["harrow"]
    )
    signups.sign_up(event, event_factories.details(1))
    signups.sign_up(event, event_factories.details(2))
    response = client.get(
        API,
        {
            "type": "events.EventPage",
            "fields": "starts_at,ends_at,places_left,capacity,venue_name,area,is_cancelled",
        },
    )
    assert response.status_code == 200, response.content
    (item,) = response.json()["items"]
    assert item["places_left"] == 3 and item["capacity"] == 5
    assert item["starts_at"].startswith(str(event.starts_at.date()))
    assert item["ends_at"] > item["starts_at"]
    assert item["area"] == {"name": "Harrow", "slug": "harrow", "ons_code": "E09000015"}
    assert item["is_cancelled"] is False
    detail = client.get(f"{API}{event.pk}/").json()
    assert detail["places_left"] == 3
    body = client.get(f"{API}{event.pk}/").content.decode()
    assert "person1@example.org" not in body and "online_link" not in body


def test_a_field_that_is_not_open_data_is_still_refused(client, consultation):
    response = client.get(
        API, {"type": "consultations.ConsultationPage", "fields": "retention_months"}
    )
    assert response.status_code == 400
    assert "retention_months" in response.json()["message"]
