"""Browser tests: Debian's chromium driven by Playwright, against a live server.

They skip, saying why, when chromium is not installed (make test installs it
with apt-get where it can).
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.consultations.conftest import consultation, consultation_index  # noqa: F401 - fixtures

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls
# the tests make between browser steps are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def browser_page(request, chromium):
    """A fresh browser tab, with JavaScript on and off."""
    context = chromium.new_context(
        java_script_enabled=request.param, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.javascript = request.param  # tests may branch on what the person's browser does
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a screenshot of the page a failed browser test was looking at."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("browser_page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        try:
            screenshot(page, f"FAILED-{item.name}")
        except Exception:  # noqa: BLE001, S110 - a failed screenshot must not hide the failure
            pass
