"""docker/entrypoint.sh, run with bash outside Docker against a throwaway database."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
ENTRYPOINT = BASE_DIR / "docker" / "entrypoint.sh"


def run_entrypoint(command, *, database_url, run_migrations=False, wait_seconds=30):
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": database_url,
        "DB_WAIT_SECONDS": str(wait_seconds),
        "RUN_MIGRATIONS": "1" if run_migrations else "0",
    }
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    process = subprocess.Popen(  # noqa: S603 - bash running our own script
        ["bash", str(ENTRYPOINT), *command],  # noqa: S607 - bash from PATH, as Docker does
        cwd="/",
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate(timeout=300)
    return process, stdout, stderr


def applied_migrations(sqlite_path: Path) -> set[str]:
    with sqlite3.connect(sqlite_path) as db:
        rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
    return {f"{app}.{name}" for app, name in rows}


def test_entrypoint_migrates_then_execs_the_command(tmp_path):
    database = tmp_path / "portal.sqlite3"
    report_pid = "import os; print('command ran as pid', os.getpid())"
    process, stdout, stderr = run_entrypoint(
        [sys.executable, "-c", report_pid],
        database_url=f"sqlite:///{database}",
        run_migrations=True,
    )
    assert process.returncode == 0, stderr
    assert "entrypoint: database is answering" in stdout
    assert "entrypoint: applying migrations" in stdout
    # exec: the command replaced the entrypoint's shell rather than running under it.
    assert stdout.rstrip().endswith(f"command ran as pid {process.pid}")
    migrations = applied_migrations(database)
    assert {"portal.0001_user", "wagtailcore.0001_initial"} <= migrations
    check = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, "migrations left unapplied:\n" + check.stdout


def test_entrypoint_leaves_migrations_alone_unless_asked(tmp_path):
    database = tmp_path / "portal.sqlite3"
    process, stdout, stderr = run_entrypoint(
        ["python", "-c", "print(1)"], database_url=f"sqlite:///{database}"
    )
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1] == "1"
    assert "applying migrations" not in stdout
    with sqlite3.connect(database) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == []


def test_entrypoint_passes_on_the_command_exit_code(tmp_path):
    process, _, stderr = run_entrypoint(
        ["python", "-c", "raise SystemExit(3)"],
        database_url=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
    )
    assert process.returncode == 3, stderr


def test_entrypoint_gives_up_on_an_unreachable_database_without_running_the_command():
    process, stdout, stderr = run_entrypoint(
        ["python", "-c", "print('should not run')"],
        database_url="postgres://postgres@127.0.0.1:1/portal",
        run_migrations=True,
        wait_seconds=2,
    )
    assert process.returncode != 0
    assert "entrypoint: waiting for the database" in stderr
    assert "entrypoint: database not answering after 2s" in stderr
    assert "should not run" not in stdout
    assert "applying migrations" not in stdout


@pytest.fixture
def empty_postgres_database():
    """A fresh PostgreSQL database on the server DATABASE_URL points at, dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: DATABASE_URL does not point at a PostgreSQL server")
    name = f"portal_entrypoint_{uuid.uuid4().hex[:10]}"
    server = url.rsplit("/", 1)[0]
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"needs PostgreSQL: cannot connect to {server} ({exc})")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{server}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_entrypoint_migrates_a_postgresql_database(empty_postgres_database):
    process, stdout, stderr = run_entrypoint(
        ["python", "-c", "print('started')"],
        database_url=empty_postgres_database,
        run_migrations=True,
    )
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1] == "started"
    with psycopg.connect(empty_postgres_database) as db:
        applied = db.execute(
            "SELECT count(*) FROM django_migrations WHERE app IN ('portal', 'wagtailcore')"
        ).fetchone()[0]
    assert applied > 2
