"""How far the panel in each borough looks like the people who live there.

For each area with Census benchmarks and each characteristic (age band, sex,
high-level ethnic group):

- panel share of category k:      n_k / sum of n over the categories (members who
  answered; "prefer not to say" and blank are left out)
- population share of category k: N_k / sum of N over the same characteristic's
  categories (never the ``total`` row; age bands from 16 up, as the panel is 16+)
- gap = panel share − population share
- dissimilarity D = ½ · Σ_k |panel share − population share| (0 = same mix, 1 = no overlap)

**Representativeness score** of an area = 1 − mean of D over the characteristics for
which at least one member in the area answered. 1 means the panel mirrors the
population on every characteristic.

**Recruitment targets** keep every current member and add the fewest people so the
panel matches the population: the panel size needed is T = max_k (n_k / p_k) over
categories with p_k > 0, each category's target is round(T · p_k), and we recruit
max(0, target − n_k). For age × sex cells the population share is estimated as
p(age) · p(sex), because the Census file has the two only separately.

Counts from 1 to 4 are shown as "fewer than 5" (see ``suppress``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from citizens_panel import benchmarks, choices
from citizens_panel.models import Member
from consultations.equality import high_level_ethnic_group
from portal.models import Area

SUPPRESS_BELOW = 5
CHARACTERISTICS = ["age_band", "sex", "ethnic_group"]


def suppress(count: int) -> int | None:
    """None for counts from 1 to 4 (shown as "fewer than 5"); others unchanged."""
    return None if 0 < count < SUPPRESS_BELOW else count


def dissimilarity(panel: dict[str, float], population: dict[str, float]) -> float:
    keys = set(panel) | set(population)
    return 0.5 * sum(abs(panel.get(k, 0.0) - population.get(k, 0.0)) for k in keys)


def score(dissimilarities: list[float]) -> float | None:
    """1 − the mean dissimilarity; None when there is nothing to compare."""
    if not dissimilarities:
        return None
    return 1 - sum(dissimilarities) / len(dissimilarities)


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5 + 1e-9)


def recruitment_targets(counts: dict[str, int], population: dict[str, float]) -> dict[str, int]:
    """How many more people of each category to recruit to match the population mix."""
    ratios = [counts.get(k, 0) / p for k, p in population.items() if p > 0]
    needed_size = max(ratios, default=0.0)
    if needed_size == 0:
        return dict.fromkeys(population, 0)
    return {
        key: max(0, _round_half_up(needed_size * share) - counts.get(key, 0))
        for key, share in population.items()
    }


@dataclass
class CategoryRow:
    key: str
    label: str
    panel_count: int
    panel_share: float
    population_count: int
    population_share: float
    recruit: int

    @property
    def gap(self) -> float:
        return self.panel_share - self.population_share

    @property
    def shown_count(self) -> int | None:
        return suppress(self.panel_count)

    @property
    def suppressed(self) -> bool:
        return self.shown_count is None

    @property
    def panel_percent(self) -> float:
        return round(self.panel_share * 100, 1)

    @property
    def population_percent(self) -> float:
        return round(self.population_share * 100, 1)

    @property
    def gap_points(self) -> float:
        return round(self.gap * 100, 1)


@dataclass
class CharacteristicResult:
    name: str
    label: str
    rows: list[CategoryRow]
    answered: int

    @property
    def dissimilarity(self) -> float:
        return dissimilarity(
            {r.key: r.panel_share for r in self.rows},
            {r.key: r.population_share for r in self.rows},
        )


@dataclass
class CellTarget:
    age_band: str
    sex: str
    recruit: int

    @property
    def label(self) -> str:
        return (
            f"{choices.label_for('sex', self.sex)}, {choices.label_for('age_band', self.age_band)}"
        )


@dataclass
class AreaResult:
    area: Area
    members: int
    characteristics: list[CharacteristicResult] = field(default_factory=list)
    cell_targets: list[CellTarget] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        return score([c.dissimilarity for c in self.characteristics if c.answered])

    @property
    def score_percent(self) -> float | None:
        value = self.score
        return None if value is None else round(value * 100, 1)

    @property
    def shown_members(self) -> int | None:
        return suppress(self.members)

    def characteristic(self, name: str) -> CharacteristicResult | None:
        return next((c for c in self.characteristics if c.name == name), None)


def panel_counts(area: Area) -> dict[str, Counter]:
    """{characteristic: Counter(category -> current members)} for one area, known values only."""
    members = Member.objects.current().filter(area=area)
    result: dict[str, Counter] = {}
    for name in CHARACTERISTICS:
        counter: Counter = Counter()
        for value, n in members.values_list(name).annotate(n=Count("pk")).order_by():
            if value in choices.UNKNOWN_VALUES:
                continue
            key = high_level_ethnic_group(value) if name == "ethnic_group" else value
            counter[key] += n
        result[name] = counter
    return result


def age_sex_counts(area: Area) -> Counter:
    members = Member.objects.current().filter(area=area)
    rows = members.values_list("age_band", "sex").annotate(n=Count("pk")).order_by()
    return Counter(
        {
            (age, sex): n
            for age, sex, n in rows
            if age not in choices.UNKNOWN_VALUES and sex not in choices.UNKNOWN_VALUES
        }
    )


def for_area(area: Area, population: dict[str, dict[str, int]]) -> AreaResult:
    counts = panel_counts(area)
    result = AreaResult(area=area, members=Member.objects.current().filter(area=area).count())
    for name in CHARACTERISTICS:
        label, category_choices = choices.BENCHMARKED[name]
        pop_counts = population.get(name, {})
        if not pop_counts:
            continue
        pop_shares = benchmarks.shares(pop_counts)
        panel = counts[name]
        answered = sum(panel[k] for k in pop_counts)
        targets = recruitment_targets({k: panel[k] for k in pop_counts}, pop_shares)
        rows = [
            CategoryRow(
                key=key,
                label=str(category_label),
                panel_count=panel[key],
                panel_share=(panel[key] / answered) if answered else 0.0,
                population_count=pop_counts[key],
                population_share=pop_shares[key],
                recruit=targets[key],
            )
            for key, category_label in category_choices
            if key in pop_counts
        ]
        result.characteristics.append(
            CharacteristicResult(name=name, label=str(label), rows=rows, answered=answered)
        )
    ages = benchmarks.shares(population.get("age_band", {}))
    sexes = benchmarks.shares(population.get("sex", {}))
    if ages and sexes:
        cell_shares = {(a, s): pa * ps for a, pa in ages.items() for s, ps in sexes.items()}
        cells = age_sex_counts(area)
        targets = recruitment_targets({key: cells.get(key, 0) for key in cell_shares}, cell_shares)
        result.cell_targets = sorted(
            (CellTarget(age, sex, n) for (age, sex), n in targets.items() if n > 0),
            key=lambda t: -t.recruit,
        )
    return result


def dashboard() -> list[AreaResult]:
    """One result per area that has an ONS code with benchmarks loaded."""
    areas = list(Area.objects.exclude(ons_code="").order_by("name"))
    population = benchmarks.population_counts(a.ons_code for a in areas)
    return [
        for_area(area, population[area.ons_code]) for area in areas if area.ons_code in population
    ]


def unplaced_members() -> int:
    """Current members whose postcode is not in any of our areas."""
    return Member.objects.current().filter(area__isnull=True).count()


def summary_by_area() -> dict[int, dict[str, int]]:
    """{area id: {status: count}}, for the member listing."""
    rows = Member.objects.values_list("area_id", "status").annotate(n=Count("pk")).order_by()
    result: dict = defaultdict(dict)
    for area_id, status, n in rows:
        result[area_id][status] = n
    return dict(result)
