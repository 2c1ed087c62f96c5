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
    assert friend.get(link)["Location"].endswith("/sign-up/")  # that browser may come back
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


# --- a survey edit link ---------------------------------------------------------------
EQUALITY = {
    "eq-age_band": "35-44",
    "eq-religion": "muslim",
    "eq-sexual_orientation": "bisexual",
    "eq-disability": "yes_a_lot",
}
CONTACT = {"name": "Sam Jones", "email": "sam@example.org", "postcode": "HA1 2AB"}


def shows_an_equality_answer(html: str) -> bool:
    return any(
        re.search(rf'value="{re.escape(value)}"[^>]*(selected|checked)', html)
        for value in EQUALITY.values()
    )


@pytest.fixture
def submitted_with_details(client, home_page):
    """Sam's submitted response, with contact details and equality answers."""
    from consultations.models import Response
    from tests.consultations.factories import make_consultation, make_index_page
    from tests.consultations.test_respond import answer_step_one, details, url

    page = make_consultation(make_index_page(home_page))
    assert answer_step_one(client, page).status_code == 302
    client.post(
        url(page, "respond/step/2/"),
        {f"q_{qid(page, 'used-walk-in')}": "no", **EQUALITY},
    )
    assert details(client, page, **CONTACT, wants_copy="on").status_code == 302
    client.post(url(page, "respond/check/"))
    return page, Response.objects.get(status=Response.Status.SUBMITTED)


def qid(page, reference):
    from tests.consultations.factories import question_id

    return question_id(page, reference)


def test_a_forwarded_edit_link_shows_no_contact_details_or_equality_answers(
    submitted_with_details,
):
    from consultations.services import resume_token

    page, response = submitted_with_details
    stranger = csrf_client()
    seen = [stranger.get(f"{page.url}resume/{resume_token(response)}/", follow=True)]
    for route in ("respond/step/2/", "respond/your-details/", "respond/check/", "respond/save/"):
        seen.append(stranger.get(page.url + route))

    for shown in seen:
        html = shown.content.decode()
        assert shown.status_code == 200
        for detail in CONTACT.values():
            assert detail not in html, (shown.request["PATH_INFO"], detail)
        assert not shows_an_equality_answer(html), shown.request["PATH_INFO"]


def test_editing_through_the_link_keeps_the_details_it_did_not_show(submitted_with_details):
    from consultations.models import EqualityMonitoring, ResponseContact
    from consultations.services import resume_token
    from tests.consultations.factories import option_id
    from tests.consultations.test_respond import answer_step_one, details, url

    page, response = submitted_with_details
    client_for_link = csrf_client()
    client_for_link.get(f"{page.url}resume/{resume_token(response)}/")
    client_for_link.handler.enforce_csrf_checks = False
    answer_step_one(
        client_for_link,
        page,
        **{f"q_{qid(page, 'travel')}": option_id(page, "travel", "Car")},
    )
    client_for_link.post(url(page, "respond/step/2/"), {f"q_{qid(page, 'used-walk-in')}": "no"})
    assert details(client_for_link, page).status_code == 302  # contact left empty
    done = client_for_link.post(url(page, "respond/check/"), follow=True)
    assert done.status_code == 200
    assert "sam@example.org" not in done.content.decode()

    contact = ResponseContact.objects.get(response=response)
    assert (contact.name, contact.email, contact.postcode) == tuple(CONTACT.values())
    equality = EqualityMonitoring.objects.get(response=response)
    assert (equality.religion, equality.sexual_orientation) == ("muslim", "bisexual")
    assert response.answers.get(question_id=qid(page, "travel")).option_id == option_id(
        page, "travel", "Car"
    )


def test_details_typed_again_through_the_link_replace_the_old_ones(submitted_with_details):
    from consultations.models import EqualityMonitoring, ResponseContact
    from consultations.services import resume_token
    from tests.consultations.test_respond import details, url

    page, response = submitted_with_details
    person = csrf_client()
    person.get(f"{page.url}resume/{resume_token(response)}/")
    person.handler.enforce_csrf_checks = False
    person.post(
        url(page, "respond/step/2/"),
        {f"q_{qid(page, 'used-walk-in')}": "no", "eq-religion": "christian"},
    )
    details(person, page, name="Sam J", email="sam.new@example.org")
    person.post(url(page, "respond/check/"))

    contact = ResponseContact.objects.get(response=response)
    # Typed fields replace; the postcode, left empty, keeps the one given before.
    assert (contact.name, contact.email, contact.postcode) == (
        "Sam J",
        "sam.new@example.org",
        CONTACT["postcode"],
    )
    equality = EqualityMonitoring.objects.get(response=response)
    assert (equality.religion, equality.sexual_orientation) == ("christian", "")


def test_asking_for_a_copy_through_the_link_uses_the_address_on_record(submitted_with_details):
    """The address is not shown through the link, so it is not asked for again either."""
    from consultations.models import ResponseContact
    from consultations.services import resume_token
    from tests.consultations.test_respond import details

    page, response = submitted_with_details
    person = csrf_client()
    person.get(f"{page.url}resume/{resume_token(response)}/")
    person.handler.enforce_csrf_checks = False

    assert details(person, page, wants_copy="on").status_code == 302

    contact = ResponseContact.objects.get(response=response)
    assert (contact.email, contact.name, contact.wants_copy) == (
        CONTACT["email"],
        CONTACT["name"],
        True,
    )
