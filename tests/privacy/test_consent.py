"""Consent records keep the wording the person saw, in their language, and when."""

import pytest

from consultations import services
from consultations.models import Response
from privacy.models import ConsentRecord
from privacy.tasks import apply_retention
from tests.consultations import factories

pytestmark = pytest.mark.django_db

WORDING = "I agree that you may keep my answers for this consultation."
POLISH = "Zgadzam się na przechowywanie moich odpowiedzi."


@pytest.fixture
def consent_consultation(consultation_index):
    survey = [
        factories.step(
            "Agreement",
            [factories.question("consent", WORDING, reference="agree")],
        )
    ]
    return factories.make_consultation(consultation_index, title="Consent", survey=survey)


def consent_id(page):
    return factories.question_id(page, "agree")


def test_submitting_with_the_box_ticked_records_the_wording_and_time(consent_consultation):
    response = factories.make_response(
        consent_consultation, {consent_id(consent_consultation): True}, status="draft"
    )

    services.submit(response)

    record = ConsentRecord.objects.get(source_id=response.pk)
    response.refresh_from_db()
    assert record.wording == WORDING
    assert record.language == "en"
    assert record.given_at == response.submitted_at
    assert record.consultation_id == consent_consultation.pk


def test_consent_is_recorded_once_however_often_the_response_is_saved(consent_consultation):
    response = factories.make_response(
        consent_consultation, {consent_id(consent_consultation): True}
    )
    response.save()
    response.save()

    assert ConsentRecord.objects.filter(source_id=response.pk).count() == 1


def test_the_wording_is_the_one_shown_in_the_language_answered(consent_consultation, locales):
    polish = factories.translate_consultation(
        consent_consultation, locales["pl"], texts={"agree": (POLISH, [])}
    )
    response = factories.make_response(polish, {consent_id(polish): True}, status="draft")
    services.submit(response)

    record = ConsentRecord.objects.get(source_id=response.pk)
    assert (record.language, record.wording) == ("pl", POLISH)


def test_nothing_is_recorded_when_the_box_is_not_ticked(consent_consultation):
    response = factories.make_response(
        consent_consultation, {consent_id(consent_consultation): False}
    )
    assert response.status == Response.Status.SUBMITTED
    assert not ConsentRecord.objects.exists()


def test_the_daily_job_records_consent_for_responses_saved_in_bulk(consent_consultation):
    # make_response bulk-creates the answers after the response, as imports do.
    response = factories.make_response(
        consent_consultation, {consent_id(consent_consultation): True}
    )
    assert not ConsentRecord.objects.exists()

    apply_retention.delay()

    assert ConsentRecord.objects.get(source_id=response.pk).wording == WORDING


def test_each_consultation_shows_its_own_privacy_notice(client, consultation_index):
    page = factories.make_consultation(
        consultation_index,
        title="Notice",
        privacy_notice="<p>We keep your answers for 12 months after closing.</p>",
    )

    assert "We keep your answers for 12 months" in client.get(page.url).content.decode()
