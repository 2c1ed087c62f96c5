"""Runs the demo steps in order and prints a progress line for each."""

import time
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from . import access, accounts, areas, extensions, locales, pages, topics, translations


@dataclass
class DemoContext:
    """What the steps share: where to print, the options, and what earlier steps built."""

    stdout: Any
    style: Any = None
    reset_admin_password: bool = False
    locales: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)

    def say(self, message: str, style: str | None = None) -> None:
        if style and self.style is not None:
            message = getattr(self.style, style)(message)
        self.stdout.write(f"      {message}")


STEPS = [
    ("Locales", locales.load),
    ("Areas", areas.load),
    ("Topics", topics.load),
    ("Site and pages", pages.load),
    ("Translations", translations.load),
    ("Groups and page permissions", access.load_groups),
    ("Moderation workflow", access.load_workflow),
    ("Admin account", accounts.load),
]


def build_demo_site(stdout, *, style=None, reset_admin_password: bool = False) -> DemoContext:
    """Build (or complete) the demo site, then let other apps add their own demo data."""
    context = DemoContext(stdout=stdout, style=style, reset_admin_password=reset_admin_password)
    total = len(STEPS) + 1
    for number, (label, step) in enumerate(STEPS, start=1):
        started = time.monotonic()
        stdout.write(f"[{number}/{total}] {label}...")
        with transaction.atomic():
            summary = step(context)
        stdout.write(f"      {summary} ({time.monotonic() - started:.1f}s)")

    stdout.write(f"[{total}/{total}] Demo content from other apps...")
    extensions.load(context)
    return context
