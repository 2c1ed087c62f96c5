"""Panel-only and invitation-only events, and inviting a panel sample."""

import re

import pytest
from django.core import mail

from citizens_panel.models import Member
from events.choices import Audience
from events.models import EventInvitation, EventSignup
from tests.citizens_panel.factories import MemberFactory
from tests.consultations.factories import AreaFactory
from tests.events import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def harrow(db):
    return AreaFactory(name="Harrow", slug="harrow", ons_code="E09000015")


@pytest.fixture
def brent(db):
    return AreaFactory(name="Brent", slug="brent", ons_code="E09000005")


def member_with_account(django_user_model, area, email="pat@example.org", **fields):
    user = django_user_model.objects.create_user(email.split("@")[0], email)
    member = MemberFactory(user=user, email=email, area=area, postcode="", **fields)
    return user, member


def test_a_panel_event_asks_strangers_to_sign_in_and_lets_matching_members_in(
    client, event_index, harrow, brent, django_user_model
):
    event = factories.make_event(event_index, audience=Audience.PANEL)
    event.panel_areas.set([harrow])
    event.save_revision().publish()
    url = event.url + "sign-up/"

    refused = client.get(url)
    assert refused.status_code == 403
    assert "Panel members</h1>" in refused.content.decode()
    assert "/accounts/login/" in refused.content.decode()

    elsewhere, _member = member_with_account(django_user_model, brent, "bo@example.org")
    client.force_login(elsewhere)
    assert client.get(url).status_code == 403

    local, _member = member_with_account(django_user_model, harrow, name="Pat Harrow")
    client.force_login(local)
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="Pat Harrow"' in response.content.decode()


def test_an_invitation_only_event_needs_the_personal_link(client, event_index, committed):
    event = factories.make_event(event_index, audience=Audience.INVITE)
    member = MemberFactory(name="Ivy Invited", email="ivy@example.org")
    invitation = EventInvitation.objects.create(event=event, member=member)

    assert client.get(event.url + "sign-up/").status_code == 403
    assert client.get(event.url + "invitation/not-a-token/").status_code == 404

    link = event.url + f"invitation/{invitation.token}/"
    assert 'method="post"' in client.get(link).content.decode()  # a button, nothing used
    assert client.get(event.url + "sign-up/").status_code == 403
    form = client.post(link, follow=True)
    # Nothing is filled in from the invitation: whoever has the link may not be Ivy.
    assert form.status_code == 200 and "Ivy Invited" not in form.content.decode()
    with committed():
        client.post(
            event.url + "sign-up/", factories.form_data(name="Ivy Invited", email="ivy@example.org")
        )
    signup = EventSignup.objects.get()
    assert signup.member == member and signup.status == "confirmed"


def test_staff_invite_a_panel_sample_drawn_by_the_panel_sampling(
    admin_client, event_index, harrow, committed
):
    event = factories.make_event(event_index, audience=Audience.INVITE)
    MemberFactory.create_batch(3, area=harrow, postcode="")
    MemberFactory(status=Member.Status.PAUSED, area=harrow, postcode="")
    url = f"/admin/events/{event.pk}/invite/"
    choose_everyone = {"method": "everyone", "seed": "7", "areas": [harrow.pk]}

    preview = admin_client.post(url, {**choose_everyone, "preview": "1"})
    assert "Send 3 invitations" in preview.content.decode()
    assert not EventInvitation.objects.exists()
    with committed():
        admin_client.post(url, {**choose_everyone, "send": "1"})

    assert EventInvitation.objects.filter(event=event, sent_at__isnull=False).count() == 3
    assert len(mail.outbox) == 3
    link = re.search(r"http\S+/invitation/\w+/", mail.outbox[0].body).group(0)
    assert link.startswith("http") and event.url in link
    again = admin_client.post(url, {**choose_everyone, "preview": "1"})
    assert "Send 0 invitations" in again.content.decode()  # nobody is invited twice
