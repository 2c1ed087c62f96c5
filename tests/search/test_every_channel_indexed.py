"""A response's free text reaches the feedback explorer whatever channel it came by.

These tests commit for real (``transaction=True``): the bug they guard against was
an index task run on the commit of the bare response row, before its answers were
written, which recorded "0 passages" as up to date. Inside a test's usual rolled-back
transaction every on-commit task waits for the end, so that bug never showed.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import services
from consultations.models import Response
from search import indexing
from search.models import SubmissionDocument
from tests.consultations.factories import SuperuserFactory, make_response, question_id

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "The walk-in centre on the high street saved me a trip to A&E."
OFFLINE_CHANNELS = [c for c in Response.Channel.values if c != Response.Channel.ONLINE]


def passages(response):
    return list(
        SubmissionDocument.objects.filter(response_id=response.pk).values_list("text", flat=True)
    )


def assert_indexed(response):
    assert response.answers.exclude(value_text="").exists(), "the response has free text"
    assert passages(response) == [TEXT], "its free text is in the explorer's index"
    assert indexing.index_lag()["waiting"] == 0


def test_an_online_response_is_indexed_with_its_free_text(consultation):
    draft = make_response(
        consultation, {question_id(consultation, "why"): TEXT}, status=Response.Status.DRAFT
    )

    services.submit(draft)

    assert_indexed(draft)


@pytest.mark.parametrize("channel", OFFLINE_CHANNELS)
def test_a_response_entered_by_staff_is_indexed_with_its_free_text(client, consultation, channel):
    client.force_login(SuperuserFactory())
    field = f"step1-q_{question_id(consultation, 'why')}"

    reply = client.post(
        f"/admin/consultation-results/{consultation.pk}/enter/",
        {
            "details-channel": channel,
            "details-language": "en",
            "details-respondent_type": "individual",
            field: TEXT,
        },
    )

    assert reply.status_code == 302
    saved = Response.objects.get(channel=channel)
    assert_indexed(saved)


@pytest.mark.parametrize("channel", OFFLINE_CHANNELS)
def test_an_imported_response_is_indexed_with_its_free_text(client, consultation, channel):
    client.force_login(SuperuserFactory())
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["why", "channel"], [TEXT, channel]])
    upload = SimpleUploadedFile("paper.csv", buffer.getvalue().encode(), content_type="text/csv")

    reply = client.post(
        f"/admin/consultation-results/{consultation.pk}/import/",
        {"file": upload, "channel": "paper"},
    )

    assert reply.status_code == 302, reply.content.decode()[:2000]
    saved = Response.objects.get(channel=channel)
    assert_indexed(saved)
