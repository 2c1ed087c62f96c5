import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from citizens_panel import choices, membership
from citizens_panel.models import LeaverTally, Member
from portal.models import User

from .factories import MemberFactory

JOIN = {
    "name": "Asha Patel",
    "email": "asha@example.org",
    "phone": "",
    "postcode": "tw3 1aa",
    "ways_to_take_part": ["online", "events"],
    "access_needs": "Large print",
    "age_band": "25-34",
    "sex": "female",
    "gender_identity": "yes",
    "ethnic_group": "asian_indian",
    "disability": "no",
    "long_term_condition": "prefer_not_to_say",
    "carer": "no",
    "main_language": "gu",
    "religion": "hindu",
    "sexual_orientation": "prefer_not_to_say",
    "consent": "on",
}


@pytest.fixture
def site(home_page, hounslow):
    return home_page


def join(client, data=None, language="en"):
    return client.post(f"/{language}/panel/join/", data or JOIN, follow=True)


def confirmation_path(message):
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def test_joining_records_a_pending_member_and_emails_a_confirmation_link(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = join(client)
    assert response.status_code == 200
    member = Member.objects.get()
    assert member.status == Member.Status.PENDING
    assert member.postcode == "TW3 1AA"
    assert member.area.name.startswith("Hounslow")
    assert member.ways_to_take_part == ["online", "events"]
    assert member.consent_wording == str(choices.CONSENT_WORDING)
    assert member.consented_at is not None
    assert len(mail.outbox) == 1
    assert "/en/panel/confirm/" in mail.outbox[0].body


def test_join_form_is_offered_in_other_site_languages(client, site):
    response = client.get("/pl/panel/join/")
    assert response.status_code == 200
    assert 'lang="pl"' in response.content.decode()


def test_joining_without_consent_is_refused(client, site):
    response = join(client, {**JOIN, "consent": ""})
    assert "Tick the box to agree" in response.content.decode()
    assert not Member.objects.exists()


def test_every_profile_question_is_optional(client, site, django_capture_on_commit_callbacks):
    data = {k: v for k, v in JOIN.items() if k in {"name", "email", "postcode", "consent"}}
    with django_capture_on_commit_callbacks(execute=True):
        join(client, data)
    assert Member.objects.get().age_band == ""


def test_confirming_activates_the_member_and_gives_them_a_verified_account(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join(client)
    path = confirmation_path(mail.outbox[0])
    assert client.get(path).status_code == 200
    assert Member.objects.get().status == Member.Status.PENDING  # GET alone does not confirm
    client.post(path)
    member = Member.objects.get()
    assert member.status == Member.Status.ACTIVE
    assert member.user.email == "asha@example.org"
    assert EmailAddress.objects.get(user=member.user).verified


def test_a_tampered_confirmation_link_does_nothing(client, site):
    member = MemberFactory(status=Member.Status.PENDING)
    token = membership.confirmation_token(member)
    tampered = token[:-1] + ("1" if token[-1] == "0" else "0")  # always a different link
    response = client.post(f"/en/panel/confirm/{tampered}/")
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.status == Member.Status.PENDING


def test_unconfirmed_signups_expire_after_the_set_number_of_days(db, settings):
    settings.PANEL_UNCONFIRMED_DAYS = 7
    old = MemberFactory(status=Member.Status.PENDING)
    Member.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = MemberFactory(status=Member.Status.PENDING)
    confirmed_long_ago = MemberFactory(status=Member.Status.ACTIVE)
    Member.objects.filter(pk=confirmed_long_ago.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    from citizens_panel.tasks import expire_unconfirmed_signups

    assert expire_unconfirmed_signups.delay().get() == 1
    assert set(Member.objects.values_list("pk", flat=True)) == {recent.pk, confirmed_long_ago.pk}


@pytest.fixture
def signed_in_member(client, site, hounslow):
    user = User.objects.create_user("asha", "asha@example.org", "pw-123-long-enough")
    member = MemberFactory(
        user=user,
        email=user.email,
        area=hounslow,
        phone="07700 900123",
        gender_identity="yes",
        disability="no",
        long_term_condition="yes",
        carer="no",
        main_language="gu",
        religion="hindu",
        sexual_orientation="straight",
        access_needs="Large print",
    )
    client.force_login(user)
    return member


def test_a_member_can_pause_and_resume(client, signed_in_member):
    client.post("/en/panel/membership/", {"action": "pause"})
    signed_in_member.refresh_from_db()
    assert signed_in_member.status == Member.Status.PAUSED
    client.post("/en/panel/membership/", {"action": "resume"})
    signed_in_member.refresh_from_db()
    assert signed_in_member.status == Member.Status.ACTIVE


def test_a_member_can_update_their_profile(client, signed_in_member):
    data = {k: v for k, v in JOIN.items() if k not in {"email", "consent"}}
    response = client.post("/en/panel/membership/", {**data, "age_band": "35-44"})
    assert response.status_code == 302
    signed_in_member.refresh_from_db()
    assert signed_in_member.age_band == "35-44"
    assert signed_in_member.email == "asha@example.org"


def test_leaving_the_panel_removes_name_email_postcode_and_profile_from_the_database(
    client, signed_in_member, hounslow
):
    user_id = signed_in_member.user_id
    response = client.post("/en/panel/membership/leave/")
    assert response.status_code == 200

    row = Member.objects.filter(pk=signed_in_member.pk).values().get()
    for name in Member.PERSONAL_FIELDS:
        assert row[name] == "", name
    assert row["ways_to_take_part"] == []
    assert row["area_id"] is None and row["user_id"] is None and row["consented_at"] is None
    assert row["status"] == Member.Status.LEFT
    # The account (and its email addresses) is gone too.
    assert not User.objects.filter(pk=user_id).exists()
    assert not EmailAddress.objects.filter(email__iexact="asha@example.org").exists()
    assert not Member.objects.filter(email="asha@example.org").exists()
    # Only an anonymised count is kept.
    tally = LeaverTally.objects.get()
    assert tally.area == hounslow and tally.count == 1
