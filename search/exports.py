"""CSV export of an explorer result set, streamed row by row.

Spreadsheet programs run a cell that starts with =, +, -, @, a tab or a carriage
return as a formula; such cells get a leading apostrophe so they show as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils.translation import gettext as _

from search import explorer, postgres

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """What ``neutralise`` was given, from what it wrote (a file we wrote, read back)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def header() -> list[str]:
    return [
        _("Reference"),
        _("Kind"),
        _("Consultation or draft"),
        _("Question or section"),
        _("Area"),
        _("Responding as"),
        _("Organisation"),
        _("Language"),
        _("Channel"),
        _("Status"),
        _("Submitted"),
        _("Text"),
    ]


def _documents(results) -> Iterator:
    if isinstance(results, postgres.PostgresResults):  # streams through a server-side cursor
        yield from results
        return
    start = 0
    while True:
        chunk = list(results[start : start + CHUNK])
        if not chunk:
            return
        yield from chunk
        if len(chunk) < CHUNK:
            return
        start += CHUNK


def rows(search: explorer.Search) -> Iterator[list[str]]:
    labels: dict[str, dict] = {}
    questions: dict[str, str] = {}
    seen_consultations: set[int] = set()
    yield header()
    for doc in _documents(search.results):
        if doc.consultation_id not in seen_consultations:
            seen_consultations.add(doc.consultation_id)
            questions.update(explorer.question_labels([doc.consultation_id]))
        row = []
        for name, value in (
            ("reference", doc.reference),
            ("kind", doc.kind),
            ("consultation_id", doc.consultation_id),
            ("question_id", doc.question_id),
            ("area_id", doc.area_id),
            ("respondent_type", doc.respondent_type),
            ("organisation", doc.organisation),
            ("language", doc.language),
            ("channel", doc.channel),
            ("status", doc.status),
        ):
            if name == "question_id":
                row.append(questions.get(value, value))
            elif name in explorer.FACET_FIELDS:
                if name not in labels or value not in labels[name]:
                    labels.setdefault(name, {}).update(explorer.facet_labels(name, [value]))
                row.append(labels[name].get(value, "" if value is None else value))
            else:
                row.append(value)
        row += [doc.submitted_at.isoformat(), doc.text]
        yield [neutralise(cell) for cell in row]


def stream_rows(table) -> Iterator[str]:
    """CSV text of ``table`` (an iterable of rows), a line at a time: UTF-8 with the
    byte-order mark spreadsheet programs look for, every cell neutralised."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read UTF-8
    for row in table:
        yield writer.writerow([neutralise(cell) for cell in row])


def stream(search: explorer.Search) -> Iterator[str]:
    yield from stream_rows(rows(search))
