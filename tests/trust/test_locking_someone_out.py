"""Locking someone else out of their account with wrong passwords (issue #14, low).

allauth counted failed sign-ins per account ("5/5m/key" on the email alone), so anyone
who knew an address, a staff member's included, could lock its owner out for five
minutes at a time by typing five wrong passwords, and keep them out with a script.
Failures are now counted per client address *and* account: the guesser is held, the
owner signing in from anywhere else is not. The per-address limits still hold someone
guessing across many accounts.
"""

import pytest
from django.test import Client

from portal.settings import base as base_settings
from tests.trust.accounts import sign_in, staff_member

pytestmark = pytest.mark.django_db

STAFF = "lead@example.nhs.uk"


@pytest.fixture(autouse=True)
def real_limits(settings, home_page):
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    staff_member(STAFF)


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out():
    stranger = Client(REMOTE_ADDR="203.0.113.13")
    for _attempt in range(6):
        sign_in(stranger, STAFF, "wrong password")

    owner = Client(REMOTE_ADDR="198.51.100.40")
    response = sign_in(owner, STAFF)

    assert response.status_code == 302
    assert "_auth_user_id" in owner.session


def test_the_guesser_is_still_held_on_that_account():
    guesser = Client(REMOTE_ADDR="203.0.113.14")
    for _attempt in range(5):
        sign_in(guesser, STAFF, "wrong password")

    response = sign_in(guesser, STAFF)  # even the right password now waits

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in guesser.session


def test_one_address_guessing_across_many_accounts_is_held():
    guesser = Client(REMOTE_ADDR="203.0.113.15")
    pages = [sign_in(guesser, f"person{n}@example.org", "password1") for n in range(21)]

    assert "Too many failed login attempts" in pages[-1].content.decode()
