"""Coding free text against a theme frame, testable without HTTP.

An *item* is what an analyst codes: a free-text survey answer (``Answer``) of a
submitted response to a consultation, or a comment on a policy draft
(``DraftComment``, rejected ones left out). Items are named by a short key,
``a<answer id>`` or ``c<comment id>``, in URLs and forms.

Everything that changes codings goes through this module and then sends
``themes.signals.codings_changed`` (after the commit), so the search index can
pick up theme filters later; ``theme_ids_for_document(s)`` give a submission
document's themes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer, DraftComment, PolicyDraftPage, Response
from themes import signals
from themes.models import Coding, Theme, ThemeFrame

# The same free text the submission index holds (search.indexing).
FREE_TEXT_TYPES = ("short_text", "long_text")


def free_text_answer_filter() -> Q:
    return Q(question_type__in=FREE_TEXT_TYPES) | Q(
        question_type="multiple_choice", option_id="other"
    )


# --- what a frame codes ------------------------------------------------------------
def is_draft(frame: ThemeFrame) -> bool:
    return issubclass(frame.page.specific_class or object, PolicyDraftPage)


def answers_for(frame: ThemeFrame, question_id: str | None = None):
    """Free-text answers of submitted responses to the frame's consultation."""
    answers = (
        Answer.objects.filter(
            response__consultation_id=frame.page_id,
            response__status=Response.Status.SUBMITTED,
        )
        .filter(free_text_answer_filter())
        .exclude(value_text="")
    )
    if question_id:
        answers = answers.filter(question_id=question_id)
    return answers


def comments_for(frame: ThemeFrame, section_id: str | None = None):
    """Comments on any version of the frame's draft, except rejected ones."""
    comments = DraftComment.objects.filter(version__page_id=frame.page_id).exclude(
        status=DraftComment.Status.REJECTED
    )
    if section_id is not None and section_id != "":
        comments = comments.filter(section_id=section_id)
    return comments


def items_queryset(frame: ThemeFrame, question_id: str | None = None):
    return comments_for(frame, question_id) if is_draft(frame) else answers_for(frame, question_id)


def with_coded_flag(queryset, pass_kind=Coding.PassKind.PRIMARY):
    field_name = "comment" if queryset.model is DraftComment else "answer"
    codings = Coding.objects.filter(pass_kind=pass_kind, **{field_name: OuterRef("pk")})
    return queryset.annotate(is_coded=Exists(codings))


def questions(frame: ThemeFrame) -> list[dict]:
    """The frame's free-text questions (or draft sections) with how many items each has."""
    page = frame.page.specific
    if is_draft(frame):
        counts = defaultdict(int)
        for section_id in comments_for(frame).values_list("section_id", flat=True):
            counts[section_id] += 1
        labels = {}
        for version in page.draft_versions.all():
            labels.update({s["id"]: s.get("heading", "") for s in version.sections})
        rows = [
            {"id": sid, "label": labels.get(sid) or _("The whole draft"), "count": n}
            for sid, n in counts.items()
        ]
        return sorted(rows, key=lambda r: -r["count"])
    definition = getattr(page, "survey_definition", None)
    counts = defaultdict(int)
    for question_id in answers_for(frame).values_list("question_id", flat=True):
        counts[question_id] += 1
    rows = []
    if definition is not None:
        for question in definition.questions:
            is_free = question.type in FREE_TEXT_TYPES or (
                question.type == "multiple_choice" and question.value.get("allow_other")
            )
            if is_free:
                rows.append(
                    {"id": question.id, "label": question.text, "count": counts[question.id]}
                )
    return rows


def question_label(frame: ThemeFrame, question_id: str) -> str:
    for row in questions(frame):
        if row["id"] == question_id:
            return str(row["label"])
    return ""


# --- items ---------------------------------------------------------------------------
@dataclass
class Item:
    key: str
    obj: object
    text: str
    language: str
    respondent_type: str
    organisation: str
    area: str
    reference: str
    question_id: str
    submitted_at: object
    theme_ids: set[int] = field(default_factory=set)
    suggested_ids: set[int] = field(default_factory=set)  # suggested, not yet confirmed
    codings: dict[int, Coding] = field(default_factory=dict)  # theme id -> who and when

    @property
    def kind(self) -> str:
        return "comment" if self.key.startswith("c") else "answer"


def text_for(user, item: Item) -> str:
    """The item's text as ``user`` may read it: redacted (``reports.quotes``) unless they
    have the personal-data permission."""
    from reports import quotes

    if item.kind == "comment":
        return quotes.comment_text_for(user, item.obj)
    return quotes.answer_text_for(user, item.obj)


def item_key(obj) -> str:
    return ("c" if isinstance(obj, DraftComment) else "a") + str(obj.pk)


def parse_key(key: str) -> tuple[str, int] | None:
    if not key or key[0] not in "ac" or not key[1:].isdigit():
        return None
    return ("comment" if key[0] == "c" else "answer", int(key[1:]))


def load_item(frame: ThemeFrame, key: str, pass_kind=Coding.PassKind.PRIMARY) -> Item | None:
    """The item ``key`` if it belongs to ``frame``, with its codings in ``pass_kind``."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    kind, pk = parsed
    if (kind == "comment") != is_draft(frame):
        return None
    if kind == "comment":
        obj = comments_for(frame).select_related("version").filter(pk=pk).first()
        if obj is None:
            return None
        item = Item(
            key=key,
            obj=obj,
            text=obj.text,
            language=obj.language,
            respondent_type=obj.get_respondent_type_display(),
            organisation=obj.organisation_name,
            area="",
            reference=f"C-{obj.pk}",
            question_id=obj.section_id,
            submitted_at=obj.created_at,
        )
        codings = Coding.objects.filter(comment=obj, pass_kind=pass_kind)
    else:
        obj = answers_for(frame).select_related("response__area").filter(pk=pk).first()
        if obj is None:
            return None
        response = obj.response
        item = Item(
            key=key,
            obj=obj,
            text=obj.value_text,
            language=response.language,
            respondent_type=response.get_respondent_type_display(),
            organisation=response.organisation_name,
            area=response.area.name if response.area_id else "",
            reference=response.reference,
            question_id=obj.question_id,
            submitted_at=response.submitted_at or response.created_at,
        )
        codings = Coding.objects.filter(answer=obj, pass_kind=pass_kind)
    for coding in codings.filter(theme__frame=frame).select_related("coder", "confirmed_by"):
        item.theme_ids.add(coding.theme_id)
        item.codings[coding.theme_id] = coding
        if coding.is_unconfirmed_suggestion:
            item.suggested_ids.add(coding.theme_id)
    return item


def next_key(
    frame: ThemeFrame,
    *,
    after: str = "",
    question_id: str | None = None,
    only_uncoded: bool = True,
    include_unconfirmed: bool = True,
) -> str | None:
    """The next item to code after ``after`` (by id), wrapping round to the start.

    With ``only_uncoded``, items with no coding are offered, and so (with
    ``include_unconfirmed``) are items whose only codings are unconfirmed suggestions.
    """
    queryset = items_queryset(frame, question_id)
    field_name = "comment" if queryset.model is DraftComment else "answer"
    if only_uncoded:
        settled = Coding.objects.primary().filter(**{field_name: OuterRef("pk")})
        if include_unconfirmed:
            settled = settled.exclude(origin=Coding.Origin.SUGGESTED, confirmed_at__isnull=True)
        queryset = queryset.exclude(Exists(settled))
    parsed = parse_key(after)
    after_pk = parsed[1] if parsed else 0
    found = queryset.filter(pk__gt=after_pk).order_by("pk").values_list("pk", flat=True).first()
    if found is None and after_pk:
        found = queryset.filter(pk__lt=after_pk).order_by("pk").values_list("pk", flat=True).first()
    if found is None:
        return None
    return ("c" if field_name == "comment" else "a") + str(found)


def progress(frame: ThemeFrame, question_id: str | None = None) -> dict:
    """How many items there are and how many have at least one primary coding."""
    queryset = items_queryset(frame, question_id)
    total = queryset.count()
    coded = with_coded_flag(queryset).filter(is_coded=True).count()
    return {"total": total, "coded": coded, "left": total - coded}


# --- changing codings ----------------------------------------------------------------
def _item_filter(obj) -> dict:
    return {"comment": obj} if isinstance(obj, DraftComment) else {"answer": obj}


def _announce(answer_ids: Iterable[int] = (), comment_ids: Iterable[int] = ()) -> None:
    answer_ids, comment_ids = list(answer_ids), list(comment_ids)
    if not answer_ids and not comment_ids:
        return

    def send():
        response_ids = sorted(
            set(Answer.objects.filter(pk__in=answer_ids).values_list("response_id", flat=True))
        )
        signals.codings_changed.send(
            sender=Coding,
            answer_ids=answer_ids,
            comment_ids=comment_ids,
            response_ids=response_ids,
        )

    transaction.on_commit(send)


@transaction.atomic
def set_item_themes(
    frame: ThemeFrame, obj, theme_ids: Iterable[int], user, pass_kind=Coding.PassKind.PRIMARY
) -> dict:
    """Make ``obj``'s codings in ``pass_kind`` exactly ``theme_ids`` (themes of ``frame``).

    Unconfirmed suggested codings that stay ticked are confirmed by ``user``; new
    ones are recorded as manual codings by ``user``; unticked ones are removed.
    Returns counts of what changed. A check (``pass_kind="check"``) by someone who
    coded the item is refused (``agreement.SameAnalystError``).
    """
    if pass_kind == Coding.PassKind.CHECK:
        from themes.agreement import ensure_may_check

        ensure_may_check(frame, obj, user)
    wanted = set(
        Theme.objects.filter(frame=frame, pk__in=set(theme_ids)).values_list("pk", flat=True)
    )
    existing = {
        c.theme_id: c
        for c in Coding.objects.select_for_update().filter(
            theme__frame=frame, pass_kind=pass_kind, **_item_filter(obj)
        )
    }
    now = timezone.now()
    removed = [c.pk for theme_id, c in existing.items() if theme_id not in wanted]
    Coding.objects.filter(pk__in=removed).delete()
    confirmed = 0
    for theme_id in wanted & set(existing):
        coding = existing[theme_id]
        if coding.is_unconfirmed_suggestion:
            coding.confirmed_by = user
            coding.confirmed_at = now
            coding.save(update_fields=["confirmed_by", "confirmed_at"])
            confirmed += 1
    added = [
        Coding(
            theme_id=theme_id, coder=user, pass_kind=pass_kind, created_at=now, **_item_filter(obj)
        )
        for theme_id in wanted - set(existing)
    ]
    Coding.objects.bulk_create(added)
    if pass_kind == Coding.PassKind.CHECK:
        from themes.agreement import mark_checked

        mark_checked(frame, obj, user)
    if isinstance(obj, DraftComment):
        _announce(comment_ids=[obj.pk])
    else:
        _announce(answer_ids=[obj.pk])
    return {"added": len(added), "removed": len(removed), "confirmed": confirmed}


@transaction.atomic
def apply_theme(
    theme: Theme,
    *,
    answer_ids: Iterable[int] = (),
    comment_ids: Iterable[int] = (),
    user=None,
    origin=Coding.Origin.MANUAL,
    suggestion=None,
    pass_kind=Coding.PassKind.PRIMARY,
) -> int:
    """Code every given answer/comment of the theme's frame with ``theme``; returns how many
    were newly coded (items already coded with it are left as they were)."""
    frame = theme.frame
    answer_ids = set(answers_for(frame).filter(pk__in=set(answer_ids)).values_list("pk", flat=True))
    comment_ids = set(
        comments_for(frame).filter(pk__in=set(comment_ids)).values_list("pk", flat=True)
    )
    already_answers = set(
        Coding.objects.filter(
            theme=theme, pass_kind=pass_kind, answer_id__in=answer_ids
        ).values_list("answer_id", flat=True)
    )
    already_comments = set(
        Coding.objects.filter(
            theme=theme, pass_kind=pass_kind, comment_id__in=comment_ids
        ).values_list("comment_id", flat=True)
    )
    now = timezone.now()
    common = {
        "theme": theme,
        "coder": user,
        "pass_kind": pass_kind,
        "origin": origin,
        "suggestion": suggestion,
        "created_at": now,
    }
    new = [Coding(answer_id=pk, **common) for pk in sorted(answer_ids - already_answers)]
    new += [Coding(comment_id=pk, **common) for pk in sorted(comment_ids - already_comments)]
    Coding.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    _announce(answer_ids - already_answers, comment_ids - already_comments)
    return len(new)


@transaction.atomic
def confirm_suggested(theme: Theme, user) -> int:
    """Confirm every unconfirmed suggested coding with ``theme`` (a person read them)."""
    codings = Coding.objects.primary().unconfirmed_suggestions().filter(theme=theme)
    answer_ids = list(codings.exclude(answer=None).values_list("answer_id", flat=True))
    comment_ids = list(codings.exclude(comment=None).values_list("comment_id", flat=True))
    count = codings.update(confirmed_by=user, confirmed_at=timezone.now())
    _announce(answer_ids, comment_ids)
    return count


# --- from the submission index -------------------------------------------------------
def documents_to_items(docs: Iterable) -> tuple[set[int], set[int]]:
    """(answer ids, comment ids) behind SubmissionDocuments (answers through
    (response_id, question_id), comments through comment_id)."""
    pairs, comment_ids = set(), set()
    for doc in docs:
        if doc.comment_id:
            comment_ids.add(doc.comment_id)
        elif doc.response_id:
            pairs.add((doc.response_id, doc.question_id))
    answer_ids = set()
    if pairs:
        response_ids = {r for r, _q in pairs}
        question_ids = {q for _r, q in pairs}
        rows = (
            Answer.objects.filter(response_id__in=response_ids, question_id__in=question_ids)
            .filter(free_text_answer_filter())
            .values_list("pk", "response_id", "question_id")
        )
        answer_ids = {pk for pk, r, q in rows if (r, q) in pairs}
    return answer_ids, comment_ids


def theme_ids_for_documents(docs: Iterable, *, pass_kind=Coding.PassKind.PRIMARY) -> list:
    """For each SubmissionDocument (saved or not), in order, the sorted theme ids its
    answer or comment is coded with in the primary coding. Two queries at most."""
    docs = list(docs)
    comment_themes: dict[int, set] = defaultdict(set)
    pair_themes: dict[tuple, set] = defaultdict(set)
    comment_ids = {d.comment_id for d in docs if d.comment_id}
    pairs = {(d.response_id, d.question_id) for d in docs if not d.comment_id and d.response_id}
    codings = Coding.objects.filter(pass_kind=pass_kind)
    if comment_ids:
        for comment_id, theme_id in codings.filter(comment_id__in=comment_ids).values_list(
            "comment_id", "theme_id"
        ):
            comment_themes[comment_id].add(theme_id)
    if pairs:
        rows = codings.filter(
            answer__response_id__in={r for r, _q in pairs},
            answer__question_id__in={q for _r, q in pairs},
        ).values_list("answer__response_id", "answer__question_id", "theme_id")
        for response_id, question_id, theme_id in rows:
            pair_themes[(response_id, question_id)].add(theme_id)
    return [
        sorted(
            comment_themes[d.comment_id]
            if d.comment_id
            else pair_themes.get((d.response_id, d.question_id), ())
        )
        for d in docs
    ]


def theme_ids_for_document(doc) -> list[int]:
    """Theme ids a SubmissionDocument is coded with (primary coding), for filtering by theme."""
    return theme_ids_for_documents([doc])[0]
