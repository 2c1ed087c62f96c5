"""A real Celery worker takes the portal's jobs from Redis and runs them."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from wagtail.tasks import delete_file_from_storage_task

from portal.tasks import ping

pytestmark = pytest.mark.redis


def test_worker_answers_ping_sent_through_redis(celery_worker):
    sent = ping.apply_async(queue=celery_worker.queue)
    outcome = celery_worker.wait_for(sent.id)
    assert outcome["status"] == "SUCCESS", outcome
    assert outcome["result"] == "pong"
    assert f"portal.tasks.ping[{sent.id}] succeeded" in celery_worker.log()


@pytest.mark.django_db(transaction=True)
def test_wagtail_job_enqueued_through_django_tasks_runs_on_the_worker(
    celery_worker, settings, tmp_path
):
    settings.TASKS = {
        "default": {
            "BACKEND": "portal.background.CeleryTaskBackend",
            "QUEUES": ["default", celery_worker.queue],
        }
    }
    storage = FileSystemStorage(location=str(tmp_path / "media"))
    storage.save("superseded-rendition.jpg", ContentFile(b"jpeg"))

    result = delete_file_from_storage_task.using(queue_name=celery_worker.queue).enqueue(
        storage.deconstruct(), "superseded-rendition.jpg"
    )

    outcome = celery_worker.wait_for(result.id)
    assert outcome["status"] == "SUCCESS", outcome
    assert not storage.exists("superseded-rendition.jpg")
    # The worker log names the Wagtail job, not just the carrier task.
    assert f"wagtail.tasks.delete_file_from_storage_task[{result.id}] succeeded" in (
        celery_worker.log()
    )
