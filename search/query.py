"""Read what an analyst typed into a search query, and highlight it in results.

Syntax: words (all must match), "a phrase", ``OR`` between alternatives, ``AND``
(the default), ``NOT word`` or ``-word`` to exclude. Operators are recognised in
capitals only, so "or" inside a sentence stays a word. What the engine does with
them: Elasticsearch and PostgreSQL honour all of them; SQLite honours words,
phrases, OR and AND-NOT, but cannot search for NOT on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from search import languages

TOKEN_RE = re.compile(r'(-?)"([^"]+)"|(\S+)')
WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass
class ParsedQuery:
    query: object | None  # a wagtail.search.query object, or None for "everything"
    terms: list[str] = field(default_factory=list)  # words and stems to highlight
    phrases: list[str] = field(default_factory=list)


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
    for match in TOKEN_RE.finditer(text):
        minus, phrase, word = match.groups()
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
            words = WORD_RE.findall(word)
            if not words:
                continue
            if negate:
                node = PlainText(" ".join(words))
            elif len(words) == 1:
                node = _term(words[0], terms, widen)
            else:  # "e-mail", "don't": keep the pieces together
                node = Phrase(" ".join(words))
                phrases.append(" ".join(words))
        groups[-1].append(Not(node) if negate else node)
    alternatives = []
    for group in groups:
        if not group:
            continue
        if all(isinstance(node, Not) for node in group):
            continue  # nothing to subtract from
        alternatives.append(group[0] if len(group) == 1 else And(group))
    if not alternatives:
        return ParsedQuery(None)
    query = alternatives[0] if len(alternatives) == 1 else Or(alternatives)
    return ParsedQuery(query, terms=terms, phrases=phrases)


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
