from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from citizens_panel import invitations, membership, sampling
from citizens_panel.models import Invitation, Member, PanelSurveyPage, Sample
from citizens_panel.tasks import send_due_reminders
from consultations.models import Response
from portal.models import User
from tests.consultations.factories import standard_survey

from .factories import MemberFactory


@pytest.fixture
def survey(home_page):
    page = PanelSurveyPage(
        title="Panel survey on pharmacy opening hours",
        slug="panel-pharmacy",
        intro="Tell us about pharmacy opening hours.",
        survey=standard_survey(),
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def members(db):
    return [MemberFactory(sex=sex) for sex in ("female", "female", "male")]


def invite(survey, members, **kwargs):
    draw = sampling.draw_everyone()
    sample = invitations.create_sample(survey, draw, method=Sample.Method.EVERYONE, **kwargs)
    return sample


def link(survey, invitation):
    return f"{survey.url}invitation/{invitation.token}/"


def test_invitation_tokens_only_use_characters_wagtail_routes_allow(survey, members):
    sample = invite(survey, members)
    for invitation in sample.invitations.all():
        assert invitation.token.isalnum() and len(invitation.token) == 48


def test_an_invitation_link_works_once(client, survey, members):
    invitation = invite(survey, members).invitations.first()
    opened = client.get(link(survey, invitation))  # a button: opening the link uses nothing
    assert opened.status_code == 200 and 'method="post"' in opened.content.decode()
    response = client.post(link(survey, invitation))
    assert response.status_code == 302 and response["Location"].endswith("respond/")
    assert client.get(f"{survey.url}respond/step/1/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert invitation.response.consultation_id == survey.pk

    again = client.post(link(survey, invitation))
    assert again.status_code == 404
    assert client.get(link(survey, invitation)).status_code == 404
    assert Response.objects.count() == 1  # one response per member


def test_an_invitation_link_works_only_for_its_member(client, survey, members):
    sample = invite(survey, members)
    mine, theirs = sample.invitations.order_by("pk")[:2]
    user = User.objects.create_user("m", "m@example.org", "pw-long-enough-123")
    mine.member.user = user
    mine.member.save()
    client.force_login(user)
    assert client.get(link(survey, theirs)).status_code == 403
    response = client.post(link(survey, theirs))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.used_at is None
    assert client.post(link(survey, mine)).status_code == 302


def test_an_invitation_for_another_survey_does_not_work_here(client, survey, members, home_page):
    other = PanelSurveyPage(title="Other", slug="other", intro="x", survey=standard_survey())
    home_page.add_child(instance=other)
    other.save_revision().publish()
    invitation = invite(survey, members).invitations.first()
    assert client.get(f"/en/other/invitation/{invitation.token}/").status_code == 404


def test_the_survey_refuses_people_without_an_invitation(client, survey):
    assert client.get(survey.url).status_code == 200
    assert client.get(f"{survey.url}respond/").status_code == 403
    assert client.get(f"{survey.url}respond/step/1/").status_code == 403


def test_sending_a_sample_emails_each_member_once(
    survey, members, django_capture_on_commit_callbacks
):
    sample = invite(survey, members)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send(sample)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send(sample)
    assert len(mail.outbox) == 3
    assert all("/invitation/" in m.body for m in mail.outbox)
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 0


def sent_days_ago(sample, days):
    Invitation.objects.filter(sample=sample).update(sent_at=timezone.now() - timedelta(days=days))


def test_a_member_who_left_gets_no_reminder(survey, members):
    sample = invite(survey, members, reminder_after_days=7)
    sent_days_ago(sample, 8)
    membership.leave(members[0])
    paused = members[1]
    membership.pause(paused)
    send_due_reminders.delay()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [members[2].email]


def test_reminders_go_to_non_responders_once_and_only_when_due(survey, members):
    sample = invite(survey, members, reminder_after_days=7)
    sent_days_ago(sample, 3)
    send_due_reminders.delay()
    assert mail.outbox == []

    sent_days_ago(sample, 8)
    answered = sample.invitations.get(member=members[0])
    answered.response = Response.objects.create(
        consultation=survey, status=Response.Status.SUBMITTED
    )
    answered.save()
    send_due_reminders.delay()
    send_due_reminders.delay()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([members[1].email, members[2].email])


def test_response_rate_by_stratum(survey, members, census, nwl_areas):
    brent = nwl_areas["E09000005"]
    Member.objects.update(area=brent)
    draw = sampling.draw_stratified(3, ["sex"], seed=3, criteria={"area": [brent.pk]})
    sample = invitations.create_sample(survey, draw, method=Sample.Method.STRATIFIED)
    women = sample.invitations.filter(member__sex="female")
    first = women.first()
    first.response = Response.objects.create(consultation=survey, status="submitted")
    first.save()
    rates = {row["stratum"]: row for row in invitations.response_rates(sample)}
    female = rates["Female"]
    assert female["invited"] == women.count()
    assert female["responded"] == 1
    assert female["rate"] == round(100 / women.count(), 1)
