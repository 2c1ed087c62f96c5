"""Fixtures shared by every test folder."""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale, Page, Site

from portal.models import HomePage

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls
# the tests make between browser steps are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def locales(db):
    """English (the default) plus Polish and Arabic locales."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    polish = Locale.objects.get_or_create(language_code="pl")[0]
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    return {"en": english, "pl": polish, "ar": arabic}


@pytest.fixture
def home_page(locales):
    """An English home page as the default site's root, like a fresh install."""
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test before this one flushed the tables, migration data too.
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
    # Wagtail's initial migration leaves a placeholder "Welcome" page: replace it.
    for placeholder in root.get_children():
        placeholder.delete()
    home = root.add_child(
        instance=HomePage(title="Have your say", slug="home", locale=locales["en"])
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Portal"},
    )
    return home


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The site ``manage.py load_demo_content`` builds, loaded once per test module.

    Returns what the command printed. It is built inside a transaction that is rolled
    back after the module's last test; each test still runs in its own savepoint, so
    tests do not see each other's changes. Tests using it need the ``db`` fixture.
    """
    output = StringIO()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_demo_content", stdout=output)
    yield output.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    cache.clear()  # Wagtail caches site root paths; they pointed at the demo site


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """A request in another language leaves that language active in this thread; put the
    default back, so the next test, or a module's demo site, is not built in Arabic."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (Redis in CI keeps keys between tests)."""
    cache.clear()
    yield
    cache.clear()


# One browser for the whole session, whichever folder's tests use it (a second
# Playwright started while the first runs fails with "Sync API inside the asyncio loop").
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
