"""A quote redaction removes the words from every copy of the same text."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from reports import exports, pdf, quotes, versions
from reports.models import ManualRedaction


def url(name, version):
    return reverse(f"feedback_reports:{name}", args=[version.report.page_id, version.number])


def receptionist_answers(coded_consultation):
    return [a for a in coded_consultation.answers.values() if "receptionist" in a.value_text]


def test_redacting_one_answer_removes_the_words_from_its_duplicates_everywhere(
    client, analyst, built_version, coded_consultation
):
    copies = receptionist_answers(coded_consultation)
    assert len(copies) == 3 and len({a.value_text for a in copies}) == 1  # the same words
    quote = next(
        q
        for t in built_version.data["themes"]["items"]
        for q in t["quotes"]
        if "receptionist" in q["text"]
    )
    client.force_login(analyst)
    client.post(
        url("redact", built_version), {"answer": quote["answer_id"], "phrase": "the receptionist"}
    )
    assert ManualRedaction.objects.count() == 1
    built_version.refresh_from_db()

    copy_ids = {a.pk for a in copies}
    coded = [r["text"] for r in built_version.coded if r["answer_id"] in copy_ids]
    assert len(coded) == 3 and all("receptionist" not in text for text in coded)
    sheet = load_workbook(io.BytesIO(exports.workbook_bytes(built_version)))
    cells = [
        str(c) for ws in sheet.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert not any("receptionist" in cell for cell in cells)
    assert "receptionist" not in pdf.render_html(built_version)
    assert "receptionist" not in client.get(url("version", built_version)).content.decode()
    # The coding screen and the search index read the same redaction.
    for answer in copies:
        assert "receptionist" not in quotes.redacted_answer(answer)
    # And the next version, built from the database.
    newer = versions.build(versions.request_build(coded_consultation.page, analyst).pk)
    assert not any("receptionist" in r["text"] for r in newer.coded)


def test_an_answer_with_different_words_keeps_them(analyst, built_version, coded_consultation):
    copies = receptionist_answers(coded_consultation)
    ManualRedaction.objects.create(answer=copies[0], phrase="the receptionist", made_by=analyst)
    other = next(a for a in coded_consultation.answers.values() if "busy" in a.value_text)
    assert "busy" in quotes.redacted_answer(other)
