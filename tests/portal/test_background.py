"""Background jobs go to Celery after commit (run eagerly here: test settings)."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from kombu.exceptions import OperationalError
from wagtail.models import Locale
from wagtail.tasks import delete_file_from_storage_task

from portal.background import CeleryJobBackend

pytestmark = pytest.mark.django_db

RECEIVED: list = []


@task()
def record_borough(borough):
    RECEIVED.append(borough)
    return borough.upper()


@task(takes_context=True)
def record_own_result_id(context, label):
    RECEIVED.append((label, context.task_result.id, context.attempt))


def record_locale_job(locale, *, note):
    RECEIVED.append((locale, note))


@pytest.fixture(autouse=True)
def celery_task_backend(settings):
    """Route django-tasks through Celery, as settings do when a broker is configured."""
    RECEIVED.clear()
    settings.TASKS = {
        "default": {
            "BACKEND": "portal.background.CeleryTaskBackend",
            "QUEUES": ["default", "reports"],
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    RECEIVED.clear()


def test_job_runs_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = record_borough.enqueue("Brent")
        assert RECEIVED == []
    assert RECEIVED == ["Brent"]
    assert result.status == TaskResultStatus.READY
    assert result.backend == "default"
    assert result.enqueued_at is not None


def test_job_from_a_rolled_back_transaction_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            record_borough.enqueue("Harrow")
            raise RuntimeError("the save failed")
    assert callbacks == []
    assert RECEIVED == []


def test_worker_sees_the_result_id_the_caller_was_given(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = record_own_result_id.enqueue("Ealing")
    assert RECEIVED == [("Ealing", result.id, 1)]


def test_arguments_a_worker_could_not_read_are_refused_when_enqueued():
    with pytest.raises(TypeError, match="Unsupported type"):
        record_borough.enqueue(object())
    assert RECEIVED == []


def test_wagtail_file_deletion_job_runs_through_celery(
    tmp_path, django_capture_on_commit_callbacks
):
    storage = FileSystemStorage(location=str(tmp_path))
    storage.save("old-rendition.jpg", ContentFile(b"jpeg"))
    with django_capture_on_commit_callbacks(execute=True):
        delete_file_from_storage_task.enqueue(storage.deconstruct(), "old-rendition.jpg")
    assert not (tmp_path / "old-rendition.jpg").exists()


def test_deferred_job_is_sent_with_its_start_time_as_eta(django_capture_on_commit_callbacks):
    due = timezone.now() + timedelta(hours=2)
    with (
        mock.patch("portal.background.run_django_task") as celery_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = record_borough.using(run_after=due).enqueue("Hounslow")
    celery_task.apply_async.assert_called_once()
    options = celery_task.apply_async.call_args.kwargs
    assert options["eta"] == due
    assert options["task_id"] == result.id
    assert options["args"] == [
        "tests.portal.test_background.record_borough",
        ["Hounslow"],
        {},
        "default",
    ]
    assert "queue" not in options


def test_job_for_a_named_queue_goes_to_the_celery_queue_of_that_name(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch("portal.background.run_django_task") as celery_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        record_borough.using(queue_name="reports").enqueue("Hillingdon")
    assert celery_task.apply_async.call_args.kwargs["queue"] == "reports"


def test_unreachable_broker_runs_the_job_here_instead_of_losing_it(
    caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger="portal.background")
    refused = OperationalError("Error 111 connecting to redis:6379. Connection refused.")
    with (
        mock.patch("portal.tasks.run_django_task.apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record_borough.enqueue("Westminster")
    assert RECEIVED == ["Westminster"]
    assert "running it in this process" in caplog.text


def test_unreachable_broker_does_not_run_a_job_early(caplog, django_capture_on_commit_callbacks):
    refused = OperationalError("Error 111 connecting to redis:6379. Connection refused.")
    due = timezone.now() + timedelta(days=1)
    with (
        mock.patch("portal.tasks.run_django_task.apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record_borough.using(run_after=due).enqueue("Kensington")
    assert RECEIVED == []
    assert "it was not run" in caplog.text


def test_translation_job_gets_model_instances_after_commit(django_capture_on_commit_callbacks):
    polish = Locale.objects.get_or_create(language_code="pl")[0]
    backend = CeleryJobBackend({})
    with django_capture_on_commit_callbacks(execute=True):
        backend.enqueue(record_locale_job, [polish], {"note": "sync tree"})
        assert RECEIVED == []
    [(locale, note)] = RECEIVED
    # Sent as an id in JSON and fetched again, as it would be through Redis.
    assert locale is not polish
    assert locale == polish
    assert locale.language_code == "pl"
    assert note == "sync tree"


def test_translation_job_that_cannot_be_sent_as_json_runs_here_instead(
    caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger="portal.background")
    backend = CeleryJobBackend({})
    unpicklable = lambda: "not for the wire"  # noqa: E731 - the point is a local callable
    with django_capture_on_commit_callbacks(execute=True):
        backend.enqueue(record_locale_job, [unpicklable], {"note": "components"})
    assert RECEIVED == [(unpicklable, "components")]
    assert "running it in this process" in caplog.text


def test_translation_job_must_be_a_function_a_worker_can_import():
    def nested_job():
        pass

    with pytest.raises(ValueError, match="module-level function"):
        CeleryJobBackend({}).enqueue(nested_job, [], {})


def test_translation_jobs_can_go_to_their_own_queue(django_capture_on_commit_callbacks):
    with (
        mock.patch("portal.background.run_localize_job") as celery_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        CeleryJobBackend({"QUEUE": "translations"}).enqueue(record_locale_job, ["x"], {})
    options = celery_task.apply_async.call_args.kwargs
    assert options["queue"] == "translations"
    assert options.get("serializer", "json") == "json"
