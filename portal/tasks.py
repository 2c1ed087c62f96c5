"""Celery tasks that carry the site's background jobs to the worker.

Wagtail 8 queues its own work (reference index, file deletion, image focal points)
as django-tasks ``Task`` objects, and wagtail-localize queues plain functions. The
backends in ``portal.background`` hand both to the two tasks below after the
transaction commits; ``ping`` lets operators and tests see that a worker answers.
"""

from celery import shared_task
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskContext, TaskError, TaskResult, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, normalize_json


@shared_task(name="portal.tasks.ping")
def ping() -> str:
    """Answer "pong": proof that a worker is consuming from the broker."""
    return "pong"


@shared_task(bind=True, name="portal.tasks.run_django_task")
def run_django_task(self, task_path: str, args: list, kwargs: dict, backend_alias: str):
    """Run the django-tasks ``Task`` found at ``task_path`` with JSON arguments.

    The Celery task id is the id the caller's ``TaskResult`` was given, so a job
    can be followed from the web log to the worker log.
    """
    from portal.background import CeleryTaskBackend

    task = import_string(task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{task_path} is not a django-tasks Task")

    started = timezone.now()
    result = TaskResult(
        task=task,
        id=self.request.id,
        status=TaskResultStatus.RUNNING,
        enqueued_at=None,
        started_at=started,
        last_attempted_at=started,
        finished_at=None,
        args=args,
        kwargs=kwargs,
        backend=backend_alias,
        errors=[],
        worker_ids=[self.request.hostname or "celery"],
    )
    task_started.send(sender=CeleryTaskBackend, task_result=result)
    try:
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *args, **kwargs)
        else:
            value = task.call(*args, **kwargs)
        value = normalize_json(value)
    except Exception as exc:
        result.errors.append(
            TaskError(
                exception_class_path=get_module_path(type(exc)),
                traceback=get_exception_traceback(exc),
            )
        )
        _finish(result, TaskResultStatus.FAILED)
        raise
    object.__setattr__(result, "_return_value", value)
    _finish(result, TaskResultStatus.SUCCESSFUL)
    return value


def _finish(result: TaskResult, status: TaskResultStatus) -> None:
    from portal.background import CeleryTaskBackend

    # TaskResult is a frozen dataclass; django-tasks' own backends update it this way.
    object.__setattr__(result, "finished_at", timezone.now())
    object.__setattr__(result, "status", status)
    task_finished.send(sender=CeleryTaskBackend, task_result=result)


@shared_task(name="portal.tasks.run_localize_job")
def run_localize_job(func_path: str, args: list, kwargs: dict) -> None:
    """Run a wagtail-localize background job sent by ``portal.background.CeleryJobBackend``
    (JSON: model instances travel as ids and are fetched again here)."""
    from portal.background import job_arguments

    func = import_string(func_path)
    if not callable(func):
        raise TypeError(f"{func_path} is not callable")
    args, kwargs = job_arguments(args, kwargs)
    func(*args, **kwargs)
