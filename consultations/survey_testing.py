"""Survey test mode: staff walk through a survey, draft or live, and nothing is counted.

Admin URLs (``/admin/survey-test/<page id>/...``) run the respond journey on the
page's latest revision (so a draft can be tried before it goes live, and the
preview's "Start now" leads here). The same forms check each answer as the public
journey does, but answers are kept only in the staff member's session: no
``Response`` or ``Answer`` row is written, so nothing reaches tallies, results,
exports or the search index. Every page carries a "Test mode" banner.

Only someone who may edit the page can test it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from wagtail.models import Page

from consultations.answers import display, is_blank, rows_for, value_from_rows
from consultations.forms import EqualityForm, StepForm, YourDetailsForm
from consultations.models import Answer

app_name = "survey_test"
SESSION_KEY = "survey_test:{page_id}"


# --- the page and its answers -----------------------------------------------------
def page_to_test(request, page_id: int):
    """The page's latest revision (draft or live), if this person may edit it."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    page = page.specific.get_latest_revision_as_object()
    if not hasattr(page, "survey_definition"):
        raise PermissionDenied
    return page


def _row_data(row: Answer) -> dict:
    return {
        "option_id": row.option_id,
        "value_text": row.value_text,
        "value_number": None if row.value_number is None else str(row.value_number),
        "value_date": None if row.value_date is None else row.value_date.isoformat(),
        "value_bool": row.value_bool,
    }


def _row(question_type: str, data: dict) -> Answer:
    return Answer(
        question_type=question_type,
        option_id=data["option_id"],
        value_text=data["value_text"],
        value_number=None if data["value_number"] is None else Decimal(data["value_number"]),
        value_date=None
        if data["value_date"] is None
        else datetime.date.fromisoformat(data["value_date"]),
        value_bool=data["value_bool"],
    )


def session_answers(request, page) -> dict[str, Any]:
    """The answers given so far in this test, as {question id: canonical value}."""
    stored = request.session.get(SESSION_KEY.format(page_id=page.pk), {})
    answers = {}
    for question_id, (question_type, rows) in stored.items():
        answers[question_id] = value_from_rows(
            question_type, [_row(question_type, data) for data in rows]
        )
    return answers


def store_answers(request, page, questions, values: dict[str, Any]) -> None:
    key = SESSION_KEY.format(page_id=page.pk)
    stored = dict(request.session.get(key, {}))
    for question in questions:
        if not question.takes_answer:
            continue
        rows = rows_for(question, values.get(question.id))
        if rows:
            stored[question.id] = (question.type, [_row_data(row) for row in rows])
        else:
            stored.pop(question.id, None)
    request.session[key] = stored


def _url(page, name: str, *args) -> str:
    return reverse(f"survey_test:{name}", args=[page.pk, *args])


def _context(page, answers, **extra) -> dict:
    visible = page.survey_definition.visible_steps(answers)
    return {
        "page": page,
        "test_mode": True,
        "steps": visible,
        "total_steps": len(visible) + 1,
        **extra,
    }


# --- views --------------------------------------------------------------------------
@never_cache
@xframe_options_sameorigin
def start(request, page_id: int):
    page = page_to_test(request, page_id)
    request.session.pop(SESSION_KEY.format(page_id=page.pk), None)
    steps = page.survey_definition.visible_steps({})
    if not steps:
        return redirect(_url(page, "details"))
    return redirect(_url(page, "step", steps[0].number))


@never_cache
@xframe_options_sameorigin
def step(request, page_id: int, number: int):
    page = page_to_test(request, page_id)
    definition = page.survey_definition
    current = definition.step(number - 1)
    if current is None:
        return redirect(_url(page, "start"))
    answers = session_answers(request, page)
    if not definition.step_visible(current, answers):
        following = definition.next_step(current.index, answers)
        return redirect(
            _url(page, "step", following.number) if following else _url(page, "details")
        )
    has_about_you = any(q.type == "about_you" for q in current.questions)
    if request.method == "POST":
        form = StepForm(request.POST, definition=definition, step=current, answers=answers)
        # Equality answers are checked like the real ones, and never kept.
        equality_form = EqualityForm(request.POST, prefix="eq") if has_about_you else None
        forms_valid = form.is_valid() and (equality_form is None or equality_form.is_valid())
        if forms_valid:
            store_answers(request, page, current.questions, form.answer_values())
            answers = session_answers(request, page)
            if request.GET.get("return") == "check":
                return redirect(_url(page, "check"))
            following = definition.next_step(current.index, answers)
            return redirect(
                _url(page, "step", following.number) if following else _url(page, "details")
            )
    else:
        form = StepForm(definition=definition, step=current, answers=answers)
        equality_form = EqualityForm(prefix="eq") if has_about_you else None
    previous = definition.previous_step(current.index, answers)
    visible = definition.visible_steps(answers)
    position = next((i for i, s in enumerate(visible, start=1) if s.index == current.index), 1)
    return TemplateResponse(
        request,
        "consultations/respond/step.html",
        _context(
            page,
            answers,
            step=current,
            form=form,
            equality_form=equality_form,
            position=position,
            back_url=_url(page, "step", previous.number) if previous else _url(page, "start"),
        ),
    )


@never_cache
@xframe_options_sameorigin
def details(request, page_id: int):
    page = page_to_test(request, page_id)
    answers = session_answers(request, page)
    if request.method == "POST":
        form = YourDetailsForm(request.POST)
        if form.is_valid():  # checked as the real step is; nothing kept
            return redirect(_url(page, "check"))
    else:
        form = YourDetailsForm()
    visible = page.survey_definition.visible_steps(answers)
    return TemplateResponse(
        request,
        "consultations/respond/your_details.html",
        _context(
            page,
            answers,
            form=form,
            position=len(visible) + 1,
            back_url=_url(page, "step", visible[-1].number) if visible else _url(page, "start"),
        ),
    )


@never_cache
@xframe_options_sameorigin
def check(request, page_id: int):
    page = page_to_test(request, page_id)
    definition = page.survey_definition
    answers = session_answers(request, page)
    if request.method == "POST":
        request.session.pop(SESSION_KEY.format(page_id=page.pk), None)
        return redirect(_url(page, "done"))
    rows, missing = [], None
    for visible_step in definition.visible_steps(answers):
        items = []
        for question in definition.visible_questions(visible_step, answers):
            if not question.takes_answer:
                continue
            value = answers.get(question.id)
            if question.required and is_blank(value) and missing is None:
                missing = visible_step
            items.append((question, display(question, value)))
        if items:
            rows.append(
                {
                    "step": visible_step,
                    "items": items,
                    "url": _url(page, "step", visible_step.number),
                }
            )
    return TemplateResponse(
        request,
        "consultations/test_mode/check.html",
        _context(page, answers, rows=rows, missing=missing, back_url=_url(page, "details")),
    )


@never_cache
@xframe_options_sameorigin
def done(request, page_id: int):
    page = page_to_test(request, page_id)
    return TemplateResponse(
        request,
        "consultations/test_mode/done.html",
        {
            "page": page,
            "test_mode": True,
            "again_url": _url(page, "start"),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "back_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )


urlpatterns = [
    path("<int:page_id>/", start, name="start"),
    path("<int:page_id>/step/<int:number>/", step, name="step"),
    path("<int:page_id>/your-details/", details, name="details"),
    path("<int:page_id>/check/", check, name="check"),
    path("<int:page_id>/done/", done, name="done"),
]
