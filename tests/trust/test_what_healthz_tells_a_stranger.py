"""/healthz tells a stranger only "ok" or "not ok", and cannot be used to hammer the broker (#14).

It used to answer everyone with which parts run and on what (database vendor, Redis,
the broker's transport, the search engine and its version, the index lag), a map for
an attacker, and to open a new broker connection on every call. Now the public gets
``{"status": "ok"}`` (or "unavailable" with a 503); the detail is for the machine itself
(loopback: Docker's healthcheck, an operator on the host) and for signed-in staff. The
client's address is read through the trusted proxy hops (``portal.ratelimits``), so a
proxy on the same machine does not make every visitor "loopback". The broker check is
remembered for a few seconds.
"""

from unittest import mock

import pytest
from django.contrib.auth.models import Permission

from portal import health
from tests.consultations.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.9"
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def fresh_broker_check():
    """Each test starts with no remembered broker check."""
    getattr(health, "forget_checks", lambda: None)()
    yield
    getattr(health, "forget_checks", lambda: None)()


def test_a_stranger_learns_only_that_the_site_is_up(client):
    response = client.get("/healthz", REMOTE_ADDR=STRANGER)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    for word in ("database", "sqlite", "postgresql", "redis", "broker", "search", "lag"):
        assert word not in response.content.decode().lower()


def test_a_stranger_learns_only_that_the_site_is_down(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    response = client.get("/healthz", REMOTE_ADDR=STRANGER)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_a_forged_forwarded_for_does_not_make_a_stranger_local(client):
    body = client.get("/healthz", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR="127.0.0.1").json()
    assert body == {"status": "ok"}


def test_visitors_through_a_proxy_on_the_same_machine_are_strangers(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    body = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=STRANGER).json()
    assert body == {"status": "ok"}


def test_the_machine_itself_sees_every_check(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # Docker's healthcheck calls 127.0.0.1 directly
    body = client.get("/healthz", REMOTE_ADDR="127.0.0.1").json()
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}
    assert body["failing"] == []


def test_signed_in_staff_see_every_check_from_anywhere(client):
    staff = StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    body = client.get("/healthz", REMOTE_ADDR=STRANGER).json()
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}


def test_a_signed_in_member_of_the_public_is_still_a_stranger(client):
    client.force_login(UserFactory())
    assert client.get("/healthz", REMOTE_ADDR=STRANGER).json() == {"status": "ok"}


def test_repeated_calls_open_one_broker_connection_not_one_each(client, settings):
    from portal.celery import app

    settings.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    with mock.patch.object(
        app, "connection_for_write", wraps=app.connection_for_write
    ) as connections:
        statuses = [client.get("/healthz", REMOTE_ADDR=STRANGER).status_code for _ in range(10)]
    assert statuses == [503] * 10
    assert connections.call_count == 1


def test_the_broker_check_is_fresh_again_after_a_few_seconds(settings, monkeypatch):
    settings.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    now = [1000.0]
    monkeypatch.setattr(health.time, "monotonic", lambda: now[0])
    from portal.celery import app

    with mock.patch.object(
        app, "connection_for_write", wraps=app.connection_for_write
    ) as connections:
        health.check_broker()
        now[0] += health.BROKER_CHECK_SECONDS + 0.1
        health.check_broker()
    assert connections.call_count == 2
