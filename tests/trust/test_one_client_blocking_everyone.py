"""One person, or one proxy, using up everyone's rate limits (issue #14, high 3).

Production runs behind a TLS proxy, so every request reaches the portal from the
proxy's address. Limits keyed on that address are one bucket for the whole site: one
person sending comments or wrong passwords blocks everybody. The client's address comes
from the trusted proxy hops (``TRUSTED_PROXY_COUNT``) through one function,
``portal.ratelimits.client_address``, for our limits and allauth's alike; with the
default (no proxy trusted) a forged ``X-Forwarded-For`` changes nothing.

Limits are shrunk in some tests so a handful of requests reaches them; the last tests
check the limits actually configured are sized for a shared Wi-Fi.
"""

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory

from portal import ratelimits
from portal.settings import base as base_settings
from tests.consultations.test_drafts import comment, draft  # noqa: F401 - fixture re-used
from tests.trust.accounts import person, sign_in

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # every request arrives from the proxy
SMALL_LIMITS = {"portal_submit": "2/10m/ip,100/10m/key"}


def visitor(forwarded_for: str | None = None, remote: str = PROXY) -> Client:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return Client(REMOTE_ADDR=remote, headers=headers)


def comments_accepted(client, page, how_many: int, prefix: str) -> list[int]:
    return [
        comment(client, page, text=f"{prefix}: point number {n} about access.").status_code
        for n in range(how_many)
    ]


def test_behind_the_proxy_two_people_have_their_own_comment_limits(settings, draft):  # noqa: F811
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = SMALL_LIMITS
    flooder = visitor("203.0.113.5")
    neighbour = visitor("198.51.100.7")

    assert comments_accepted(flooder, draft, 2, "flood") == [302, 302]
    assert comment(flooder, draft, text="flood: one too many").status_code == 429

    assert comment(neighbour, draft, text="My own first comment.").status_code == 302


def test_a_visitor_cannot_escape_the_limit_by_forging_forwarded_for(settings, draft):  # noqa: F811
    settings.ACCOUNT_RATE_LIMITS = SMALL_LIMITS  # TRUSTED_PROXY_COUNT left at its default, 0
    statuses = [
        comment(
            visitor(f"192.0.2.{n}", remote="203.0.113.9"), draft, text=f"Forged {n}."
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]


def test_behind_the_proxy_wrong_passwords_from_one_person_do_not_block_another(
    settings,
    home_page,  # noqa: ARG001 - the sign-in page needs a site
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    person("resident@example.org")
    guesser = visitor("203.0.113.5")
    for _attempt in range(3):
        sign_in(guesser, "someone@example.org", "a guess")
    assert "Too many" in sign_in(guesser, "someone@example.org", "a guess").content.decode()

    resident = visitor("198.51.100.7")
    signed_in = sign_in(resident, "resident@example.org")

    assert signed_in.status_code == 302
    assert "_auth_user_id" in resident.session


# --- the one function ------------------------------------------------------------------
def request_from(remote: str, forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.mark.parametrize(
    ("hops", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # nothing trusted: the header is ignored
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),  # load balancer, then nginx
        (1, "203.0.113.5:51234", "203.0.113.5"),  # some proxies add the port
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "", PROXY),  # straight to the app (a health check): the peer
        (2, "203.0.113.5", PROXY),  # fewer hops than configured: not through our proxies
        (1, "not-an-address", PROXY),
    ],
)
def test_the_client_address_comes_from_the_trusted_hops(settings, hops, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = hops

    assert ratelimits.client_address(request_from(PROXY, forwarded_for)) == expected


def test_allauth_asks_the_same_function_for_the_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(PROXY, "6.6.6.6, 203.0.113.5")

    assert get_adapter(request).get_client_ip(request) == "203.0.113.5"


def test_no_proxy_is_trusted_unless_configured():
    assert base_settings.TRUSTED_PROXY_COUNT == 0


# --- sized for a shared Wi-Fi --------------------------------------------------------------
def test_a_library_full_of_people_can_all_comment_from_one_address(settings, draft):  # noqa: F811
    """Forty people on a library's Wi-Fi (one address, a browser each) comment in turn."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    statuses = [
        comment(visitor(remote="203.0.113.80"), draft, text=f"Resident {n} says this.").status_code
        for n in range(40)
    ]

    assert statuses == [302] * 40


def test_the_configured_limits_still_stop_a_flood_from_one_address(settings, draft):  # noqa: F811
    """A bot that drops its cookies (a new session each time) is held by the address limit."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    statuses = [
        comment(visitor(remote="203.0.113.81"), draft, text=f"Bot {n} spam.").status_code
        for n in range(130)
    ]

    assert statuses.count(302) <= 100
    assert statuses[-1] == 429


def test_a_dead_cache_never_stops_anyone_commenting(settings, draft):  # noqa: F811
    """The counters live in Redis; with Redis gone the comment is taken, not refused."""
    settings.ACCOUNT_RATE_LIMITS = SMALL_LIMITS
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    statuses = comments_accepted(visitor(remote="203.0.113.90"), draft, 3, "no cache")

    assert statuses == [302, 302, 302]
