"""/healthz: what a load balancer, Docker and an operator on the machine see.

The test client calls from 127.0.0.1, the machine itself, which gets every check (the
detailed view); what a stranger sees is in tests/trust/test_what_healthz_tells_a_stranger.py.
"""

import time

import pytest

from portal import health

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def fresh_broker_check():
    health.forget_checks()
    yield
    health.forget_checks()


def test_healthz_is_ok_when_every_configured_part_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}
    assert all(check["ok"] for check in body["checks"].values()), body["checks"]


def test_healthz_in_the_embedded_setup_says_what_it_runs_on(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.REDIS_URL = ""
    checks = client.get("/healthz").json()["checks"]
    assert checks["broker"] == {"ok": True, "detail": "none: tasks run in-process (embedded)"}
    assert checks["cache"] == {"ok": True, "detail": "local memory (embedded)"}


def test_unreachable_broker_gives_503_naming_the_broker_without_hanging(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["detail"].startswith("unreachable")
    assert body["checks"]["database"]["ok"] is True
    assert elapsed < 5


def test_unreachable_redis_cache_gives_503_naming_the_cache(client, settings):
    settings.REDIS_URL = CLOSED_PORT_REDIS
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "cache" in response.json()["failing"]
    assert response.json()["checks"]["cache"]["detail"].startswith("redis unreachable")


def test_healthz_is_never_cached_by_a_proxy(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
