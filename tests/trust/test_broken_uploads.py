"""A broken or booby-trapped spreadsheet gets the import's own report, never a 500 (#14).

Staff upload offline responses and panel members as CSV or Excel. Random bytes named
``.xlsx``, a zip archive that is not a workbook, a workbook whose sheet is damaged, or a
CSV with one enormous cell (``csv.Error: field larger than field limit``) used to raise
out of the view. Each now gets the message the import shows for a file it cannot read,
and nothing is imported. Complements tests/trust/test_uploads.py (type and size).
"""

import io
import os
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.citizens_panel.conftest import hounslow, nwl_areas  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

PANEL_IMPORT = "/admin/citizens-panel/import/"


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def damaged_sheet(rows) -> bytes:
    """A real workbook whose first sheet's XML is cut short."""
    source = zipfile.ZipFile(io.BytesIO(workbook(rows)))
    files = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    files[sheet] = files[sheet][: len(files[sheet]) // 2]
    return zipped(files)


BROKEN_WORKBOOKS = {
    "random bytes": os.urandom(4096),
    "a zip of something else": zipped({"notes.txt": b"not a workbook"}),
    "a zip with a broken workbook part": zipped(
        {"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"\x00\x01"}
    ),
    "a damaged sheet": None,  # filled per test (needs the columns)
}
HUGE_CELL = "x" * (200 * 1024)  # over csv's default field limit of 128 KiB


def offline_import(client, page, name, content):
    from consultations.models import Response

    response = client.post(
        f"/admin/consultation-results/{page.pk}/import/",
        {"file": SimpleUploadedFile(name, content), "channel": "paper"},
    )
    assert response.status_code in (200, 422)
    assert not Response.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("kind", list(BROKEN_WORKBOOKS))
def test_broken_workbook_of_offline_responses_is_reported_not_a_500(
    admin_client, consultation, kind
):
    content = BROKEN_WORKBOOKS[kind] or damaged_sheet([["why", "channel"], ["Buses", "paper"]])
    html = offline_import(admin_client, consultation, "responses.xlsx", content)
    assert "not an Excel workbook (.xlsx) we can read" in html


def test_csv_of_offline_responses_with_a_huge_cell_is_reported_not_a_500(
    admin_client, consultation
):
    content = f'why,channel\n"{HUGE_CELL}",paper\n'.encode()
    html = offline_import(admin_client, consultation, "responses.csv", content)
    assert "too long" in html


def test_offline_import_command_reports_a_broken_workbook(consultation, tmp_path):
    from consultations.imports import import_responses

    outcome = import_responses(
        consultation, io.BytesIO(BROKEN_WORKBOOKS["a zip of something else"]), "r.xlsx"
    )
    assert not outcome.ok and "not an Excel workbook" in outcome.errors[0].message


@pytest.mark.parametrize("kind", list(BROKEN_WORKBOOKS))
def test_broken_workbook_of_panel_members_is_reported_not_a_500(admin_client, hounslow, kind):  # noqa: F811
    from citizens_panel.models import Member

    columns = ["name", "email", "postcode"]
    content = BROKEN_WORKBOOKS[kind] or damaged_sheet([columns, ["Asha", "a@example.org", "TW3"]])
    response = admin_client.post(
        PANEL_IMPORT, {"file": SimpleUploadedFile("members.xlsx", content)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be read" in html or "not an Excel workbook (.xlsx) we can read" in html
    assert not Member.objects.exists()


def test_csv_of_panel_members_with_a_huge_cell_is_reported_not_a_500(admin_client, hounslow):  # noqa: F811
    from citizens_panel.models import Member

    content = f'name,email,postcode\n"{HUGE_CELL}",a@example.org,TW3 1AA\n'.encode()
    response = admin_client.post(PANEL_IMPORT, {"file": SimpleUploadedFile("members.csv", content)})
    assert response.status_code == 200
    assert "too long" in response.content.decode()
    assert not Member.objects.exists()
