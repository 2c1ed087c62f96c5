"""Read what an analyst typed into a search query, and highlight it in results.

Syntax: words (all must match), "a phrase", ``OR`` between alternatives, ``AND``
(the default), ``NOT word`` or ``-word`` to exclude. Operators are recognised in
capitals only, so "or" inside a sentence stays a word. What the engine does with
them: Elasticsearch and PostgreSQL honour all of them; SQLite honours words,
phrases, OR and AND-NOT, but cannot search for NOT on its own.

Public searches (the site search and the open-data API) have no syntax: only their
words reach the engine (``public_query``). Every query keeps at most
``MAX_QUERY_WORDS`` words: the engines' query trees nest a level per word, and a
few hundred words pass Python's recursion limit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from search import languages

TOKEN_RE = re.compile(r'(-?)"([^"]+)"|(\S+)')
MAX_QUERY_WORDS = 32  # words (and phrases) of one query that reach the engine
MAX_PUBLIC_CHARS = 200  # characters of a public query's words that reach the engine
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters, marks and digits in any script.

    Marks count as letters, so a Bengali or Gujarati vowel sign, or Arabic harakat,
    do not split a word (``\\w`` would). Everything else (quotes, brackets,
    operators, NUL and other control characters) separates words.
    """
    out, current = [], []
    for char in text:
        if char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M":
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


@dataclass
class ParsedQuery:
    query: object | None  # a wagtail.search.query object, or None for "everything"
    terms: list[str] = field(default_factory=list)  # words and stems to highlight
    phrases: list[str] = field(default_factory=list)
    shortened: bool = False  # words beyond MAX_QUERY_WORDS were left out
    # Something was typed but nothing in it can be searched for (only operators,
    # punctuation or excluded words): everything is shown, and the page says why.
    nothing_to_search: bool = False
    # An alternative (between ORs) had only excluded words, so it was left out.
    exclusions_ignored: bool = False


@dataclass
class PublicQuery:
    """A public search as typed (to show back) and as the engine gets it (words)."""

    typed: str  # what was typed, without control characters
    words: list[str]
    shortened: bool = False  # words beyond the limits were left out
    had_control_characters: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


def public_query(typed: str) -> PublicQuery:
    """The words of a public search, at most MAX_QUERY_WORDS and MAX_PUBLIC_CHARS.

    Quotes and other punctuation are query syntax to some engines (SQLite's full-text
    search fails on a lone ``"``) and PostgreSQL refuses NUL: only words are passed on.
    """
    typed = typed or ""
    clean = CONTROL_RE.sub(" ", typed).strip()
    found = words(clean)
    text = ""
    for word in found[:MAX_QUERY_WORDS]:
        longer = f"{text} {word}" if text else word
        if len(longer) > MAX_PUBLIC_CHARS:
            text = text or longer[:MAX_PUBLIC_CHARS]
            break
        text = longer
    return PublicQuery(
        typed=clean,
        words=text.split(),
        shortened=text != " ".join(found),
        had_control_characters=CONTROL_RE.search(typed) is not None,
    )


def _term(word: str, terms: list[str], widen: bool):
    terms.append(word.lower())
    stems = languages.query_stems(word) if widen else []
    terms.extend(stems)
    if not stems:
        return PlainText(word)
    return Or([PlainText(word), *(PlainText(stem) for stem in stems)])


def parse(text: str, *, widen: bool = True) -> ParsedQuery:
    """Read ``text`` into a query tree.

    ``widen`` ORs each word with its stems in every language (for engines that match
    the ``stems`` field); off where the engine stems by itself (search.postgres).
    """
    text = (text or "").strip()
    if not text:
        return ParsedQuery(None)
    groups: list[list] = [[]]
    terms: list[str] = []
    phrases: list[str] = []
    negate_next = False
    kept = 0
    shortened = False
    for match in TOKEN_RE.finditer(text):
        minus, phrase, word = match.groups()
        if kept == MAX_QUERY_WORDS:
            shortened = True
            break
        if word in ("OR", "|"):
            if groups[-1]:
                groups.append([])
            continue
        if word in ("AND", "&"):
            continue
        if word == "NOT":
            negate_next = True
            continue
        negate = negate_next or bool(minus)
        negate_next = False
        if phrase is not None:
            node = Phrase(phrase.strip())
            if not negate:
                phrases.append(phrase.strip())
        else:
            if word.startswith("-") and len(word) > 1:
                negate, word = True, word[1:]
            pieces = words(word)
            if not pieces:
                continue
            if negate:
                node = PlainText(" ".join(pieces))
            elif len(pieces) == 1:
                node = _term(pieces[0], terms, widen)
            else:  # "e-mail", "don't": keep the pieces together
                node = Phrase(" ".join(pieces))
                phrases.append(" ".join(pieces))
        groups[-1].append(Not(node) if negate else node)
        kept += 1
    alternatives = []
    exclusions_ignored = False
    for group in groups:
        if not group:
            continue
        if all(isinstance(node, Not) for node in group):
            exclusions_ignored = True
            continue  # nothing to subtract from
        alternatives.append(group[0] if len(group) == 1 else And(group))
    if not alternatives:
        return ParsedQuery(None, shortened=shortened, nothing_to_search=True)
    query = alternatives[0] if len(alternatives) == 1 else Or(alternatives)
    return ParsedQuery(
        query,
        terms=terms,
        phrases=phrases,
        shortened=shortened,
        exclusions_ignored=exclusions_ignored,
    )


def highlight(text: str, parsed: ParsedQuery, *, width: int = 280):
    """The passage of ``text`` around the first match, matches wrapped in <mark>.

    Done here rather than by the engine so every backend shows the same thing. A word
    matches where a text word starts with a query word or one of its stems.
    """
    patterns = [re.escape(p) for p in sorted(parsed.phrases, key=len, reverse=True)]
    patterns += [
        r"\b" + re.escape(t) + r"\w*" for t in sorted(set(parsed.terms), key=len, reverse=True)
    ]
    if not patterns:
        return escape(_clip(text, 0, width))
    matcher = re.compile("|".join(patterns), re.IGNORECASE | re.UNICODE)
    first = matcher.search(text)
    start = 0
    if first and first.start() > width // 3:
        start = first.start() - width // 3
        space = text.rfind(" ", 0, start)
        start = space + 1 if space > 0 else start
    end = min(len(text), start + width)
    out = []
    position = start
    for m in matcher.finditer(text, start, end):
        out.append(escape(text[position : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        position = m.end()
    out.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped above


def _clip(text: str, start: int, width: int) -> str:
    return text[start : start + width] + (" …" if len(text) > start + width else "")
