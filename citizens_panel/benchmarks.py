"""Load Census population benchmarks from a CSV and read population shares.

The CSV shape is ``area_code,area_name,characteristic,category,count`` (see
``citizens_panel/data/census2021_nwl.SOURCE.md``). Loading is all-or-nothing: any
bad row and nothing changes. Loading an area replaces that area's earlier figures.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from citizens_panel.models import PopulationBenchmark

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CSV = DATA_DIR / "census2021_nwl.csv"
DEFAULT_SOURCE = "Census 2021, ONS (Open Government Licence v3.0)"
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
)
COLUMNS = ["area_code", "area_name", "characteristic", "category", "count"]
AREA_CODE_RE = re.compile(r"^[EWSN]\d{8}$")

# Categories excluded from a characteristic's base: the panel is for people aged 16+.
EXCLUDED_CATEGORIES = {"age_band": {"0-15"}}


class BenchmarkFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class LoadResult:
    areas: list[str] = field(default_factory=list)
    rows: int = 0


def parse(text: str) -> list[dict]:
    """Check every row; raise ``BenchmarkFileError`` listing each problem by line."""
    reader = csv.DictReader(io.StringIO(text))
    if [name.strip() for name in (reader.fieldnames or [])] != COLUMNS:
        raise BenchmarkFileError(
            [_("The first line must be: %(columns)s") % {"columns": ",".join(COLUMNS)}]
        )
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        row = {key: (raw.get(key) or "").strip() for key in COLUMNS}
        if not AREA_CODE_RE.match(row["area_code"]):
            errors.append(_("Line %(line)s: area_code is not an ONS code") % {"line": line})
        if not row["area_name"] or not row["characteristic"] or not row["category"]:
            errors.append(_("Line %(line)s: a column is empty") % {"line": line})
        try:
            row["count"] = int(row["count"])
            if row["count"] < 0:
                raise ValueError
        except ValueError:
            errors.append(_("Line %(line)s: count must be a whole number") % {"line": line})
        key = (row["area_code"], row["characteristic"], row["category"])
        if key in seen:
            errors.append(_("Line %(line)s: repeats an earlier row") % {"line": line})
        seen.add(key)
        rows.append(row)
    if not rows and not errors:
        errors.append(_("The file has no rows."))
    if errors:
        raise BenchmarkFileError(errors)
    return rows


def load(text: str, source: str = DEFAULT_SOURCE) -> LoadResult:
    rows = parse(text)
    codes = sorted({row["area_code"] for row in rows})
    with transaction.atomic():
        PopulationBenchmark.objects.filter(area_code__in=codes).delete()
        PopulationBenchmark.objects.bulk_create(
            PopulationBenchmark(source=source, **row) for row in rows
        )
    return LoadResult(areas=codes, rows=len(rows))


def load_default() -> LoadResult:
    return load(DEFAULT_CSV.read_text(encoding="utf-8"))


def population_counts(area_codes=None) -> dict[str, dict[str, dict[str, int]]]:
    """{area_code: {characteristic: {category: count}}}, without the base exclusions."""
    result: dict = defaultdict(lambda: defaultdict(dict))
    rows = PopulationBenchmark.objects.exclude(characteristic="total")
    if area_codes is not None:
        rows = rows.filter(area_code__in=list(area_codes))
    for area_code, characteristic, category, count in rows.values_list(
        "area_code", "characteristic", "category", "count"
    ):
        if category in EXCLUDED_CATEGORIES.get(characteristic, ()):
            continue
        result[area_code][characteristic][category] = count
    return result


def shares(counts: dict[str, int]) -> dict[str, float]:
    """Each category's count divided by the sum of the characteristic's categories."""
    base = sum(counts.values())
    return {key: (value / base if base else 0.0) for key, value in counts.items()}
