"""Whoever can write to the broker cannot run code on the worker (#14).

A Celery worker that accepts pickle runs whatever a pickled message tells it to while
reading it: anyone who reaches Redis (a misconfigured firewall, a shared instance) owns
the worker, its database credentials and every respondent's data. The worker accepts
JSON only; wagtail-localize's jobs, the one kind that was pickled (their arguments are
model instances), travel as model ids and are looked up again on the worker.
"""

import json
from unittest import mock

import pytest
from django.conf import settings
from wagtail.models import Locale

from portal.background import CeleryJobBackend, job_arguments, job_message
from portal.celery import app
from portal.tasks import ping
from tests.integration.conftest import (  # noqa: F401 - fixtures re-used here
    celery_worker,
    celery_worker_process,
    redis_url,
)

RECEIVED: list = []


def record_job(locales, user, *, page_index=None, note=""):
    """A module-level job, as wagtail-localize's are (the worker imports it by path)."""
    RECEIVED.append((locales, user, page_index, note))


def test_celery_accepts_only_json():
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert "pickle" not in app.conf.accept_content
    assert "pickle" not in (app.conf.result_accept_content or app.conf.accept_content)
    assert app.conf.task_serializer == app.conf.result_serializer == "json"


@pytest.mark.django_db
def test_translation_job_travels_as_json_with_model_ids(django_capture_on_commit_callbacks):
    from tests.consultations.factories import StaffUserFactory

    polish = Locale.objects.get_or_create(language_code="pl")[0]
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    editor = StaffUserFactory()
    with (
        mock.patch("portal.background.run_localize_job") as celery_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        locales = Locale.objects.filter(pk__in=[polish.pk, arabic.pk]).order_by("pk")
        CeleryJobBackend({}).enqueue(record_job, [locales, editor], {"page_index": 2})
    sent = celery_task.apply_async.call_args
    assert sent.kwargs.get("serializer", "json") == "json"
    path, args, kwargs = json.loads(json.dumps(sent.kwargs["args"]))  # JSON all the way
    assert path == "tests.trust.test_pickle_on_the_broker.record_job"
    assert args == [  # ids, not the objects' contents
        {
            "list": [
                {"model": "wagtailcore.locale", "pk": pk} for pk in sorted([polish.pk, arabic.pk])
            ]
        },
        {"model": editor._meta.label_lower, "pk": editor.pk},
    ]
    assert kwargs == {"page_index": 2}


@pytest.mark.django_db
def test_translation_job_gets_model_instances_back_on_the_worker():
    from tests.consultations.factories import StaffUserFactory

    RECEIVED.clear()
    polish = Locale.objects.get_or_create(language_code="pl")[0]
    editor = StaffUserFactory()
    message = json.loads(json.dumps(job_message(record_job, [[polish], editor], {"page_index": 3})))
    path, args, kwargs = message
    from portal.tasks import run_localize_job

    run_localize_job(path, args, kwargs)
    [(locales, user, page_index, _note)] = RECEIVED
    assert locales == [polish] and locales[0] is not polish
    assert user == editor and page_index == 3
    assert job_arguments(*message[1:]) == ([[polish], editor], {"page_index": 3})


@pytest.mark.redis
def test_worker_refuses_a_pickled_message(celery_worker):  # noqa: F811
    sent = ping.apply_async(queue=celery_worker.queue, serializer="pickle")
    with pytest.raises(AssertionError, match="did not finish"):
        celery_worker.wait_for(sent.id, timeout=5)
    log = celery_worker.log()
    assert "Refusing to deserialize untrusted content of type pickle" in log
    assert f"portal.tasks.ping[{sent.id}] succeeded" not in log


@pytest.mark.redis
def test_worker_still_answers_json(celery_worker):  # noqa: F811
    sent = ping.apply_async(queue=celery_worker.queue)
    assert celery_worker.wait_for(sent.id)["result"] == "pong"
