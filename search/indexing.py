"""Keep the submission index in line with the database.

The database rows are the source of truth. ``sync_responses`` and
``sync_comments`` rebuild the index entries of the given responses / draft
comments from the database and record the version indexed (``IndexedSource``);
anything whose row changed after its recorded version is stale, which is what the
sweeper, ``manage.py reindex_submissions`` and the index-lag figure read.

Only free text is indexed: short and long text answers, the "other" text of a
multiple-choice answer, and draft comments. Never contact details or equality
monitoring answers. The index stores what an analyst may see: each passage as
``reports.quotes`` redacts it (names from the contact record, email addresses, phone
and NHS numbers, postcodes, dates of birth, words removed by hand on a report), so no
search, highlight or export can reveal them. Staff with the personal-data
permission read the original on the response itself.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from wagtail.search.backends import get_search_backends

from consultations.models import Answer, DraftComment, Response
from search import languages, postgres
from search.models import IndexedSource, SubmissionDocument

logger = logging.getLogger(__name__)

FREE_TEXT_TYPES = ("short_text", "long_text")


def _free_text_answers(response_ids):
    return Answer.objects.filter(response_id__in=response_ids).filter(
        Q(question_type__in=FREE_TEXT_TYPES) | Q(question_type="multiple_choice", option_id="other")
    )


def redacted_answer_texts(answers) -> dict[int, str]:
    """{answer id: text as analysts may see it} for (answer id, response id, text)
    triples, stripped; markers in the site's default language whoever runs it."""
    from reports import quotes

    with translation.override(settings.LANGUAGE_CODE):
        return {pk: text.strip() for pk, text in quotes.redacted_answers(answers).items()}


def redacted_comment_texts(comments) -> dict[int, str]:
    """{comment id: text as analysts may see it} for (comment id, shown name, text)."""
    from reports import quotes

    with translation.override(settings.LANGUAGE_CODE):
        return {pk: text.strip() for pk, text in quotes.redacted_comments(comments).items()}


def _documents_for_responses(responses: list[Response]) -> list[SubmissionDocument]:
    by_id = {r.pk: r for r in responses if r.status == Response.Status.SUBMITTED}
    answers = [
        answer
        for answer in _free_text_answers(list(by_id)).order_by("pk").iterator()
        if answer.value_text.strip()
    ]
    texts = redacted_answer_texts((a.pk, a.response_id, a.value_text.strip()) for a in answers)
    docs = []
    for answer in answers:
        text = texts[answer.pk]
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
    comments = [c for c in comments if c.text.strip()]
    texts = redacted_comment_texts((c.pk, c.display_name, c.text.strip()) for c in comments)
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
            text=texts[comment.pk],
        )
        for comment in comments
        if texts[comment.pk]
    ]


def _engines() -> list:
    """Search engines fed besides the ``SubmissionDocument`` table itself.

    On PostgreSQL without Elasticsearch the table is the index (its generated
    ``search_vector`` column, see search.postgres), so there is nothing else to feed.
    """
    if postgres.enabled():
        return []
    return list(get_search_backends())


def _search_engines() -> list:
    """The engines among ``_engines()`` that are separate servers (Elasticsearch,
    OpenSearch), not Wagtail's database backend, whose index is in our own tables."""
    return [backend for backend in _engines() if getattr(backend, "es", None) is not None]


def prepare_engines(*, reset: bool = False) -> None:
    """Create the submission index in each search engine, with its mapping, where it
    is missing (``reset``: drop it and create it empty). Writing to a missing index
    would otherwise fail, or on an engine that creates indexes on the fly, make one
    whose guessed mapping no search matches."""
    for backend in _search_engines():
        index = backend.get_index_for_model(SubmissionDocument)
        if reset or not index.exists():
            # Wagtail's rebuilder: with ATOMIC_REBUILD (its default) the name is an alias
            # onto a new index, as manage.py update_index leaves it; else the index itself.
            rebuilder = backend.rebuilder_class(index)
            rebuilder.start().add_model(SubmissionDocument)
            rebuilder.finish()


def engine_counts() -> list[int]:
    """Passages each search engine holds, once what was written is visible to searches
    (none without an engine). Compared with the ``SubmissionDocument`` rows after a
    rebuild, to show nothing was lost on the way."""
    from wagtail.search.query import MATCH_ALL

    counts = []
    for backend in _search_engines():
        backend.get_index_for_model(SubmissionDocument).refresh()
        counts.append(backend.search(MATCH_ALL, SubmissionDocument).count())
    return counts


def _send_to_engines(engines, old: list, new: list) -> None:
    """Drop ``old`` from and add ``new`` to each search engine (raises if one refuses)."""
    for backend in engines:
        for doc in old:
            backend.delete(doc)
        if new:
            backend.add_bulk(SubmissionDocument, new)


def _replace(old, new: list[SubmissionDocument], kind: str, versions: dict[int, object]) -> None:
    """Swap index entries ``old`` for ``new`` and record ``versions`` as indexed.

    Runs in one transaction: if the search engine refuses, nothing is recorded and
    the sources stay stale for the next attempt.
    """
    now = timezone.now()
    engines = _engines()
    prepare_engines()  # the first submission after a deployment finds its index there
    if engines:  # the stems field is what those engines match other inflections by
        stems = languages.stems_for_texts([(d.language, d.text) for d in new])
        for doc, doc_stems in zip(new, stems, strict=True):
            doc.stems = doc_stems
    for doc in new:
        doc.indexed_at = now
    with transaction.atomic():
        old = list(old) if engines else old
        if engines:
            SubmissionDocument.objects.filter(pk__in=[d.pk for d in old]).delete()
        else:
            old.delete()
        created = SubmissionDocument.objects.bulk_create(new, batch_size=1000)
        _send_to_engines(engines, old if engines else [], created)
        _record(kind, versions, now)


def _record(kind: str, versions: dict[int, object], now) -> None:
    """Record the versions indexed; forget sources that no longer exist (version None)."""
    IndexedSource.objects.bulk_create(
        [
            IndexedSource(kind=kind, source_id=pk, source_version=version, indexed_at=now)
            for pk, version in versions.items()
            if version is not None
        ],
        update_conflicts=True,
        unique_fields=["kind", "source_id"],
        update_fields=["source_version", "indexed_at"],
        batch_size=1000,
    )
    IndexedSource.objects.filter(
        kind=kind, source_id__in=[pk for pk, v in versions.items() if v is None]
    ).delete()


def sync_responses(response_ids) -> int:
    """Re-index these responses from the database; returns the passages indexed."""
    ids = list(set(response_ids))
    if not _engines() and postgres.enabled():
        return postgres.sync_responses(
            ids, free_text_types=FREE_TEXT_TYPES, redact=redacted_answer_texts
        )
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
def stale_response_parts() -> list:
    """Responses whose current version the index does not hold, as two querysets that
    each run as one anti-join (an OR between them would probe row by row): submitted
    ones not indexed at their current version, and others (withdrawn, back to draft,
    anonymised) still recorded at an older version."""
    recorded = IndexedSource.objects.filter(
        kind=IndexedSource.Kind.RESPONSE, source_id=OuterRef("pk")
    )
    current = recorded.filter(source_version__gte=OuterRef("updated_at"))
    submitted = Response.objects.filter(status=Response.Status.SUBMITTED)
    return [
        submitted.exclude(Exists(current)),
        Response.objects.exclude(status=Response.Status.SUBMITTED)
        .filter(Exists(recorded))
        .exclude(Exists(current)),
    ]


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
    parts = [*stale_response_parts(), stale_comments()]
    oldest = [
        t
        for t in (
            *(
                part.order_by("updated_at").values_list("updated_at", flat=True).first()
                for part in parts[:-1]
            ),
            parts[-1].values_list("version_at", flat=True).first(),
        )
        if t is not None
    ]
    return {
        "waiting": sum(part.count() for part in parts),
        "oldest_seconds": int((now - min(oldest)).total_seconds()) if oldest else 0,
    }


LAG_CACHE_KEY = "search:index-lag"
LAG_CACHE_SECONDS = 600


def cached_index_lag(*, refresh: bool = False) -> dict:
    """``index_lag()``, kept in the cache: counting it reads every response (seconds at a
    million), so pages and /healthz show the figure the sweeper last left (every five
    minutes), and count afresh only when there is none."""
    from django.core.cache import cache

    if refresh:
        lag = index_lag()
        cache.set(LAG_CACHE_KEY, lag, LAG_CACHE_SECONDS)
        return lag
    return cache.get_or_set(LAG_CACHE_KEY, index_lag, LAG_CACHE_SECONDS)


def sweep(
    *,
    batch_size: int = 500,
    limit: int | None = None,
    progress=None,
    orphans: bool = True,
    bulk: bool = False,
) -> int:
    """Index every stale response and comment, batch by batch, then drop orphans.

    Returns the sources indexed. Each batch commits on its own, so an interrupted
    run resumes where it stopped. Sources are walked in primary-key order (each batch
    starts after the last one seen), so a run costs one pass, whatever the size.
    Afterwards (``orphans``), passages whose response, answer or comment has gone
    (deleted in bulk, withdrawn by an update that sent no signal) are removed,
    ``batch_size`` at a time. ``bulk`` is for rebuilding much of the index at once: on
    PostgreSQL the full-text index is dropped while the passages are written and built
    again afterwards (searches are slower meanwhile, never wrong).
    """
    if bulk and not _engines() and postgres.enabled():
        with postgres.full_text_index_dropped():
            return sweep(batch_size=batch_size, limit=limit, progress=progress, orphans=orphans)
    prepare_engines()  # a first deployment, or an index someone dropped: made again
    done = 0
    sources = [(part, sync_responses) for part in stale_response_parts()]
    sources.append((stale_comments(), sync_comments))
    for queryset, sync in sources:
        last = 0
        while limit is None or done < limit:
            size = batch_size if limit is None else min(batch_size, limit - done)
            ids = list(
                queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
            )
            if not ids:
                break
            sync(ids)
            last = ids[-1]
            done += len(ids)
            if progress is not None:
                progress(len(ids))
    if orphans:
        remove_orphans(batch_size=max(batch_size, 1000))
    return done


# --- what the index holds but should not ---------------------------------------------
def orphan_documents() -> list:
    """Passages whose source is gone, as querysets each answered by one anti-join:
    response deleted or no longer submitted, free-text answer deleted, draft comment
    deleted. (One query with OR between them would probe row by row.)"""
    answers = SubmissionDocument.objects.filter(kind=SubmissionDocument.Kind.ANSWER)
    live_response = Response.objects.filter(
        pk=OuterRef("response_id"), status=Response.Status.SUBMITTED
    )
    live_answer = Answer.objects.filter(
        response_id=OuterRef("response_id"), question_id=OuterRef("question_id")
    ).exclude(value_text="")
    live_comment = DraftComment.objects.filter(pk=OuterRef("comment_id"))
    return [
        answers.filter(~Exists(live_response)),
        answers.filter(~Exists(live_answer)),
        SubmissionDocument.objects.filter(kind=SubmissionDocument.Kind.COMMENT).filter(
            ~Exists(live_comment)
        ),
    ]


def orphan_sources() -> list:
    """Recorded versions of responses and comments that no longer exist."""
    return [
        IndexedSource.objects.filter(kind=IndexedSource.Kind.RESPONSE).filter(
            ~Exists(Response.objects.filter(pk=OuterRef("source_id")))
        ),
        IndexedSource.objects.filter(kind=IndexedSource.Kind.COMMENT).filter(
            ~Exists(DraftComment.objects.filter(pk=OuterRef("source_id")))
        ),
    ]


def remove_orphans(*, batch_size: int = 1000) -> int:
    """Delete orphaned passages (and forget gone sources), a batch per transaction.

    Returns the passages removed. Each kind of orphan costs one pass over the index
    when there is nothing (left) to remove.
    """
    removed = 0
    engines = _engines()
    for orphans in orphan_documents():
        while ids := list(orphans.values_list("pk", flat=True)[:batch_size]):
            with transaction.atomic():
                docs = SubmissionDocument.objects.filter(pk__in=ids)
                _send_to_engines(engines, list(docs) if engines else [], [])
                removed += docs.delete()[0]
    for orphans in orphan_sources():
        while ids := list(orphans.values_list("pk", flat=True)[:batch_size]):
            IndexedSource.objects.filter(pk__in=ids).delete()
    return removed


def remove_all(*, batch_size: int = 5000) -> None:
    """Forget everything indexed (the next sweep rebuilds it all), a batch at a time.

    A search engine's submission index is dropped and made again, empty; the database
    backend's entries are deleted with the passages.
    """
    prepare_engines(reset=True)
    engines = [backend for backend in _engines() if getattr(backend, "es", None) is None]
    while ids := list(SubmissionDocument.objects.values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            docs = SubmissionDocument.objects.filter(pk__in=ids)
            _send_to_engines(engines, list(docs) if engines else [], [])
            docs.delete()
    IndexedSource.objects.all().delete()
