"""Reminders 48 hours and 2 hours before, from the beat job, each sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import signups
from events.models import EventSignup
from events.tasks import send_due_reminders
from tests.events import factories

pytestmark = pytest.mark.django_db


def signed_up_days_ago(event, n, days=5, emailed=True):
    signup = signups.sign_up(event, factories.details(n)).signup
    EventSignup.objects.filter(pk=signup.pk).update(
        created_at=timezone.now() - timedelta(days=days),
        notified_status=signup.status if emailed else "",
    )
    return signup


def test_confirmed_people_are_reminded_two_days_before_once(event_index):
    event = factories.make_event(event_index, capacity=1, starts_in=timedelta(hours=47))
    signed_up_days_ago(event, 1)
    signed_up_days_ago(event, 2)  # waiting: no reminder
    mail.outbox.clear()

    assert send_due_reminders() == 1
    assert send_due_reminders() == 0

    [reminder] = mail.outbox
    assert reminder.to == ["person1@example.org"]
    assert "is in 2 days" in reminder.subject
    assert "/events/place/" in reminder.body


def test_the_two_hour_reminder_replaces_the_two_day_one_when_both_are_due(event_index):
    event = factories.make_event(event_index, starts_in=timedelta(minutes=90))
    signup = signed_up_days_ago(event, 1)
    mail.outbox.clear()

    assert send_due_reminders() == 1
    send_due_reminders()

    [reminder] = mail.outbox
    assert "starts in 2 hours" in reminder.subject
    signup.refresh_from_db()
    assert signup.reminder_2h_sent_at is not None and signup.reminder_48h_sent_at is None


def test_nobody_is_reminded_of_what_they_just_booked_or_a_cancelled_event(event_index):
    soon = factories.make_event(event_index, slug="soon", starts_in=timedelta(hours=30))
    signups.sign_up(soon, factories.details(1))  # signed up inside the 48-hour window
    called_off = factories.make_event(event_index, slug="off", starts_in=timedelta(hours=40))
    signed_up_days_ago(called_off, 2)
    signups.cancel_event(called_off, "Venue flooded.")
    later = factories.make_event(event_index, slug="later", starts_in=timedelta(days=5))
    signed_up_days_ago(later, 3, days=10)

    assert signups.due_reminders() == []


def test_reminders_are_due_at_the_right_moments(event_index):
    event = factories.make_event(event_index, starts_in=timedelta(days=4))
    signup = signed_up_days_ago(event, 1)
    starts = event.starts_at

    assert signups.due_reminders(starts - timedelta(hours=49)) == []
    assert signups.due_reminders(starts - timedelta(hours=47)) == [(signup.pk, "reminder_48h")]
    assert signups.due_reminders(starts - timedelta(minutes=119)) == [(signup.pk, "reminder_2h")]
    assert signups.due_reminders(starts + timedelta(minutes=1)) == []


def test_status_emails_the_queue_never_sent_go_out_from_the_beat_job(event_index, monkeypatch):
    from events.tasks import send_signup_email

    event = factories.make_event(event_index, capacity=1)
    with monkeypatch.context() as broker_down:
        broker_down.setattr(send_signup_email, "delay", lambda *a: None)  # lost on the way
        signed_up_days_ago(event, 1, emailed=False)
        signed_up_days_ago(event, 2, emailed=False)
    signups.sign_up(event, factories.details(3))  # just now: its email may still be coming
    mail.outbox.clear()

    send_due_reminders()
    send_due_reminders()

    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mail.outbox) == [
        ("person1@example.org", "Your place is booked"),
        ("person2@example.org", "You are on the waiting list"),
    ]
