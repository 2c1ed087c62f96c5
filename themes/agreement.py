"""A second analyst's check of a sample, and the agreement rate (Cohen's kappa).

``draw_sample`` picks coded items at random for checking; the checker codes each
one without seeing the first coding (``Coding`` rows with ``pass_kind="check"``).
``agreement`` compares the two codings over the checked items: for every theme, a
yes/no decision per item, so a 2x2 table per theme and Cohen's kappa from it; the
overall figure pools every (item, theme) decision into one table.

A check counts only when it is a second person's: whoever coded or confirmed an
item's first coding cannot check it (``SameAnalystError``), and older checks made by
one of the first coders are left out of the figures and counted apart. Where the two
codings differ, ``settle`` lets either coder or someone with
``themes.settle_disagreement`` (engagement leads) decide the item's themes; that
changes the coding reports count, never the agreement figures, and is audit-logged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

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


SETTLE = "themes.settle_disagreement"


class SameAnalystError(PermissionDenied):
    """The person checking an item coded (or confirmed) its first coding."""


def _lookup(obj) -> dict:
    return {"comment": obj} if isinstance(obj, DraftComment) else {"answer": obj}


def first_coding(frame: ThemeFrame, obj) -> tuple[set[int], set[int]]:
    """The item's first-coding themes, and everyone who coded or confirmed them."""
    themes, people = set(), set()
    rows = Coding.objects.filter(
        theme__frame=frame, pass_kind=Coding.PassKind.PRIMARY, **_lookup(obj)
    ).values_list("theme_id", "coder_id", "confirmed_by_id")
    for theme_id, coder_id, confirmer_id in rows:
        themes.add(theme_id)
        people.update(pk for pk in (coder_id, confirmer_id) if pk)
    return themes, people


def ensure_may_check(frame: ThemeFrame, obj, user) -> None:
    """Refuse a check by someone who coded the item in the first place."""
    _themes, people = first_coding(frame, obj)
    if user is not None and user.pk in people:
        raise SameAnalystError(_("You coded this item, so a different analyst has to check it."))


def pending(frame: ThemeFrame):
    return CheckedItem.objects.filter(frame=frame, checked_at__isnull=True)


def _coded_by(frame: ThemeFrame, user) -> set[str]:
    """Keys of the items whose first coding ``user`` made or confirmed."""
    if user is None:
        return set()
    mine = Coding.objects.filter(theme__frame=frame, pass_kind=Coding.PassKind.PRIMARY).filter(
        Q(coder=user) | Q(confirmed_by=user)
    )
    return {
        f"a{answer_id}" if answer_id else f"c{comment_id}"
        for answer_id, comment_id in mine.values_list("answer_id", "comment_id")
    }


def waiting_for(frame: ThemeFrame, user) -> int:
    """How many drawn items ``user`` may check (not the ones they coded)."""
    mine = _coded_by(frame, user)
    return sum(item.key not in mine for item in pending(frame))


def next_check_key(frame: ThemeFrame, *, after: str = "", user=None) -> str | None:
    """The next drawn item to check; never one that ``user`` coded."""
    items = list(pending(frame).order_by("pk"))
    mine = _coded_by(frame, user)
    keys = [item.key for item in items if item.key not in mine]
    if after in keys:
        index = keys.index(after)
        keys = keys[index + 1 :] + keys[:index]
    return keys[0] if keys else None


def mark_checked(frame: ThemeFrame, obj, user) -> None:
    """Record the check, with the first coding as it stands now (see ``CheckedItem``)."""
    themes, people = first_coding(frame, obj)
    CheckedItem.objects.update_or_create(
        frame=frame,
        **_lookup(obj),
        defaults={
            "checked_by": user,
            "checked_at": timezone.now(),
            "first_theme_ids": sorted(themes),
            "first_coder_ids": sorted(people),
        },
    )


def _is_second_person(item: CheckedItem, live_coders: dict[str, set[int]]) -> bool:
    coders = (
        set(item.first_coder_ids) if item.first_coder_ids is not None else live_coders[item.key]
    )
    return item.checked_by_id is not None and item.checked_by_id not in coders


def _codes(frame: ThemeFrame, checked: list[CheckedItem]):
    """(pass kind, item key) -> theme ids, and item key -> first coders, for ``checked``."""
    answer_ids = [c.answer_id for c in checked if c.answer_id]
    comment_ids = [c.comment_id for c in checked if c.comment_id]
    codes: dict[tuple[str, str], set[int]] = {}
    coders: dict[str, set[int]] = {c.key: set() for c in checked}
    rows = Coding.objects.filter(theme__frame=frame).filter(
        Q(answer_id__in=answer_ids) | Q(comment_id__in=comment_ids)
    )
    for pass_kind, answer_id, comment_id, theme_id, coder_id, confirmer_id in rows.values_list(
        "pass_kind", "answer_id", "comment_id", "theme_id", "coder_id", "confirmed_by_id"
    ):
        key = f"a{answer_id}" if answer_id else f"c{comment_id}"
        codes.setdefault((pass_kind, key), set()).add(theme_id)
        if pass_kind == Coding.PassKind.PRIMARY:
            coders[key].update(pk for pk in (coder_id, confirmer_id) if pk)
    return codes, coders


def _first_themes(item: CheckedItem, codes) -> set[int]:
    if item.first_theme_ids is not None:
        return set(item.first_theme_ids)
    return codes.get((Coding.PassKind.PRIMARY, item.key), set())


def compared(frame: ThemeFrame):
    """Checked items made by a second person, each with (first themes, check themes);
    and how many checks were left out because the checker had coded the item."""
    checked = list(
        CheckedItem.objects.filter(frame=frame, checked_at__isnull=False).select_related(
            "checked_by", "settled_by"
        )
    )
    codes, coders = _codes(frame, checked)
    pairs, own = [], 0
    for item in checked:
        if not _is_second_person(item, coders):
            own += 1
            continue
        check = codes.get((Coding.PassKind.CHECK, item.key), set())
        pairs.append((item, _first_themes(item, codes), check))
    return pairs, own


def agreement(frame: ThemeFrame) -> dict:
    """Per-theme and pooled agreement between the coding and a second person's check."""
    pairs, own = compared(frame)
    themes = frame.ordered_themes()
    tables = {theme.pk: Table() for theme in themes}
    pooled = Table()
    exact = 0
    for _item, first, check in pairs:
        exact += first == check
        for theme in themes:
            tables[theme.pk].add(theme.pk in first, theme.pk in check)
            pooled.add(theme.pk in first, theme.pk in check)
    return {
        "checked": len(pairs),
        "not_counted": own,
        "pending": pending(frame).count(),
        "exact_matches": exact,
        "disagreements": len(pairs) - exact,
        "pooled": pooled,
        "themes": [(theme, tables[theme.pk]) for theme in themes],
    }


def disagreements(frame: ThemeFrame) -> list[dict]:
    """Second-person checks whose themes differ from the first coding, oldest first."""
    names = {theme.pk: theme for theme in frame.ordered_themes()}
    rows = []
    for item, first, check in compared(frame)[0]:
        if first == check:
            continue
        rows.append(
            {
                "item": item,
                "first": [names[pk] for pk in names if pk in first],
                "check": [names[pk] for pk in names if pk in check],
                "settled": [names[pk] for pk in names if pk in set(item.settled_theme_ids or [])],
            }
        )
    return rows


def may_settle(user, item: CheckedItem) -> bool:
    """Either of the two coders, or someone allowed to settle any disagreement."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm(SETTLE):
        return True
    return user.pk == item.checked_by_id or user.pk in set(item.first_coder_ids or [])


@transaction.atomic
def settle(frame: ThemeFrame, item: CheckedItem, theme_ids, user) -> None:
    """Make the item's first coding (the one reports count) exactly ``theme_ids``."""
    if not may_settle(user, item):
        raise PermissionDenied
    from wagtail.log_actions import log

    obj = item.answer if item.answer_id else item.comment
    coding.set_item_themes(frame, obj, theme_ids, user)
    chosen = sorted(
        frame.themes.filter(pk__in=[int(pk) for pk in theme_ids]).values_list("pk", flat=True)
    )
    item.settled_by = user
    item.settled_at = timezone.now()
    item.settled_theme_ids = chosen
    item.save(update_fields=["settled_by", "settled_at", "settled_theme_ids"])
    log(
        item,
        "themes.settle_disagreement",
        user=user,
        title=f"{frame.page.title}: {item.key}",
        data={
            "frame": frame.pk,
            "item": item.key,
            "first": sorted(item.first_theme_ids or []),
            "settled": chosen,
        },
    )
