"""What the Dockerfile does, replayed outside Docker (which cannot run everywhere).

The build-time static step and the image's CMD and HEALTHCHECK are read from the
Dockerfile and run here with production settings.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
DOCKERFILE = BASE_DIR / "Dockerfile"
BIN_DIR = Path(sys.executable).parent
SECRET = "image-test-secret-3f9c1a7e5b2d4c6a8e0f1b3d5c7a9e2f4b6d8c0a"


def dockerfile_instruction(keyword: str) -> list[str]:
    """The JSON (exec-form) command of the Dockerfile's last ``keyword`` instruction."""
    joined = DOCKERFILE.read_text().replace("\\\n", " ")
    lines = [line.strip() for line in joined.splitlines() if line.strip().startswith(keyword)]
    assert lines, f"Dockerfile has no {keyword} instruction"
    return json.loads(lines[-1][lines[-1].index("[") :])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_image_build_collects_hashed_compressed_static_files(tmp_path):
    assert "bash docker/collectstatic.sh" in DOCKERFILE.read_text()
    static_root = tmp_path / "staticfiles"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHON": sys.executable,
        "STATIC_ROOT": str(static_root),
    }
    result = subprocess.run(  # noqa: S603 - bash running our own script
        ["bash", str(BASE_DIR / "docker" / "collectstatic.sh")],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["nhsuk/nhsuk-frontend.min.css"]
    assert hashed_css != "nhsuk/nhsuk-frontend.min.css"
    assert (static_root / hashed_css).exists()
    assert (static_root / f"{hashed_css}.gz").exists()
    assert "wagtailadmin/css/core.css" in manifest


@pytest.fixture
def production_server(tmp_path):
    """The image's CMD (gunicorn), run with production settings on a free port."""
    port = free_port()
    env = {
        "PATH": f"{BIN_DIR}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "ALLOWED_HOSTS": "engage.example.nhs.uk",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    command = dockerfile_instruction("CMD")
    assert command[:2] == ["gunicorn", "portal.wsgi"]
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - the Dockerfile's own command
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "Booting worker" not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("gunicorn did not start:\n" + log_path.read_text())
            time.sleep(0.2)
        yield env
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_image_healthcheck_passes_against_the_running_server(production_server):
    healthcheck = dockerfile_instruction("HEALTHCHECK")
    assert healthcheck[0] == "python"
    deadline = time.monotonic() + 60
    while True:
        result = subprocess.run(  # noqa: S603 - the Dockerfile's own healthcheck
            [sys.executable, *healthcheck[1:]],
            cwd=BASE_DIR,
            env=production_server,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    # 200 over plain http: the probe is neither redirected to https nor refused
    # for its Host header, with production settings.
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "detail": "sqlite"}
