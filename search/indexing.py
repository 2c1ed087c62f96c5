"""Keep the submission index in line with the database.

The database rows are the source of truth. ``sync_responses`` and
``sync_comments`` rebuild the index entries of the given responses / draft
comments from the database and record the version indexed (``IndexedSource``);
anything whose row changed after its recorded version is stale, which is what the
sweeper, ``manage.py reindex_submissions`` and the index-lag figure read.

Only free text is indexed: short and long text answers, the "other" text of a
multiple-choice answer, and draft comments. Never contact details or equality
monitoring answers (those models are not read here at all).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.search.backends import get_search_backends

from consultations.models import Answer, DraftComment, Response
from search import languages
from search.models import IndexedSource, SubmissionDocument

logger = logging.getLogger(__name__)

FREE_TEXT_TYPES = ("short_text", "long_text")


def _free_text_answers(response_ids):
    return Answer.objects.filter(response_id__in=response_ids).filter(
        Q(question_type__in=FREE_TEXT_TYPES) | Q(question_type="multiple_choice", option_id="other")
    )


def _documents_for_responses(responses: list[Response]) -> list[SubmissionDocument]:
    by_id = {r.pk: r for r in responses if r.status == Response.Status.SUBMITTED}
    docs = []
    for answer in _free_text_answers(list(by_id)).order_by("pk").iterator():
        text = answer.value_text.strip()
        if not text:
            continue
        response = by_id[answer.response_id]
        docs.append(
            SubmissionDocument(
                kind=SubmissionDocument.Kind.ANSWER,
                response_id=response.pk,
                reference=response.reference,
                consultation_id=response.consultation_id,
                question_id=answer.question_id,
                area_id=response.area_id,
                respondent_type=response.respondent_type,
                organisation=response.organisation_name,
                language=response.language,
                channel=response.channel,
                status=response.status,
                submitted_at=response.submitted_at or response.created_at,
                text=text,
            )
        )
    return docs


def _documents_for_comments(comments: list[DraftComment]) -> list[SubmissionDocument]:
    return [
        SubmissionDocument(
            kind=SubmissionDocument.Kind.COMMENT,
            comment_id=comment.pk,
            reference=f"C-{comment.pk}",
            consultation_id=comment.version.page_id,
            question_id=comment.section_id,
            respondent_type=comment.respondent_type,
            organisation=comment.organisation_name,
            language=comment.language,
            channel=Response.Channel.ONLINE,
            status=comment.status,
            submitted_at=comment.created_at,
            text=comment.text.strip(),
        )
        for comment in comments
        if comment.text.strip()
    ]


def _replace(old, new: list[SubmissionDocument], kind: str, versions: dict[int, object]) -> None:
    """Swap index entries ``old`` for ``new`` and record ``versions`` as indexed.

    Runs in one transaction: if the search engine refuses, nothing is recorded and
    the sources stay stale for the next attempt.
    """
    now = timezone.now()
    stems = languages.stems_for_texts([(d.language, d.text) for d in new])
    for doc, doc_stems in zip(new, stems, strict=True):
        doc.stems = doc_stems
        doc.indexed_at = now
    backends = list(get_search_backends())
    with transaction.atomic():
        old = list(old)
        for backend in backends:
            for doc in old:
                backend.delete(doc)
        SubmissionDocument.objects.filter(pk__in=[d.pk for d in old]).delete()
        created = SubmissionDocument.objects.bulk_create(new, batch_size=1000)
        if created:
            for backend in backends:
                backend.add_bulk(SubmissionDocument, created)
        IndexedSource.objects.bulk_create(
            [
                IndexedSource(kind=kind, source_id=pk, source_version=version, indexed_at=now)
                for pk, version in versions.items()
            ],
            update_conflicts=True,
            unique_fields=["kind", "source_id"],
            update_fields=["source_version", "indexed_at"],
            batch_size=1000,
        )
        # Sources that no longer exist: forget them.
        IndexedSource.objects.filter(
            kind=kind, source_id__in=[pk for pk, v in versions.items() if v is None]
        ).delete()


def sync_responses(response_ids) -> int:
    """Re-index these responses from the database; returns the passages indexed."""
    ids = list(set(response_ids))
    responses = list(Response.objects.filter(pk__in=ids))
    docs = _documents_for_responses(responses)
    versions = dict.fromkeys(ids) | {r.pk: r.updated_at for r in responses}
    _replace(
        SubmissionDocument.objects.filter(response_id__in=ids),
        docs,
        IndexedSource.Kind.RESPONSE,
        versions,
    )
    return len(docs)


def _comment_version(comment: DraftComment):
    return comment.moderated_at or comment.created_at


def sync_comments(comment_ids) -> int:
    ids = list(set(comment_ids))
    comments = list(DraftComment.objects.filter(pk__in=ids).select_related("version"))
    docs = _documents_for_comments(comments)
    versions = dict.fromkeys(ids) | {c.pk: _comment_version(c) for c in comments}
    _replace(
        SubmissionDocument.objects.filter(comment_id__in=ids),
        docs,
        IndexedSource.Kind.COMMENT,
        versions,
    )
    return len(docs)


# --- what the index is missing -----------------------------------------------------
def stale_responses():
    """Responses whose current version the index does not hold (oldest change first)."""
    recorded = IndexedSource.objects.filter(
        kind=IndexedSource.Kind.RESPONSE, source_id=OuterRef("pk")
    )
    current = recorded.filter(source_version__gte=OuterRef("updated_at"))
    return (
        Response.objects.filter(Q(status=Response.Status.SUBMITTED) | Q(Exists(recorded)))
        .exclude(Exists(current))
        .order_by("updated_at", "pk")
    )


def stale_comments():
    recorded = IndexedSource.objects.filter(
        kind=IndexedSource.Kind.COMMENT, source_id=OuterRef("pk")
    )
    return (
        DraftComment.objects.annotate(version_at=Coalesce("moderated_at", "created_at"))
        .exclude(Exists(recorded.filter(source_version__gte=OuterRef("version_at"))))
        .order_by("version_at", "pk")
    )


def index_lag() -> dict:
    """How far the index is behind the database: sources waiting, oldest wait in seconds."""
    now = timezone.now()
    responses = stale_responses()
    comments = stale_comments()
    oldest = [
        t
        for t in (
            responses.values_list("updated_at", flat=True).first(),
            comments.values_list("version_at", flat=True).first(),
        )
        if t is not None
    ]
    return {
        "waiting": responses.count() + comments.count(),
        "oldest_seconds": int((now - min(oldest)).total_seconds()) if oldest else 0,
    }


def sweep(*, batch_size: int = 500, limit: int | None = None, progress=None) -> int:
    """Index every stale response and comment, batch by batch; returns sources done.

    Each batch commits on its own, so an interrupted run resumes where it stopped.
    """
    done = 0
    for queryset, sync in ((stale_responses, sync_responses), (stale_comments, sync_comments)):
        while limit is None or done < limit:
            size = batch_size if limit is None else min(batch_size, limit - done)
            ids = list(queryset().values_list("pk", flat=True)[:size])
            if not ids:
                break
            sync(ids)
            done += len(ids)
            if progress is not None:
                progress(len(ids))
    return done


def remove_all() -> None:
    """Forget everything indexed (the next sweep rebuilds it all)."""
    for backend in get_search_backends():
        for doc in SubmissionDocument.objects.iterator():
            backend.delete(doc)
    SubmissionDocument.objects.all().delete()
    IndexedSource.objects.all().delete()
