"""Production settings: refuse to start half-configured, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
REQUIRED = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
# 50+ characters, not "django-insecure-...": what check --deploy asks for.
STRONG_SECRET = "b7Qz1xV0-only-for-this-test-n3Kp9sLw4Rt6Yu8Io2Pa5Sd7Fg1Hj3Kl"


def production_env(tmp_path, **values):
    """A scrubbed environment: nothing inherited but PATH, plus the given values."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(values)
    return env


def complete_env(tmp_path):
    return production_env(
        tmp_path,
        SECRET_KEY=STRONG_SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        ALLOWED_HOSTS="engage.example.nhs.uk",
    )


def run_python(code, env):
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_each_required_setting(tmp_path, missing):
    env = complete_env(tmp_path)
    del env[missing]
    result = run_python("import portal.settings.production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set in production" in result.stderr


def test_production_refuses_an_empty_allowed_hosts(tmp_path):
    env = complete_env(tmp_path)
    env["ALLOWED_HOSTS"] = ""
    result = run_python("import portal.settings.production", env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_with_nothing_set_refuses_to_start(tmp_path):
    result = run_python("import portal.settings.production", production_env(tmp_path))
    assert result.returncode != 0
    assert "must be set in production" in result.stderr


def test_production_starts_with_the_three_settings_and_never_debugs(tmp_path):
    env = complete_env(tmp_path)
    env["DEBUG"] = "true"
    code = (
        "from portal.settings import production as s; "
        f"print(s.DEBUG, s.ALLOWED_HOSTS, s.SECRET_KEY == {STRONG_SECRET!r})"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['engage.example.nhs.uk'] True"


def test_deploy_check_reports_no_warnings_for_production(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=complete_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
