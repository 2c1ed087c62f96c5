"""Right-to-left pages: English fallback text says it is written left to right.

On an Arabic or Urdu page, a paragraph still in English marked only ``lang="en"``
takes the page's direction: its full stop jumps to the front and a date scrambles
("11:00 ,2026 ,11 دسمبر"). Every part of such a page in a left-to-right language
must also carry ``dir="ltr"`` (or ``auto``). Checked on every page type of the demo
site, reached by following links as a visitor would, with one page of each type
synced into Arabic and Urdu but not yet translated (the worst case a translator
leaves behind)."""

from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils.translation import get_language_info

from portal.demo.localize import translate

pytestmark = pytest.mark.django_db

RTL_LANGUAGES = ("ar", "ur")
# Pages no link leads to without signing in or searching.
EXTRA_PATHS = [
    "search/?q=NHS",
    "search/?q=hip",
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
    "panel/join/",
]
SKIP = ("/admin", "/documents/", "/api/", "/accounts/logout", "/i18n/", "/healthz")
PER_SECTION = 6  # pages visited under each first path segment (/ar/consultations/ ...)
MOST_PAGES = 90


@pytest.fixture
def untranslated_copies(demo_site):
    """One English page of each type (and its ancestors) synced into Arabic and Urdu
    with nothing translated, where the demo has no translation of it yet."""
    from wagtail.models import Locale, Page

    english = Locale.objects.get(language_code="en")
    firsts = {}
    for page in Page.objects.live().filter(locale=english, depth__gt=2).order_by("path"):
        firsts.setdefault(page.content_type_id, page)
    wanted = set()
    for page in firsts.values():
        wanted.update(page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True))
        wanted.add(page.pk)
    for code in RTL_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        for page in Page.objects.filter(pk__in=wanted).order_by("path"):
            translate(page.specific, locale, {})


def _left_to_right(code: str) -> bool:
    try:
        return not get_language_info(code.split("-")[0])["bidi"]
    except KeyError:
        return True


def _crawl(client, language: str):
    """(path, html) of the pages reached from the home page and ``EXTRA_PATHS``."""
    prefix = f"/{language}/"
    queue = deque([prefix, *(prefix + path for path in EXTRA_PATHS)])
    seen, per_section = set(queue), Counter()
    while queue and len(seen) <= MOST_PAGES * 2:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        document = response.content.decode()
        yield path, document
        soup = BeautifulSoup(document, "html.parser")
        links = [a["href"] for a in soup.find_all("a", href=True)]
        if "/consultations/" in path and path.count("/") == 4:
            links.append(path + "respond/step/1/")  # the survey's first step
        for href in links:
            parts = urlsplit(href)
            target = parts.path
            if parts.netloc or parts.query or not target.startswith(prefix):
                continue
            if any(part in target for part in SKIP) or target in seen:
                continue
            section = target[len(prefix) :].split("/")[0]
            if per_section[section] >= PER_SECTION:
                continue
            per_section[section] += 1
            seen.add(target)
            queue.append(target)


@pytest.mark.parametrize("language", RTL_LANGUAGES)
def test_english_fallback_on_a_right_to_left_page_says_it_reads_left_to_right(
    client, untranslated_copies, language
):
    pages, marked, problems = 0, 0, []
    for path, document in _crawl(client, language):
        pages += 1
        soup = BeautifulSoup(document, "html.parser")
        assert soup.html.get("dir") == "rtl", path
        for element in soup.find_all(attrs={"lang": True}):
            if element.name == "html" or not _left_to_right(element["lang"]):
                continue
            marked += 1
            if element.get("dir") not in ("ltr", "auto"):
                problems.append(f"{path}: {str(element)[:160]}")
    assert pages >= 15, f"only {pages} pages reached"
    assert marked > 0, "the untranslated copies show English text somewhere"
    assert not problems, "\n".join(problems[:20])
