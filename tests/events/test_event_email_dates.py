"""An email about an event gives its date the UK way and says the time is UK time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from events import signups
from tests.events import factories

pytestmark = pytest.mark.django_db


def test_the_booking_email_gives_the_date_the_uk_way_in_uk_time(event_index, committed):
    starts = datetime(2027, 11, 27, 15, 30, tzinfo=ZoneInfo("Europe/London"))
    event = factories.make_event(event_index, starts_at=starts, ends_at=starts.replace(hour=17))
    with committed():
        signups.sign_up(event, factories.details(1))

    [email] = mail.outbox
    assert "27 November 2027, 3:30pm" in email.body
    assert "UK time" in email.body
    assert "Nov." not in email.body and "p.m." not in email.body
