"""Draw panel samples: stratified random samples with population quotas, or everyone.

A stratified draw of N members over chosen characteristics (any of area, age band,
sex, high-level ethnic group):

1. The pool is active members matching the criteria. Members with no answer
   ("prefer not to say" or blank) for a quota characteristic, or in an area without
   benchmarks, cannot be placed in a stratum and are left out (and counted).
2. Each stratum's population weight comes from the Census benchmarks: for area a
   and categories c1..cn, weight = P_a · Π share_a(c_i), where P_a is the area's
   population aged 16+ and share_a(c) the category's share within the area. The file
   has each characteristic separately, so combinations assume independence within
   an area; with a single characteristic (plus area) the weight is exact.
3. Quotas are N · weight / total weight, rounded by largest remainder so they add
   up to N exactly (ties go to the stratum that sorts first).
4. From each stratum, ``min(quota, available)`` members are drawn at random with
   ``random.Random(seed)``, strata in sorted order and candidates in id order, so the
   same pool, settings and seed always give the same sample. Where a stratum has
   fewer members than its quota, the difference is reported as its shortfall; it is
   not silently made up from other strata.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from citizens_panel import benchmarks, choices
from citizens_panel.models import Member
from consultations.equality import high_level_ethnic_group
from portal.models import Area

QUOTA_CHARACTERISTICS = ["area", "age_band", "sex", "ethnic_group"]


@dataclass
class Stratum:
    key: tuple
    label: str
    quota: int
    available: int
    member_ids: list[int] = field(default_factory=list)

    @property
    def drawn(self) -> int:
        return len(self.member_ids)

    @property
    def shortfall(self) -> int:
        return max(0, self.quota - self.drawn)


@dataclass
class Draw:
    size: int
    characteristics: list[str]
    seed: int
    strata: list[Stratum]
    left_out: int = 0  # pool members who could not be placed in a stratum

    @property
    def member_ids(self) -> list[int]:
        return [pk for stratum in self.strata for pk in stratum.member_ids]

    @property
    def drawn(self) -> int:
        return sum(s.drawn for s in self.strata)

    @property
    def shortfall(self) -> int:
        return sum(s.shortfall for s in self.strata)

    def plan(self) -> list[dict]:
        """What to store on the ``Sample``: quotas and what was drawn, per stratum."""
        return [
            {
                "key": list(s.key),
                "label": s.label,
                "quota": s.quota,
                "available": s.available,
                "drawn": s.drawn,
            }
            for s in self.strata
        ]


def eligible_members(criteria: dict | None = None, exclude_ids=()) -> QuerySet:
    """Active members matching criteria: lists of areas (ids), age_band, sex,
    ethnic_group (high-level) and ways_to_take_part (any of)."""
    criteria = criteria or {}
    members = Member.objects.active()
    if criteria.get("area"):
        members = members.filter(area_id__in=criteria["area"])
    if criteria.get("age_band"):
        members = members.filter(age_band__in=criteria["age_band"])
    if criteria.get("sex"):
        members = members.filter(sex__in=criteria["sex"])
    if criteria.get("ethnic_group"):
        groups = criteria["ethnic_group"]
        detailed = [
            k for k, _label in choices.ETHNIC_GROUPS if high_level_ethnic_group(k) in groups
        ]
        members = members.filter(ethnic_group__in=detailed)
    if exclude_ids:
        members = members.exclude(pk__in=list(exclude_ids))
    members = members.order_by("pk")
    ways = set(criteria.get("ways_to_take_part") or [])
    if ways:
        # JSON list containment differs between databases; filter in Python.
        ids = [
            pk
            for pk, chosen in members.values_list("pk", "ways_to_take_part")
            if ways & set(chosen or [])
        ]
        members = Member.objects.filter(pk__in=ids).order_by("pk")
    return members


def _member_key(values: dict, characteristics: list[str]) -> tuple | None:
    key = []
    for name in characteristics:
        if name == "area":
            value = values["area_id"]
        elif name == "ethnic_group":
            value = high_level_ethnic_group(values["ethnic_group"])
        else:
            value = values[name]
        if value in choices.UNKNOWN_VALUES or value is None:
            return None
        key.append(value)
    return tuple(key)


def population_weights(characteristics: list[str], areas: list[Area]) -> dict[tuple, float]:
    """{stratum key: population weight}, keys in the order of ``characteristics``."""
    population = benchmarks.population_counts(a.ons_code for a in areas)
    weights: dict[tuple, float] = defaultdict(float)
    for area in areas:
        counts = population.get(area.ons_code)
        if not counts or not counts.get("age_band"):
            continue
        area_size = sum(counts["age_band"].values())  # aged 16+
        combos: list[tuple[tuple, float]] = [((), float(area_size))]
        for name in characteristics:
            if name == "area":
                combos = [((*key, area.pk), w) for key, w in combos]
                continue
            shares = benchmarks.shares(counts.get(name, {}))
            combos = [
                ((*key, cat), w * share) for key, w in combos for cat, share in shares.items()
            ]
        for key, weight in combos:
            weights[key] += weight
    return dict(weights)


def allocate(size: int, weights: dict[tuple, float]) -> dict[tuple, int]:
    """Split ``size`` over strata in proportion to weight; quotas add up to ``size``."""
    total = sum(weights.values())
    if total <= 0 or size <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: size * weight / total for key, weight in weights.items()}
    quotas = {key: math.floor(value) for key, value in exact.items()}
    left = size - sum(quotas.values())
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - quotas[key]), key))
    for key in by_remainder[:left]:
        quotas[key] += 1
    return quotas


def _label(key: tuple, characteristics: list[str], area_names: dict[int, str]) -> str:
    parts = []
    for name, value in zip(characteristics, key, strict=True):
        if name == "area":
            parts.append(area_names.get(value, str(value)))
        else:
            parts.append(choices.label_for(name, value))
    return ", ".join(parts)


def draw_stratified(
    size: int,
    characteristics: list[str],
    seed: int,
    criteria: dict | None = None,
    exclude_ids=(),
    weights: dict[tuple, float] | None = None,
) -> Draw:
    unknown = set(characteristics) - set(QUOTA_CHARACTERISTICS)
    if unknown or not characteristics:
        raise ValueError(f"Quota characteristics must be among {QUOTA_CHARACTERISTICS}")
    pool = eligible_members(criteria, exclude_ids)
    areas = list(Area.objects.exclude(ons_code=""))
    if criteria and criteria.get("area"):
        areas = [a for a in areas if a.pk in set(criteria["area"])]
    if weights is None:
        weights = population_weights(characteristics, areas)
    candidates: dict[tuple, list[int]] = defaultdict(list)
    left_out = 0
    for values in pool.values("pk", "area_id", "age_band", "sex", "ethnic_group"):
        key = _member_key(values, characteristics)
        if key is None or key not in weights:
            left_out += 1
            continue
        candidates[key].append(values["pk"])
    quotas = allocate(size, weights)
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
    area_names = dict(Area.objects.values_list("pk", "name"))
    strata = []
    for key in sorted(quotas, key=lambda k: tuple(str(part) for part in k)):
        ids = sorted(candidates.get(key, []))
        chosen = sorted(rng.sample(ids, min(quotas[key], len(ids))))
        strata.append(
            Stratum(
                key=key,
                label=_label(key, characteristics, area_names),
                quota=quotas[key],
                available=len(ids),
                member_ids=chosen,
            )
        )
    return Draw(
        size=size, characteristics=characteristics, seed=seed, strata=strata, left_out=left_out
    )


def draw_everyone(criteria: dict | None = None, exclude_ids=()) -> Draw:
    ids = list(eligible_members(criteria, exclude_ids).values_list("pk", flat=True))
    stratum = Stratum(key=(), label="", quota=len(ids), available=len(ids), member_ids=ids)
    return Draw(size=len(ids), characteristics=[], seed=0, strata=[stratum])
