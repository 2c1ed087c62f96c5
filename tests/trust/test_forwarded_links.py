"""A personal link travels further than its owner meant: forwarded to a friend, opened
by a mail scanner, or read over a shoulder (issue #14).

Invitations are single-use, claimed by a POST (a GET only shows a button), tied to the
invited person, and show nobody's details to someone who merely has the link; a
survey edit link does not show the respondent's contact details or equality answers.
"""

import re

import pytest
from django.core import mail

from citizens_panel import invitations, sampling
from citizens_panel.models import Invitation, PanelSurveyPage, Sample
from events.choices import Audience
from events.models import EventInvitation, EventSignup
from tests.citizens_panel.factories import MemberFactory
from tests.consultations.factories import standard_survey
from tests.events import factories as event_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def post_form(client, url, page_text, data=None):
    """Submit the page's form as a browser would (with its CSRF token)."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_text).group(1)
    return client.post(url, {"csrfmiddlewaretoken": token, **(data or {})})


# --- an invitation to an event ------------------------------------------------------------
@pytest.fixture
def invited(home_page):
    event = event_factories.make_event(
        event_factories.make_index(home_page), audience=Audience.INVITE
    )
    member = MemberFactory(name="Ivy Invited", email="ivy@example.org", phone="020 7946 0111")
    invitation = EventInvitation.objects.create(event=event, member=member)
    return event, invitation


def test_opening_an_event_invitation_shows_a_button_and_nobodys_details(client, invited):
    event, invitation = invited
    link = event.url + f"invitation/{invitation.token}/"

    opened = client.get(link)  # a mail scanner, or the member before pressing the button
    text = opened.content.decode()
    assert opened.status_code == 200
    assert "<form" in text and 'method="post"' in text
    for detail in ("Ivy Invited", "ivy@example.org", "020 7946 0111"):
        assert detail not in text
    invitation.refresh_from_db()
    assert invitation.claimed_at is None  # a GET spends nothing
    assert client.get(event.url + "sign-up/").status_code == 403  # nor lets anyone in


def test_a_forwarded_event_invitation_shows_the_friend_nothing_and_works_once(
    client, invited, committed
):
    event, invitation = invited
    link = event.url + f"invitation/{invitation.token}/"

    friend = csrf_client()
    claimed = post_form(friend, link, friend.get(link).content.decode())
    assert claimed.status_code == 302
    form = friend.get(event.url + "sign-up/").content.decode()
    for detail in ("Ivy Invited", "ivy@example.org", "020 7946 0111"):
        assert detail not in form  # nothing pre-filled from the invitation

    # A second person with the same link cannot use it.
    third = client.__class__()
    assert third.post(link).status_code in (404, 410)
    assert third.get(event.url + "sign-up/").status_code == 403


def test_an_event_invitation_books_a_place_only_for_the_invited_person(client, invited, committed):
    event, invitation = invited
    link = event.url + f"invitation/{invitation.token}/"
    friend = csrf_client()
    post_form(friend, link, friend.get(link).content.decode())
    form = friend.get(event.url + "sign-up/").content.decode()

    refused = post_form(
        friend, event.url + "sign-up/", form, event_factories.form_data(email="friend@example.org")
    )
    assert refused.status_code == 200
    assert "Use the email address your invitation was sent to" in refused.content.decode()
    assert not EventSignup.objects.exists()

    with committed():
        booked = post_form(
            friend,
            event.url + "sign-up/",
            form,
            event_factories.form_data(name="Ivy", email="IVY@example.org"),
        )
    assert booked.status_code == 302
    signup = EventSignup.objects.get()
    assert signup.member == invitation.member
    assert [m.to for m in mail.outbox] == [["ivy@example.org"]]
    # The browser cannot book a second place with the same invitation.
    assert friend.get(event.url + "sign-up/").status_code == 403


# --- an invitation to a panel survey ----------------------------------------------------------
@pytest.fixture
def panel_invitation(home_page):
    survey = PanelSurveyPage(
        title="Panel survey on pharmacy opening hours",
        slug="panel-pharmacy",
        intro="Tell us about pharmacy opening hours.",
        survey=standard_survey(),
    )
    home_page.add_child(instance=survey)
    survey.save_revision().publish()
    survey.refresh_from_db()
    MemberFactory(name="Ivy Invited")
    sample = invitations.create_sample(
        survey, sampling.draw_everyone(), method=Sample.Method.EVERYONE
    )
    return survey, sample.invitations.get()


def test_a_mail_scanner_opening_a_panel_invitation_does_not_use_it_up(client, panel_invitation):
    survey, invitation = panel_invitation
    link = f"{survey.url}invitation/{invitation.token}/"

    for _ in range(3):  # the scanner, the preview pane, the member
        opened = client.__class__().get(link)
        assert opened.status_code == 200
        assert 'method="post"' in opened.content.decode()
        assert "Ivy Invited" not in opened.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is None

    member = csrf_client()
    started = post_form(member, link, member.get(link).content.decode())
    assert started.status_code == 302 and started["Location"].endswith("respond/")
    assert member.get(f"{survey.url}respond/step/1/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert client.__class__().post(link).status_code == 404  # once only
    assert Invitation.objects.filter(response__isnull=False).count() == 1
