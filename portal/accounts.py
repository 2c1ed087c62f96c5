"""allauth, adapted to the portal (``ACCOUNT_ADAPTER``).

* The client's address, for allauth's rate limits, comes from
  ``portal.ratelimits.client_address`` (the trusted proxy hops), like ours.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from portal.ratelimits import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_address(request)
