"""Send Wagtail's and wagtail-localize's background jobs to the Celery worker.

Settings choose these backends when a broker is configured (portal/settings/base.py):

- ``CeleryTaskBackend`` for django-tasks (``TASKS``), which Wagtail 8 uses for its
  own jobs such as ``wagtail.tasks.update_reference_index_task``;
- ``CeleryJobBackend`` for wagtail-localize's job hook (``WAGTAILLOCALIZE_JOBS``).

Both send a job only once the surrounding transaction commits, so the worker never
looks for rows that are not there yet, and a rolled-back save sends nothing. If the
broker cannot take a job (unreachable, or the arguments cannot be serialised), the
job runs in this process instead of being lost; the data it works from is already
committed.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_QUEUE_NAME
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_module_path, get_random_id
from kombu.exceptions import KombuError
from wagtail_localize.tasks import BaseJobBackend

from portal.tasks import run_django_task, run_localize_job

logger = logging.getLogger(__name__)


class CeleryTaskBackend(BaseTaskBackend):
    """django-tasks backend whose jobs are run by ``portal.tasks.run_django_task``.

    Arguments must be JSON (django-tasks checks this when the job is enqueued).
    ``run_after`` becomes the Celery ETA. The django-tasks queue ``default`` is
    Celery's default queue; any other queue name (listed in the backend's
    ``QUEUES``) is sent to the Celery queue of the same name. Results stay in the
    worker: the backend does not support ``get_result``.
    """

    supports_defer = True
    supports_async_task = True

    def enqueue(self, task: Task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(partial(self._send, result))
        task_enqueued.send(type(self), task_result=result)
        return result

    def _send(self, result: TaskResult) -> None:
        task = result.task
        message = [task.module_path, result.args, result.kwargs, self.alias]
        options = {"task_id": result.id, "shadow": task.module_path}
        if task.run_after is not None:
            options["eta"] = task.run_after
        if task.queue_name != DEFAULT_TASK_QUEUE_NAME:
            options["queue"] = task.queue_name
        try:
            run_django_task.apply_async(args=message, **options)
        except KombuError as exc:
            if task.run_after is not None and task.run_after > timezone.now():
                logger.error(
                    "Could not send %s (id %s, due %s) to the broker; it was not run: %s",
                    task.module_path,
                    result.id,
                    task.run_after.isoformat(),
                    exc,
                )
                return
            logger.warning(
                "Could not send %s (id %s) to the broker (%s); running it in this process.",
                task.module_path,
                result.id,
                exc,
            )
            run_django_task.apply(args=message, task_id=result.id)


class CeleryJobBackend(BaseJobBackend):
    """wagtail-localize job backend whose jobs run in ``portal.tasks.run_localize_job``.

    wagtail-localize passes model instances (locales, users, querysets), so these
    messages are pickled; settings accept pickle from our own broker only.
    ``OPTIONS = {"QUEUE": "name"}`` sends them to a dedicated Celery queue.
    """

    def __init__(self, options):
        super().__init__(options)
        self.queue = options.get("QUEUE")

    def enqueue(self, func, args, kwargs) -> None:
        func_path = get_module_path(func)
        try:
            importable = import_string(func_path) is func
        except ImportError:
            importable = False
        if not importable:
            raise ValueError(f"{func_path} must be a module-level function to run in a worker")
        transaction.on_commit(partial(self._send, func_path, list(args), dict(kwargs)))

    def _send(self, func_path: str, args: list, kwargs: dict) -> None:
        message = [func_path, args, kwargs]
        options = {"serializer": "pickle", "shadow": func_path}
        if self.queue:
            options["queue"] = self.queue
        try:
            run_localize_job.apply_async(args=message, **options)
        except KombuError as exc:
            logger.warning(
                "Could not send %s to the broker (%s); running it in this process.",
                func_path,
                exc,
            )
            run_localize_job.apply(args=message)
