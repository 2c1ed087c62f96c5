"""The import error report names the value typed and what was expected, and downloads."""

import csv
import io

import pytest
from django.urls import reverse

from consultations.models import Response
from tests.consultations.factories import StaffUserFactory
from tests.consultations.test_import import GOOD_ROWS, csv_file, import_url

pytestmark = pytest.mark.django_db


def failed_import(client, user, consultation):
    unknown_option = [*GOOD_ROWS[1]]
    unknown_option[0] = "Horse and cart"
    bad_date = [*GOOD_ROWS[0]]
    bad_date[13] = '=HYPERLINK("http://x")'
    client.force_login(user)
    return client.post(
        import_url(consultation),
        {"file": csv_file([GOOD_ROWS[0], unknown_option, bad_date]), "channel": "post"},
    )


def download_link(html: str) -> str:
    return html.split('id="download-problems" href="', 1)[1].split('"', 1)[0]


def test_error_report_shows_the_value_typed_and_what_the_column_takes(
    client, superuser, consultation, areas
):
    response = failed_import(client, superuser, consultation)
    assert response.status_code == 422 and Response.objects.count() == 0
    html = response.content.decode()
    row = html[html.index('<td class="cr-number">3</td>') :].split("</tr>", 1)[0]
    assert "<code>Horse and cart</code>" in row
    assert "One of: Bus;" in row
    assert "Select a valid answer" in row


def test_error_report_downloads_as_csv_with_row_column_value_and_expected(
    client, superuser, consultation, areas
):
    html = failed_import(client, superuser, consultation).content.decode()
    link = download_link(html)
    assert link.startswith(reverse("consultation_results:import", args=[consultation.pk]))
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    text = b"".join(download.streaming_content).decode("utf-8")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0] == ["Row", "Column", "What the cell holds", "What it should hold", "Problem"]
    by_row = {row[0]: row for row in table[1:]}
    assert by_row["3"][1:3] == ["travel", "Horse and cart"]
    assert by_row["3"][3].startswith("One of: ")
    # A formula typed into a cell comes back as text, not as a formula.
    assert by_row["4"][1] == "submitted_at"
    assert by_row["4"][2].startswith("'=HYPERLINK")


def test_someone_else_cannot_download_my_error_report(client, superuser, consultation, areas):
    link = download_link(failed_import(client, superuser, consultation).content.decode())
    other = StaffUserFactory(is_superuser=True)
    client.force_login(other)
    assert client.get(link).status_code == 404
