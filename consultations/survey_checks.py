"""Checks on a survey as an editor builds it, with each error on the field it is about.

``survey_errors(stream)`` walks the cleaned ``survey`` StreamField value (steps, each
with its questions) and returns a ``StreamBlockValidationError`` shaped like the
stream, so the Wagtail editor shows every message beside the field that needs
changing; ``None`` when the survey is sound. ``SurveyStreamBlock.clean`` raises it.

Rules (the respond journey in ``consultations.survey`` relies on them):

* a reference is used by one question only;
* a show-if rule names a question that comes before it (earlier in the same step, or
  in an earlier step; a step's rule, a question in an earlier step);
* a show-if answer is one the named question can give: one of its options (the text
  in the source language), "yes" or "no", a point on its scale, a number or a date.
"""

from __future__ import annotations

import datetime
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from consultations.survey import CHOICE_TYPES

# The source-language survey while a translation's editor form is cleaned: show-if
# answers name options by their source-language text (``SurveyPageForm`` sets it).
source_survey: ContextVar = ContextVar("source_survey", default=None)

YES_NO_TYPES = ("yes_no", "consent")


def _quoted(values) -> str:
    return ", ".join(f"‘{value}’" for value in values)


def valid_answers(answer_type: str, value) -> list[str] | None:
    """The answers a show-if rule may name for a question; None when any text will do
    (free text) or the kind is checked by its form (numbers, dates)."""
    if answer_type in CHOICE_TYPES:
        return [str(option).strip() for option in value.get("options") or [] if str(option).strip()]
    if answer_type in YES_NO_TYPES:
        return ["yes", "no"]
    if answer_type == "likert":
        lowest = 0 if value.get("include_dont_know") else 1
        return [str(point) for point in range(5, lowest - 1, -1)]
    if answer_type == "rating":
        return [str(point) for point in range(1, int(value.get("scale") or 5) + 1)]
    return None


def answer_problem(answer_type: str, value, answer: str) -> str | None:
    """Why ``answer`` can never be given to this question, or None when it can."""
    allowed = valid_answers(answer_type, value)
    wanted = answer.strip().casefold()
    if allowed is not None:
        if any(wanted == choice.casefold() for choice in allowed):
            return None
        if not allowed:
            return _("The question this rule names has no options yet.")
        return _("‘%(answer)s’ is not an answer to that question. Choose one of: %(valid)s.") % {
            "answer": answer,
            "valid": _quoted(allowed),
        }
    if answer_type == "number":
        try:
            Decimal(answer.strip())
        except InvalidOperation:
            return _("‘%(answer)s’ is not a number. Write the number, e.g. 3.") % {"answer": answer}
    if answer_type == "date":
        try:
            datetime.date.fromisoformat(answer.strip())
        except ValueError:
            return _("‘%(answer)s’ is not a date. Write it as year-month-day, e.g. 2027-01-31.") % {
                "answer": answer
            }
    return None


class _Errors:
    """Collects errors per step, per question and per field, then shapes them for Wagtail."""

    def __init__(self):
        self.steps: dict[int, dict] = {}

    def add(self, step: int, field: str, message: str, *, question: int | None = None, sub=None):
        step_errors = self.steps.setdefault(step, {"fields": {}, "questions": {}})
        target = (
            step_errors["fields"]
            if question is None
            else step_errors["questions"].setdefault(question, {})
        )
        if sub is None:
            target.setdefault(field, message)
        else:
            target.setdefault(field, {}).setdefault(sub, message)

    @staticmethod
    def _struct(fields: dict) -> StructBlockValidationError:
        block_errors = {}
        for name, error in fields.items():
            if isinstance(error, dict):
                block_errors[name] = StructBlockValidationError(
                    block_errors={sub: ValidationError(text) for sub, text in error.items()}
                )
            else:
                block_errors[name] = ValidationError(error)
        return StructBlockValidationError(block_errors=block_errors)

    def as_exception(self) -> StreamBlockValidationError | None:
        if not self.steps:
            return None
        block_errors = {}
        for step_index, step_errors in self.steps.items():
            fields = dict(step_errors["fields"])
            struct = self._struct(fields)
            if step_errors["questions"]:
                struct.block_errors["questions"] = StreamBlockValidationError(
                    block_errors={
                        index: self._struct(question_fields)
                        for index, question_fields in step_errors["questions"].items()
                    }
                )
            block_errors[step_index] = struct
        return StreamBlockValidationError(block_errors=block_errors)


def _check_rule(
    errors, rule, known: dict, *, step: int, question: int | None, where: str, later=()
):
    """Check one show-if rule against the questions before it (``known``)."""
    if not rule:
        return
    reference = (rule.get("question") or "").strip()
    answer = (rule.get("answer") or "").strip()
    if not reference:
        if answer:
            errors.add(
                step,
                "show_if",
                _("Give the reference of the earlier question this answer belongs to."),
                question=question,
                sub="question",
            )
        return
    target = known.get(reference)
    if target is None and reference in later:
        message = _(
            "The question ‘%(reference)s’ comes later. A rule can only use a question "
            "asked before it."
        ) % {"reference": reference}
        if where == "step":
            message = _(
                "The question ‘%(reference)s’ is not in an earlier step. A step's rule can "
                "only use a question from an earlier step."
            ) % {"reference": reference}
        errors.add(step, "show_if", message, question=question, sub="question")
        return
    if target is None:
        message = _("No question in this survey has the reference ‘%(reference)s’.") % {
            "reference": reference
        }
        if known:
            message += " " + _("References you can use: %(valid)s.") % {"valid": _quoted(known)}
        errors.add(step, "show_if", message, question=question, sub="question")
        return
    answer_type, value = target
    if not answer:
        allowed = valid_answers(answer_type, value)
        message = _("Say which answer shows this.")
        if allowed:
            message += " " + _("Choose one of: %(valid)s.") % {"valid": _quoted(allowed)}
        errors.add(step, "show_if", message, question=question, sub="answer")
        return
    problem = answer_problem(answer_type, value, answer)
    if problem:
        errors.add(step, "show_if", problem, question=question, sub="answer")


def survey_errors(stream) -> StreamBlockValidationError | None:
    """Every problem in a cleaned survey value, placed on its field; None if none."""
    errors = _Errors()
    source_values = {
        str(question.id): question.value
        for step in source_survey.get() or []
        for question in step.value.get("questions") or []
    }
    every_reference = {
        (question.value.get("reference") or "").strip()
        for step in stream or []
        for question in step.value.get("questions") or []
        if "reference" in question.value
    } - {""}
    known: dict[str, tuple[str, object]] = {}  # reference -> (answer type, value), so far
    for step_index, step_child in enumerate(stream or []):
        step_value = step_child.value
        # A step's rule may only use questions from earlier steps.
        _check_rule(
            errors,
            step_value.get("show_if"),
            dict(known),
            step=step_index,
            question=None,
            where="step",
            later=every_reference,
        )
        for question_index, question_child in enumerate(step_value.get("questions") or []):
            value = question_child.value
            answer_type = getattr(question_child.block, "answer_type", question_child.block_type)
            _check_rule(
                errors,
                value.get("show_if"),
                dict(known),
                step=step_index,
                question=question_index,
                where="question",
                later=every_reference,
            )
            reference = (value.get("reference") or "").strip() if "reference" in value else ""
            if not reference:
                continue
            if reference in known:
                errors.add(
                    step_index,
                    "reference",
                    _(
                        "Another question already has the reference ‘%(reference)s’. "
                        "Give each question its own."
                    )
                    % {"reference": reference},
                    question=question_index,
                )
                continue
            known[reference] = (answer_type, source_values.get(str(question_child.id), value))
    return errors.as_exception()


class SurveyPageForm(WagtailAdminPageForm):
    """The editor form of a page with a survey: on a translation, show-if answers are
    checked against the source page's options (the rules are synchronised from it)."""

    def full_clean(self):
        source = None
        page = self.instance
        if page.pk and page.source_page.pk != page.pk:
            source = page.source_page.survey
        token = source_survey.set(source)
        try:
            super().full_clean()
        finally:
            source_survey.reset(token)


__all__ = ["SurveyPageForm", "answer_problem", "survey_errors", "valid_answers"]
