"""Language of parts (WCAG 2.2, 3.1.2): mark text a translator has not translated yet.

A page translated with wagtail-localize shows the source text for every string
nobody has translated yet, so an Arabic page can hold English paragraphs, labels or
options. Screen readers read them with Arabic rules unless the element says it is
English. This module finds those strings (wagtail-localize's own records: the
source's string segments with no translation into the page's locale) and marks
each element, or bare piece of text, that shows one with ``lang`` and ``dir``.

Used by ``portal.middleware.LanguageOfPartsMiddleware`` on the pages Wagtail serves
(and their sub-pages, such as survey steps); nothing runs for a page in its source
language or one that is fully translated.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import Comment
from django.db.models import Exists, OuterRef
from django.utils.html import strip_tags
from django.utils.translation import get_language_info
from wagtail_localize.models import StringSegment, StringTranslation, Translation

SPACES = re.compile(r"\s+")
LETTER = re.compile(r"[^\W\d_]")
# Elements whose whole text can be one translatable string.
TEXT_ELEMENTS = {
    "a",
    "blockquote",
    "button",
    "caption",
    "dd",
    "div",
    "dt",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "label",
    "legend",
    "li",
    "option",
    "p",
    "span",
    "strong",
    "summary",
    "td",
    "th",
}
NOT_TEXT = {"script", "style", "template", "textarea"}
# Boxes that lay out other things: they get a language but keep the page's direction,
# so a radio button stays on the same side as its neighbours' in a right-to-left page.
LAYOUT_ELEMENTS = {"div", "li", "td", "th", "option", "button"}
FORM_CONTROLS = ["input", "select", "textarea", "button"]


def normalise(text: str) -> str:
    return SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Untranslated:
    """The source language of a translated page and the texts still in it."""

    language: str
    direction: str
    texts: frozenset[str]


def untranslated_strings(page) -> Untranslated | None:
    """What of ``page`` is still in its source language, or None if nothing is."""
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .select_related("source__locale")
        .first()
    )
    if translation is None or translation.source.locale_id == page.locale_id:
        return None
    translated = StringTranslation.objects.filter(
        translation_of=OuterRef("string"),
        locale_id=page.locale_id,
        context=OuterRef("context"),
    )
    data = (
        StringSegment.objects.filter(source=translation.source)
        .exclude(Exists(translated))
        .values_list("string__data", flat=True)
    )
    texts = {normalise(html.unescape(strip_tags(value))) for value in data}
    texts = frozenset(text for text in texts if LETTER.search(text))
    if not texts:
        return None
    language = translation.source.locale.language_code
    bidi = get_language_info(language).get("bidi", False) if language else False
    return Untranslated(language=language, direction="rtl" if bidi else "ltr", texts=texts)


def mark_untranslated(document: str, untranslated: Untranslated) -> str | None:
    """``document`` with each piece of untranslated text in <main> marked with its
    language, or None when there is nothing to mark.

    The document is parsed to find what to mark, but only edited where it is marked
    (attributes added to a start tag, a <span> around a piece of text), so the rest
    of the markup stays exactly as the template wrote it.
    """
    soup = BeautifulSoup(document, "html.parser")
    main = soup.find("main")
    if main is None:
        return None
    language = f' lang="{untranslated.language}"'
    attributes = f'{language} dir="{untranslated.direction}"'
    line_starts = [0]
    for line in document.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def offset(tag) -> int:
        return line_starts[tag.sourceline - 1] + tag.sourcepos

    marked_elements = []  # tags given a language, as we go
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in ``document``

    def inside_marked(node) -> bool:
        """Whether an element between ``node`` and <main> already says its language."""
        for parent in node.parents:
            if parent is main:
                return False
            if parent.has_attr("lang") or any(parent is tag for tag in marked_elements):
                return True
        return False

    # Whole elements first: a paragraph with a link in it is one string.
    for element in main.find_all(TEXT_ELEMENTS):
        if element.has_attr("lang") or inside_marked(element):
            continue
        if normalise(element.get_text()) in untranslated.texts:
            name_end = offset(element) + 1 + len(element.name)
            keeps_direction = (
                element.has_attr("dir")  # such as dir="auto" on a label
                or element.name in LAYOUT_ELEMENTS
                or element.find(FORM_CONTROLS) is not None
            )
            added = language if keeps_direction else attributes
            edits.append((name_end, name_end, added))
            marked_elements.append(element)

    # Then bare text beside other things, such as a label with "(optional)" after it.
    for text in main.find_all(string=True):
        if isinstance(text, Comment) or text.parent.name in NOT_TEXT:
            continue
        value = normalise(str(text))
        if value not in untranslated.texts or text.parent.has_attr("lang"):
            continue
        if any(text.parent is tag for tag in marked_elements) or inside_marked(text):
            continue
        start_tag_end = document.find(">", offset(text.parent))
        stripped = str(text).strip()
        for written in (stripped, html.escape(stripped)):
            at = document.find(written, start_tag_end)
            if at != -1:
                edits.append((at, at + len(written), f"<span{attributes}>{written}</span>"))
                break

    if not edits:
        return None
    for start, end, replacement in sorted(edits, reverse=True):
        document = document[:start] + replacement + document[end:]
    return document
