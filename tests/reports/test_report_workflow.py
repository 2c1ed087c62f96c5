"""Building, reading, signing off and redacting report versions in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations.models import (
    DraftComment,
    DraftVersion,
    OutcomeIndexPage,
    PolicyDraftPage,
    YouSaidWeDidPage,
)
from reports import versions
from reports.models import FeedbackReportVersion, ManualRedaction
from tests.consultations.factories import make_response, question_id
from tests.reports.conftest import PII
from themes.models import Coding, Theme, ThemeFrame

pytestmark = pytest.mark.django_db


def url(name, version=None, page=None):
    if version is not None:
        return reverse(f"feedback_reports:{name}", args=[version.report.page_id, version.number])
    return reverse(f"feedback_reports:{name}", args=[page.pk] if page is not None else [])


def test_an_analyst_builds_a_version_from_the_admin_and_it_is_built_after_the_commit(
    client, analyst, coded_consultation, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    index = client.get(url("index")).content.decode()
    assert coded_consultation.page.title in index
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("build", page=coded_consultation.page))
    assert len(callbacks) == 2  # build the snapshot, then draw its PDF
    version = FeedbackReportVersion.objects.get()
    assert bytes(version.pdf).startswith(b"%PDF")
    assert response.url == url("version", version)
    assert version.status == "draft"
    assert version.data["total"] == 20
    assert version.build_seconds is not None
    html = client.get(response.url).content.decode()
    assert "Draft: not yet signed off." in html
    assert 'http-equiv="refresh"' not in html


def test_a_version_being_built_shows_its_progress_and_reloads_without_javascript(
    client, analyst, coded_consultation
):
    report = versions.report_for(coded_consultation.page)
    version = FeedbackReportVersion.objects.create(
        report=report, number=1, progress=35, stage="Counting themes"
    )
    client.force_login(analyst)
    html = client.get(url("version", version)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert '<progress class="fr-progress" max="100" value="35">' in html
    assert "Counting themes (35% done)." in html


def test_the_governing_body_sees_signed_off_versions_only_and_cannot_build(
    client, governing_body_reader, engagement_lead, built_version
):
    client.force_login(governing_body_reader)
    # Not found (the locale middleware first tries the path under /en/).
    assert client.get(url("version", built_version), follow=True).status_code == 404
    assert client.get(url("pdf", built_version), follow=True).status_code == 404
    assert built_version.report.page.title not in client.get(url("index")).content.decode()
    client.post(url("build", page=built_version.report.page))
    assert FeedbackReportVersion.objects.count() == 1

    versions.sign_off(built_version, engagement_lead)
    index = client.get(url("index")).content.decode()
    assert built_version.report.page.title in index
    html = client.get(url("version", built_version)).content.decode()
    assert "Signed off by" in html
    assert "Remove words from this quote" not in html
    assert "Sign off version" not in html
    assert client.get(url("pdf", built_version)).status_code == 200
    assert client.get(url("xlsx", built_version)).status_code == 200


def test_only_an_engagement_lead_signs_off_and_must_confirm(
    client, analyst, engagement_lead, built_version
):
    client.force_login(analyst)
    client.post(url("sign_off", built_version), {"confirm": "yes"})
    built_version.refresh_from_db()
    assert built_version.status == "draft"

    client.force_login(engagement_lead)
    client.post(url("sign_off", built_version))
    built_version.refresh_from_db()
    assert built_version.status == "draft"
    client.post(url("sign_off", built_version), {"confirm": "yes"})
    built_version.refresh_from_db()
    assert built_version.status == "signed_off"
    assert built_version.signed_off_by == engagement_lead


def test_a_signed_off_version_stays_as_presented_when_data_changes(
    client, engagement_lead, built_version, coded_consultation
):
    versions.sign_off(built_version, engagement_lead)
    before = built_version.data
    page = coded_consultation.page
    why = question_id(page, "why")
    for _ in range(3):
        response = make_response(page, {why: "Waiting far too long for a call back."})
        Coding.objects.create(
            theme=coded_consultation.waits, answer=response.answers.get(question_id=why)
        )
    client.force_login(engagement_lead)
    html = client.get(url("version", built_version)).content.decode()
    assert "have changed since this version was built" in html
    built_version.refresh_from_db()
    assert built_version.data == before

    newer = versions.build(versions.request_build(page, engagement_lead).pk)
    assert newer.number == 2
    waits = {t["name"]: t["count"] for t in newer.data["themes"]["items"]}["Waiting times"]
    assert (newer.data["total"], waits) == (23, 19)
    built_version.refresh_from_db()
    assert built_version.data == before
    assert "have changed" not in client.get(url("version", newer)).content.decode()


def test_an_analyst_removes_words_from_a_quote_and_the_draft_shows_it_at_once(
    client, analyst, built_version
):
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
    assert ManualRedaction.objects.get().phrase == "the receptionist"
    built_version.refresh_from_db()
    texts = [
        q["text"]
        for t in built_version.data["themes"]["items"]
        for q in t["quotes"]
        if q["answer_id"] == quote["answer_id"]
    ]
    assert texts and all("receptionist" not in t and "[removed]" in t for t in texts)
    coded = [r["text"] for r in built_version.coded if r["answer_id"] == quote["answer_id"]]
    assert coded and "receptionist" not in coded[0]
    html = client.get(url("version", built_version)).content.decode()
    assert "[name removed] [name removed] here: [removed] could not find" in html


def test_words_not_in_the_quote_or_a_quote_not_in_the_report_are_refused(
    client, analyst, built_version, coded_consultation
):
    quote = built_version.data["themes"]["items"][0]["quotes"][0]
    client.force_login(analyst)
    client.post(url("redact", built_version), {"answer": quote["answer_id"], "phrase": "zebra"})
    unquoted = coded_consultation.answers[coded_consultation.responses[-1].pk]
    shown = {q["answer_id"] for t in built_version.data["themes"]["items"] for q in t["quotes"]}
    if unquoted.pk not in shown:
        client.post(url("redact", built_version), {"answer": unquoted.pk, "phrase": "waits"})
    assert not ManualRedaction.objects.exists()


def test_a_signed_off_report_seeds_draft_you_said_items_one_per_theme(
    client, engagement_lead, built_version, home_page, coded_consultation
):
    index = home_page.add_child(instance=OutcomeIndexPage(title="Outcomes", slug="outcomes"))
    outcome = YouSaidWeDidPage(
        title="What we did",
        slug="what-we-did",
        intro="We listened.",
        consultation=coded_consultation.page,
    )
    index.add_child(instance=outcome)
    outcome.save_revision().publish()
    client.force_login(engagement_lead)
    client.post(url("seed", built_version))
    assert not YouSaidWeDidPage.objects.get().get_latest_revision_as_object().items  # not yet

    versions.sign_off(built_version, engagement_lead)
    response = client.post(url("seed", built_version))
    assert response.url == reverse("wagtailadmin_pages:edit", args=[outcome.pk])
    outcome = YouSaidWeDidPage.objects.get()
    assert outcome.has_unpublished_changes
    assert len(outcome.items) == 0  # the live page is unchanged
    items = [i.value for i in outcome.get_latest_revision_as_object().items]
    assert [i["theme"] for i in items] == ["Waiting times", "Phone lines", "Information"]
    assert items[0]["you_said"] == "Waiting too long for an appointment (mentioned in 16 responses)"
    assert items[2]["you_said"] == "Information (mentioned in fewer than 5 responses)"
    assert all(i["we_did"] == "" and i["status"] == "in_progress" for i in items)
    client.post(url("seed", built_version))  # again: nothing repeated
    assert len(YouSaidWeDidPage.objects.get().get_latest_revision_as_object().items) == 3


def test_a_policy_draft_report_counts_coded_comments_with_their_quotes_redacted(
    consultation_index, analyst
):
    draft = PolicyDraftPage(
        title="Knee arthroscopy",
        slug="knee-arthroscopy",
        intro="A draft policy.",
        sections=[],
    )
    consultation_index.add_child(instance=draft)
    draft.save_revision().publish()
    version = DraftVersion.objects.get(page=draft)
    frame = ThemeFrame.for_page(draft)
    access = Theme.objects.create(frame=frame, name="Access for sports injuries")
    for index in range(6):
        comment = DraftComment.objects.create(
            version=version,
            text=f"Keep access for sports injuries, write to {PII['email']} ({index}).",
            display_name=f"{PII['name']} {PII['surname']}",
            status=DraftComment.Status.APPROVED,
        )
        Coding.objects.create(theme=access, comment=comment)
    report = versions.report_for(draft)
    built = versions.build(FeedbackReportVersion.objects.create(report=report, number=1).pk)
    theme = built.data["themes"]["items"][0]
    assert (built.data["kind"], built.data["total"], theme["count"]) == ("draft", 6, 6)
    assert theme["quotes"] and all("[email removed]" in q["text"] for q in theme["quotes"])
    assert PII["email"] not in str(built.data) + str(built.coded)


def test_operators_can_build_a_version_from_the_command_line(coded_consultation):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("build_feedback_report", coded_consultation.page.pk, stdout=out)
    version = FeedbackReportVersion.objects.get()
    assert (version.number, version.status, version.data["total"]) == (1, "draft", 20)
    assert "20 responses, 3 themes" in out.getvalue()
