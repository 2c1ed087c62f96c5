"""Retention: personal data past its period is anonymised daily; --dry-run only shows."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from consultations.models import (
    Answer,
    ConsultationPage,
    DraftComment,
    EqualityMonitoring,
    Response,
    ResponseContact,
)
from portal.models import PortalSettings
from privacy import retention
from privacy.models import RetentionRun
from privacy.tasks import apply_retention
from search import indexing
from search.models import SubmissionDocument
from tests.consultations import factories
from tests.privacy.conftest import free_text_answer, make_comment, make_draft

pytestmark = pytest.mark.django_db

NAME = "Grace Adeyemi"


def respond(page, text, *, email="grace@example.org", **fields):
    response = factories.make_response(page, free_text_answer(page, text), **fields)
    ResponseContact.objects.create(response=response, name=NAME, email=email, postcode="HA1 1AA")
    EqualityMonitoring.objects.create(response=response, age_band="65-74")
    return response


def close(page, *, months_ago, retention_months=12):
    page.closes_at = timezone.now() - timedelta(days=31 * months_ago)
    page.opens_at = page.closes_at - timedelta(days=60)
    page.retention_months = retention_months
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def expired(consultation):
    """A consultation that closed 13 months ago (12 months' retention)."""
    page = close(consultation, months_ago=13)
    response = respond(page, f"My name is {NAME} and my number is 07700 900456.")
    indexing.sync_responses([response.pk])
    return page, response


def test_responses_past_retention_lose_contact_details_and_equality_answers(expired):
    page, response = expired
    submitted_before = Response.objects.submitted().filter(consultation=page).count()

    result = retention.apply()

    assert not ResponseContact.objects.filter(response=response).exists()
    assert not EqualityMonitoring.objects.filter(response=response).exists()
    text = Answer.objects.get(response=response, question_type="long_text").value_text
    assert NAME not in text and "Grace" not in text
    assert "07700 900456" not in text
    assert "and my number is" in text  # the rest of what they said is kept
    # Results still count it, and the search index holds only the redacted text.
    assert Response.objects.submitted().filter(consultation=page).count() == submitted_before
    indexed = SubmissionDocument.objects.get(response_id=response.pk)
    assert "Grace" not in indexed.text
    assert result["counts"]["contacts"] == 1
    assert result["counts"]["responses_anonymised"] == 1


def test_each_run_is_recorded_and_audit_logged(expired):
    run = retention.apply()["run"]

    assert RetentionRun.objects.get() == run
    assert run.counts["totals"]["equality"] == 1
    assert run.counts["consultations"][0]["page_id"] == expired[0].pk
    assert run.redaction
    assert ModelLogEntry.objects.filter(action="privacy.retention", object_id=str(run.pk)).exists()


def test_a_second_run_finds_nothing_more_to_do(expired):
    retention.apply()
    assert retention.apply()["counts"] == {}


def test_consultations_still_within_their_period_are_untouched(consultation):
    page = close(consultation, months_ago=13, retention_months=24)
    response = respond(page, "Keep the clinic.")

    retention.apply()

    assert ResponseContact.objects.filter(response=response).exists()


def test_unfinished_responses_past_retention_are_deleted(expired):
    page, _response = expired
    draft = respond(page, "Half written", status=Response.Status.DRAFT)

    result = retention.apply()

    assert not Response.objects.filter(pk=draft.pk).exists()
    assert result["counts"]["responses_deleted"] == 1


def test_a_consultation_that_never_closes_keeps_each_response_for_its_period(consultation):
    old = respond(consultation, "Old feedback")
    Response.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=400))
    recent = respond(consultation, "New feedback", email="new@example.org")

    retention.apply()

    assert not ResponseContact.objects.filter(response=old).exists()
    assert ResponseContact.objects.filter(response=recent).exists()


def test_draft_comments_follow_the_site_retention_period(consultation_index):
    draft = make_draft(consultation_index)
    draft.comments_close_at = timezone.now() - timedelta(days=200)
    draft.save_revision().publish()
    comment = make_comment(
        draft, text=f"I, {NAME}, agree.", email="grace@example.org", display_name=NAME
    )
    site = Site.objects.get(is_default_site=True)
    settings = PortalSettings.for_site(site)
    settings.retention_months = 12
    settings.save()

    retention.apply()
    assert DraftComment.objects.get(pk=comment.pk).email == "grace@example.org"

    settings.retention_months = 6
    settings.save()
    retention.apply()
    comment.refresh_from_db()
    assert comment.email == "" and "Grace" not in comment.text


def test_new_consultations_start_with_the_site_retention_period(home_page):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.retention_months = 36
    settings.save()

    assert ConsultationPage(title="New").retention_months == 36
    assert ConsultationPage(title="Own", retention_months=6).retention_months == 6


def test_dry_run_shows_what_would_happen_and_changes_nothing(expired):
    page, response = expired
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    output = out.getvalue()
    assert page.title in output
    assert "responses_anonymised 1" in output
    assert ResponseContact.objects.filter(response=response).exists()
    assert not RetentionRun.objects.exists()


def test_the_daily_beat_task_applies_retention(expired, settings):
    assert "privacy.tasks.apply_retention" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    apply_retention.delay()

    assert not ResponseContact.objects.filter(response=expired[1]).exists()


def test_a_report_built_after_retention_says_whose_equality_answers_are_gone(expired):
    from reports import building

    page, _response = expired
    before, _coded = building.build(page)
    retention.apply()

    data, _coded = building.build(page)

    assert not any("retention period" in note for note in before["method"])
    assert data["total"] == 1 and data["past_retention"] == 1
    note = next(n for n in data["method"] if "retention period" in n)
    assert note.startswith("1 response reached the end of its retention period")
