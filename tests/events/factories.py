"""Factories for the events tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from events.choices import Audience, EventType, Format
from events.models import EventIndexPage, EventPage, EventSignup

ONLINE_LINK = "https://meet.example.org/secret-room-4821"


def make_index(home_page, slug: str = "events") -> EventIndexPage:
    index = EventIndexPage(title="Events", slug=slug)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    index.refresh_from_db()
    return index


def make_event(index, *, slug: str = "carers", starts_in=timedelta(days=7), **fields) -> EventPage:
    starts = timezone.now().replace(microsecond=0) + starts_in
    values = {
        "title": "Focus group: carers",
        "intro": "Tell us what would help carers.",
        "event_type": EventType.FOCUS_GROUP,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "format": Format.IN_PERSON,
        "venue_name": "Harrow Carers Centre",
        "venue_address": "376 Station Road\nHarrow HA1 2DE",
        "venue_accessibility": "Step-free entrance.",
        "capacity": 10,
        "audience": Audience.OPEN,
        **fields,
    }
    event = EventPage(slug=slug, **values)
    index.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def online_event(index, **fields) -> EventPage:
    return make_event(
        index,
        slug=fields.pop("slug", "online"),
        title="Online focus group: young women",
        format=Format.ONLINE,
        venue_name="",
        venue_address="",
        online_link=ONLINE_LINK,
        **fields,
    )


def details(n: int = 1, **extra) -> dict:
    return {
        "name": f"Person {n}",
        "email": f"person{n}@example.org",
        "phone": "",
        "access_needs": [],
        "access_details": "",
        **extra,
    }


def form_data(n: int = 1, **extra) -> dict:
    data = {"name": f"Person {n}", "email": f"person{n}@example.org", "consent": "on"}
    data.update(extra)
    return data


def statuses(event) -> list[str]:
    return list(
        EventSignup.objects.filter(event=event)
        .order_by("sequence")
        .values_list("status", flat=True)
    )
