"""Load test: sustained survey submissions while people read pages, on the real stack.

    .venv/bin/python bench/load_test.py [--duration 60] [--users 24] [--readers 4]
        [--workers 4] [--threads 4] [--lean]

Starts, on loopback, gunicorn (``--workers`` processes of ``--threads`` threads,
``portal.wsgi``, DEBUG off), a Celery worker, against PostgreSQL
(``LOAD_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/hardening_load``;
created if missing, migrated, emptied: its name must contain "load") and Redis
(``LOAD_REDIS_URL``, default ``redis://127.0.0.1:6379/7``, that database flushed
first) for the cache and the broker. A separate client process
(``bench/load/client.py``) then answers the survey for ``--duration`` seconds as
many different people (the full journey a browser makes: form, step, your details,
check your answers, confirmation; ``--lean`` skips the GETs of redirect targets),
while other threads read pages. Afterwards it counts the rows: every confirmed
journey must be exactly one submitted response (none lost, none duplicated), waits
for the worker to drain its queue, and prints submissions per second, latency
percentiles, the error rate and the machine. Exits 1 if a submission was lost or
duplicated, or the error rate is over 1%; the 200 submissions/s target is reported,
not enforced (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import hardware  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
TARGET_PER_SECOND = 200
DRAIN_TIMEOUT = 180


def machine() -> dict[str, str]:
    return hardware()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def ensure_database(database_url: str) -> None:
    import psycopg

    name = urlparse(database_url).path.lstrip("/")
    if "load" not in name:
        sys.exit(f"refusing to empty database {name!r}: its name must contain 'load'")
    admin = urlparse(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def run(command: list[str], env: dict, what: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and project
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"{what} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(env: dict) -> dict:
    print("migrating and building the test site…", flush=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
    out = run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from bench.load import prepare; prepare.main()",
        ],
        env,
        "preparing the site",
    )
    line = next(line for line in out.splitlines() if line.startswith("LOADTEST "))
    return json.loads(line.removeprefix("LOADTEST "))


def flush_redis(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()


def queue_length(redis_url: str) -> int:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return int(client.llen("celery")) + int(client.hlen("unacked"))
    finally:
        client.close()


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(  # noqa: S603 - our own tools from the venv
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {url} within {timeout}s")


def count_rows(database_url: str, description: dict, tokens_ok, tokens_unsure) -> dict:
    """Match every confirmed journey's sentence with the submitted rows."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """
            SELECT split_part(a.value_text, ' ', 1) AS token, count(*)
            FROM consultations_answer a
            JOIN consultations_response r ON r.id = a.response_id
            WHERE r.consultation_id = %s AND r.status = 'submitted' AND a.question_id = %s
            GROUP BY 1
            """,
            [description["page_id"], description["why_question_id"]],
        ).fetchall()
        submitted = conn.execute(
            "SELECT count(*) FROM consultations_response WHERE consultation_id = %s "
            "AND status = 'submitted'",
            [description["page_id"]],
        ).fetchone()[0]
    stored = dict(rows)
    ok = set(tokens_ok)
    return {
        "submitted_rows": submitted,
        "confirmed_journeys": len(ok),
        "lost": sorted(ok - set(stored))[:10],
        "lost_count": len(ok - set(stored)),
        "duplicated_count": sum(1 for n in stored.values() if n > 1),
        "saved_without_confirmation": len(set(stored) & set(tokens_unsure)),
        "rows_not_from_a_confirmed_journey": len(set(stored) - ok - set(tokens_unsure)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--lean", action="store_true")
    args = parser.parse_args()

    database_url = os.environ.get(
        "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hardening_load"
    )
    redis_url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7")
    about = machine()
    env = environment(database_url, redis_url)
    ensure_database(database_url)
    description = prepare(env)
    flush_redis(redis_url)

    port = free_port()
    logs = Path(os.environ.get("LOAD_LOG_DIR", "/tmp"))  # noqa: S108 - logs of a local run
    worker = start(
        [
            str(BIN / "celery"),
            "-A",
            "portal",
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
        ],
        env,
        logs / "load-worker.log",
    )
    server = start(
        [
            str(BIN / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--backlog",
            "2048",
            "--timeout",
            "60",
        ],
        {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        logs / "load-gunicorn.log",
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/en/")
        if worker.poll() is not None:
            sys.exit(f"the Celery worker exited; see {logs / 'load-worker.log'}")
        for _ in range(args.workers * 3):  # warm every worker
            urllib.request.urlopen(  # noqa: S310 - loopback
                f"http://127.0.0.1:{port}{description['page_path']}", timeout=30
            ).read()
        print(f"running the client for {args.duration:.0f}s…", flush=True)
        client = subprocess.run(  # noqa: S603 - our own client script
            [
                PYTHON,
                str(ROOT / "bench" / "load" / "client.py"),
                "--port",
                str(port),
                "--duration",
                str(args.duration),
                "--users",
                str(args.users),
                "--readers",
                str(args.readers),
                "--description",
                json.dumps(description),
                *(["--lean"] if args.lean else []),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=args.duration + 300,
        )
        line = next(
            (line for line in client.stdout.splitlines() if line.startswith("RESULT ")), None
        )
        if line is None:
            sys.exit(f"client failed:\n{client.stdout}\n{client.stderr}")
        result = json.loads(line.removeprefix("RESULT "))
        drain_started = time.monotonic()
        while queue_length(redis_url) and time.monotonic() - drain_started < DRAIN_TIMEOUT:
            time.sleep(0.5)
        drained = time.monotonic() - drain_started
        left = queue_length(redis_url)
    finally:
        stop(server)
        stop(worker)

    counts = count_rows(database_url, description, result["tokens_ok"], result["tokens_unsure"])
    report(args, about, result, counts, drained, left)
    healthy = counts["lost_count"] == 0 and counts["duplicated_count"] == 0
    return 0 if healthy and result["error_rate"] <= 0.01 else 1


def report(args, about, result, counts, drained, left) -> None:
    print()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in about.items()))
    print(
        f"Stack: gunicorn {args.workers} workers x {args.threads} threads (gthread), "
        "PostgreSQL, Redis (cache + broker), 1 Celery worker; client in a separate process, "
        f"{args.users} respondents + {args.readers} readers, "
        + ("POSTs only (--lean)" if args.lean else "full journey following redirects")
    )
    print(f"Ran for {result['elapsed_seconds']} s")
    print(
        f"Submissions: {result['journeys_ok']} confirmed, "
        f"{result['submissions_per_second']}/s (target {TARGET_PER_SECOND}/s: "
        f"{'met' if result['submissions_per_second'] >= TARGET_PER_SECOND else 'NOT met'}); "
        f"{result['journeys_failed']} journeys failed"
    )
    print(
        f"Requests: {result['requests']} ({result['requests_per_second']}/s), "
        f"error rate {result['error_rate'] * 100:.2f}% ({result['failed_requests']} failed)"
    )
    if result["errors"]:
        print("Errors: " + json.dumps(result["errors"]))
    print(
        f"Journey p50 {result['journey_p50_ms']} ms, p95 {result['journey_p95_ms']} ms; "
        f"all requests p95 {result['all_requests_p95_ms']} ms"
    )
    for kind, figures in result["latency_ms"].items():
        print(
            f"  {kind:13} n={figures['count']:6}  p50 {figures['p50']} ms  p95 {figures['p95']} ms"
        )
    print(
        f"Rows: {counts['submitted_rows']} submitted responses for "
        f"{counts['confirmed_journeys']} confirmed journeys; lost {counts['lost_count']}, "
        f"duplicated {counts['duplicated_count']}, saved though the client saw an error "
        f"{counts['saved_without_confirmation']}, unexplained "
        f"{counts['rows_not_from_a_confirmed_journey']}"
    )
    print(f"Worker queue drained {drained:.1f} s after the run ({left} messages left)")


if __name__ == "__main__":
    sys.exit(main())
