"""What staff may change on a submitted response: correct an answer, withdraw it.

Both keep an audit trail in Wagtail's log entries (``ModelLogEntry`` on the
response: who, when, why, and for a correction the answer before and after), shown
on the response's history screen. Both save the response, so its new
``updated_at`` brings the running counts (``consultations.tallies``) and the search
index up to date: a withdrawn response leaves the results, the index and reports.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from consultations import answers as answer_codec
from consultations import services
from consultations.models import Response

CORRECT = "consultations.response.correct"
WITHDRAW = "consultations.response.withdraw"


class CorrectFormatter(LogFormatter):
    label = _("Correct an answer")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "Corrected an answer to ‘%(question)s’: was ‘%(before)s’, now ‘%(after)s’. "
            "Reason: %(reason)s"
        ) % {
            "question": data.get("question", ""),
            "before": data.get("before", ""),
            "after": data.get("after", ""),
            "reason": data.get("reason", ""),
        }


class WithdrawFormatter(LogFormatter):
    label = _("Withdraw a response")

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason", "")
        return _("Withdrew the response. Reason: %(reason)s") % {"reason": reason}


ACTIONS = [(CORRECT, CorrectFormatter), (WITHDRAW, WithdrawFormatter)]


class NotChangeable(Exception):
    """The response is not one staff may change (a draft, withdrawn or anonymised)."""


def register(actions) -> None:
    for action, formatter in ACTIONS:
        actions.register_action(action)(formatter)


def _check(response: Response) -> None:
    if response.status != Response.Status.SUBMITTED:
        raise NotChangeable(response.get_status_display())


def correct_answer(response: Response, question, value: Any, *, user, reason: str) -> dict:
    """Replace the answer to ``question`` with ``value``; returns what was logged."""
    from wagtail.log_actions import log

    _check(response)
    with transaction.atomic():
        before = answer_codec.load_answers(response).get(question.id)
        answer_codec.replace_answers(response, [question], {question.id: value})
        response.content_hash = services.content_hash(response)
        response.save(update_fields=["content_hash", "updated_at"])
        data = {
            "question_id": question.id,
            "question": question.text,
            "before": str(answer_codec.display(question, before)),
            "after": str(answer_codec.display(question, value)),
            "reason": reason,
        }
        log(response, CORRECT, user=user, data=data)
        services.count_soon(response.consultation_id)
    return data


def withdraw(response: Response, *, user, reason: str) -> Response:
    """Take the response out of every count, index and report, saying why."""
    from wagtail.log_actions import log

    _check(response)
    with transaction.atomic():
        response.status = Response.Status.WITHDRAWN
        response.withdrawn_at = timezone.now()
        response.withdrawn_by = user
        response.withdrawn_reason = reason
        response.save()
        log(response, WITHDRAW, user=user, data={"reason": reason})
        services.count_soon(response.consultation_id)
    return response
