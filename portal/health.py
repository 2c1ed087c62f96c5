"""Health of the parts the portal depends on, for /healthz and operators.

The broker check is remembered for ``BROKER_CHECK_SECONDS`` in each process (one probe
at a time), so calling /healthz in a loop does not open a broker connection per call,
nor wait out the connection timeout per call while the broker is down.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from search.health import check_search_backend

BROKER_TIMEOUT_SECONDS = 2
BROKER_CHECK_SECONDS = 5
_remembered: dict[str, tuple[float, tuple[bool, str]]] = {}  # broker URL -> (when, result)
_probing = threading.Lock()


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not answering"
        return False, f"unreachable: {exc.__class__.__name__}"
    return True, connection.vendor


def check_cache() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return True, "local memory (embedded)"
    try:
        cache.set("healthz", "ok", 5)
        ok = cache.get("healthz") == "ok"
    except Exception as exc:  # noqa: BLE001
        return False, f"redis unreachable: {exc.__class__.__name__}"
    return ok, "redis" if ok else "redis did not return the value written"


def check_broker() -> tuple[bool, str]:
    url = settings.CELERY_BROKER_URL
    if not url:
        return True, "none: tasks run in-process (embedded)"
    with _probing:
        remembered = _remembered.get(url)
        if remembered is not None and 0 <= time.monotonic() - remembered[0] < BROKER_CHECK_SECONDS:
            return remembered[1]
        result = _probe_broker(url)
        _remembered[url] = (time.monotonic(), result)
        return result


def _probe_broker(url: str) -> tuple[bool, str]:
    from portal.celery import app

    # The URL from settings (what the app publishes to), one attempt, bounded wait:
    # a probe must answer quickly rather than retry the way a publisher does.
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return False, f"unreachable: {exc.__class__.__name__}"
    return True, str(transport)


def forget_checks() -> None:
    """Drop remembered results (tests; an operator's shell after fixing the broker)."""
    with _probing:
        _remembered.clear()


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search_backend,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001
            ok, detail = False, f"check failed: {exc.__class__.__name__}"
        results[name] = {"ok": ok, "detail": detail}
    return results
