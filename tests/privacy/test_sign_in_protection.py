"""Accounts: staff MFA in production, allauth rate limits, no account enumeration."""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from tests.consultations import factories

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def production_settings() -> dict:
    """Settings as production computes them, read once from a clean interpreter."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "sqlite:////tmp/privacy-production-check.sqlite3",
        "ALLOWED_HOSTS": "portal.example.nhs.uk",
    }
    env.pop("PORTAL_REQUIRE_STAFF_MFA", None)
    env.pop("TRUSTED_PROXY_COUNT", None)
    code = (
        "import json; from django.conf import settings; print(json.dumps({"
        "'mfa': settings.PORTAL_REQUIRE_STAFF_MFA, 'limits': settings.ACCOUNT_RATE_LIMITS, "
        "'enumeration': settings.ACCOUNT_PREVENT_ENUMERATION, "
        "'proxies': settings.TRUSTED_PROXY_COUNT}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_production_requires_staff_two_step_verification():
    assert production_settings()["mfa"] is True


def test_sign_in_sign_up_and_password_reset_are_rate_limited():
    limits = production_settings()["limits"]
    # portal_submit (surveys, comments, sign-ups) and portal_email (emails to a typed
    # address) are the portal's own limits, kept by allauth's machinery.
    for action in ("login_failed", "signup", "reset_password", "portal_submit", "portal_email"):
        assert limits[action], action
    assert production_settings()["enumeration"] is True


def test_production_trusts_no_forwarded_for_header_unless_told_how_many_proxies():
    assert production_settings()["proxies"] == 0


@pytest.mark.django_db
def test_password_reset_says_the_same_for_known_and_unknown_addresses(client, home_page):
    factories.UserFactory(email="known@example.org")

    known = client.post("/en/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_looks_like_any_other_sign_up(client, home_page):
    factories.UserFactory(email="taken@example.org")
    password = "a long unusual passphrase 42"

    taken = client.post(
        "/en/accounts/signup/",
        {"email": "taken@example.org", "password1": password, "password2": password},
    )
    fresh = client.post(
        "/en/accounts/signup/",
        {"email": "fresh@example.org", "password1": password, "password2": password},
    )

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    # The owner of the taken address is told by email instead of the page saying so.
    assert {m.to[0] for m in mail.outbox} == {"taken@example.org", "fresh@example.org"}


@pytest.mark.django_db
def test_repeated_failed_sign_ins_are_refused(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    factories.UserFactory(email="target@example.org")
    for _attempt in range(3):
        client.post("/en/accounts/login/", {"login": "target@example.org", "password": "wrong"})

    blocked = client.post(
        "/en/accounts/login/", {"login": "target@example.org", "password": "wrong"}
    )

    assert blocked.status_code == 429 or "Too many" in blocked.content.decode()
