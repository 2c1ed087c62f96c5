"""allauth, adapted to the portal (``ACCOUNT_ADAPTER``).

* The client's address, for allauth's rate limits, comes from
  ``portal.ratelimits.client_address`` (the trusted proxy hops), like ours.
* Wrong passwords are counted per client address *and* account (the ``login_failed``
  "key"), not per account alone: otherwise anyone could lock anyone out, staff
  included, by typing their address with five wrong passwords. The per-address
  ``login_failed`` limits still hold someone guessing across many accounts.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from portal.ratelimits import bucket, client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth builds the ``login_failed`` key here only (and clears that key after a
        # password reset); tests/trust/test_locking_someone_out.py pins the behaviour.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{bucket(client_address(request))}|{account}"
