"""Dates read naturally in every site language, Gujarati and Somali included (Django
ships no formats or month names for those two)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from portal.templatetags.portal_tags import local_datetime

MOMENT = datetime(2026, 11, 17, 21, 53, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("gu", "17 નવેમ્બર 2026, 21:53"),
        ("so", "17 Nofembar 2026, 21:53"),
        ("pl", "17 listopada 2026, 21:53"),
    ],
)
def test_a_date_is_written_in_the_visitors_language(language, expected):
    with translation.override(language):
        assert local_datetime(MOMENT) == expected


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_no_site_language_shows_english_month_names(language):
    with translation.override(language):
        written = local_datetime(MOMENT)
    assert "Nov." not in written and "November" not in written, written
