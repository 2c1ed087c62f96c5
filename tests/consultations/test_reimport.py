"""Importing the same spreadsheet twice does not double the responses."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import imports
from consultations.models import Response, ResponseImport
from tests.consultations.test_import import GOOD_ROWS, csv_file, import_url, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    from tests.consultations.factories import SuperuserFactory

    return SuperuserFactory(username="sam.lead", first_name="Sam", last_name="Lead")


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_the_same_file_uploaded_twice_is_refused_naming_the_earlier_import(
    client, lead, consultation, areas, make_file
):
    client.force_login(lead)
    made = make_file(GOOD_ROWS)  # one file (a workbook made again differs: it is dated)
    content, name = made.read(), made.name
    first = client.post(
        import_url(consultation), {"file": SimpleUploadedFile(name, content), "channel": "post"}
    )
    assert first.status_code == 302
    assert Response.objects.count() == 3

    again = client.post(
        import_url(consultation), {"file": SimpleUploadedFile(name, content), "channel": "post"}
    )

    assert again.status_code == 422
    assert Response.objects.count() == 3
    html = again.content.decode()
    assert f"This file was imported before: {name}, imported on" in html
    assert "by Sam Lead (3 rows)" in html
    assert ResponseImport.objects.count() == 1


def test_the_same_file_is_refused_even_when_staff_tick_import_again(
    client, lead, consultation, areas
):
    client.force_login(lead)
    client.post(import_url(consultation), {"file": csv_file(GOOD_ROWS), "channel": "post"})

    again = client.post(
        import_url(consultation),
        {"file": csv_file(GOOD_ROWS), "channel": "post", "import_again": "on"},
    )

    assert again.status_code == 422
    assert Response.objects.count() == 3


def test_rows_already_imported_from_another_file_are_refused_then_imported_when_confirmed(
    client, lead, consultation, areas
):
    client.force_login(lead)
    client.post(import_url(consultation), {"file": csv_file(GOOD_ROWS[:2]), "channel": "post"})
    assert Response.objects.count() == 2

    # The same two rows saved again (as a workbook) with a new third row.
    refused = client.post(
        import_url(consultation),
        {"file": xlsx_file(GOOD_ROWS, name="batch-2.xlsx"), "channel": "post"},
    )

    assert refused.status_code == 422
    assert Response.objects.count() == 2
    html = refused.content.decode()
    assert "Rows 2, 3 are already imported, from responses.csv, imported on" in html
    assert "Import these rows again" in html

    confirmed = client.post(
        import_url(consultation),
        {
            "file": xlsx_file(GOOD_ROWS, name="batch-2.xlsx"),
            "channel": "post",
            "import_again": "on",
        },
    )

    assert confirmed.status_code == 302
    assert Response.objects.count() == 5


def test_two_people_giving_the_same_answers_in_one_file_are_both_imported(
    consultation, areas, lead
):
    rows = [GOOD_ROWS[1], GOOD_ROWS[1]]

    outcome = imports.import_responses(consultation, csv_file(rows), "same.csv", entered_by=lead)

    assert outcome.ok, outcome.errors
    assert Response.objects.count() == 2
    keys = set(Response.objects.values_list("import_row_key", flat=True))
    assert len(keys) == 2
    assert {r.imported_from for r in Response.objects.all()} == {outcome.batch}


def test_the_same_file_for_another_consultation_is_not_a_repeat(
    consultation, consultation_index, areas, lead
):
    from tests.consultations.factories import make_consultation

    other = make_consultation(consultation_index, title="Another consultation")
    imports.import_responses(consultation, csv_file(GOOD_ROWS), "a.csv", entered_by=lead)

    outcome = imports.import_responses(other, csv_file(GOOD_ROWS), "a.csv", entered_by=lead)

    assert outcome.ok, outcome.errors
    assert Response.objects.filter(consultation=other).count() == 3


def test_the_import_command_refuses_a_file_it_imported_before(consultation, areas, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "responses.csv"
    path.write_bytes(csv_file(GOOD_ROWS).read())
    call_command("import_responses", consultation.pk, str(path))
    assert Response.objects.count() == 3

    with pytest.raises(CommandError):
        call_command("import_responses", consultation.pk, str(path), "--import-again")

    assert Response.objects.count() == 3
