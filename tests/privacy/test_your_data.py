"""Signed-in people download and delete their own data at /<lang>/your-data/."""

import json

import pytest
from allauth.account.models import EmailAddress

from consultations.models import ResponseContact
from portal.models import User
from privacy import scan
from privacy.models import DataSubjectRequest
from tests.consultations import factories

pytestmark = pytest.mark.django_db


def test_signed_out_visitors_are_asked_to_sign_in(client, home_page):
    response = client.get("/en/your-data/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_signed_in_person_sees_what_we_hold_and_downloads_it(client, person):
    client.force_login(person.user)

    page = client.get("/en/your-data/")
    assert page.status_code == 200
    assert "Survey responses" in page.content.decode()

    download = client.get("/en/your-data/download/")
    assert download["Content-Type"].startswith("application/json")
    data = json.loads(download.content)
    records = data["sources"]["responses"]["records"]
    # Only the response made while signed in: the other merely carries her address,
    # which anyone could have typed (tests/trust/test_downloading_what_someone_...).
    signed_in = [r.pk for r in person.responses if r.user_id == person.user.pk]
    assert [r["id"] for r in records] == signed_in
    assert DataSubjectRequest.objects.filter(action="export", origin="self").exists()


def test_an_unverified_address_on_the_account_reveals_nothing(client, consultation):
    victim = factories.make_response(consultation)
    ResponseContact.objects.create(response=victim, name="Victim", email="victim@example.org")
    snoop = factories.UserFactory(username="snoop", email="snoop@example.org")
    EmailAddress.objects.create(user=snoop, email="snoop@example.org", verified=True)
    EmailAddress.objects.create(user=snoop, email="victim@example.org", verified=False)
    client.force_login(snoop)

    data = json.loads(client.get("/en/your-data/download/").content)

    sources = data["sources"]
    assert sources["responses"]["records"] == []
    assert "Victim" not in json.dumps(data)
    assert data["emails"] == ["snoop@example.org"]


def test_deleting_needs_the_box_ticked(client, person):
    client.force_login(person.user)

    response = client.post("/en/your-data/delete/", {})

    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert User.objects.filter(pk=person.user.pk).exists()


def test_a_person_deletes_their_account_and_data_and_is_signed_out(client, person):
    client.force_login(person.user)
    assert client.get("/en/your-data/delete/").status_code == 200

    response = client.post("/en/your-data/delete/", {"confirm": "on"})

    assert response.status_code == 200
    assert "DSR-" in response.content.decode()
    assert not User.objects.filter(pk=person.user.pk).exists()
    assert scan.find(person.email) == []
    assert "_auth_user_id" not in client.session
    assert DataSubjectRequest.objects.get(action="erase").origin == "self"


def test_staff_cannot_delete_their_account_from_the_public_side(client, db):
    staff = factories.StaffUserFactory()
    client.force_login(staff)

    assert client.post("/en/your-data/delete/", {"confirm": "on"}).status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()
