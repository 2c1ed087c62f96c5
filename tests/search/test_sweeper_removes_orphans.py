"""Sources deleted or withdrawn in bulk (no signals) leave the index at the next sweep."""

from io import StringIO

import pytest
from django.core.management import call_command

from consultations.models import Answer, Response
from search import explorer, indexing
from search.models import IndexedSource, SubmissionDocument
from search.tasks import sweep_search_index

# Also run against the search engine in CI's engine pass (ELASTICSEARCH_URL set).
pytestmark = pytest.mark.search_index


def found(q):
    return sorted(doc.text for doc in explorer.run({"q": q}).results)


def test_sweeper_removes_passages_of_responses_deleted_or_withdrawn_in_bulk(
    answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gone = answer("Ambulances take too long in Hayes.")
        withdrawn = answer("Ambulances never come to Yiewsley.")
        kept = answer("Ambulances were quick in Uxbridge.")
    assert len(found("ambulances")) == 3
    # Bulk operations send no signals: nothing is queued for the index.
    Answer.objects.filter(response=gone)._raw_delete(Answer.objects.db)
    Response.objects.filter(pk=gone.pk)._raw_delete(Response.objects.db)
    Response.objects.filter(pk=withdrawn.pk).update(status=Response.Status.WITHDRAWN)
    assert len(found("ambulances")) == 3  # stale until the sweeper runs
    assert sweep_search_index() == "0 sources indexed"
    assert found("ambulances") == ["Ambulances were quick in Uxbridge."]
    assert not IndexedSource.objects.filter(kind="response", source_id=gone.pk).exists()
    assert IndexedSource.objects.filter(kind="response", source_id=kept.pk).exists()


def test_reindex_command_removes_passages_whose_answer_was_deleted(
    answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            answer(f"Answer {n}: the minor injuries unit should stay.")
    Answer.objects.filter(value_text__startswith="Answer 1")._raw_delete(Answer.objects.db)
    Answer.objects.filter(value_text__startswith="Answer 2").delete()  # no signal either
    out = StringIO()
    call_command("reindex_submissions", "--batch-size", "1", stdout=out)
    assert "Removed 2 passages" in out.getvalue()
    assert found("injuries") == ["Answer 0: the minor injuries unit should stay."]
    assert indexing.remove_orphans() == 0
    assert SubmissionDocument.objects.count() == 1
