"""Panel members manage their membership from an emailed link, with no password.

The link is signed, time-limited and single-use; it lets the browser that uses it
manage that one membership. A tampered, used or old link shows a clear page and
never anyone's data.
"""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing

from citizens_panel import membership
from citizens_panel.models import Member
from portal.logmasking import mask_tokens

from .factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asha(home_page):
    return MemberFactory(name="Asha Patel", email="asha@example.org", phone="07700 900123")


@pytest.fixture
def ben(home_page):
    return MemberFactory(name="Ben Okoro", email="ben@example.org", phone="07700 900456")


def link_path(member) -> str:
    return f"/en/panel/membership/link/{membership.manage_token(member)}/"


def use(client, path):
    return client.post(path, {"use": "1"}, follow=True)


def test_asking_for_a_link_emails_one_that_opens_the_membership_without_a_password(
    client, asha, django_capture_on_commit_callbacks
):
    page = client.get("/en/panel/membership/")
    assert page.status_code == 200
    assert "Email me a link" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/en/panel/membership/", {"email": "ASHA@example.org"})
    assert "Check your email" in sent.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["asha@example.org"]
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    assert path.startswith("/en/panel/membership/link/")

    fresh = client.__class__()  # another browser, never signed in
    assert "Continue" in fresh.get(path).content.decode()  # a mail scanner's GET uses nothing
    html = use(fresh, path).content.decode()
    assert "Your panel membership" in html
    assert "asha@example.org" in html and "Asha Patel" in html
    assert "password" not in html.lower()

    fresh.post("/en/panel/membership/", {"action": "pause"})
    asha.refresh_from_db()
    assert asha.status == Member.Status.PAUSED


def test_a_tampered_link_fails_with_a_clear_page_and_shows_no_ones_data(client, asha, ben):
    token = membership.manage_token(asha)
    payload, timestamp, signature = token.split(":")
    # Swap Ben's member id into Asha's signed link, keeping her signature.
    ben_payload = membership.manage_token(ben).split(":")[0]
    for bad in (
        f"{ben_payload}:{timestamp}:{signature}",
        f"{payload}:{timestamp}:{signature[:-2]}xx",
        "not-a-token",
        "x" * 300,
    ):
        response = use(client, f"/en/panel/membership/link/{bad}/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "This link does not work" in html and "Get a new link" in html
        for data in ("asha@example.org", "ben@example.org", "Asha Patel", "Ben Okoro"):
            assert data not in html
        assert client.get("/en/panel/membership/").content.decode().count("Ben Okoro") == 0


def test_a_used_link_does_not_work_again(client, asha):
    path = link_path(asha)
    assert "Asha Patel" in use(client, path).content.decode()
    other_browser = client.__class__()
    again = use(other_browser, path)
    assert again.status_code == 404
    html = again.content.decode()
    assert "This link does not work" in html and "Asha Patel" not in html
    assert other_browser.get(path).status_code == 404


def test_every_earlier_link_stops_working_when_one_is_used(client, asha):
    first, second = link_path(asha), link_path(asha)
    assert use(client, second).status_code == 200
    assert use(client.__class__(), first).status_code == 404


def test_an_old_link_does_not_work(client, asha, monkeypatch, settings):
    settings.PANEL_MANAGE_LINK_HOURS = 24
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 25 * 3600)
    path = link_path(asha)
    monkeypatch.setattr(signing.time, "time", real_time)
    response = use(client, path)
    assert response.status_code == 404
    assert "Asha Patel" not in response.content.decode()


def test_the_link_opens_only_its_own_member_even_when_someone_else_was_signed_in(client, asha, ben):
    from portal.models import User

    ben.user = User.objects.create_user("ben", "ben@example.org", "pw-123-long-enough")
    ben.save()
    client.force_login(ben.user)
    html = use(client, link_path(asha)).content.decode()
    assert "Asha Patel" in html and "Ben Okoro" not in html
    assert "_auth_user_id" not in client.session  # Ben's account was signed out


def test_leaving_from_the_link_erases_the_member_and_ends_the_access(client, asha):
    use(client, link_path(asha))
    assert client.post("/en/panel/membership/leave/").status_code == 200
    asha.refresh_from_db()
    assert asha.status == Member.Status.LEFT and asha.email == ""
    assert "Email me a link" in client.get("/en/panel/membership/").content.decode()


def test_asking_with_an_address_that_is_not_a_member_looks_the_same_and_sends_nothing(
    client, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/panel/membership/", {"email": "nobody@example.org"})
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_a_bad_email_address_is_named_and_kept(client, home_page):
    html = client.post("/en/panel/membership/", {"email": "asha@"}).content.decode()
    assert "Enter an email address in the correct format" in html
    assert 'value="asha@"' in html


def test_confirming_membership_opens_it_without_a_password(client, home_page):
    member = MemberFactory(status=Member.Status.PENDING, email="new@example.org", name="Nia")
    confirmed = client.post(f"/en/panel/confirm/{membership.confirmation_token(member)}/")
    html = confirmed.content.decode()
    assert "Manage your membership" in html and "Choose a password" not in html
    assert "Nia" in client.get("/en/panel/membership/").content.decode()


def test_manage_links_are_masked_in_logs(asha):
    path = link_path(asha)
    assert membership.manage_token(asha) not in mask_tokens(f"GET {path} 200")
