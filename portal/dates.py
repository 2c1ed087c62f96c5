"""Dates and times as people read them, in UK time: one place for pages, emails and
reports.

English follows the GOV.UK style: "27 November 2026", "3:52pm", "11am", "midday",
"midnight" (never "Nov. 27, 2026" or "03:52 p.m."). Other languages use their own
formats (Django's, or ``portal.formats`` where Django has none). Times shown for a
deadline or an event say "UK time" (``with_zone``), since people answer from abroad
too. Templates use the filters in ``portal.templatetags.portal_tags``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format, get_format, time_format
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def format_date(value) -> str:
    """'27 November 2026' (or the language's own form)."""
    if not value:
        return ""
    return date_format(_local(value), "DATE_FORMAT")


def format_month(value) -> str:
    """'November 2026'."""
    if not value:
        return ""
    return date_format(_local(value), "YEAR_MONTH_FORMAT")


def format_time(value) -> str:
    """'3:52pm', '11am', 'midday', 'midnight' in English; the language's own clock
    elsewhere."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if not _english():
        return time_format(value, get_format("TIME_FORMAT"))
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "midday"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"


def format_datetime(value, *, with_zone: bool = False) -> str:
    """'27 November 2026, 3:52pm', with ' UK time' after it when ``with_zone``."""
    if not value:
        return ""
    language = get_language() or "en"
    comma = "، " if get_language_info(language.split("-")[0]).get("bidi") else ", "
    moment = f"{format_date(value)}{comma}{format_time(value)}"
    if with_zone:
        # Translators: a date and time, then the words saying it is the time in the UK.
        return _("%(moment)s UK time") % {"moment": moment}
    return moment
