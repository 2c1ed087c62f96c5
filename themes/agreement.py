"""A second analyst's check of a sample, and the agreement rate (Cohen's kappa).

``draw_sample`` picks coded items at random for checking; the checker codes each
one without seeing the first coding (``Coding`` rows with ``pass_kind="check"``).
``agreement`` compares the two codings over the checked items: for every theme, a
yes/no decision per item, so a 2x2 table per theme and Cohen's kappa from it; the
overall figure pools every (item, theme) decision into one table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from consultations.models import DraftComment
from themes import coding
from themes.models import CheckedItem, Coding, ThemeFrame


@dataclass
class Table:
    """Decisions on one theme: both coded it, only the first, only the check, neither."""

    both: int = 0
    first_only: int = 0
    check_only: int = 0
    neither: int = 0

    @property
    def total(self) -> int:
        return self.both + self.first_only + self.check_only + self.neither

    @property
    def observed(self) -> float | None:
        return (self.both + self.neither) / self.total if self.total else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa, or None where chance agreement is total (no variation)."""
        n = self.total
        if not n:
            return None
        first_yes = (self.both + self.first_only) / n
        check_yes = (self.both + self.check_only) / n
        expected = first_yes * check_yes + (1 - first_yes) * (1 - check_yes)
        if expected >= 1:
            return None
        return (self.observed - expected) / (1 - expected)

    def add(self, first: bool, check: bool) -> None:
        if first and check:
            self.both += 1
        elif first:
            self.first_only += 1
        elif check:
            self.check_only += 1
        else:
            self.neither += 1


def cohen_kappa(first: list, second: list) -> float | None:
    """Cohen's kappa for two raters' labels on the same items (any labels)."""
    if len(first) != len(second) or not first:
        return None
    n = len(first)
    labels = set(first) | set(second)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    expected = sum((first.count(label) / n) * (second.count(label) / n) for label in labels)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


@transaction.atomic
def draw_sample(
    frame: ThemeFrame, size: int, *, user=None, question_id: str | None = None, seed=None
) -> int:
    """Draw up to ``size`` coded items not drawn before; returns how many were drawn."""
    queryset = coding.with_coded_flag(coding.items_queryset(frame, question_id)).filter(
        is_coded=True
    )
    draft = queryset.model is DraftComment
    field_name = "comment_id" if draft else "answer_id"
    drawn = set(
        CheckedItem.objects.filter(frame=frame)
        .exclude(**{field_name: None})
        .values_list(field_name, flat=True)
    )
    candidates = [pk for pk in queryset.values_list("pk", flat=True) if pk not in drawn]
    rng = random.Random(seed)  # noqa: S311 - a sample to check, not a secret
    picked = rng.sample(candidates, min(size, len(candidates)))
    CheckedItem.objects.bulk_create(
        [CheckedItem(frame=frame, drawn_by=user, **{field_name: pk}) for pk in sorted(picked)],
        ignore_conflicts=True,
    )
    return len(picked)


def pending(frame: ThemeFrame):
    return CheckedItem.objects.filter(frame=frame, checked_at__isnull=True)


def next_check_key(frame: ThemeFrame, *, after: str = "") -> str | None:
    items = list(pending(frame).order_by("pk"))
    keys = [item.key for item in items]
    if after in keys:
        index = keys.index(after)
        keys = keys[index + 1 :] + keys[:index]
    return keys[0] if keys else None


def mark_checked(frame: ThemeFrame, obj, user) -> None:
    lookup = {"comment": obj} if isinstance(obj, DraftComment) else {"answer": obj}
    CheckedItem.objects.update_or_create(
        frame=frame,
        **lookup,
        defaults={"checked_by": user, "checked_at": timezone.now()},
    )


def agreement(frame: ThemeFrame) -> dict:
    """Per-theme and pooled agreement between the coding and the check."""
    checked = list(CheckedItem.objects.filter(frame=frame, checked_at__isnull=False))
    themes = frame.ordered_themes()
    answer_ids = [c.answer_id for c in checked if c.answer_id]
    comment_ids = [c.comment_id for c in checked if c.comment_id]
    codes: dict[tuple[str, str], set[int]] = {}
    rows = Coding.objects.filter(theme__frame=frame).filter(
        **({"comment_id__in": comment_ids} if comment_ids else {"answer_id__in": answer_ids})
    )
    for pass_kind, answer_id, comment_id, theme_id in rows.values_list(
        "pass_kind", "answer_id", "comment_id", "theme_id"
    ):
        key = f"a{answer_id}" if answer_id else f"c{comment_id}"
        codes.setdefault((pass_kind, key), set()).add(theme_id)
    tables = {theme.pk: Table() for theme in themes}
    pooled = Table()
    exact = 0
    for item in checked:
        first = codes.get((Coding.PassKind.PRIMARY, item.key), set())
        check = codes.get((Coding.PassKind.CHECK, item.key), set())
        exact += first == check
        for theme in themes:
            tables[theme.pk].add(theme.pk in first, theme.pk in check)
            pooled.add(theme.pk in first, theme.pk in check)
    return {
        "checked": len(checked),
        "pending": pending(frame).count(),
        "exact_matches": exact,
        "pooled": pooled,
        "themes": [(theme, tables[theme.pk]) for theme in themes],
    }
