"""Background indexing of submissions (Celery), after the database commit.

Each task takes primary keys, re-reads the rows and rebuilds their index entries.
If the search engine is down, a task on a worker retries with exponential backoff;
run in-process (no broker) it does not hold up the person's request with retries
but leaves the work to the sweeper. Either way the submission is already saved.
"""

import logging

from celery import shared_task

from search import indexing

logger = logging.getLogger(__name__)

MAX_RETRIES = 8
BACKOFF_SECONDS = 15
BACKOFF_MAX_SECONDS = 1800


def _retry_or_leave(task, exc):
    if task.request.is_eager:
        logger.warning("Indexing failed in-process; the sweeper will retry", exc_info=True)
        return "left for the sweeper"
    countdown = min(BACKOFF_SECONDS * 2**task.request.retries, BACKOFF_MAX_SECONDS)
    raise task.retry(exc=exc, countdown=countdown)


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def index_response(self, response_id: int) -> str:
    try:
        return f"{indexing.sync_responses([response_id])} passages"
    except Exception as exc:  # noqa: BLE001 - any engine failure: retry, never lose the row
        return _retry_or_leave(self, exc)


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def index_comment(self, comment_id: int) -> str:
    try:
        return f"{indexing.sync_comments([comment_id])} passages"
    except Exception as exc:  # noqa: BLE001
        return _retry_or_leave(self, exc)


ORPHAN_CHECK_SECONDS = 3600


@shared_task
def sweep_search_index(limit: int = 20000) -> str:
    """Periodic: index whatever the per-submission tasks missed (dead broker, outage).

    Looking for passages whose source has gone reads the whole index, so that part
    runs at most once an hour (the first sweep after the hour is up).
    """
    from django.core.cache import cache

    try:
        orphans = cache.add("search:orphan-check", True, ORPHAN_CHECK_SECONDS)
        done = indexing.sweep(limit=limit, orphans=orphans)
        indexing.cached_index_lag(refresh=True)
    except Exception:  # noqa: BLE001 - the engine is still down: try again next period
        logger.warning("Search index sweep failed; will try again", exc_info=True)
        return "failed"
    return f"{done} sources indexed"
