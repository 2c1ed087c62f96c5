"""Redacted text of answers and draft comments, looked up in bulk.

Each text is passed through ``reports.redaction.redact`` with the names in the
respondent's contact record (``ResponseContact.name``; a draft comment's shown name)
and the phrases analysts removed by hand (``ManualRedaction``).

This is the one redaction path for free text shown to staff: report quotes, the
submission index (so the feedback explorer, its highlights and its export), the
coding screen and suggested themes' typical answers. Only staff with the
personal-data permission (``PERSONAL_DATA``) read free text as it was written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from consultations.models import Answer, DraftComment, ResponseContact
from reports.models import ManualRedaction
from reports.redaction import redact

CHUNK = 2000
# Staff with this permission read free text as written; everyone else reads it redacted.
PERSONAL_DATA = "consultations.view_personal_data"


def sees_personal_data(user) -> bool:
    """True when ``user`` may read the names, numbers and addresses people typed."""
    return bool(user is not None and user.has_perm(PERSONAL_DATA))


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def manual_phrases(*, answer_texts=None, comment_texts=None) -> tuple[dict, dict]:
    """The phrases analysts removed, for each answer and comment ({id: text} given).

    An item loses the phrases marked on it and those marked on any answer or comment
    with the very same text: a duplicate (the same words sent twice, on paper and
    online, or by two people) carries the same personal data, so every copy in every
    report, spreadsheet, PDF and search result loses the same words.
    """
    answer_texts, comment_texts = dict(answer_texts or {}), dict(comment_texts or {})
    by_answer: dict[int, list[str]] = defaultdict(list)
    by_comment: dict[int, list[str]] = defaultdict(list)
    by_text: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(list(answer_texts)):
        for answer_id, phrase in ManualRedaction.objects.filter(answer_id__in=chunk).values_list(
            "answer_id", "phrase"
        ):
            by_answer[answer_id].append(phrase)
    for chunk in _chunks(list(comment_texts)):
        for comment_id, phrase in ManualRedaction.objects.filter(comment_id__in=chunk).values_list(
            "comment_id", "phrase"
        ):
            by_comment[comment_id].append(phrase)
    texts = sorted({t for t in (*answer_texts.values(), *comment_texts.values()) if t})
    for chunk in _chunks(texts):
        rows = ManualRedaction.objects.filter(
            Q(answer__value_text__in=chunk) | Q(comment__text__in=chunk)
        ).values_list("answer__value_text", "comment__text", "phrase")
        for answer_text, comment_text, phrase in rows:
            by_text[answer_text if answer_text is not None else comment_text].append(phrase)
    for found, texts_of in ((by_answer, answer_texts), (by_comment, comment_texts)):
        for pk, text in texts_of.items():
            extra = [p for p in by_text.get(text, []) if p not in found.get(pk, [])]
            if extra:
                found[pk] = list(dict.fromkeys([*found.get(pk, []), *extra]))
    return by_answer, by_comment


def same_text(text: str) -> tuple[list[int], list[int]]:
    """Ids of every answer and draft comment whose text is exactly ``text``."""
    if not text:
        return [], []
    return (
        list(Answer.objects.filter(value_text=text).values_list("pk", flat=True)),
        list(DraftComment.objects.filter(text=text).values_list("pk", flat=True)),
    )


def redacted_answers(answers: Iterable[tuple[int, int, str]]) -> dict[int, str]:
    """{answer id: redacted text} for (answer id, response id, text) triples."""
    answers = list(answers)
    response_ids = sorted({response_id for _a, response_id, _t in answers})
    names: dict[int, str] = {}
    for chunk in _chunks(response_ids):
        names.update(
            ResponseContact.objects.filter(response_id__in=chunk)
            .exclude(name="")
            .values_list("response_id", "name")
        )
    phrases, _none = manual_phrases(answer_texts={a: t for a, _r, t in answers})
    return {
        answer_id: redact(
            text,
            names=[names[response_id]] if response_id in names else [],
            phrases=phrases.get(answer_id, []),
        )
        for answer_id, response_id, text in answers
    }


def redacted_comments(comments: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """{comment id: redacted text} for (comment id, shown name, text) triples."""
    comments = list(comments)
    _none, phrases = manual_phrases(comment_texts={c: t for c, _n, t in comments})
    return {
        comment_id: redact(text, names=[name] if name else [], phrases=phrases.get(comment_id, []))
        for comment_id, name, text in comments
    }


def redacted_answer(answer: Answer) -> str:
    return redacted_answers([(answer.pk, answer.response_id, answer.value_text)])[answer.pk]


def redacted_comment(comment: DraftComment) -> str:
    return redacted_comments([(comment.pk, comment.display_name, comment.text)])[comment.pk]


def answer_text_for(user, answer: Answer) -> str:
    """An answer's free text as ``user`` may read it."""
    return answer.value_text if sees_personal_data(user) else redacted_answer(answer)


def comment_text_for(user, comment: DraftComment) -> str:
    """A draft comment's text as ``user`` may read it."""
    return comment.text if sees_personal_data(user) else redacted_comment(comment)


def answer_texts_for(user, answers: Iterable[tuple[int, int, str]]) -> dict[int, str]:
    """{answer id: text as ``user`` may read it} for (answer id, response id, text)."""
    answers = list(answers)
    if sees_personal_data(user):
        return {answer_id: text for answer_id, _r, text in answers}
    return redacted_answers(answers)
