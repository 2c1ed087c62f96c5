"""Capacity holds when many people sign up (and cancel) at the same moment.

Real concurrency: each thread has its own PostgreSQL connection and calls the
sign-up service at once (released together by a barrier). SQLite serialises
every writer (BEGIN IMMEDIATE), so the race this guards against needs PostgreSQL.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from events import signups
from events.models import EventSignup
from tests.events import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks with real concurrent connections; set DATABASE_URL "
        "to a PostgreSQL database to run it",
    ),
]

PEOPLE = 50
PLACES = 10


def run_together(count, work):
    """Call ``work(i)`` from ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)

    def call(i):
        try:
            barrier.wait(timeout=30)
            return work(i)
        finally:
            connections.close_all()  # each thread's own connection

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def test_fifty_people_signing_up_at_once_for_ten_places_get_ten_places_and_forty_waits(
    event_index,
):
    event = factories.make_event(event_index, capacity=PLACES)

    outcomes = run_together(
        PEOPLE, lambda i: signups.sign_up(event, factories.details(i + 1)).signup
    )

    rows = list(EventSignup.objects.filter(event=event).order_by("sequence"))
    assert len(rows) == PEOPLE
    assert [r.sequence for r in rows] == list(range(1, PEOPLE + 1))
    # In arrival order (the order the event's lock was granted): the first ten have
    # places, the other forty wait, numbered 1 to 40 in the same order.
    assert [r.status for r in rows] == ["confirmed"] * PLACES + ["waiting"] * (PEOPLE - PLACES)
    assert [r.waiting_position for r in rows[PLACES:]] == list(range(1, PEOPLE - PLACES + 1))
    assert [r.created_at for r in rows] == sorted(r.created_at for r in rows)
    # What each person was told matches what was stored.
    told = {o.email: o.status for o in outcomes}
    assert told == {r.email: r.status for r in rows}

    # Three people with places cancel at the same moment: the first three waiting move up.
    leaving = rows[:3]
    run_together(3, lambda i: signups.cancel(leaving[i]))
    after = list(EventSignup.objects.filter(event=event).order_by("sequence"))
    assert sum(r.status == "confirmed" for r in after) == PLACES
    assert [r.status for r in after[PLACES : PLACES + 3]] == ["confirmed"] * 3
    assert [r.waiting_position for r in after[PLACES + 3 :]] == list(range(1, PEOPLE - PLACES - 2))
