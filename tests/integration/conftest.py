"""Fixtures for tests that run real services and processes (Redis, a Celery worker).

Tests that need Redis are marked ``redis`` and skip, saying why, when ``REDIS_URL``
is not set or nothing answers there. ``make test`` with ``REDIS_URL`` set (as
``.ci/run`` does in its second pass) runs them.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from celery.backends.redis import RedisBackend

from portal.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 30


@pytest.fixture(scope="session")
def redis_url():
    """REDIS_URL from the environment, once Redis has answered a PING."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("needs Redis: REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0)")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"needs Redis: nothing answers at REDIS_URL={url} ({exc})")
    finally:
        client.close()
    return url


@dataclass
class RunningWorker:
    queue: str
    process: subprocess.Popen
    log_path: Path
    results: RedisBackend

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, task_id: str, timeout: float = 20) -> dict:
        """The worker's stored outcome of ``task_id``, once it has finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            meta = self.results.get_task_meta(task_id)
            if meta["status"] in ("SUCCESS", "FAILURE"):
                self.results.forget(task_id)
                return meta
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(
            f"task {task_id} did not finish within {timeout}s; worker log:\n{self.log()}"
        )


@pytest.fixture(scope="session")
def celery_worker_process(redis_url, tmp_path_factory):
    """A real ``celery -A portal worker`` consuming a queue of its own on REDIS_URL.

    Started once per test session (it takes a few seconds). The queue name is
    unique to this run, so parallel runs sharing one Redis never take each
    other's messages.
    """
    queue = f"portal-test-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "REDIS_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "PYTHONPATH": str(BASE_DIR),
    }
    # No C_FORCE_ROOT: Celery refuses to run as root only a worker that accepts pickle,
    # and ours accepts JSON only (tests/trust/test_pickle_on_the_broker.py).
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--queues",
        queue,
        "--hostname",
        f"{queue}@{socket.gethostname()}",
        "--pool",
        "solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    results = RedisBackend(app=celery_app, url=redis_url)
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and app
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker = RunningWorker(queue=queue, process=process, log_path=log_path, results=results)
    try:
        _wait_until_consuming(worker)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        _forget_queue(redis_url, queue)


@pytest.fixture
def celery_worker(celery_worker_process, redis_url, settings):
    """The running worker, with this process sending tasks to it instead of running
    them eagerly (test settings run tasks eagerly everywhere else)."""
    settings.CELERY_BROKER_URL = redis_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return celery_worker_process


def _wait_until_consuming(worker: RunningWorker) -> None:
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while time.monotonic() < deadline:
        if " ready." in worker.log():
            return
        if worker.process.poll() is not None:
            raise AssertionError(f"celery worker exited early; log:\n{worker.log()}")
        time.sleep(0.2)
    raise AssertionError(f"celery worker not ready in {WORKER_START_TIMEOUT}s:\n{worker.log()}")


def _forget_queue(redis_url: str, queue: str) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(queue, f"_kombu.binding.{queue}")
    finally:
        client.close()
