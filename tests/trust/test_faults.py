"""The portal under faults: Redis stopped, a worker killed, the database lost, search down.

These run against real processes: a ``redis-server`` of the test's own (never the
shared one, which others use), real ``celery worker`` processes reading the test
database, and (for the lost connection) a real PostgreSQL backend terminated under
a request. They skip, saying why, without ``redis-server`` on PATH or PostgreSQL.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from consultations.models import Response, ResponseContact
from portal.celery import app as celery_app
from tests.consultations.test_respond import (
    answer_step_one,
    answer_step_two,
    details,
)
from tests.trust import outbox
from tests.trust.processes import CeleryWorker, PrivateRedis, wait_until

needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="needs redis-server on PATH: the test starts and stops a Redis of its own",
)


def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the worker processes must share the test database "
            "(set DATABASE_URL=postgres://...)"
        )


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def reset_celery_connections():
    """Forget pooled broker connections, so the next task goes to the broker now set."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on PATH: the test starts and stops a Redis of its own")
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def on_private_redis(private_redis, settings):
    """This process caches in and sends tasks to the private Redis (not run eagerly)."""
    if not private_redis.answers():
        private_redis.start()
    settings.REDIS_URL = private_redis.url(0)
    settings.CELERY_BROKER_URL = private_redis.url(0)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": private_redis.url(0),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    reset_celery_connections()
    yield private_redis
    reset_celery_connections()


@pytest.fixture
def mail_outbox(tmp_path, monkeypatch):
    directory = tmp_path / "outbox"
    directory.mkdir()
    monkeypatch.setenv("TRUST_OUTBOX", str(directory))
    return directory


@pytest.fixture
def worker(on_private_redis, mail_outbox, tmp_path):
    on_postgres()
    started = CeleryWorker(
        broker_url=on_private_redis.url(0),
        database_url=database_url(),
        outbox=mail_outbox,
        log_path=tmp_path / "worker.log",
    )
    yield started
    started.stop()


def respondent(page, n: int) -> dict:
    """Different words per person: identical answers would count as one response sent twice."""
    return {"email": f"person{n}@example.org", "wants_copy": "on", "why": f"Reason number {n}"}


def submit_as(page, n: int) -> Client:
    from tests.consultations.factories import question_id

    person = respondent(page, n)
    client = Client()
    assert (
        answer_step_one(client, page, **{f"q_{question_id(page, 'why')}": person["why"]})
    ).status_code == 302
    assert answer_step_two(client, page).status_code == 302
    assert details(client, page, email=person["email"], wants_copy="on").status_code == 302
    done = client.post(page.url + "respond/check/")
    assert done.status_code == 302 and done.url.endswith("respond/done/"), done
    return client


# --- Redis stopped ---------------------------------------------------------------------


@needs_redis_server
@pytest.mark.redis
@pytest.mark.django_db
def test_pages_and_the_respond_journey_work_while_the_redis_cache_is_down(
    consultation, on_private_redis, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no worker here: only the cache is Redis
    on_private_redis.stop()
    try:
        client = Client()
        assert client.get("/en/").status_code == 200
        assert client.get(consultation.url).status_code == 200
        assert client.get("/healthz").json()["checks"]["cache"]["ok"] is False
        submit_as(consultation, 1)
    finally:
        on_private_redis.start()
    assert Response.objects.submitted().filter(consultation_id=consultation.pk).count() == 1


@needs_redis_server
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_answers_are_saved_while_redis_is_down_and_emails_and_index_catch_up(
    consultation, worker, on_private_redis
):
    from consultations.tasks import send_missing_response_copies
    from search.indexing import index_lag
    from search.tasks import sweep_search_index

    worker.start()
    on_private_redis.stop()
    try:
        for n in range(3):
            reader = submit_as(consultation, n)
            assert reader.get(consultation.url).status_code == 200  # pages still read
    finally:
        on_private_redis.start()

    submitted = Response.objects.submitted().filter(consultation_id=consultation.pk)
    assert submitted.count() == 3
    assert not ResponseContact.objects.filter(copy_sent_at__isnull=False).exists()
    assert index_lag()["waiting"] == 3

    # Beat's sweepers pick up what the dead broker missed (ten minutes later).
    submitted.update(submitted_at=timezone.now() - timedelta(minutes=11))
    send_missing_response_copies.delay()
    sweep_search_index.delay()

    wait_until(
        lambda: not ResponseContact.objects.filter(copy_sent_at__isnull=True).exists(),
        60,
        f"the copies to be sent; worker log:\n{worker.log()}",
    )
    wait_until(lambda: index_lag()["waiting"] == 0, 30, "the index to catch up")
    for n in range(3):
        assert len(outbox.sent_to(f"person{n}@example.org")) == 1


# --- worker killed mid-task --------------------------------------------------------------


@needs_redis_server
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_while_sending_a_copy_sends_it_once_after_restart(
    consultation, worker, mail_outbox
):
    (mail_outbox / "hold").touch()  # the first attempt stops half-way through sending
    worker.start(visibility_timeout=2)
    submit_as(consultation, 7)
    sending = mail_outbox / "sending.pid"
    wait_until(sending.exists, 30, f"the worker to start sending; log:\n{worker.log()}")
    assert int(sending.read_text()) == worker.process.pid
    worker.kill()
    first_log = worker.log()
    assert "send_response_copy" in first_log
    assert "succeeded" not in first_log.split("send_response_copy", 1)[1].split("\n", 1)[0]
    (mail_outbox / "hold").unlink()
    contact = ResponseContact.objects.get(email="person7@example.org")
    assert contact.copy_sent_at is None  # the killed attempt recorded nothing

    worker.start(visibility_timeout=2)  # a fresh worker is handed the unacknowledged task
    wait_until(
        lambda: ResponseContact.objects.get(pk=contact.pk).copy_sent_at is not None,
        30,
        f"the copy to be sent again; log:\n{worker.log()}",
    )
    assert len(outbox.sent_to("person7@example.org")) == 1

    # A second delivery (the sweeper, a duplicate message) does not send it again.
    from consultations.tasks import send_response_copy

    again = send_response_copy.delay(contact.response_id)
    wait_until(lambda: "already sent" in worker.log(), 20, f"the repeat; log:\n{worker.log()}")
    assert again.id in worker.log()
    assert len(outbox.sent_to("person7@example.org")) == 1


# --- database connection lost ----------------------------------------------------------


def marks_submitted(sql: str) -> bool:
    """The statement that turns a draft into a submitted response."""
    return sql.startswith('UPDATE "consultations_response"') and '"submitted_at"' in sql


def journey_up_to_check(page) -> Client:
    client = Client(raise_request_exception=False)
    assert answer_step_one(client, page).status_code == 302
    assert answer_step_two(client, page).status_code == 302
    assert details(client, page, email="sam@example.org", wants_copy="on").status_code == 302
    return client


def assert_unavailable_page(result):
    assert result.status_code == 503
    assert result["Retry-After"] == "30"
    html = result.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert "has not been saved in part" in html


@pytest.mark.django_db
def test_losing_the_database_while_submitting_shows_a_503_and_saves_nothing_in_part(
    consultation,
):
    client = journey_up_to_check(consultation)
    draft = Response.objects.get()

    def connection_lost(execute, sql, params, many, context):
        if marks_submitted(sql):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(connection_lost):
        result = client.post(consultation.url + "respond/check/")

    assert_unavailable_page(result)
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT
    assert draft.submitted_at is None
    assert draft.content_hash == ""
    # Once the database is back, the same button submits it, once.
    again = client.post(consultation.url + "respond/check/")
    assert again.status_code == 302 and again.url.endswith("respond/done/")
    assert Response.objects.submitted().count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backend_terminated_mid_submission_shows_a_503_and_rolls_back(consultation):
    on_postgres()
    client = journey_up_to_check(consultation)
    draft = Response.objects.get()
    killer = psycopg.connect(database_url(), autocommit=True)

    def terminate_backend(execute, sql, params, many, context):
        if marks_submitted(sql):
            pid = context["connection"].connection.info.backend_pid
            killer.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(terminate_backend):
            result = client.post(consultation.url + "respond/check/")
    finally:
        killer.close()
        connection.close()  # the test's own handle died with the backend

    assert_unavailable_page(result)
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT
    assert draft.submitted_at is None
    again = client.post(consultation.url + "respond/check/")
    assert again.status_code == 302 and again.url.endswith("respond/done/")
    assert Response.objects.submitted().count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_unreachable_shows_a_503_page_on_any_page(consultation):
    on_postgres()
    client = Client(raise_request_exception=False)
    page_url = consultation.url
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        result = client.get(page_url)
        home = client.get("/en/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert_unavailable_page(result)
    assert_unavailable_page(home)
    assert client.get(page_url).status_code == 200
