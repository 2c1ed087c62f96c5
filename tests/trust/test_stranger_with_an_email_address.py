"""A stranger who knows someone's email address types it into our forms.

Typing an address never shows that person's data: where the address already has a
place or an account, the visitor sees a neutral "check your email" page and the
owner is emailed instead; only a verified address links an account (issue #14).
"""

import re

import pytest
from django.core import mail

from events.models import EventSignup
from tests.events import factories as event_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def online_event(home_page):
    index = event_factories.make_index(home_page)
    return event_factories.online_event(index, capacity=5)


def without_nonces(html: str) -> str:
    """The page without what differs on every request (CSP nonces, CSRF tokens)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", html)


# --- an event place ----------------------------------------------------------------
def test_signing_up_with_someone_elses_address_shows_nothing_of_their_place(
    client, online_event, committed
):
    with committed():
        client.post(
            online_event.url + "sign-up/",
            event_factories.form_data(
                name="Victoria Owner",
                email="victoria@example.org",
                phone="07700 900456",
                access_needs=["step_free", "other"],
                access_details="I use a wheelchair and need a carer with me",
            ),
        )
    owner = EventSignup.objects.get()
    mail.outbox.clear()

    stranger = client.__class__()
    with committed():
        response = stranger.post(
            online_event.url + "sign-up/",
            event_factories.form_data(name="Mallory", email="Victoria@Example.org "),
            follow=True,
        )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Check your email" in text
    for secret in (
        owner.token,
        "Victoria Owner",
        "wheelchair",
        "07700 900456",
        event_factories.ONLINE_LINK,
        "Cancel my place",
    ):
        assert secret not in text, secret
    assert all(owner.token not in url for url, _status in response.redirect_chain)
    # Still one place, untouched, and it cannot be cancelled from here.
    owner.refresh_from_db()
    assert EventSignup.objects.count() == 1
    assert (owner.status, owner.name) == ("confirmed", "Victoria Owner")
    # The owner is told, with their own link; the stranger's text is not in it.
    [email] = mail.outbox
    assert email.to == ["victoria@example.org"]
    assert owner.token in email.body
    assert "Mallory" not in email.body + email.subject


def test_the_new_and_the_existing_address_get_the_same_page(client, online_event, committed):
    """Whether an address already has a place is itself not shown (no enumeration)."""
    with committed():
        client.post(online_event.url + "sign-up/", event_factories.form_data(1))
    fresh = client.__class__().post(
        online_event.url + "sign-up/", event_factories.form_data(2), follow=True
    )
    again = client.__class__().post(
        online_event.url + "sign-up/", event_factories.form_data(1), follow=True
    )

    assert fresh.redirect_chain == again.redirect_chain
    assert without_nonces(fresh.content.decode()) == without_nonces(again.content.decode())


def test_repeated_sign_ups_with_one_address_do_not_flood_its_owner(client, online_event, committed):
    with committed():
        client.post(online_event.url + "sign-up/", event_factories.form_data(1))
    for _ in range(5):
        with committed():
            client.__class__().post(online_event.url + "sign-up/", event_factories.form_data(1))

    assert len(mail.outbox) == 2  # the confirmation, then one "you already have a place"
    assert re.search(r"/events/place/\w+/", mail.outbox[1].body)
