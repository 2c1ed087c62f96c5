"""Indexing after commit: outages lose nothing, the sweeper and the command catch up."""

from contextlib import contextmanager
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from consultations.models import DraftComment, Response
from search import explorer, indexing
from search.models import SubmissionDocument
from search.tasks import sweep_search_index
from tests.consultations.factories import make_response, option_id, question_id

# Also run against the search engine in CI's engine pass (ELASTICSEARCH_URL set).
pytestmark = pytest.mark.search_index


def found(q):
    return [doc.text for doc in explorer.run({"q": q}).results]


@contextmanager
def engine_down():
    """The index refuses writes: a search engine's bulk add, or on PostgreSQL without
    one, the statement that writes the passages."""
    error = ConnectionError("search engine unreachable")
    with (
        mock.patch("modelsearch.backends.base.BaseSearchBackend.add_bulk", side_effect=error),
        mock.patch("search.postgres.sync_responses", side_effect=error),
    ):
        yield


def test_submission_is_indexed_after_commit(answer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer("Keep the minor injuries unit in Alexandra Avenue.")
        assert SubmissionDocument.objects.count() == 0  # not before the commit
    assert found("injuries") == ["Keep the minor injuries unit in Alexandra Avenue."]


def test_failing_indexing_task_loses_no_submission_and_sweeper_catches_up(
    answer, django_capture_on_commit_callbacks
):
    with engine_down(), django_capture_on_commit_callbacks(execute=True):
        response = answer("The pharmacy closes too early on Saturdays.")
    assert Response.objects.filter(pk=response.pk, status="submitted").exists()
    assert found("pharmacy") == []
    assert indexing.index_lag()["waiting"] == 1
    assert sweep_search_index() == "1 sources indexed"
    assert found("pharmacy") == ["The pharmacy closes too early on Saturdays."]
    assert indexing.index_lag() == {"waiting": 0, "oldest_seconds": 0}


def test_sweeper_fails_quietly_while_the_engine_is_down(answer):
    answer("Nobody answers the phone at the surgery.")  # no commit callbacks: never queued
    with engine_down():
        assert sweep_search_index() == "failed"
    assert indexing.index_lag()["waiting"] == 1


def test_only_free_text_is_indexed(consultation, django_capture_on_commit_callbacks):
    priorities = question_id(consultation, "priorities")
    with django_capture_on_commit_callbacks(execute=True):
        make_response(
            consultation,
            {
                question_id(consultation, "travel"): option_id(consultation, "travel", "Bus"),
                priorities: {
                    "options": [option_id(consultation, "priorities", "Shorter waits")],
                    "other": "Interpreters at the reception desk",
                },
                question_id(consultation, "why"): "Because my mother speaks Gujarati.",
            },
        )
    texts = set(SubmissionDocument.objects.values_list("text", flat=True))
    assert texts == {"Interpreters at the reception desk", "Because my mother speaks Gujarati."}


def test_withdrawn_response_leaves_the_index(answer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = answer("Please open on Sundays.")
    assert found("Sundays")
    with django_capture_on_commit_callbacks(execute=True):
        response.status = Response.Status.WITHDRAWN
        response.save()
    assert found("Sundays") == []


def test_draft_comments_are_indexed_with_moderation_status_not_email(
    draft_comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = draft_comment("Section 2 ignores people who work nights.", "night@example.org")
    doc = SubmissionDocument.objects.get(comment_id=comment.pk)
    assert (doc.kind, doc.status) == ("comment", "pending")
    assert explorer.run({"q": "night@example.org"}).results.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        comment.status = DraftComment.Status.APPROVED
        comment.save()
    assert [d.status for d in explorer.run({"q": "nights", "status": "approved"}).results] == [
        "approved"
    ]


def test_reindex_command_is_resumable(answer):
    for n in range(5):
        answer(f"Answer number {n} about community transport.")
    out = StringIO()
    call_command("reindex_submissions", "--batch-size", "2", stdout=out)
    assert "5 submissions to index" in out.getvalue()
    assert "5/5" in out.getvalue()
    assert len(found("transport")) == 5
    again = StringIO()
    call_command("reindex_submissions", stdout=again)
    assert "0 submissions to index" in again.getvalue()


@pytest.fixture
def draft_comment(consultation_index):
    from consultations.models import DraftVersion, PolicyDraftPage

    page = PolicyDraftPage(title="Varicose veins", slug="varicose-veins", intro="Draft policy")
    consultation_index.add_child(instance=page)
    version = DraftVersion.objects.create(page=page, number=1, label="1", sections=[])

    def make(text, email=""):
        return DraftComment.objects.create(version=version, text=text, email=email)

    return make
