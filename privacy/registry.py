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

    def erase(self, email: str) -> int: ...


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
