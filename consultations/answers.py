"""Turn answers into typed ``Answer`` rows and back.

Each question type has one canonical Python value (what the step form cleans to
and what show-if rules read):

    short_text, long_text, postcode  str
    single_choice                    option id (str)
    multiple_choice                  {"options": [option ids], "other": str}
    likert, rating                   int (likert: 5 strongly agree to 1 strongly
                                     disagree, 0 don't know)
    ranking                          [option ids, most important first]
    number                           Decimal
    date                             datetime.date
    yes_no, consent                  bool
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import Answer, Response
from consultations.survey import Question


def likert_choices(include_dont_know: bool):
    labels = [
        (5, gettext_lazy("Strongly agree")),
        (4, gettext_lazy("Agree")),
        (3, gettext_lazy("Neither agree nor disagree")),
        (2, gettext_lazy("Disagree")),
        (1, gettext_lazy("Strongly disagree")),
    ]
    if include_dont_know:
        labels.append((0, gettext_lazy("Don't know")))
    return labels


def is_blank(value: Any) -> bool:
    if value is None or value == "" or value == []:
        return True
    if isinstance(value, dict):
        return not value.get("options") and not value.get("other")
    return False


def rows_for(question: Question, value: Any) -> list[Answer]:
    """Unsaved Answer rows for one question's canonical value (none when blank)."""
    if is_blank(value):
        return []
    base = {"question_id": question.id, "question_type": question.type}
    kind = question.type
    if kind in ("short_text", "long_text", "postcode"):
        return [Answer(**base, value_text=value)]
    if kind == "single_choice":
        return [Answer(**base, option_id=value, value_text=question.option_label(value))]
    if kind == "multiple_choice":
        rows = [
            Answer(**base, option_id=option_id, value_text=question.option_label(option_id))
            for option_id in value.get("options", [])
        ]
        if value.get("other"):
            rows.append(Answer(**base, option_id="other", value_text=value["other"]))
        return rows
    if kind in ("likert", "rating"):
        return [Answer(**base, option_id=str(value), value_number=Decimal(value))]
    if kind == "ranking":
        return [
            Answer(
                **base,
                option_id=option_id,
                value_number=Decimal(rank),
                value_text=question.option_label(option_id),
            )
            for rank, option_id in enumerate(value, start=1)
        ]
    if kind == "number":
        return [Answer(**base, value_number=Decimal(value), value_text=str(value))]
    if kind == "date":
        return [Answer(**base, value_date=value, value_text=value.isoformat())]
    if kind in ("yes_no", "consent"):
        return [Answer(**base, option_id="yes" if value else "no", value_bool=bool(value))]
    return []


def value_from_rows(question_type: str, rows: list[Answer]) -> Any:
    """The canonical value stored in a question's Answer rows."""
    if not rows:
        return None
    first = rows[0]
    if question_type in ("short_text", "long_text", "postcode"):
        return first.value_text
    if question_type == "single_choice":
        return first.option_id
    if question_type == "multiple_choice":
        return {
            "options": [r.option_id for r in rows if r.option_id != "other"],
            "other": next((r.value_text for r in rows if r.option_id == "other"), ""),
        }
    if question_type in ("likert", "rating"):
        return int(first.value_number)
    if question_type == "ranking":
        return [r.option_id for r in sorted(rows, key=lambda r: r.value_number)]
    if question_type == "number":
        number = first.value_number.normalize()
        return int(number) if number == number.to_integral() else number
    if question_type == "date":
        return first.value_date
    if question_type in ("yes_no", "consent"):
        return first.value_bool
    return None


def load_answers(response: Response) -> dict[str, Any]:
    """Every answer of a response as {question id: canonical value}."""
    grouped: dict[str, list[Answer]] = defaultdict(list)
    types: dict[str, str] = {}
    for row in response.answers.all().order_by("pk"):
        grouped[row.question_id].append(row)
        types[row.question_id] = row.question_type
    return {qid: value_from_rows(types[qid], rows) for qid, rows in grouped.items()}


@transaction.atomic
def replace_answers(
    response: Response, questions: Iterable[Question], values: dict[str, Any]
) -> None:
    """Store the answers to ``questions``, replacing what was there before."""
    questions = [q for q in questions if q.takes_answer]
    response.answers.filter(question_id__in=[q.id for q in questions]).delete()
    rows = []
    for question in questions:
        for row in rows_for(question, values.get(question.id)):
            row.response = response
            rows.append(row)
    Answer.objects.bulk_create(rows)


def display(question: Question, value: Any) -> str:
    """An answer as a person reads it back (check-your-answers page, email copy)."""
    if is_blank(value):
        return _("Not answered")
    kind = question.type
    if kind == "single_choice":
        return question.option_label(value)
    if kind == "multiple_choice":
        parts = [question.option_label(option_id) for option_id in value.get("options", [])]
        if value.get("other"):
            parts.append(_("Other: %(text)s") % {"text": value["other"]})
        return "; ".join(parts)
    if kind == "ranking":
        return "; ".join(
            f"{rank}. {question.option_label(option_id)}"
            for rank, option_id in enumerate(value, start=1)
        )
    if kind == "likert":
        return str(dict(likert_choices(True)).get(value, value))
    if kind == "rating":
        return _("%(score)s out of %(scale)s") % {"score": value, "scale": question.value["scale"]}
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind in ("yes_no", "consent"):
        return _("Yes") if value else _("No")
    return str(value)
