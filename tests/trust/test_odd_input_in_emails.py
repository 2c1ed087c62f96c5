"""Odd characters on their way into an email (issue #14): a line break typed into an
event message's subject is refused on the form, not left to fail every send; and an
apostrophe or ampersand in a subject arrives as typed, not HTML-escaped."""

import pytest
from django.core import mail

from events import signups
from events.models import EventMessage
from tests.events import factories as event_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_with_a_place(home_page):
    event = event_factories.make_event(
        event_factories.make_index(home_page), title="Carers' group & friends"
    )
    signups.sign_up(event, event_factories.details(1))
    mail.outbox.clear()
    return event


@pytest.mark.parametrize("subject", ["Change of room\r\nBcc: everyone@example.org", "a\nb", "a\rb"])
def test_a_line_break_in_a_message_subject_is_refused_on_the_form(
    admin_client, event_with_a_place, subject
):
    response = admin_client.post(
        f"/admin/events/{event_with_a_place.pk}/message/",
        {"subject": subject, "body": "We have moved to room 2."},
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "error" in text and "one line" in text
    assert "We have moved to room 2." in text  # what was typed stays
    assert not EventMessage.objects.exists()


def test_a_message_subject_on_one_line_is_sent(
    admin_client, event_with_a_place, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/events/{event_with_a_place.pk}/message/",
            {"subject": "Room 2 & parking – what's new", "body": "We have moved."},
        )
    [email] = mail.outbox
    assert email.subject == "Room 2 & parking – what's new"


def test_an_apostrophe_in_a_panel_invitation_subject_is_not_html_escaped(
    home_page, django_capture_on_commit_callbacks
):
    from citizens_panel import invitations, sampling
    from citizens_panel.models import PanelSurveyPage, Sample
    from tests.citizens_panel.factories import MemberFactory
    from tests.consultations.factories import standard_survey

    survey = PanelSurveyPage(
        title="Citizens' Panel: pharmacy & opening hours",
        slug="panel-pharmacy",
        intro="Tell us.",
        survey=standard_survey(),
    )
    home_page.add_child(instance=survey)
    survey.save_revision().publish()
    MemberFactory()
    sample = invitations.create_sample(
        survey, sampling.draw_everyone(), method=Sample.Method.EVERYONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send(sample)

    [email] = mail.outbox
    assert email.subject == "You are invited: Citizens' Panel: pharmacy & opening hours"
    assert "&#x27;" not in email.body and "&amp;" not in email.body


def test_a_consultation_title_with_an_ampersand_is_not_html_escaped_in_the_subject(home_page):
    from consultations.models import Response, ResponseContact
    from consultations.tasks import send_resume_link
    from tests.consultations.factories import make_consultation, make_index_page

    page = make_consultation(
        make_index_page(home_page), title="Children & young people's care", slug="cyp-care"
    )
    response = Response.objects.create(consultation=page, status=Response.Status.DRAFT)
    ResponseContact.objects.create(response=response, email="sam@example.org")

    send_resume_link.delay(response.pk)

    [email] = mail.outbox
    assert email.subject == "Continue your response to Children & young people's care"
    assert "&amp;" not in email.body and "&#x27;" not in email.body
