"""Uploaded files are type-checked and size-limited. The public never uploads files;
staff upload spreadsheets (offline responses, panel members) and documents/images
(Wagtail, whose own extension and size limits are set in settings)."""

import pytest
from django.conf import settings
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


def test_document_and_image_uploads_are_limited_by_type_and_size():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= {
        "csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx",
    }  # fmt: skip
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    # Wagtail's image defaults: known image formats only, 10 MB.
    assert getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024) <= 20 * 1024 * 1024
