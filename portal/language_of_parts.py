"""Language of parts (WCAG 2.2, 3.1.2): mark text a translator has not translated yet.

A page translated with wagtail-localize shows the source text for every string
nobody has translated yet, so an Arabic page can hold English paragraphs, labels or
options. Screen readers read them with Arabic rules unless the element says it is
English. This module finds those strings (wagtail-localize's own records: the
source's string segments with no translation into the page's locale) for the page,
the pages in its breadcrumbs and the pages it lists, and marks each element, or bare
piece of text, in <main> or the breadcrumbs that shows one with ``lang`` and ``dir``
(so English on an Arabic page reads left to right: full stops and dates stay in
place). Boxes that lay out other things (a radio and its label, a list item) keep the
page's direction: the text inside them is marked instead.

``attributes`` is the one place that writes these marks; templates that show text in
a language other than the page's (a comment, a document) use it through the
``language_of_part`` template tag.

Used by ``portal.middleware.LanguageOfPartsMiddleware`` on the pages Wagtail serves
(and their sub-pages, such as survey steps) and on the site search's results; nothing
is changed on a page in its source language or one that is fully translated.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import Comment
from django.db.models import Exists, OuterRef, Q
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
# Boxes that lay out other things keep the page's direction, so a radio button or a
# bullet stays on the same side as its neighbours' in a right-to-left page: the text
# inside them is marked (the label, or a <span> around bare text) instead.
LAYOUT_ELEMENTS = {"div", "li", "td", "th", "button"}
FORM_CONTROLS = ["input", "select", "textarea", "button"]


def normalise(text: str) -> str:
    return SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Untranslated:
    """Texts still in the language they were written in, by that language."""

    languages: dict[str, str]  # text -> language code


# Pages whose text can show on a page: the page, the pages in its breadcrumbs and the
# pages it lists (at most this many of its children).
LISTED_CHILDREN = 200
LISTED_FIELDS = ["title", "intro", "search_description"]


def untranslated_strings(page) -> Untranslated | None:
    """What is still untranslated on ``page``, in its breadcrumbs and in the pages it
    lists, or None if nothing is."""
    others = [p.translation_key for p in page.get_ancestors().filter(depth__gt=1)]
    others += list(
        page.get_children().live().values_list("translation_key", flat=True)[:LISTED_CHILDREN]
    )
    return _untranslated(page.locale_id, own=page.translation_key, listed=others)


def untranslated_in_listing(pages, locale_id: int) -> Untranslated | None:
    """What is still untranslated in the titles and summaries of ``pages`` listed on a
    page that is not itself a Wagtail page (the site search)."""
    keys = [page.translation_key for page in pages][:LISTED_CHILDREN]
    return _untranslated(locale_id, own=None, listed=keys) if keys else None


def _untranslated(locale_id: int, *, own, listed: list) -> Untranslated | None:
    keys = [own, *listed] if own is not None else listed
    sources, own_source = {}, None
    for translation in (
        Translation.objects.filter(source__object_id__in=keys, target_locale_id=locale_id)
        .exclude(source__locale_id=locale_id)
        .select_related("source__locale")
    ):
        sources[translation.source_id] = translation.source.locale.language_code
        if own is not None and translation.source.object_id == own:
            own_source = translation.source_id
    if not sources:
        return None
    translated = StringTranslation.objects.filter(
        translation_of=OuterRef("string"),
        locale_id=locale_id,
        context=OuterRef("context"),
    )
    # All of the page's own text; of other pages, what breadcrumbs and listings show.
    shown = Q(source_id=own_source) | Q(source_id__in=sources, context__path__in=LISTED_FIELDS)
    rows = (
        StringSegment.objects.filter(shown)
        .exclude(Exists(translated))
        .values_list("source_id", "string__data")
    )
    languages = {}
    for source_id, value in rows:
        text = normalise(html.unescape(strip_tags(value)))
        if LETTER.search(text):
            languages.setdefault(text, sources[source_id])
    return Untranslated(languages) if languages else None


def direction(language: str) -> str:
    """'rtl' or 'ltr', the way ``language`` is written."""
    try:
        bidi = get_language_info(language.split("-")[0]).get("bidi", False)
    except KeyError:  # a language Django does not know: most are written left to right
        bidi = False
    return "rtl" if bidi else "ltr"


def attributes(language: str, *, direction_of_its_own: str | None = None) -> str:
    """' lang="en" dir="ltr"': what marks a part of a page written in ``language``
    (WCAG 3.1.2), with the direction it is written in, so that a left-to-right
    fragment on a right-to-left page keeps its punctuation and numbers in order."""
    if direction_of_its_own is not None:
        return f' lang="{language}"'
    return f' lang="{language}" dir="{direction(language)}"'


def _carried_inside(element, text: str) -> bool:
    """Whether something inside a layout box (a label, a link, a bare piece of text)
    shows the whole of ``text`` and can carry the marks instead of the box."""
    for inner in element.find_all(TEXT_ELEMENTS - LAYOUT_ELEMENTS):
        if normalise(inner.get_text()) == text and inner.find(FORM_CONTROLS) is None:
            return True
    return any(
        normalise(str(piece)) == text
        for piece in element.find_all(string=True)
        if not isinstance(piece, Comment) and piece.parent.name not in NOT_TEXT
    )


def mark_untranslated(document: str, untranslated: Untranslated) -> str | None:
    """``document`` with each piece of untranslated text in <main> and the breadcrumbs
    marked with its language, or None when there is nothing to mark.

    The document is parsed to find what to mark, but only edited where it is marked
    (attributes added to a start tag, a <span> around a piece of text), so the rest
    of the markup stays exactly as the template wrote it.
    """
    soup = BeautifulSoup(document, "html.parser")
    roots = [root for root in (soup.find(class_="nhsuk-breadcrumb"), soup.find("main")) if root]
    line_starts = [0]
    for line in document.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def offset(tag) -> int:
        return line_starts[tag.sourceline - 1] + tag.sourcepos

    marked = set()  # ids of the tags given a language, as we go
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in ``document``

    def inside_marked(node, root) -> bool:
        """Whether an element between ``node`` and ``root`` already says its language."""
        for parent in node.parents:
            if parent is root:
                return False
            if parent.has_attr("lang") or id(parent) in marked:
                return True
        return False

    for root in roots:
        # Whole elements first: a paragraph with a link in it is one string.
        for element in root.find_all(TEXT_ELEMENTS):
            text = normalise(element.get_text())
            language = untranslated.languages.get(text)
            if language is None or element.has_attr("lang") or inside_marked(element, root):
                continue
            lays_out = element.name in LAYOUT_ELEMENTS or element.find(FORM_CONTROLS) is not None
            if lays_out and _carried_inside(element, text):
                continue  # marked inside, below or by the bare-text pass
            marks = attributes(language, direction_of_its_own=element.get("dir"))
            if lays_out and not element.has_attr("dir"):
                # Nothing inside carries the whole text: the box takes the language,
                # and its content finds its own direction from its first letters.
                marks = f' lang="{language}" dir="auto"'
            name_end = offset(element) + 1 + len(element.name)
            edits.append((name_end, name_end, marks))
            marked.add(id(element))

        # Then bare text beside other things, such as a label with "(optional)" after it.
        for text in root.find_all(string=True):
            if isinstance(text, Comment) or text.parent.name in NOT_TEXT:
                continue
            language = untranslated.languages.get(normalise(str(text)))
            if language is None or inside_marked(text, root):
                continue
            start_tag_end = document.find(">", offset(text.parent))
            stripped = str(text).strip()
            for written in (stripped, html.escape(stripped)):
                at = document.find(written, start_tag_end)
                if at != -1:
                    span = f"<span{attributes(language)}>{written}</span>"
                    edits.append((at, at + len(written), span))
                    break

    if not edits:
        return None
    for start, end, replacement in sorted(edits, reverse=True):
        document = document[:start] + replacement + document[end:]
    return document
