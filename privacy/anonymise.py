"""Remove the personal data from a response or a draft comment, keeping what was said.

Used by the retention job (``privacy.retention``) and by erasure on request
(``privacy.sources``). A response keeps its status, its choices and numbers, so
results and "you said, we did" figures do not change; it loses its contact
details, its equality-monitoring answers and its link to an account, its free
text is redacted, and a postcode answer is cut to its district (outward code).
A comment loses its email address and shown name, and its text is redacted.
Both are then re-indexed for search from the database, so the index holds the
redacted text only.
"""

from __future__ import annotations

import re
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations import postcodes
from consultations.models import (
    Answer,
    DraftComment,
    EqualityMonitoring,
    Response,
    ResponseContact,
)
from privacy.models import AnonymisedComment, AnonymisedResponse

FREE_TEXT_TYPES = ("short_text", "long_text")
UNFINISHED = (Response.Status.DRAFT, Response.Status.WITHDRAWN)
REMOVED = "[removed]"

# Interim patterns, used only while ``reports.redaction`` is not available.
EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
PHONE_RE = re.compile(r"(?<!\w)(\+44\s?|0)(\d[\s-]?){9,10}(?!\w)")
POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}[0-9][0-9A-Z]?\s?[0-9][A-Z]{2}\b", re.IGNORECASE)
NHS_NUMBER_RE = re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b")


def _reports_redact():
    try:
        from reports.redaction import redact
    except ImportError:
        return None
    return redact


def redaction_name() -> str:
    """Which redaction is in use, for the retention run's record."""
    if _reports_redact() is not None:
        return "reports.redaction"
    return "privacy interim patterns (emails, phone and NHS numbers, postcodes, names given)"


def _interim_redact(text: str, names) -> str:
    text = EMAIL_RE.sub(REMOVED, text)
    text = NHS_NUMBER_RE.sub(REMOVED, text)
    text = PHONE_RE.sub(REMOVED, text)
    text = POSTCODE_RE.sub(REMOVED, text)
    text = _remove_literals(text, names)
    for name in names:
        for part in name.split():
            if len(part) > 2 and "@" not in part:
                text = re.sub(rf"\b{re.escape(part)}\b", REMOVED, text, flags=re.IGNORECASE)
    return text


def _remove_literals(text: str, literals) -> str:
    for literal in sorted({v.strip() for v in literals if v and v.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(literal), REMOVED, text, flags=re.IGNORECASE)
    return text


def redact(text: str, names=()) -> str:
    """``text`` without contact details and the given names or addresses.

    Uses ``reports.redaction.redact`` (the same rules as quotes in reports) when
    it is there, else the interim patterns above; either way every name or email
    address given is then removed wherever it still appears literally.
    """
    if not text:
        return text
    names = [n for n in names if n]
    reports_redact = _reports_redact()
    if reports_redact is None:
        return _interim_redact(text, names)
    text = reports_redact(text, names=[n for n in names if "@" not in n])
    return _remove_literals(text, names)


def anonymise_responses(response_ids, *, reason: str, extra_names=(), reindex=True) -> Counter:
    """Strip these responses of personal data, in a few statements; returns counts.

    Submitted responses are kept (so results do not change) without contact
    details, equality answers or account, their free text redacted; responses never
    submitted, or withdrawn, are deleted.
    """
    from search import indexing

    ids = list(response_ids)
    counts = Counter()
    now = timezone.now()
    with transaction.atomic():
        statuses = dict(Response.objects.filter(pk__in=ids).values_list("pk", "status"))
        gone = [pk for pk, status in statuses.items() if status in UNFINISHED]
        keep = [pk for pk in statuses if pk not in set(gone)]
        names: dict[int, list[str]] = {}
        for response_id, name, email in ResponseContact.objects.filter(
            response_id__in=keep
        ).values_list("response_id", "name", "email"):
            names[response_id] = [name, email]
        if gone:
            _total, per_model = Response.objects.filter(pk__in=gone).delete()
            counts["responses_deleted"] = per_model.get(Response._meta.label, 0)
        counts["contacts"] = ResponseContact.objects.filter(response_id__in=keep).delete()[0]
        counts["equality"] = EqualityMonitoring.objects.filter(response_id__in=keep).delete()[0]
        changed = []
        answers = (
            Answer.objects.filter(response_id__in=keep)
            .exclude(value_text="")
            .filter(
                Q(question_type__in=(*FREE_TEXT_TYPES, "postcode"))
                | Q(question_type="multiple_choice", option_id="other")
            )
            .only("pk", "response_id", "question_type", "value_text")
        )
        for answer in answers.iterator():
            if answer.question_type == "postcode":
                new = postcodes.outward_code(postcodes.normalise(answer.value_text) or "")
                new = new or REMOVED
            else:
                new = redact(answer.value_text, [*extra_names, *names.get(answer.response_id, [])])
            if new != answer.value_text:
                answer.value_text = new
                changed.append(answer)
        Answer.objects.bulk_update(changed, ["value_text"], batch_size=500)
        counts["answers_redacted"] = len(changed)
        # QuerySet.update sends no save signals (the index is synced below; counts do
        # not change); updated_at moves on, so the index sweeper sees a new version.
        Response.objects.filter(pk__in=keep).update(organisation_role="", user=None, updated_at=now)
        counts["responses_anonymised"] = len(keep)
        AnonymisedResponse.objects.bulk_create(
            [AnonymisedResponse(response_id=pk, reason=reason, anonymised_at=now) for pk in ids],
            update_conflicts=True,
            unique_fields=["response_id"],
            update_fields=["reason", "anonymised_at"],
        )
        if reindex:
            indexing.sync_responses(ids)
    return +counts


def anonymise_comments(comment_ids, *, reason: str, extra_names=(), reindex=True) -> int:
    """Strip these draft comments of email address and shown name; redact their text."""
    from search import indexing

    ids = list(comment_ids)
    now = timezone.now()
    with transaction.atomic():
        comments = list(
            DraftComment.objects.filter(pk__in=ids).only("pk", "text", "email", "display_name")
        )
        for comment in comments:
            names = [*extra_names, comment.display_name, comment.email]
            comment.text = redact(comment.text, names) or REMOVED
            comment.email = ""
            comment.display_name = ""
        # No save signals: the index is synced below.
        DraftComment.objects.bulk_update(comments, ["text", "email", "display_name"])
        AnonymisedComment.objects.bulk_create(
            [
                AnonymisedComment(comment_id=c.pk, reason=reason, anonymised_at=now)
                for c in comments
            ],
            update_conflicts=True,
            unique_fields=["comment_id"],
            update_fields=["reason", "anonymised_at"],
        )
        if reindex:
            indexing.sync_comments(ids)
    return len(comments)
