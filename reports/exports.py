"""The spreadsheet (XLSX) of a report version, rendered from its snapshot.

Sheets: the summary counts (who responded, themes, closed questions, population),
each theme by area and by who responded, and the coded data (question, themes and
redacted text only; no reference number, area or other detail about the person).
Small numbers are "fewer than 5" as text; every text cell is neutralised so a
spreadsheet program cannot run it as a formula.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from reports.presentation import present
from search.exports import neutralise

BOLD = Font(bold=True)


def _value(cell: dict):
    """A number when it may be shown, "fewer than 5" otherwise."""
    return cell["count"] if not cell["suppressed"] else cell["shown"]


def _text(value):
    if not isinstance(value, str):
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


def _sheet(workbook, title, rows):
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([_text(value) for value in row])
    for cells in sheet.iter_rows(min_row=1, max_row=1):
        for cell in cells:
            cell.font = BOLD
    return sheet


def _percent(cell):
    return cell["percent"] if cell["percent"] is not None else ""


def workbook_bytes(version) -> bytes:
    """In the report's language, whoever downloads it."""
    from django.utils import translation

    from reports.versions import report_language

    with translation.override(report_language(version)):
        return _workbook_bytes(version)


def _workbook_bytes(version) -> bytes:
    report = present(version.data)
    workbook = Workbook()
    workbook.remove(workbook.active)
    noun = report.get("noun", "")

    rows = [[_("Feedback report"), report["title"]], [_("Version"), version.number]]
    rows.append([_("Status"), str(version.get_status_display())])
    rows.append([_("Total %(noun)s") % {"noun": noun}, _value(report["total_cell"])])
    rows.append(
        [_("Period"), f"{report['period']['start_label']} – {report['period']['end_label']}"]
    )
    rows.append([])
    for cut in report["who"]:
        rows.append([cut["title"], _("Number"), _("Share (%)")])
        rows += [[r["label"], _value(r["cell"]), _percent(r["cell"])] for r in cut["rows"]]
        rows.append([])
    _sheet(workbook, _("Who responded"), rows)

    if report["population"]["available"]:
        rows = [[_("Source"), report["population"]["source"]], []]
        for comparison in report["population"]["comparisons"]:
            rows.append(
                [
                    comparison["title"],
                    _("Respondents"),
                    _("Share of respondents (%)"),
                    _("Share of population (%)"),
                ]
            )
            rows += [
                [r["label"], _value(r["cell"]), _percent(r["cell"]), r["population_share"]]
                for r in comparison["rows"]
            ]
            rows.append([])
        _sheet(workbook, _("Population"), rows)

    themes = report["themes"]["items"]
    rows = [[_("Theme"), _("Broader theme"), _("Description"), noun.capitalize(), _("Share (%)")]]
    rows += [
        [t["name"], t["parent"], t["description"], _value(t["cell"]), _percent(t["cell"])]
        for t in themes
    ]
    _sheet(workbook, _("Themes"), rows)

    rows = [
        [_("Theme"), _("Breakdown"), _("Group"), noun.capitalize(), _("Share of the theme (%)")]
    ]
    for theme in themes:
        for key, title in (
            ("by_area", _("Area")),
            ("by_respondent_type", _("Responding as")),
            ("trend", _("Period")),
        ):
            rows += [
                [theme["name"], title, r["label"], _value(r["cell"]), _percent(r["cell"])]
                for r in theme.get(key, [])
            ]
    _sheet(workbook, _("Themes by group"), rows)

    rows = [[_("Theme"), _("Quote (personal data removed)")]]
    rows += [[t["name"], q["text"]] for t in themes for q in t["quotes"]]
    _sheet(workbook, _("Quotes"), rows)

    if report["questions"]:
        rows = [[_("Question"), _("Answer"), _("Number"), _("Share (%)")]]
        for question in report["questions"]:
            rows += [
                [question["text"], o["label"], _value(o["cell"]), _percent(o["cell"])]
                for o in question["options"]
            ]
        _sheet(workbook, _("Closed questions"), rows)

    rows = [
        [_("Question or section"), _("Themes"), _("Language"), _("Text (personal data removed)")]
    ]
    rows += [
        [r["question"], "; ".join(r["themes"]), r["language"], r["text"]] for r in version.coded
    ]
    _sheet(workbook, _("Coded data"), rows)

    _sheet(workbook, _("Method"), [[_("Method and limitations")], *[[n] for n in report["method"]]])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
