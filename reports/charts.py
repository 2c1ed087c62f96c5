"""Bar charts drawn on the server as SVG, with a title and a text alternative.

Each chart comes with the same numbers as a table beside it in the templates; the
chart adds nothing the table does not say. Suppressed counts ("fewer than 5") get no
bar, so its length cannot give the number away.
"""

from __future__ import annotations

import base64
import itertools
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 130
ROW_HEIGHT = 24
BAR_HEIGHT = 16
BAR_COLOUR = "#005eb8"
POPULATION_COLOUR = "#768692"
TEXT_COLOUR = "#212b32"
_ids = itertools.count(1)


def _clip(text: str, limit: int = 38) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value_text(c) -> str:
    if c["suppressed"]:
        return c["shown"]
    if c["percent"] is None:
        return c["shown"]
    return f"{c['shown']} ({c['percent']}%)"


def _chart(title: str, alt: str, body: list[str], height: int) -> dict:
    chart_id = f"chart-{next(_ids)}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="12">'
        f'<title id="{chart_id}-title">{escape(str(title))}</title>'
        f'<desc id="{chart_id}-desc">{escape(alt)}</desc>'
        f"{''.join(body)}</svg>"
    )
    return {
        "svg": svg,
        "alt": alt,
        "title": str(title),
        "data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    }


def bar_chart(title: str, rows: list[tuple[str, dict]], kind: str = "share") -> dict:
    """Horizontal bars for (label, cell) rows; bar length is the count's share."""
    values = [c["count"] or 0 for _label, c in rows if not c["suppressed"]]
    top = max(values, default=0) or 1
    body = []
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    for index, (label, c) in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(_clip(label))}</text>'
        )
        if not c["suppressed"] and c["count"]:
            length = max(1, round(bar_space * c["count"] / top))
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                f'fill="{BAR_COLOUR}"/>'
            )
        else:
            length = 0
        body.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 3}" '
            f'fill="{TEXT_COLOUR}">{escape(_value_text(c))}</text>'
        )
    described = "; ".join(f"{label}: {_value_text(c)}" for label, c in rows)
    if kind == "trend":
        alt = _("Bar chart of %(title)s over time, by period. %(values)s.") % {
            "title": title,
            "values": described,
        }
    else:
        alt = _("Bar chart: %(title)s. %(values)s.") % {"title": title, "values": described}
    return _chart(title, alt, body, max(1, len(rows)) * ROW_HEIGHT + 8)


def comparison_chart(title: str, rows: list[tuple[str, dict, float]]) -> dict:
    """Pairs of bars: respondents' share (dark) against the population's share (grey)."""
    body = []
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max([c["percent"] or 0 for _l, c, _p in rows] + [p for _l, _c, p in rows], default=0) or 1
    pair = ROW_HEIGHT * 2
    for index, (label, c, population) in enumerate(rows):
        y = index * pair + 4
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(_clip(label))}</text>'
        )
        length = 0
        if not c["suppressed"] and c["percent"]:
            length = max(1, round(bar_space * c["percent"] / top))
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                f'fill="{BAR_COLOUR}"/>'
            )
        body.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 3}" '
            f'fill="{TEXT_COLOUR}">{escape(_("Respondents"))}: {escape(c["percent_shown"])}'
            f"</text>"
        )
        y2 = y + ROW_HEIGHT - 4
        plength = max(1, round(bar_space * population / top)) if population else 0
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y2}" width="{plength}" height="{BAR_HEIGHT - 4}" '
            f'fill="{POPULATION_COLOUR}"/>'
        )
        body.append(
            f'<text x="{LABEL_WIDTH + plength + 6}" y="{y2 + BAR_HEIGHT - 5}" '
            f'fill="{TEXT_COLOUR}">{escape(_("Population"))}: {population}%</text>'
        )
    described = "; ".join(
        _("%(label)s: respondents %(respondents)s, population %(population)s%%")
        % {"label": label, "respondents": c["percent_shown"], "population": population}
        for label, c, population in rows
    )
    alt = _("Bar chart comparing respondents with the population: %(title)s. %(values)s.") % {
        "title": title,
        "values": described,
    }
    return _chart(title, alt, body, max(1, len(rows)) * pair + 8)
