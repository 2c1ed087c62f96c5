"""Hand work to Celery after the database commit, without ever failing the request.

The database row is the source of truth: if the broker is down, the task is not
sent, the failure is logged, and the periodic sweepers that rebuild from the
database pick the work up later.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(task, *args, **kwargs) -> None:
    """``task.delay(*args, **kwargs)`` once the current transaction commits."""

    def send():
        try:
            task.delay(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a dead broker must not lose the saved row
            logger.warning(
                "Could not queue %s%r; the sweeper will retry it", task.name, args, exc_info=True
            )

    transaction.on_commit(send)
