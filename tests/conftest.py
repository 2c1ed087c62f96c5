"""Fixtures shared by every test folder."""

import pytest
from wagtail.models import Locale, Page, Site

from portal.models import HomePage


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
