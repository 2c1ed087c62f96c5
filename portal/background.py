"""Send Wagtail's and wagtail-localize's background jobs to the Celery worker.

Settings choose these backends when a broker is configured (portal/settings/base.py):

- ``CeleryTaskBackend`` for django-tasks (``TASKS``), which Wagtail 8 uses for its
  own jobs such as ``wagtail.tasks.update_reference_index_task``;
- ``CeleryJobBackend`` for wagtail-localize's job hook (``WAGTAILLOCALIZE_JOBS``).

Both send a job only once the surrounding transaction commits, so the worker never
looks for rows that are not there yet, and a rolled-back save sends nothing. If the
broker cannot take a job (unreachable, or the arguments cannot be sent as JSON), the
job runs in this process instead of being lost; the data it works from is already
committed.

Every message is JSON: the worker accepts nothing else (a pickled message would run
whatever code its sender chose). wagtail-localize's jobs take model instances; they
travel as ``{"model": label, "pk": id}`` and are fetched again on the worker.
"""

import logging
from functools import partial

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_QUEUE_NAME
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_module_path, get_random_id
from kombu.exceptions import KombuError
from wagtail_localize.components import BaseComponentManager
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


class NotSendable(TypeError):
    """A job argument that cannot travel as JSON (the job then runs in this process)."""


def _encode(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        if not isinstance(value.pk, int | str):
            raise NotSendable(f"{value._meta.label} without an integer or text key")
        return {"model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, list | tuple | models.QuerySet):
        return {"list": [_encode(item) for item in value]}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"dict": {key: _encode(item) for key, item in value.items()}}
    if isinstance(value, BaseComponentManager) and not value.components:
        # What the "translate" view passes when no translation components are
        # registered (none are here): nothing to save, rebuilt empty on the worker.
        return {"components": get_module_path(type(value))}
    raise NotSendable(type(value).__name__)


def _decode(value):
    if not isinstance(value, dict):
        return value
    if "model" in value:
        return apps.get_model(value["model"])._default_manager.get(pk=value["pk"])
    if "list" in value:
        return [_decode(item) for item in value["list"]]
    if "dict" in value:
        return {key: _decode(item) for key, item in value["dict"].items()}
    if "components" in value:
        manager = import_string(value["components"])
        if not issubclass(manager, BaseComponentManager):
            raise TypeError(f"{value['components']} is not a component manager")
        return manager([])
    raise ValueError(f"unknown job argument {sorted(value)}")


def job_message(func, args, kwargs) -> list:
    """[function path, args, kwargs] as JSON-ready values (raises NotSendable)."""
    return [
        get_module_path(func),
        [_encode(arg) for arg in args],
        {key: _encode(arg) for key, arg in kwargs.items()},
    ]


def job_arguments(args: list, kwargs: dict) -> tuple[list, dict]:
    """The arguments ``job_message`` encoded, model instances fetched again."""
    return [_decode(arg) for arg in args], {key: _decode(arg) for key, arg in kwargs.items()}


class CeleryJobBackend(BaseJobBackend):
    """wagtail-localize job backend whose jobs run in ``portal.tasks.run_localize_job``.

    wagtail-localize passes model instances (locales, users, querysets); they are sent
    as ids in JSON (``job_message``) and fetched again on the worker. A job with an
    argument that cannot be sent that way runs in this process instead.
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
        func = import_string(func_path)
        options = {"shadow": func_path}
        if self.queue:
            options["queue"] = self.queue
        try:
            run_localize_job.apply_async(args=job_message(func, args, kwargs), **options)
        except NotSendable as exc:
            reason = f"an argument cannot be sent as JSON: {exc}"
        except KombuError as exc:
            reason = f"the broker refused it: {exc}"
        else:
            return
        logger.warning("Could not send %s (%s); running it in this process.", func_path, reason)
        func(*args, **kwargs)
