"""The events listing (upcoming and past, filters) and the iCalendar files."""

from datetime import timedelta

import pytest

from events import ical
from events.choices import EventType
from tests.consultations.factories import AreaFactory
from tests.events import factories

pytestmark = pytest.mark.django_db


def test_the_listing_shows_upcoming_and_past_events_and_filters_by_area_and_type(
    client, event_index
):
    harrow = AreaFactory(name="Harrow", slug="harrow")
    factories.make_event(event_index, slug="carers", area=harrow)
    factories.make_event(
        event_index,
        slug="board",
        title="Governing body meeting in public",
        event_type=EventType.PUBLIC_MEETING,
    )
    factories.make_event(
        event_index, slug="workshop", title="Past workshop", starts_in=timedelta(days=-3)
    )

    text = client.get(event_index.url).content.decode()
    upcoming, past = text.split('id="past"')
    assert "Focus group: carers" in upcoming and "Governing body meeting" in upcoming
    assert "Past workshop" in past and "Past workshop" not in upcoming

    by_area = client.get(event_index.url, {"area": "harrow"}).content.decode()
    assert "Focus group: carers" in by_area and "Governing body" not in by_area
    by_type = client.get(event_index.url, {"type": "public_meeting"}).content.decode()
    assert "Governing body meeting" in by_type and "Focus group: carers" not in by_type


def test_the_calendar_feed_is_valid_icalendar_without_online_links(client, event_index):
    factories.make_event(event_index, title="Carers; parents, and friends")
    factories.online_event(event_index)

    response = client.get(event_index.url + "calendar/")

    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Carers\\; parents\\, and friends\r\n" in text
    assert factories.ONLINE_LINK not in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")


def test_long_and_non_latin_lines_are_folded_without_splitting_a_character():
    line = "SUMMARY:" + "مجموعة تركيز لمقدمي الرعاية " * 6
    folded = ical.fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)


def test_times_in_the_calendar_file_are_utc(client, event):
    text = client.get(event.url + "calendar/").content.decode()
    assert f"DTSTART:{ical.utc(event.starts_at)}\r\n" in text
    assert ical.utc(event.starts_at).endswith("Z")


def test_the_home_page_links_to_events_and_lists_the_next_ones(client, home_page, event_index):
    factories.make_event(event_index, title="Focus group: head teachers")
    text = client.get(home_page.url).content.decode()
    section = text.split('id="events-section"')[1].split("</section>")[0]
    assert f'href="{event_index.url}"' in section
    assert "Focus group: head teachers" in section
