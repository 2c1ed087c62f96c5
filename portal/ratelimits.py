"""Who is asking, and how often: the client's address and the public rate limits.

* ``client_address(request)`` is the one place that says which address a request came
  from. Behind ``TRUSTED_PROXY_COUNT`` proxies of our own, each appends the address it
  was reached from to ``X-Forwarded-For``, so the client is the entry that many places
  from the end; anything further left was written by the client and is ignored. With
  the default, 0, the header is ignored entirely. allauth's own limits ask for the
  address through ``portal.accounts.AccountAdapter.get_client_ip``, i.e. here too.
* The limits themselves are allauth's (``allauth.core.ratelimit``: a sliding window per
  address, per key or per user, in the cache), configured with allauth's own in
  ``ACCOUNT_RATE_LIMITS``. Our actions: ``portal_submit`` (survey submissions, draft
  comments, event sign-ups; per address and per browser session) and ``portal_email``
  (emails the public asks us to send to an address they type: panel join, "save and
  come back", a copy of your answers, event sign-ups; per address and per recipient).
  Limits per address are sized for a library's or a housing office's Wi-Fi, where many
  honest people share one address; the per-session and per-recipient ones stop one
  person or one inbox being flooded.
* A dead cache never stops anyone responding: a refusal is only believed when the cache
  answers (allauth's counters live in the cache and cannot be read without it).
"""

from __future__ import annotations

import ipaddress
import logging
import uuid

from allauth.core import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

SUBMIT = "portal_submit"
EMAIL = "portal_email"
EMAIL_REFUSED = _(
    "We have already sent several emails to this address. Check your inbox and spam "
    "folder, or try again in an hour."
)


def _address(value: str) -> str | None:
    """``value`` as a plain IP address (a port or IPv6 brackets removed), or None."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:  # 203.0.113.5:51234
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_address(request) -> str:
    """The address of the client, read from the trusted proxy hops."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops > 0:
        forwarded = [
            part for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
        ]
        if len(forwarded) >= hops:
            address = _address(forwarded[-hops])
            if address is not None:
                return address
            logger.warning("Unreadable client address in X-Forwarded-For; using the peer's")
        elif forwarded:
            logger.warning(
                "X-Forwarded-For has %s hops, TRUSTED_PROXY_COUNT is %s; using the peer's address",
                len(forwarded),
                hops,
            )
    return _address(remote) or remote or "unknown"


def bucket(address: str) -> str:
    """The address as limits count it: IPv6 by its /64 (one household's allocation)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _cache_answers() -> bool:
    probe = f"portal:ratelimits:probe:{uuid.uuid4().hex}"
    try:
        cache.set(probe, 1, 5)
        answered = cache.get(probe) == 1
        cache.delete(probe)
    except Exception:  # noqa: BLE001 - an unreachable cache is what we are asking about
        return False
    return answered


def allow(request, action: str, *, key: str) -> bool:
    """Count one use of ``action`` (allauth's limits); False once a limit is reached."""
    try:
        if ratelimit.consume(request, action=action, key=key):
            return True
    except Exception:  # noqa: BLE001 - a broken limit must not stop people responding
        logger.warning("Rate limit %s could not be checked; allowing", action, exc_info=True)
        return True
    if not _cache_answers():
        logger.warning("Rate-limit cache unavailable; allowing %s", action)
        return True
    return False


def submission_allowed(request) -> bool:
    """Count a submission (survey, comment, sign-up) from this address and browser session.

    A visitor without a session yet gets one here, so first-time visitors never share
    one empty session key between them.
    """
    if not request.session.session_key:
        request.session.save()
    return allow(request, SUBMIT, key=f"session:{request.session.session_key}")


def email_allowed(request, recipient: str) -> bool:
    """Count an email the visitor asked us to send to ``recipient`` (an address they typed)."""
    return allow(request, EMAIL, key=f"recipient:{recipient.strip().lower()}")
