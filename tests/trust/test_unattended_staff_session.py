"""A staff session left open on a shared or stolen computer (issue #14, low).

Staff sessions lasted two weeks whatever happened, and "Remember me" kept them on the
disk after the browser closed: a laptop left open in a library, or a session cookie
taken from a lost one, kept its admin access. Now a staff session ends after
``STAFF_SESSION_IDLE_MINUTES`` (30 by default) without a request, and staff sessions
always end with the browser, "Remember me" or not. Members of the public keep theirs.
"""

import time

import pytest

from tests.trust.accounts import person, sign_in, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """``clock(minutes)`` moves the time the portal reads forward."""
    real = time.time
    offset = {"seconds": 0.0}
    monkeypatch.setattr(time, "time", lambda: real() + offset["seconds"])

    def forward(minutes: float):
        offset["seconds"] += minutes * 60

    return forward


@pytest.fixture
def analyst(home_page):
    return staff_member("analyst@example.nhs.uk")


def test_a_staff_session_left_for_half_an_hour_is_signed_out(client, analyst, clock):
    client.force_login(analyst)
    assert client.get("/admin/").status_code == 200

    clock(31)
    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_staff_session_in_use_stays_signed_in(client, analyst, clock):
    client.force_login(analyst)
    for _visit in range(6):  # two hours, a page every twenty minutes
        assert client.get("/admin/").status_code == 200
        clock(20)

    assert client.get("/admin/").status_code == 200


def test_the_idle_time_is_a_setting(client, analyst, clock, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 10
    client.force_login(analyst)
    client.get("/admin/")

    clock(11)

    assert client.get("/admin/").status_code == 302


def test_a_staff_session_left_straight_after_signing_in_also_ends(client, analyst, clock):
    assert sign_in(client, analyst.email).status_code == 302

    clock(31)

    assert client.get("/admin/").status_code == 302


def test_remember_me_is_not_honoured_for_staff(client, analyst):
    client.post(
        "/en/accounts/login/",
        {"login": analyst.email, "password": "correct horse battery staple", "remember": "on"},
    )
    client.get("/admin/")

    assert "_auth_user_id" in client.session
    assert client.session.get_expire_at_browser_close()
    cookie = client.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_members_of_the_public_keep_their_sessions(client, home_page, clock):
    resident = person("resident@example.org")
    client.post(
        "/en/accounts/login/",
        {"login": resident.email, "password": "correct horse battery staple", "remember": "on"},
    )
    clock(120)

    assert client.get("/en/your-data/").status_code == 200
    assert not client.session.get_expire_at_browser_close()
