"""Uploaded files are type-checked and size-limited. The public never uploads files;
staff upload spreadsheets (offline responses, panel members) and documents/images
(Wagtail, whose own extension and size limits are set in settings)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.citizens_panel.conftest import hounslow, nwl_areas  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

PANEL_IMPORT = "/admin/citizens-panel/import/"
NOT_A_WORKBOOK = b"MZ\x90\x00\x03 this is a program, not a spreadsheet"
NOT_UTF8 = "name,email\nJos\xe9,jose@example.org\n".encode("latin-1") + b"\xff\xfe\x00"


class HugeUpload(SimpleUploadedFile):
    """A small file that reports a size over the limit (no need to hold 20 MB in a test)."""

    @property
    def size(self):
        return 21 * 1024 * 1024

    @size.setter
    def size(self, value):
        pass


def consultation_import_url(page):
    return f"/admin/consultation-results/{page.pk}/import/"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("members.exe", b"MZ", "Choose a .csv or .xlsx file"),
        ("members.xlsx", NOT_A_WORKBOOK, "cannot be read"),
        ("members.csv", NOT_UTF8, "cannot be read"),
    ],
)
def test_panel_import_refuses_files_it_cannot_read_with_a_message(
    admin_client,
    hounslow,  # noqa: F811 - the fixture imported above
    name,
    content,
    message,  # noqa: F811
):
    from citizens_panel.models import Member

    response = admin_client.post(PANEL_IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Member.objects.exists()


def test_panel_import_refuses_a_file_over_20_mb():
    from citizens_panel.forms import ImportForm

    form = ImportForm(files={"file": HugeUpload("members.csv", b"name,email\n")})
    assert not form.is_valid()
    assert "must be smaller than 20 MB" in str(form.errors["file"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("responses.exe", b"MZ", "Choose a .csv or .xlsx file"),
        ("responses.xlsx", NOT_A_WORKBOOK, "not an Excel workbook"),
    ],
)
def test_offline_response_import_refuses_files_it_cannot_read(
    admin_client, consultation, name, content, message
):
    from consultations.models import Response

    response = admin_client.post(
        consultation_import_url(consultation),
        {"file": SimpleUploadedFile(name, content), "channel": "paper"},
    )
    assert response.status_code in (200, 422)
    assert message in response.content.decode()
    assert not Response.objects.exists()


def test_offline_response_import_refuses_a_file_over_20_mb():
    from consultations.admin_forms import ImportForm

    form = ImportForm({"channel": "paper"}, {"file": HugeUpload("responses.csv", b"travel\n")})
    assert not form.is_valid()
    assert "must be smaller than 20 MB" in str(form.errors["file"])


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("notes.pdf", b"%PDF-1.4 small", True),
        ("page.html", b"<script>alert(1)</script>", False),
        ("run.exe", b"MZ", False),
    ],
)
def test_staff_document_upload_takes_office_files_and_refuses_others(
    admin_client, name, content, accepted
):
    from wagtail.documents import get_document_model

    response = admin_client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    assert get_document_model().objects.filter(title=name).exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert "is not allowed" in response.content.decode()  # named on the file field


def test_staff_document_upload_over_20_mb_is_refused_on_the_field():
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form

    form_class = get_document_form(get_document_model())
    form = form_class(
        {"title": "big", "collection": 1}, {"file": HugeUpload("big.pdf", b"%PDF-1.4")}
    )
    assert not form.is_valid()
    assert "file" in form.errors
    assert "20.0" in str(form.errors["file"]) or "20 MB" in str(form.errors["file"])


def test_staff_image_upload_refuses_a_file_that_is_not_an_image(admin_client):
    from wagtail.images import get_image_model

    response = admin_client.post(
        "/admin/images/add/",
        {"title": "x", "file": SimpleUploadedFile("x.png", b"not a picture"), "collection": 1},
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
