"""Turn a report snapshot into what people see, with small numbers suppressed.

The web page, the PDF and the spreadsheet all read ``present(data)``, so a count
from 1 to 4 is "fewer than 5" (and its percentage is not shown) everywhere. Where
the rows of a table add up to a total that is shown and only one count is hidden,
the next smallest is "withheld" too (``protect``), so the hidden one cannot be
worked out by subtraction.
"""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _

from consultations.disclosure import SMALL_NUMBER, shown_count
from reports import charts


def is_small(count: int) -> bool:
    return 0 < count < SMALL_NUMBER


def cell(count: int, base: int | None = None) -> dict:
    """A count as shown: {count, shown, suppressed, percent, percent_shown}."""
    count = int(count or 0)
    small = is_small(count)
    percent = None
    if base and not small:
        percent = round(100 * count / base, 1)
    return {
        "count": None if small else count,
        "shown": shown_count(count),
        "suppressed": small,
        "percent": percent,
        "percent_shown": "–" if percent is None else f"{percent}%",
    }


def withheld() -> dict:
    return {
        "count": None,
        "shown": _("withheld"),
        "suppressed": True,
        "withheld": True,
        "percent": None,
        "percent_shown": "–",
    }


def protect(rows: list[dict], total: int) -> None:
    """Secondary suppression for rows that add up to a total that is shown.

    With just one count from 1 to 4 hidden, it could be worked out from the total
    and the others, so the next smallest count is withheld as well.
    """
    hidden = [r for r in rows if r["cell"]["suppressed"]]
    if len(hidden) != 1 or is_small(total) or not total:
        return
    shown = [r for r in rows if not r["cell"]["suppressed"] and r["count"] > 0]
    if shown:
        min(shown, key=lambda r: r["count"])["cell"] = withheld()


def _chart_rows(rows):
    return [(row["label"], row["cell"]) for row in rows]


def present(data: dict) -> dict:
    view = copy.deepcopy(data)
    view["total_cell"] = cell(view.get("total", 0))
    for cut in view.get("who", []):
        for row in cut["rows"]:
            row["cell"] = cell(row["count"], cut["total"])
        protect(cut["rows"], cut["total"])
        cut["chart"] = charts.bar_chart(cut["title"], _chart_rows(cut["rows"]))
    for comparison in view.get("population", {}).get("comparisons", []):
        for row in comparison["rows"]:
            row["cell"] = cell(row["count"], row["base"])
        protect(comparison["rows"], comparison["answered"])
        comparison["answered_cell"] = cell(comparison["answered"])
        comparison["chart"] = charts.comparison_chart(
            comparison["title"],
            [(r["label"], r["cell"], r["population_share"]) for r in comparison["rows"]],
        )
    themes = view.get("themes", {})
    themes["coded_cell"] = cell(themes.get("coded", 0), view.get("total"))
    for theme in themes.get("items", []):
        theme["cell"] = cell(theme["count"], theme["total"])
        for key in ("by_area", "by_respondent_type", "trend"):
            for row in theme.get(key, []):
                row["cell"] = cell(row["count"], theme["count"])
            protect(theme.get(key, []), theme["count"])
        theme["trend_chart"] = charts.bar_chart(
            theme["name"], _chart_rows(theme["trend"]), kind="trend"
        )
    if themes.get("items"):
        themes["chart"] = charts.bar_chart(
            view.get("themes_title", ""),
            [(t["name"], t["cell"]) for t in themes["items"] if t["level"] == 1],
        )
    for question in view.get("questions", []):
        for option in question["options"]:
            option["cell"] = cell(option["count"], question["answered"])
        if question["type"] in ("single_choice", "likert", "rating", "yes_no"):
            protect(question["options"], question["answered"])
        question["answered_cell"] = cell(question["answered"])
        if question["type"] != "ranking":
            question["chart"] = charts.bar_chart(question["text"], _chart_rows(question["options"]))
    return view
