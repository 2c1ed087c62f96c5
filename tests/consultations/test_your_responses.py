"""Signed-in people see their own responses, and their partner organisation's."""

import pytest

from consultations.models import Response
from portal.models import PartnerOrganisation
from tests.consultations.factories import UserFactory, make_response
from tests.consultations.test_respond import answer_step_one, url

pytestmark = pytest.mark.django_db

YOUR_RESPONSES = "/en/accounts/responses/"


def test_signing_in_is_needed_to_see_your_responses(client):
    response = client.get(YOUR_RESPONSES)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_you_see_your_unfinished_and_submitted_responses(client, consultation):
    person = UserFactory()
    client.force_login(person)
    answer_step_one(client, consultation)
    draft = Response.objects.get()
    assert draft.user == person
    sent = make_response(consultation, user=person)

    html = client.get(YOUR_RESPONSES).content.decode()
    assert f"Continue: {consultation.title}" in html
    assert sent.reference in html


def test_a_signed_in_draft_follows_the_person_to_another_browser(client, consultation):
    person = UserFactory()
    client.force_login(person)
    answer_step_one(client, consultation)

    other_browser = client.__class__()
    other_browser.force_login(person)
    html = other_browser.get(url(consultation, "respond/step/1/")).content.decode()
    assert "Because the buses are slow." in html


def test_partner_organisation_members_see_each_others_responses(client, consultation):
    healthwatch = PartnerOrganisation.objects.create(name="Healthwatch Harrow", kind="healthwatch")
    colleague = UserFactory(organisation=healthwatch)
    theirs = make_response(
        consultation,
        user=colleague,
        respondent_type="organisation",
        organisation_name="Healthwatch Harrow",
    )
    member, outsider = UserFactory(organisation=healthwatch), UserFactory()

    client.force_login(member)
    assert theirs.reference in client.get(YOUR_RESPONSES).content.decode()

    client.force_login(outsider)
    assert theirs.reference not in client.get(YOUR_RESPONSES).content.decode()


def test_partner_organisation_details_are_filled_in_for_its_members(client, consultation):
    org = PartnerOrganisation.objects.create(name="Brent Patient Voice", people_represented=300)
    client.force_login(UserFactory(organisation=org))
    answer_step_one(client, consultation)
    html = client.get(url(consultation, "respond/your-details/")).content.decode()
    assert 'value="Brent Patient Voice"' in html
    assert 'value="300"' in html
