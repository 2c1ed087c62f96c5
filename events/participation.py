"""How events feed a consultation's numbers.

Two honest figures, kept apart: people *recorded as attending* events linked to
the consultation (from the attendance register), and *responses* staff entered
with the channel "At an event" (which count in the consultation's results like
any other response). Attending is not responding, so the two are never added up.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultations.models import Response
from events.models import EventPage, EventSignup


@dataclass
class Participation:
    events: int
    attended: int
    event_responses: int


def events_for(consultation) -> list[EventPage]:
    source = getattr(consultation, "source_page", consultation)
    return list(
        EventPage.objects.filter(related_consultation_id=source.pk, alias_of__isnull=True)
        .filter(locale_id=source.locale_id)
        .order_by("starts_at")
    )


def for_consultation(consultation) -> Participation:
    source = getattr(consultation, "source_page", consultation)
    events = events_for(source)
    attended = EventSignup.objects.filter(
        event__in=events, attendance=EventSignup.Attendance.ATTENDED
    ).count()
    responses = (
        Response.objects.submitted()
        .filter(consultation_id=source.pk, channel=Response.Channel.EVENT)
        .count()
    )
    return Participation(events=len(events), attended=attended, event_responses=responses)
