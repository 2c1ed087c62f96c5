"""The self-service download at /your-data/ holds only what is proven to be yours.

Anyone can type any address into a survey's contact box, a comment or an event
sign-up. Someone who typed Alice's address must not have their answers handed to
Alice (nor Alice's download show them): only what was done while signed in to
Alice's account, or confirmed through a link sent to her verified address, is hers.
"""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from citizens_panel.models import Member
from consultations.models import ResponseContact
from tests.consultations import factories
from tests.privacy.conftest import make_comment, make_draft, make_event_signup

pytestmark = pytest.mark.django_db

ALICE = "alice@example.org"
WHY = "why"


@pytest.fixture
def alice(db):
    user = factories.UserFactory(username="alice", email=ALICE)
    EmailAddress.objects.create(user=user, email=ALICE, verified=True, primary=True)
    return user


def answer(consultation, text, **fields):
    return factories.make_response(
        consultation, {factories.question_id(consultation, WHY): text}, **fields
    )


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get("/en/your-data/download/")
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_response_where_someone_typed_your_address_is_not_in_your_download(
    client, alice, consultation
):
    typed = answer(consultation, "My neighbour at number 4 deals drugs. Signed, Mallory.")
    ResponseContact.objects.create(response=typed, name="Mallory Pike", email=ALICE.upper())
    own = answer(consultation, "Please keep the walk-in centre open.", user=alice)

    data = download(client, alice)

    records = data["sources"]["responses"]["records"]
    assert [r["id"] for r in records] == [own.pk]
    text = json.dumps(data)
    assert "Mallory" not in text and "number 4" not in text


def test_the_your_data_page_counts_only_what_is_yours(client, alice, consultation):
    for _ in range(3):
        typed = answer(consultation, "Someone else's answer.")
        ResponseContact.objects.create(response=typed, name="Someone", email=ALICE)
    client.force_login(alice)

    html = client.get("/en/your-data/").content.decode()

    assert "Survey responses" not in html


def test_comments_and_sign_ups_made_under_your_address_without_your_account_are_left_out(
    client, alice, consultation, home_page
):
    draft = make_draft(consultation.get_parent())
    make_comment(draft, text="A comment by whoever typed it.", email=ALICE, display_name="M")
    make_event_signup(home_page, email=ALICE, name="Mallory Pike")

    data = download(client, alice)

    assert "Mallory" not in json.dumps(data)
    assert data["sources"]["comments"]["records"] == []
    if "events" in data["sources"]:
        assert data["sources"]["events"]["records"] == []


def test_what_you_did_signed_in_and_your_confirmed_membership_are_in_it(
    client, alice, consultation, home_page
):
    member = Member.objects.create(
        status=Member.Status.ACTIVE,
        channel=Member.Channel.ONLINE,
        name="Alice Example",
        email=ALICE,
        confirmed_at=timezone.now(),
        consented_at=timezone.now(),
    )
    signup = make_event_signup(home_page, email=ALICE, name="Alice Example", user=alice)

    data = download(client, alice)

    assert [m["id"] for m in data["sources"]["panel"]["records"]] == [member.pk]
    assert data["sources"]["account"]["records"][0]["username"] == "alice"
    if signup is not None:
        assert [s["id"] for s in data["sources"]["events"]["records"]] == [signup.pk]
    assert data["request_references"] and data["request_references"][0].startswith("DSR-")
