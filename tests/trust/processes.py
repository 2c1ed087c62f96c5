"""Real services the fault tests start, stop and kill: a private Redis and Celery workers.

Nothing here touches the shared Redis (6379) or PostgreSQL server: each test run
starts its own ``redis-server`` on a free loopback port, and its workers read only
that Redis and the test database.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis

BASE_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class PrivateRedis:
    """A throwaway ``redis-server`` on a port of its own, which tests may stop and restart."""

    def __init__(self, workdir: Path):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> None:
        command = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        log = (self.workdir / "redis.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603 - redis-server from PATH, our arguments
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        wait_until(self.answers, START_TIMEOUT, f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
        wait_until(lambda: not self.answers(), 5, "redis-server to stop")


class CeleryWorker:
    """``celery -A portal worker`` (solo pool) on the private Redis and the test database."""

    def __init__(self, *, broker_url: str, database_url: str, outbox: Path, log_path: Path):
        self.broker_url = broker_url
        self.database_url = database_url
        self.outbox = outbox
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self, *, visibility_timeout: int = 3600) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.trust.worker_settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.broker_url,
            "CELERY_BROKER_URL": self.broker_url,
            "TRUST_OUTBOX": str(self.outbox),
            "TRUST_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "PYTHONPATH": str(BASE_DIR),
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ]
        offset = len(self.log())
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and app
                command,
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"celery worker exited early; log:\n{self.log()}")
            return " ready." in self.log()[offset:]

        wait_until(ready, START_TIMEOUT, "the celery worker to start", interval=0.2)

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to acknowledge or requeue anything."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
