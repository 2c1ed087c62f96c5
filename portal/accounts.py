"""allauth, adapted to the portal (``ACCOUNT_ADAPTER``), and the staff sign-in rules.

* The client's address, for allauth's rate limits, comes from
  ``portal.ratelimits.client_address`` (the trusted proxy hops), like ours.
* Wrong passwords are counted per client address *and* account (the ``login_failed``
  "key"), not per account alone: otherwise anyone could lock anyone out, staff
  included, by typing their address with five wrong passwords. The per-address
  ``login_failed`` limits still hold someone guessing across many accounts.
* While two-step verification is required (``PORTAL_REQUIRE_STAFF_MFA``), staff who
  have no second factor yet sign in with their password *and* a code emailed to them
  (allauth's login by code, made required for them only). Their password alone would
  otherwise let a thief enrol the thief's own authenticator app. ``StaffMFAMiddleware``
  also keeps a staff session that never gave such proof away from the set-up pages.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from portal.ratelimits import bucket, client_address

# Authenticators that are a second factor on their own (recovery codes are a backup).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
# Ways of signing in that prove the person reads the account's mailbox.
MAILBOX_PROOFS = {"code", "password_reset"}


def must_prove_mailbox(user) -> bool:
    """Staff without a second factor, while two-step verification is required."""
    return bool(
        getattr(settings, "PORTAL_REQUIRE_STAFF_MFA", False)
        and user is not None
        and user.pk is not None
        and user.has_admin_access
        and not is_mfa_enabled(user, SECOND_FACTORS)
    )


def proved_mailbox(request, user) -> bool:
    """This session's sign-in included an emailed code (or an emailed reset link)."""
    return any(
        record.get("method") in MAILBOX_PROOFS
        for record in get_authentication_records(request, user)
    )


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth builds the ``login_failed`` key here only (and clears that key after a
        # password reset); tests/trust/test_locking_someone_out.py pins the behaviour.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{bucket(client_address(request))}|{account}"

    def is_login_by_code_required(self, login) -> bool:
        return super().is_login_by_code_required(login) or must_prove_mailbox(login.user)
