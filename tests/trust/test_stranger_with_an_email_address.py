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


# --- a panel membership and an account -----------------------------------------------
PANEL_JOIN = {
    "name": "Victoria Owner",
    "email": "victoria@example.org",
    "postcode": "TW3 1AA",
    "religion": "muslim",
    "sexual_orientation": "bisexual",
    "ethnic_group": "asian_pakistani",
    "consent": "on",
}
ATTACKER_PASSWORD = "mallorys-own-password-42"


def join_and_confirm(client, committed, data=PANEL_JOIN):
    """The owner of the address joins the panel and clicks the emailed link."""
    with committed():
        client.post("/en/panel/join/", data)
    confirm = re.search(r"https?://[^/]+(/\S+/confirm/\S+)", mail.outbox[-1].body).group(1)
    client.post(confirm)


def signs_in(client, email, password) -> bool:
    client.post("/en/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in client.session


def test_an_account_made_first_with_someones_address_cannot_sign_in_to_their_membership(
    client, home_page, committed
):
    from allauth.account.models import EmailAddress

    from citizens_panel.models import Member

    mallory = client.__class__()
    with committed():
        mallory.post(
            "/en/accounts/signup/",
            {
                "email": "victoria@example.org",
                "password1": ATTACKER_PASSWORD,
                "password2": ATTACKER_PASSWORD,
            },
        )
    assert not EmailAddress.objects.get(email="victoria@example.org").verified

    join_and_confirm(client, committed)  # Victoria, who owns the address
    member = Member.objects.get()
    assert member.status == Member.Status.ACTIVE

    fresh = client.__class__()
    assert not signs_in(fresh, "victoria@example.org", ATTACKER_PASSWORD)
    page = fresh.get("/en/panel/membership/", follow=True).content.decode()
    assert "bisexual" not in page.lower() and "Victoria Owner" not in page
    # Victoria's membership has a verified account that Mallory's password does not open.
    assert member.user is not None
    assert EmailAddress.objects.get(user=member.user, email="victoria@example.org").verified
    assert not member.user.check_password(ATTACKER_PASSWORD)


def test_joining_while_signed_in_with_someone_elses_address_does_not_link_the_account(
    client, home_page, committed, django_user_model
):
    from allauth.account.models import EmailAddress

    from citizens_panel.models import Member

    mallory = django_user_model.objects.create_user(
        "mallory", "mallory@example.org", ATTACKER_PASSWORD
    )
    EmailAddress.objects.create(
        user=mallory, email="mallory@example.org", verified=True, primary=True
    )
    attacker = client.__class__()
    attacker.force_login(mallory)
    with committed():
        attacker.post("/en/panel/join/", PANEL_JOIN)
    # Victoria gets the confirmation email, clicks it and fills in her profile later.
    confirm = re.search(r"https?://[^/]+(/\S+/confirm/\S+)", mail.outbox[-1].body).group(1)
    client.post(confirm)

    member = Member.objects.get()
    assert member.user != mallory
    page = attacker.get("/en/panel/membership/").content.decode()
    assert "Victoria Owner" not in page


def test_a_verified_account_is_still_linked_when_its_owner_joins(
    client, home_page, committed, django_user_model
):
    from allauth.account.models import EmailAddress

    from citizens_panel.models import Member

    owner = django_user_model.objects.create_user("vic", "victoria@example.org", "pw-vic-long-1")
    EmailAddress.objects.create(
        user=owner, email="victoria@example.org", verified=True, primary=True
    )
    join_and_confirm(client, committed)

    assert Member.objects.get().user == owner
    assert signs_in(client.__class__(), "victoria@example.org", "pw-vic-long-1")
