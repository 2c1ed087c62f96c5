"""Browser tests: Debian's chromium driven by Playwright, against a live server.

They skip, saying why, when chromium is not installed (make test installs it
with apt-get where it can).
"""

from io import StringIO
from pathlib import Path

import pytest

from tests.consultations.conftest import consultation, consultation_index  # noqa: F401 - fixtures

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


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
    funcargs = getattr(item, "funcargs", {})
    page = funcargs.get("browser_page") or funcargs.get("tab")
    if report.when == "call" and report.failed and page is not None:
        try:
            screenshot(page, f"FAILED-{item.name}")
        except Exception:  # noqa: BLE001, S110 - a failed screenshot must not hide the failure
            pass


class LiveDemo:
    """The demo site behind a live server: ``url(path)`` and the pages by name."""

    def __init__(self, server, pages):
        self.server = server
        self.pages = pages

    def url(self, path: str) -> str:
        return self.server.url + path


def _translate_untranslated_page_types():
    """Arabic and Bengali versions of the page types the demo leaves in English only.

    Like a translator who has synced a page but not translated its text yet: the page
    exists in the locale and falls back to the English strings.
    """
    from wagtail.models import Locale

    from consultations.models import (
        FeedbackPage,
        OutcomeIndexPage,
        PolicyDraftPage,
        YouSaidWeDidPage,
    )
    from portal.demo.localize import translate

    english = Locale.objects.get(language_code="en")
    wanted = [
        FeedbackPage.objects.get(locale=english),
        PolicyDraftPage.objects.get(locale=english, slug="benign-skin-lesions"),
        OutcomeIndexPage.objects.get(locale=english),
        YouSaidWeDidPage.objects.get(locale=english),
    ]
    for code in ("ar", "bn"):
        locale = Locale.objects.get(language_code=code)
        for page in wanted:
            translate(page, locale, {})


def _configured_database_name() -> str:
    from django.conf import settings

    return str(settings.DATABASES["default"]["NAME"])


# Read when this file is imported, before pytest-django swaps in the test database.
CONFIGURED_DATABASE = _configured_database_name()


def _test_databases_ready() -> bool:
    from django.db import connection

    return str(connection.settings_dict["NAME"]) != CONFIGURED_DATABASE


@pytest.fixture(scope="module")
def live_demo(request, django_db_setup, django_db_blocker):
    """The demo site, committed, served by a live server of its own, for one module.

    ``live_server`` would make every test transactional, flushing the database (and
    the demo site with it) after each test; loading the demo takes ~15 s, so a module
    shares one copy instead. Tests in such a module get no ``db`` fixture: their
    database reads and writes commit at once, like the server's, and are shared by the
    module's later tests. The tables are flushed after the module, as a transactional
    test would leave them.
    """
    from django.core.cache import cache
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer
    from wagtail.models import Page, Site

    from tests.browser import migration_data

    with django_db_blocker.unblock():
        created = None
        if not _test_databases_ready():
            # pytest-django sets up the test database only when some collected test
            # asks for ``db``; a run of these modules alone asks for none.
            from django.test.utils import setup_databases

            created = setup_databases(
                verbosity=0,
                interactive=False,
                keepdb=bool(request.config.getvalue("reuse_db")),
                aliases={"default"},
            )
        assert _test_databases_ready(), "refusing to load the demo into a non-test database"
        server = None
        try:
            if migration_data.needs_restoring():
                # A transactional test before this module flushed the migrations' data.
                ran, failed = migration_data.restore()
                print(f"restored migration data: {ran} ran; failed: {failed}")
            call_command("load_demo_content", stdout=StringIO())
            _translate_untranslated_page_types()
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            site = Site.objects.get(is_default_site=True)
            site.hostname, site.port = "localhost", server.thread.port
            site.save()
            cache.clear()
            pages = {page.slug: page for page in Page.objects.filter(locale__language_code="en")}
            yield LiveDemo(server, pages)
        finally:
            if server is not None:
                server._live_server_modified_settings.disable()
                server.stop()
            call_command("flush", interactive=False, verbosity=0)
            migration_data.restore()  # as fresh as the module found it, or fresher
            cache.clear()
            if created is not None and not request.config.getvalue("reuse_db"):
                from django.test.utils import teardown_databases

                teardown_databases(created, verbosity=0)


@pytest.fixture
def tab(chromium):
    """A fresh browser tab with JavaScript on, phone-sized."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.javascript = True
    yield page
    context.close()


def save_screenshot(page, name: str) -> Path:
    """Keep a PNG of the whole page in test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
