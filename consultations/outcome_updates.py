""" "Email me when the outcome is published": who asked, and emailing them once.

People tick it on their details (``ResponseContact.wants_updates``). When a "you
said, we did" page linked to their consultation is published, each of them with an
email address and a response that still counts is emailed once, in the language
they answered in (``consultations.tasks.send_outcome_email``). An
``OutcomeNotification`` row per outcome and response is made before anything is
sent and marked when sent: publishing the page again, or a translation of it,
makes no new rows, and a row already sent is never sent again.
"""

from __future__ import annotations

from consultations.models import OutcomeNotification, Response, ResponseContact


def people_who_asked(consultation_id: int):
    """Contact records of the responses to the consultation that asked for the outcome."""
    return (
        ResponseContact.objects.filter(
            response__consultation_id=consultation_id,
            response__status=Response.Status.SUBMITTED,
            wants_updates=True,
        )
        .exclude(email="")
        .select_related("response")
        .order_by("response__submitted_at", "pk")
    )


def counts(consultation_id: int) -> dict:
    """How many asked, and how many have been emailed (about any of its outcomes)."""
    asked = people_who_asked(consultation_id)
    emailed = (
        OutcomeNotification.objects.filter(
            response__consultation_id=consultation_id, sent_at__isnull=False
        )
        .values("response_id")
        .distinct()
        .count()
    )
    return {"asked": asked.count(), "emailed": emailed}


def queue(outcome_page) -> list[int]:
    """Make the rows for everyone not yet told about this outcome; their ids."""
    consultation_id = outcome_page.consultation_id
    if consultation_id is None:
        return []
    source_id = outcome_page.consultation.specific.source_page.pk
    key = outcome_page.translation_key
    told = OutcomeNotification.objects.filter(outcome_key=key).values_list("response_id", flat=True)
    new = [
        OutcomeNotification(outcome_key=key, outcome_id=outcome_page.pk, response_id=pk)
        for pk in people_who_asked(source_id)
        .exclude(response_id__in=told)
        .values_list("response_id", flat=True)
    ]
    OutcomeNotification.objects.bulk_create(new, ignore_conflicts=True)
    return list(
        OutcomeNotification.objects.filter(outcome_key=key, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
