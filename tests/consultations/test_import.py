"""Importing offline responses from CSV or Excel: all rows, or none with a report."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from consultations import imports
from consultations.answers import load_answers
from consultations.models import Answer, Response
from tests.consultations.factories import option_id, question_id

pytestmark = pytest.mark.django_db

HEADER = [
    "travel",
    "priorities",
    "priorities_other",
    "agree-merge",
    "why",
    "postcode",
    "used-walk-in",
    "walk-in-ranking",
    "channel",
    "language",
    "respondent_type",
    "organisation_name",
    "area",
    "submitted_at",
]
GOOD_ROWS = [
    [
        "Bus",
        "Shorter waits; Clear information",
        "",
        "Agree",
        "Buses are late.",
        "HA1 1AA",
        "yes",
        "Waiting time; Opening hours; Friendly staff",
        "",
        "",
        "",
        "",
        "",
        "14/03/2025 10:30",
    ],
    [
        "car",
        "Care closer to home",
        "Parking",
        "1",
        "",
        "",
        "no",
        "",
        "email",
        "pl",
        "",
        "",
        "Brent",
        "",
    ],
    [
        "Walking",
        "",
        "",
        "Don't know",
        "We speak for 300 carers.",
        "",
        "No",
        "",
        "event",
        "Polski",
        "organisation",
        "Carers Network",
        "E09000015",
        "2025-03-01",
    ],
]


def csv_file(rows, header=HEADER, name="responses.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, header=HEADER, name="responses.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def import_url(page):
    return f"/admin/consultation-results/{page.pk}/import/"


def test_a_good_csv_file_imports_every_row(client, superuser, consultation, areas):
    client.force_login(superuser)

    response = client.post(
        import_url(consultation), {"file": csv_file(GOOD_ROWS), "channel": "post"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/consultation-results/{consultation.pk}/"
    saved = list(Response.objects.order_by("submitted_at"))
    assert len(saved) == 3
    assert {r.status for r in saved} == {Response.Status.SUBMITTED}
    assert {r.entered_by for r in saved} == {superuser}

    carers, bus, car = saved  # 1 March, 14 March, then "now"
    assert bus.channel == "post"  # the default chosen on the form
    assert bus.submitted_at.strftime("%d/%m/%Y %H:%M") == "14/03/2025 10:30"
    assert bus.area == areas["harrow"]  # from the postcode answer
    answers = load_answers(bus)
    assert answers[question_id(consultation, "agree-merge")] == 4
    assert answers[question_id(consultation, "walk-in-ranking")] == [
        option_id(consultation, "walk-in-ranking", label)
        for label in ("Waiting time", "Opening hours", "Friendly staff")
    ]
    assert answers[question_id(consultation, "priorities")]["options"] == [
        option_id(consultation, "priorities", "Shorter waits"),
        option_id(consultation, "priorities", "Clear information"),
    ]

    assert (car.channel, car.language, car.area) == ("email", "pl", areas["brent"])
    car_answers = load_answers(car)
    assert car_answers[question_id(consultation, "travel")] == option_id(
        consultation, "travel", "Car"
    )
    assert car_answers[question_id(consultation, "priorities")]["other"] == "Parking"
    assert car_answers[question_id(consultation, "used-walk-in")] is False

    assert carers.respondent_type == "organisation"
    assert carers.organisation_name == "Carers Network"
    assert (carers.language, carers.area) == ("pl", areas["harrow"])
    assert load_answers(carers)[question_id(consultation, "agree-merge")] == 0


def test_a_good_excel_workbook_imports_every_row(consultation, areas, superuser):
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][13] = datetime.datetime(2025, 3, 14, 10, 30)  # a real date cell
    rows[1][3] = 2  # a number cell

    outcome = imports.import_responses(
        consultation, xlsx_file(rows), "responses.xlsx", entered_by=superuser
    )

    assert outcome.ok, outcome.errors
    assert len(outcome.created) == 3
    assert Response.objects.filter(channel="paper").count() == 1
    car = Response.objects.get(channel="email")
    assert load_answers(car)[question_id(consultation, "agree-merge")] == 2


def test_one_bad_row_means_nothing_is_imported_and_each_problem_is_named(
    client, superuser, consultation, areas
):
    bad_postcode = [*GOOD_ROWS[0]]
    bad_postcode[5] = "HA99 XYZ"
    unknown_option = [*GOOD_ROWS[1]]
    unknown_option[0] = "Tram"
    too_long = [*GOOD_ROWS[2]]
    too_long[4] = "x" * 501
    rows = [GOOD_ROWS[0], bad_postcode, unknown_option, too_long]
    client.force_login(superuser)

    response = client.post(import_url(consultation), {"file": csv_file(rows), "channel": "post"})

    assert response.status_code == 422
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    html = response.content.decode()
    assert "Nothing was imported from responses.csv: 3 problems" in html
    assert (
        '<td class="cr-number">3</td>\n            <td>postcode</td>\n'
        "            <td><code>HA99 XYZ</code></td>\n"
        "            <td>A UK postcode</td>\n"
        "            <td>Enter a real postcode, like SW1A 1AA</td>"
    ) in html
    assert "Select a valid answer for ‘How do you usually travel to hospital?’" in html
    assert "must be 500 characters or fewer" in html


def test_problems_are_reported_by_spreadsheet_row_and_column(consultation, areas):
    rows = [[*GOOD_ROWS[0]], [*GOOD_ROWS[1]], [*GOOD_ROWS[2]]]
    rows[0][5] = "not a postcode"
    rows[1][0] = "Tram"
    rows[1][12] = "Narnia"
    rows[2][4] = "x" * 501
    rows[2][10] = "organisation"
    rows[2][11] = ""  # an organisation with no name

    outcome = imports.import_responses(consultation, csv_file(rows), "responses.csv")

    assert not outcome.ok
    assert {(e.row, e.column) for e in outcome.errors} == {
        (2, "postcode"),
        (3, "travel"),
        (3, "area"),
        (4, "why"),
        (4, "organisation_name"),
    }
    area_error = next(e for e in outcome.errors if e.column == "area")
    assert area_error.message == "There is no area called ‘Narnia’."
    assert Response.objects.count() == 0


def test_an_unknown_column_stops_the_import_before_reading_rows(consultation):
    header = [*HEADER]
    header[0] = "travle"

    outcome = imports.import_responses(consultation, csv_file(GOOD_ROWS, header), "r.csv")

    assert [(e.row, e.column) for e in outcome.errors] == [(1, "travle")]
    assert "no question or field with this reference" in outcome.errors[0].message
    assert Response.objects.count() == 0


def test_columns_may_be_named_by_block_id(consultation):
    travel = question_id(consultation, "travel")
    upload = csv_file([["Car"]], header=[travel])

    outcome = imports.import_responses(consultation, upload, "r.csv")

    assert outcome.ok
    assert load_answers(outcome.created[0]) == {travel: option_id(consultation, "travel", "Car")}


def test_an_import_into_the_polish_page_counts_for_the_consultation(
    consultation, polish_consultation
):
    outcome = imports.import_responses(
        polish_consultation, csv_file([["Bus", "pl"]], header=["travel", "language"]), "r.csv"
    )

    assert outcome.ok
    saved = outcome.created[0]
    assert saved.consultation_id == consultation.pk
    assert saved.answers.get().value_text == "Bus"  # the source-language label


def test_the_import_command_imports_a_good_file(consultation, areas, tmp_path, superuser):
    path = tmp_path / "responses.csv"
    path.write_bytes(csv_file(GOOD_ROWS).read())
    output = io.StringIO()

    call_command(
        "import_responses",
        consultation.pk,
        str(path),
        "--entered-by",
        superuser.email,
        stdout=output,
    )

    assert "Imported 3 responses" in output.getvalue()
    assert Response.objects.filter(entered_by=superuser).count() == 3


def test_the_import_command_reports_problems_and_imports_nothing(consultation, tmp_path):
    rows = [[*GOOD_ROWS[0]]]
    rows[0][5] = "HA99 XYZ"
    path = tmp_path / "responses.csv"
    path.write_bytes(csv_file(rows).read())
    errors = io.StringIO()

    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("import_responses", consultation.pk, str(path), stderr=errors)

    assert "row 2, column 'postcode': Enter a real postcode" in errors.getvalue()
    assert Response.objects.count() == 0


def test_the_import_page_lists_the_columns_to_use(client, superuser, consultation):
    client.force_login(superuser)

    html = client.get(import_url(consultation)).content.decode()

    assert "<code>walk-in-ranking</code>" in html
    assert "Bus; Car; Walking" in html
    template = client.get(import_url(consultation) + "template.csv")
    assert template.content.decode("utf-8-sig").splitlines()[0].startswith("travel,priorities,")


def test_staff_who_may_only_read_results_cannot_import(client, staff_user, consultation):
    staff_user.user_permissions.add(Permission.objects.get(codename="view_results"))
    client.force_login(staff_user)

    response = client.post(import_url(consultation), {"file": csv_file(GOOD_ROWS)})

    assert response.status_code == 302
    assert Response.objects.count() == 0
