"""Dates the way people in the UK write them: "27 November 2026", "3:52pm", "UK time".

Django's own English formats are American ("Nov. 27, 2026, 3:52 p.m."); the portal's
English format module and ``portal.dates`` replace them on pages, in emails and in
reports. Other languages keep their own forms."""

import re
from collections import deque
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation

from portal.dates import format_date, format_datetime, format_time

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
# "Nov. 27", "Nov 27, 2026", "3:52 p.m.", "03:52 PM": American or Django-default style.
AMERICAN = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s\d{1,2},?\s\d{4}"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s\d{1,2},\s\d{4}"
    r"|\d{1,2}:\d{2}\s?(?:a\.m\.|p\.m\.|AM|PM)\b"
)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 27, 15, 52, tzinfo=LONDON), "27 November 2026, 3:52pm"),
        (datetime(2026, 11, 27, 9, 5, tzinfo=LONDON), "27 November 2026, 9:05am"),
        (datetime(2026, 11, 27, 11, 0, tzinfo=LONDON), "27 November 2026, 11am"),
        (datetime(2026, 11, 27, 12, 0, tzinfo=LONDON), "27 November 2026, midday"),
        (datetime(2026, 11, 28, 0, 0, tzinfo=LONDON), "28 November 2026, midnight"),
        # Summer time: 14:00 UTC is 3pm in London.
        (datetime(2026, 7, 1, 14, 0, tzinfo=UTC), "1 July 2026, 3pm"),
    ],
)
def test_an_english_date_and_time_read_the_uk_way(moment, expected):
    with translation.override("en"):
        assert format_datetime(moment) == expected


def test_a_deadline_says_it_is_uk_time():
    with translation.override("en"):
        closes = datetime(2026, 11, 27, 23, 59, tzinfo=LONDON)
        assert format_datetime(closes, with_zone=True) == "27 November 2026, 11:59pm UK time"


def test_templates_use_the_same_forms():
    moment = datetime(2026, 11, 27, 15, 52, tzinfo=LONDON)
    template = Template(
        "{% load portal_tags %}{{ m|local_date }}|{{ m|local_time }}|{{ m|local_datetime }}"
        "|{{ m|uk_datetime }}|{{ m|date }}|{{ m }}"
    )
    with translation.override("en"):
        rendered = template.render(Context({"m": moment}))
    assert rendered.split("|")[:4] == [
        "27 November 2026",
        "3:52pm",
        "27 November 2026, 3:52pm",
        "27 November 2026, 3:52pm UK time",
    ]
    assert rendered.split("|")[4] == "27 November 2026", "Django's own date filter too"
    assert not AMERICAN.search(rendered), rendered


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", "27 listopada 2026, 15:52"),
        ("ur", "27 نومبر 2026، 15:52"),  # Django has no Urdu formats: no "نومبر 27, 2026"
        ("es", "27 de noviembre de 2026, 15:52"),
    ],
)
def test_other_languages_keep_their_own_form(language, expected):
    with translation.override(language):
        assert format_datetime(datetime(2026, 11, 27, 15, 52, tzinfo=LONDON)) == expected
        assert "pm" not in format_time(datetime(2026, 11, 27, 15, 52, tzinfo=LONDON))


def test_a_date_without_a_time_reads_the_uk_way():
    from datetime import date

    with translation.override("en"):
        assert format_date(date(2026, 3, 4)) == "4 March 2026"


def _english_pages(client):
    queue, seen, pages = deque(["/en/", "/en/search/?q=hip"]), {"/en/"}, 0
    while queue and pages < 120:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        document = response.content.decode()
        yield path, document
        for a in BeautifulSoup(document, "html.parser").find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.netloc or parts.query or not parts.path.startswith("/en/"):
                continue
            if "/accounts/logout" in parts.path or parts.path in seen:
                continue
            seen.add(parts.path)
            queue.append(parts.path)


@pytest.mark.django_db
def test_no_english_page_of_the_demo_shows_an_american_date(client, demo_site):
    dated, problems = 0, []
    for path, document in _english_pages(client):
        text = BeautifulSoup(document, "html.parser").get_text(" ")
        text = " ".join(text.split())
        if re.search(
            r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|"
            r"September|October|November|December) \d{4}\b",
            text,
        ):
            dated += 1
        for found in AMERICAN.finditer(text):
            problems.append(f"{path}: {found.group(0)!r}")
    assert dated >= 3, "the demo's consultations and events show their dates"
    assert not problems, "\n".join(problems[:20])
