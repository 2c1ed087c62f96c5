"""Where personal data about one email address lives: a registry of sources.

Each source (survey responses, draft comments, panel membership, event
sign-ups, the person's account) knows how to *find* what it holds about an email
address, *export* it as plain JSON-ready dicts, and *erase* it. Sources are
registered in ``privacy.sources`` (the events source only when the events app has
its model). Another app can add its own with ``register``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass
class Found:
    """One thing held about the person, as staff see it in the search results."""

    source: str
    kind: str
    pk: Any
    summary: str
    when: Any = None


class Source(Protocol):
    name: str
    label: str

    def find(self, email: str) -> list[Found]: ...

    def export(self, email: str) -> list[dict]: ...

    def erase(self, email: str, identifiers: dict | None = None) -> int: ...

    # Optional: the rows proven to be this account's (made while signed in to it, or
    # under an address confirmed through a link sent to it), passed to find/export as
    # ``rows=`` for the self-service download at /your-data/. A source without it is
    # left out of that download (staff handle it as a data subject request).
    # def owned(self, user) -> QuerySet: ...

    # Optional: {"name" | "phone" | "postcode": [values]} held about ``email``, which
    # an erasure removes from free text and the closing check looks for afterwards.
    # def identifiers(self, email: str) -> dict[str, list[str]]: ...


_sources: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add (or replace) a source; the account source is always erased last."""
    _sources[source.name] = source
    return source


def unregister(name: str) -> None:
    _sources.pop(name, None)


def sources() -> list[Source]:
    from privacy import sources as _builtin  # noqa: F401 - registers the built-in sources

    return sorted(_sources.values(), key=lambda s: s.name == "account")
