"""Settings for the Celery workers the fault tests start (tests/trust/processes.py).

The test settings, with real task dispatch (the worker sends follow-up tasks through
the broker, as in production), emails written as files the test can count, and an
adjustable visibility timeout so a killed worker's unacknowledged task is handed out
again within seconds rather than an hour.
"""

import os

from portal.settings.test import *  # noqa: F403 - settings modules build on the test settings

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.trust.outbox.FileOutbox"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": int(os.environ.get("TRUST_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
