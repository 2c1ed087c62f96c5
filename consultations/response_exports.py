"""Responses as a staff member may read them: each answer in step order, and the raw
export (one row per response, one column per question).

Free text (short and long text, "other" text) is redacted by ``reports.quotes`` for
staff without the personal-data permission, as on every other analysis screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from wagtail.models import Page

from consultations import answers as answer_codec
from consultations.admin_forms import StaffSurveyDefinition
from consultations.models import Answer
from consultations.survey import Question
from reports import quotes

CHUNK = 500


@dataclass
class AnswerLine:
    question: Question
    step_title: str
    number: int
    answered: bool
    shown: str

    @property
    def in_their_words(self) -> bool:
        """Free text, written in the language the person answered in."""
        return self.answered and self.question.type in ("short_text", "long_text")


def definition_for(consultation_id: int, cache: dict) -> StaffSurveyDefinition | None:
    if consultation_id not in cache:
        page = Page.objects.filter(pk=consultation_id).specific().first()
        cache[consultation_id] = (
            StaffSurveyDefinition.for_page(page) if hasattr(page, "survey") else None
        )
    return cache[consultation_id]


def answer_values(user, response_ids) -> dict[int, dict[str, Any]]:
    """{response id: {question id: canonical value}}, free text as ``user`` may read it."""
    rows = list(Answer.objects.filter(response_id__in=response_ids).order_by("response_id", "pk"))
    texts = quotes.answer_texts_for(
        user, [(row.pk, row.response_id, row.value_text) for row in rows if row.value_text]
    )
    grouped: dict[int, dict[str, list[Answer]]] = defaultdict(lambda: defaultdict(list))
    types: dict[tuple[int, str], str] = {}
    for row in rows:
        if row.value_text:
            row.value_text = texts.get(row.pk, row.value_text)
        grouped[row.response_id][row.question_id].append(row)
        types[(row.response_id, row.question_id)] = row.question_type
    return {
        response_id: {
            qid: answer_codec.value_from_rows(types[(response_id, qid)], qrows)
            for qid, qrows in questions.items()
        }
        for response_id, questions in grouped.items()
    }


def answer_lines(user, response) -> list[AnswerLine]:
    """Every question of the survey in step order, with this response's answer."""
    definition = definition_for(response.consultation_id, {})
    values = answer_values(user, [response.pk]).get(response.pk, {})
    lines = []
    if definition is None:
        return lines
    number = 0
    for step in definition.steps:
        for question in step.questions:
            if not question.takes_answer:
                continue
            number += 1
            value = values.get(question.id)
            lines.append(
                AnswerLine(
                    question=question,
                    step_title=step.title,
                    number=number,
                    answered=not answer_codec.is_blank(value),
                    shown=str(answer_codec.display(question, value)),
                )
            )
    return lines


def question_columns(consultation_ids, *, prefix_titles: bool) -> list[tuple[str, str, Question]]:
    """(column key, heading, question) for every answerable question, in step order."""
    cache: dict = {}
    titles = dict(Page.objects.filter(pk__in=consultation_ids).values_list("pk", "title"))
    columns = []
    for consultation_id in sorted(consultation_ids, key=lambda pk: titles.get(pk, "")):
        definition = definition_for(consultation_id, cache)
        if definition is None:
            continue
        for question in definition.questions:
            if not question.takes_answer:
                continue
            heading = question.text
            if question.reference:
                heading = f"{question.reference}: {heading}"
            if prefix_titles:
                heading = f"{titles.get(consultation_id, '')} – {heading}"
            columns.append((f"q:{consultation_id}:{question.id}", heading, question))
    return columns


def displayed(question: Question, value: Any) -> str:
    """The cell of one answer in the export: empty when not answered."""
    if answer_codec.is_blank(value):
        return ""
    return str(answer_codec.display(question, value))
