"""Ten comments without a cookie blocking every first-time commenter (issue #14, medium).

The per-session comment limit used to key on ``request.session.session_key or ""``:
everyone without a session yet (every first-time commenter, and any script that drops
cookies) shared the one empty key, so ten such comments used it up for the whole site.
"""

import pytest
from django.test import Client

from tests.consultations.test_drafts import comment, draft  # noqa: F401 - fixture re-used

pytestmark = pytest.mark.django_db

# Addresses never run out here: only the per-session limit (10 in 10 minutes) is at play.
LIMITS = {"portal_submit": "1000/10m/ip,10/10m/key"}


def test_ten_cookieless_comments_do_not_block_a_first_time_commenter(settings, draft):  # noqa: F811
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    for n in range(10):
        dropped_cookies = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert comment(dropped_cookies, draft, text=f"Scripted comment {n}.").status_code == 302

    newcomer = Client(REMOTE_ADDR="198.51.100.20")
    response = comment(newcomer, draft, text="My first comment on this draft.")

    assert response.status_code == 302


def test_one_browser_still_has_its_own_limit(settings, draft):  # noqa: F811
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    browser = Client(REMOTE_ADDR="198.51.100.21")
    statuses = [comment(browser, draft, text=f"Comment number {n}.").status_code for n in range(11)]

    assert statuses == [302] * 10 + [429]
