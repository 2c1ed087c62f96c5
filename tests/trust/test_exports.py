"""Every export neutralises spreadsheet formulae: a text cell starting with =, +, -, @,
a tab or a carriage return is written with a leading apostrophe, so a spreadsheet
program shows it as text instead of running it. Covers the three exports that carry
text from the public: the feedback explorer CSV, the event attendee CSV and the
feedback report XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from search.exports import FORMULA_STARTS, neutralise
from tests.reports.conftest import (  # noqa: F401 - fixtures re-used here
    analyst,
    areas,
    built_version,
    coded_consultation,
    consultation,
    consultation_index,
)
from tests.search.conftest import answer  # noqa: F401 - fixture re-used here

pytestmark = pytest.mark.django_db

PAYLOADS = [f"{start}cmd|' /C calc'!A0" for start in FORMULA_STARTS]


def dangerous(cell) -> bool:
    return isinstance(cell, str) and cell.startswith(FORMULA_STARTS)


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_a_formula_is_shown_as_text(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise("plain words") == "plain words"
    assert neutralise(None) == ""


def test_explorer_csv_neutralises_every_formula_start(
    answer,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    from tests.search.conftest import StaffUserFactory

    with django_capture_on_commit_callbacks(execute=True):
        for text in PAYLOADS:
            answer(text, organisation_name="-org")
    explorer_user = StaffUserFactory(is_superuser=True)
    client.force_login(explorer_user)
    rows = csv_rows(client.get(reverse("feedback_explorer:export")))
    # Leading tabs and carriage returns are stripped before indexing; the rest keep theirs.
    assert {row[-1] for row in rows[1:]} == {neutralise(text.strip()) for text in PAYLOADS}
    assert not [cell for row in rows for cell in row if dangerous(cell)]


def test_event_attendee_csv_neutralises_names_and_access_details(admin_client, home_page):
    from events import signups
    from tests.events import factories

    event = factories.make_event(factories.make_index(home_page), capacity=len(PAYLOADS) + 1)
    for n, text in enumerate(PAYLOADS, start=1):
        signups.sign_up(
            event,
            factories.details(n, name=text, access_needs=["other"], access_details=text),
        )
    rows = csv_rows(admin_client.get(f"/admin/events/{event.pk}/export.csv"))
    assert len(rows) == len(PAYLOADS) + 1
    assert not [cell for row in rows for cell in row if dangerous(cell)]
    assert any(cell == f"'{PAYLOADS[0]}" for row in rows for cell in row)


def test_feedback_report_xlsx_neutralises_quotes_and_theme_names(built_version):  # noqa: F811
    from reports.exports import workbook_bytes

    for n, theme in enumerate(built_version.data["themes"]["items"]):
        theme["name"] = PAYLOADS[n % len(PAYLOADS)]
        for quote in theme["quotes"]:
            quote["text"] = PAYLOADS[(n + 1) % len(PAYLOADS)]
    workbook = load_workbook(io.BytesIO(workbook_bytes(built_version)))
    cells = [
        value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert not [cell for cell in cells if dangerous(cell)]
    assert f"'{PAYLOADS[0]}" in cells


def test_import_template_neutralises_question_references(admin_client, consultation_index):  # noqa: F811
    """An editor can give a question a reference that is a formula; the analyst who
    downloads the import template opens it in a spreadsheet program. The template's
    header row is neutralised like every export, and the import reads it back."""
    from consultations import imports
    from tests.consultations import factories

    survey = factories.standard_survey()
    questions = [q for step in survey for q in step["value"].get("questions", [])]
    why = next(q for q in questions if q["value"].get("reference") == "why")
    why["value"]["reference"] = PAYLOADS[0]
    page = factories.make_consultation(consultation_index, survey=survey)

    response = admin_client.get(f"/admin/consultation-results/{page.pk}/import/template.csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert f"'{PAYLOADS[0]}" in header
    assert not [cell for cell in header if dangerous(cell)]

    definition = imports.StaffSurveyDefinition.for_page(page)
    columns, errors = imports.map_columns(header, definition)
    assert errors == []
    assert [c.question.reference for c in columns if c.header == f"'{PAYLOADS[0]}"] == [PAYLOADS[0]]
