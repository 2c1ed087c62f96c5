"""Cancelling, the waiting list and who may see the online link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import signups
from events.models import EventSignup
from events.tasks import send_signup_email
from tests.events import factories
from tests.events.factories import ONLINE_LINK

pytestmark = pytest.mark.django_db


def place_url(signup):
    return f"/en/events/place/{signup.token}/"


def emails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_cancelling_a_confirmed_place_promotes_the_first_waiting_person_and_emails_them(
    client, online_event, committed
):
    with committed():
        first = signups.sign_up(online_event, factories.details(1)).signup
        second = signups.sign_up(online_event, factories.details(2)).signup
        third = signups.sign_up(online_event, factories.details(3)).signup
    mail.outbox.clear()

    confirm = client.get(place_url(first) + "cancel/")
    assert "Are you sure you want to cancel your place?" in confirm.content.decode()
    assert EventSignup.objects.get(pk=first.pk).status == "confirmed"  # a GET changes nothing
    with committed():
        done = client.post(place_url(first) + "cancel/")

    assert "You have cancelled" in done.content.decode()
    assert factories.statuses(online_event) == ["cancelled", "confirmed", "waiting"]
    second.refresh_from_db()
    assert second.promoted_at is not None
    [promotion] = emails_to("person2@example.org")
    assert "A place is now yours" in promotion.subject
    assert ONLINE_LINK in promotion.body
    assert "event.ics" in [name for name, _text, _type in promotion.attachments]
    assert EventSignup.objects.get(pk=third.pk).waiting_position == 1
    assert not emails_to("person3@example.org")
    [cancelled] = emails_to("person1@example.org")
    assert "You have cancelled" in cancelled.subject
    assert all("/events/place/" in m.body for m in mail.outbox)  # a self-service link in each


def test_the_online_link_never_reaches_a_waiting_or_cancelled_person(
    client, online_event, committed
):
    with committed():
        confirmed = signups.sign_up(online_event, factories.details(1)).signup
        waiting = signups.sign_up(online_event, factories.details(2)).signup

    # The public page never shows it; the confirmed person's page and email do.
    assert ONLINE_LINK not in client.get(online_event.url).content.decode()
    assert ONLINE_LINK in client.get(place_url(confirmed)).content.decode()
    assert ONLINE_LINK in emails_to("person1@example.org")[0].body
    # The waiting person: page, calendar file and email.
    assert ONLINE_LINK not in client.get(place_url(waiting)).content.decode()
    assert ONLINE_LINK not in client.get(place_url(waiting) + "event.ics").content.decode()
    waiting_email = emails_to("person2@example.org")[0]
    assert ONLINE_LINK not in waiting_email.body
    assert not waiting_email.attachments

    # The waiting person leaves; then the confirmed person cancels: neither sees it again.
    with committed():
        client.post(place_url(waiting) + "cancel/")
        client.post(place_url(confirmed) + "cancel/")
    for signup, address in ((waiting, "person2@example.org"), (confirmed, "person1@example.org")):
        assert ONLINE_LINK not in client.get(place_url(signup)).content.decode()
        assert ONLINE_LINK not in client.get(place_url(signup) + "event.ics").content.decode()
        assert ONLINE_LINK not in emails_to(address)[-1].body
    # A confirmation email queued before a cancellation is not sent with the link.
    mail.outbox.clear()
    assert send_signup_email(confirmed.pk, "confirmed").startswith("not sent")
    assert not mail.outbox


def test_the_online_link_is_left_out_when_the_organiser_cancels(client, online_event, committed):
    first = signups.sign_up(online_event, factories.details(1)).signup
    signups.sign_up(online_event, factories.details(2))
    mail.outbox.clear()

    with committed():
        told = signups.cancel_event(online_event, "The facilitator is ill.")

    assert told == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
    for message in mail.outbox:
        assert "Cancelled" in message.subject
        assert "The facilitator is ill." in message.body
        assert ONLINE_LINK not in message.body
        assert "/events/place/" in message.body
    page = client.get(place_url(first)).content.decode()
    assert "This event is cancelled" in page and ONLINE_LINK not in page
    assert "This event is cancelled" in client.get(online_event.url).content.decode()
    assert client.post(online_event.url + "sign-up/", factories.form_data(3)).status_code == 403


def test_leaving_the_waiting_list_gives_nobody_a_place(event_index):
    event = factories.make_event(event_index, capacity=1)
    signups.sign_up(event, factories.details(1))
    second = signups.sign_up(event, factories.details(2)).signup
    signups.sign_up(event, factories.details(3))

    promoted = signups.cancel(second)

    assert promoted == []
    assert factories.statuses(event) == ["confirmed", "cancelled", "waiting"]
    assert EventSignup.objects.get(email="person3@example.org").waiting_position == 1


def test_more_places_go_to_the_waiting_list_in_order(event_index):
    event = factories.make_event(event_index, capacity=1)
    for n in range(1, 5):
        signups.sign_up(event, factories.details(n))
    event.capacity = 3
    event.save_revision().publish()

    promoted = signups.capacity_changed(event)

    assert [s.email for s in promoted] == ["person2@example.org", "person3@example.org"]
    assert factories.statuses(event) == ["confirmed", "confirmed", "confirmed", "waiting"]


def test_a_wrong_link_shows_not_found(client):
    assert client.get("/en/events/place/0123abcd/").status_code == 404
    assert client.post("/en/events/place/0123abcd/cancel/").status_code == 404


def test_publishing_more_places_moves_the_waiting_list_up(event_index, committed):
    from wagtail import hooks

    event = factories.make_event(event_index, capacity=1)
    for n in range(1, 4):
        signups.sign_up(event, factories.details(n))
    mail.outbox.clear()

    event.capacity = 2
    with committed():
        event.save_revision().publish()
        for hook in hooks.get_hooks("after_publish_page"):  # what the admin's publish calls
            hook(None, event)

    assert factories.statuses(event) == ["confirmed", "confirmed", "waiting"]
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]


def test_erasing_a_sign_up_blanks_it_and_passes_the_place_on(event_index, committed):
    event = factories.make_event(event_index, capacity=1)
    first = signups.sign_up(
        event, factories.details(1, phone="07700 900123", access_needs=["bsl"])
    ).signup
    signups.sign_up(event, factories.details(2))
    mail.outbox.clear()

    with committed():
        EventSignup.objects.for_email("person1@example.org").get().erase()

    first.refresh_from_db()
    assert (first.name, first.email, first.phone, first.access_needs) == ("", "", "", [])
    assert first.consent_wording == "" and first.status == "cancelled"
    assert factories.statuses(event) == ["cancelled", "confirmed"]
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    an_hour_later = timezone.now() + timedelta(hours=1)
    assert signups.unsent_status_emails(an_hour_later) == []  # nothing to re-send
