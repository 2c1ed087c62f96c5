"""The Celery application.

With no broker configured (the embedded default) every task runs eagerly in the
web process; with ``CELERY_BROKER_URL`` or ``REDIS_URL`` set, tasks go to Redis and
a separate ``celery worker`` (plus ``celery beat`` for the schedule) runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
