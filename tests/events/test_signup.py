"""Signing up for an event: a place or the waiting list, the form and its errors."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from events.models import EventSignup
from tests.events import factories

pytestmark = pytest.mark.django_db


def sign_up_url(event, language="en"):
    return f"/{language}{event.url.removeprefix('/en')}sign-up/"


def test_a_person_books_a_place_and_gets_a_confirmation_with_a_calendar_file(
    client, event, committed
):
    page = client.get(event.url)
    assert "10 places left" in page.content.decode()

    with committed():
        response = client.post(
            sign_up_url(event),
            factories.form_data(access_needs=["step_free", "language"], access_details="Polish"),
            follow=True,
        )

    assert "Check your email" in response.content.decode()  # the place is behind the link
    signup = EventSignup.objects.get()
    text = client.get(f"/en/events/place/{signup.token}/").content.decode()
    assert "Your place is booked" in text
    assert "Interpreter for another language" in text
    assert signup.status == EventSignup.Status.CONFIRMED
    assert signup.access_needs == ["step_free", "language"]
    assert "keep my name" in signup.consent_wording
    assert signup.consented_at is not None
    [email] = mail.outbox
    assert email.to == ["person1@example.org"]
    assert "Your place is booked" in email.subject
    assert signup.token in email.body  # the self-service link to cancel
    [(filename, ics, mimetype)] = email.attachments
    assert filename == "event.ics" and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT\r\n" in ics and "SUMMARY:Focus group: carers\r\n" in ics


def test_when_places_run_out_people_wait_in_the_order_they_signed_up(
    client, event_index, committed
):
    event = factories.make_event(event_index, capacity=2)
    for n in range(1, 5):
        with committed():
            client.post(sign_up_url(event), factories.form_data(n))

    assert factories.statuses(event) == ["confirmed", "confirmed", "waiting", "waiting"]
    fourth = EventSignup.objects.get(email="person4@example.org")
    assert fourth.waiting_position == 2
    waiting_email = mail.outbox[-1]
    assert "waiting list" in waiting_email.subject
    assert "You are number 2" in waiting_email.body
    assert not waiting_email.attachments
    page = client.get(f"/en/events/place/{fourth.token}/").content.decode()
    assert "You are number 2 on the waiting list" in page
    assert "Join the waiting list" in client.get(event.url).content.decode()


def test_missing_details_are_named_in_an_error_summary_and_what_was_typed_stays(client, event):
    response = client.post(
        sign_up_url(event), {"name": "Sam Jones", "email": "not-an-email", "access_needs": "other"}
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('class="nhsuk-error-summary"') == 1
    assert 'href="#id_email"' in text and 'href="#id_consent"' in text
    assert 'href="#id_access_details"' in text
    assert "Tick the box to agree" in text
    assert 'value="Sam Jones"' in text
    assert "<title>Error:" in text
    assert not EventSignup.objects.exists()


def test_signing_up_twice_with_the_same_email_keeps_one_place(client, event, committed):
    with committed():
        client.post(sign_up_url(event), factories.form_data(1))
        again = client.post(
            sign_up_url(event), factories.form_data(1, name="Person One"), follow=True
        )

    assert EventSignup.objects.count() == 1
    assert "Check your email" in again.content.decode()
    # The confirmation, then "you already have a place" with the same link.
    assert len(mail.outbox) == 2
    assert "You already have a place" in mail.outbox[1].subject
    assert EventSignup.objects.get().token in mail.outbox[1].body


def test_a_filled_in_honeypot_is_refused(client, event):
    response = client.post(sign_up_url(event), factories.form_data(website="http://spam"))
    assert response.status_code == 400
    assert not EventSignup.objects.exists()


def test_the_sign_up_form_is_there_in_every_site_language(client, event):
    for code, _name in settings.LANGUAGES:
        response = client.get(sign_up_url(event, code))
        assert response.status_code == 200, code
        text = response.content.decode()
        direction = "rtl" if code in ("ar", "ur") else "ltr"
        assert f'<html lang="{code}" dir="{direction}">' in text
        assert 'name="consent"' in text and 'name="access_needs"' in text


@pytest.mark.parametrize(
    ("fields", "heading"),
    [
        ({"signup_opens_at": timezone.now() + timedelta(days=1)}, "Sign-up has not opened yet"),
        ({"signup_closes_at": timezone.now() - timedelta(hours=1)}, "Sign-up has closed"),
        ({"starts_in": timedelta(hours=-1)}, "Sign-up has closed"),
    ],
)
def test_sign_up_is_refused_outside_its_dates(client, event_index, fields, heading):
    event = factories.make_event(event_index, **fields)
    response = client.post(sign_up_url(event), factories.form_data())
    assert response.status_code == 403
    assert heading in response.content.decode()
    assert not EventSignup.objects.exists()


def test_a_panel_member_signing_in_finds_their_details_filled_in(client, event, django_user_model):
    from tests.citizens_panel.factories import MemberFactory

    user = django_user_model.objects.create_user("pat", "pat@example.org")
    MemberFactory(user=user, name="Pat Member", email="pat@example.org", phone="020 7946 0000")
    client.force_login(user)

    text = client.get(sign_up_url(event)).content.decode()

    assert 'value="Pat Member"' in text and 'value="020 7946 0000"' in text
    assert "from your Citizens' Panel membership" in text
    client.post(sign_up_url(event), factories.form_data(name="Pat Member", email="pat@example.org"))
    assert EventSignup.objects.get().member.name == "Pat Member"


def test_sign_ups_can_be_found_by_email_for_data_requests(event):
    from events import signups

    signups.sign_up(event, factories.details(1, email="Someone@Example.org"))
    assert EventSignup.objects.for_email("someone@example.org ").count() == 1
    assert EventSignup.objects.for_email("other@example.org").count() == 0


def test_the_place_is_kept_when_the_email_cannot_be_sent(client, event, committed, settings):
    settings.EMAIL_BACKEND = "tests.consultations.failing_email.FailingEmailBackend"
    with committed():
        response = client.post(sign_up_url(event), factories.form_data(), follow=True)
    assert "Check your email" in response.content.decode()
    assert EventSignup.objects.get().status == "confirmed"


def test_the_place_is_kept_when_the_task_queue_is_down(client, event, committed, monkeypatch):
    from events.tasks import send_signup_email

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(send_signup_email, "delay", broker_down)
    with committed():
        response = client.post(sign_up_url(event), factories.form_data(), follow=True)
    assert response.status_code == 200
    assert EventSignup.objects.get().status == "confirmed"
