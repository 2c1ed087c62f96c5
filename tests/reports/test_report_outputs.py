"""The report page, PDF and spreadsheet: same counts as the database, no personal data."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from consultations.models import Response
from tests.reports.conftest import PII
from themes.models import Coding

pytestmark = pytest.mark.django_db


def version_url(version, name="version"):
    return reverse(f"feedback_reports:{name}", args=[version.report.page_id, version.number])


def page_text(client, version) -> str:
    response = client.get(version_url(version))
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(client, version) -> str:
    response = client.get(version_url(version, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def xlsx_cells(client, version) -> list[str]:
    response = client.get(version_url(version, "xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return [
        "" if value is None else str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]


def theme_count_in_database(theme) -> int:
    """Responses coded to the theme or any of its sub-themes (what a report counts)."""
    ids = [theme.pk, *theme.children.values_list("pk", flat=True)]
    return (
        Coding.objects.primary()
        .filter(theme_id__in=ids, answer__response__status=Response.Status.SUBMITTED)
        .values("answer__response_id")
        .distinct()
        .count()
    )


def assert_no_personal_data(text: str):
    digits = re.sub(r"\D", "", text)
    for value in PII.values():
        assert value.casefold() not in text.casefold(), value
    for number in ("07700900123", "2079460958", "9434765919"):
        assert number not in digits
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    assert not re.search(r"\bHA1\s*1AA\b", text, re.IGNORECASE)


def test_report_page_pdf_and_spreadsheet_show_theme_counts_that_match_the_database(
    client, analyst, built_version, coded_consultation
):
    client.force_login(analyst)
    waits = theme_count_in_database(coded_consultation.waits)
    phones = theme_count_in_database(coded_consultation.phones)
    assert (waits, phones) == (16, 10)
    themes = {t["name"]: t for t in built_version.data["themes"]["items"]}
    assert themes["Waiting times"]["count"] == waits
    assert themes["Phone lines"]["count"] == phones

    html = page_text(client, built_version)
    assert re.search(r"Waiting times</th>\s*<td[^>]*>16</td>\s*<td[^>]*>80.0%</td>", html)
    text = pdf_text(client, built_version)
    assert re.search(r"16 responses \(80.0% of all\)", text)
    assert re.search(r"10 responses \(50.0% of all\)", text)
    cells = xlsx_cells(client, built_version)
    row = cells.index("Waiting times")
    assert cells[row + 3] == str(waits)
    assert "Phone lines" in cells and str(phones) in cells


def test_no_email_phone_nhs_number_postcode_or_name_in_any_report_output(
    client, analyst, built_version
):
    client.force_login(analyst)
    quotes = [q["text"] for t in built_version.data["themes"]["items"] for q in t["quotes"]]
    assert any("[email removed]" in q for q in quotes)  # the quotes with PII were chosen
    body = page_text(client, built_version)
    body = body.split('id="fr-summary"', 1)[1]  # the report, not the admin chrome
    assert_no_personal_data(body)
    assert_no_personal_data(pdf_text(client, built_version))
    cells = xlsx_cells(client, built_version)
    assert any("[NHS number removed]" in c for c in cells)
    assert_no_personal_data("\n".join(cells))


def test_a_cut_of_three_people_shows_fewer_than_five_on_the_page_pdf_and_spreadsheet(
    client, analyst, built_version
):
    client.force_login(analyst)
    who = {cut["key"]: cut for cut in built_version.data["who"]}
    brent = next(r for r in who["area"]["rows"] if r["label"] == "Brent")
    assert brent["count"] == 3

    html = page_text(client, built_version)
    assert re.search(r"<th scope=\"row\">Brent</th><td[^>]*>fewer than 5</td><td[^>]*>–</td>", html)
    assert not re.search(r"<th scope=\"row\">Brent</th><td[^>]*>3</td>", html)
    assert re.search(r"Information</th>\s*<td[^>]*>fewer than 5</td>", html)
    # Harrow's 17 would give Brent's 3 away (20 in all), so it is withheld too.
    assert re.search(r"<th scope=\"row\">Harrow</th><td[^>]*>withheld</td>", html)
    assert not re.search(r"<th scope=\"row\">Harrow</th><td[^>]*>17</td>", html)

    text = pdf_text(client, built_version)
    assert re.search(r"Brent\s*fewer than 5", text)
    assert not re.search(r"Brent\s*3\b", text)
    assert re.search(r"On behalf of an organisation\s*fewer than 5", text)

    workbook = load_workbook(io.BytesIO(client.get(version_url(built_version, "xlsx")).content))
    rows = [
        [c for c in row if c is not None]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    brent_rows = [r for r in rows if "Brent" in r]
    assert ["Brent", "fewer than 5"] in brent_rows  # who responded: no percentage either
    assert ["Harrow", "withheld"] in rows
    assert all(3 not in r for r in brent_rows)
    information = next(r for r in rows if r and r[0] == "Information")
    assert "fewer than 5" in information and 3 not in information


def test_charts_are_svg_with_a_title_and_a_data_table_beside_them(client, analyst, built_version):
    client.force_login(analyst)
    html = page_text(client, built_version)
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "<script" not in html.split('id="fr-summary"', 1)[1]
    assert "<caption>Responses by channel</caption>" in html


def test_pdf_is_tagged_with_headings_tables_and_chart_alt_text(client, analyst, built_version):
    client.force_login(analyst)
    response = client.get(version_url(built_version, "pdf"))
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"]
    raw = response.content
    # Structure types are in the (compressed) structure tree: walk it.
    kinds, alts = set(), []

    def walk(node, depth=0):
        node = node.get_object()
        if "/S" in node:
            kinds.add(str(node["/S"]))
        if "/Alt" in node:
            alts.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is None or depth > 60:
            return
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                walk(kid, depth + 1)

    walk(root["/StructTreeRoot"])
    assert raw.startswith(b"%PDF")
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    assert any(a.startswith("Bar chart") for a in alts)


def test_who_responded_is_compared_with_the_census_population_when_it_is_loaded(
    client, analyst, coded_consultation
):
    from citizens_panel import benchmarks
    from citizens_panel.models import PopulationBenchmark
    from reports import versions
    from reports.models import FeedbackReportVersion

    benchmarks.load_default()
    report = versions.report_for(coded_consultation.page)
    version = versions.build(FeedbackReportVersion.objects.create(report=report, number=1).pk)
    population = version.data["population"]
    assert population["available"]
    comparisons = {c["title"]: c for c in population["comparisons"]}
    areas = {r["label"]: r for r in comparisons["Where respondents live"]["rows"]}
    totals = dict(
        PopulationBenchmark.objects.filter(characteristic="total").values_list("area_name", "count")
    )
    harrow_share = round(100 * totals["Harrow"] / (totals["Harrow"] + totals["Brent"]), 1)
    assert (areas["Harrow"]["count"], areas["Harrow"]["population_share"]) == (17, harrow_share)
    ages = {r["label"]: r["count"] for r in comparisons["Age"]["rows"]}
    assert (ages["35 to 44"], ages["75 or over"]) == (17, 3)

    client.force_login(analyst)
    html = page_text(client, version)
    assert "Share of population" in html
    assert re.search(r"75 or over</th><td[^>]*>fewer than 5</td><td[^>]*>–</td>", html)
    assert f"{harrow_share}%" in html


def test_without_population_figures_the_report_says_so_and_invents_none(
    client, analyst, built_version
):
    assert built_version.data["population"] == {
        "available": False,
        "source": "",
        "comparisons": [],
    }
    client.force_login(analyst)
    assert "No population figures are loaded" in page_text(client, built_version)
