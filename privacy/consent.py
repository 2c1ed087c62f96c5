"""Consent records: the wording each person agreed to, in their language, and when."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from privacy.models import ConsentRecord


def _page_in_language(page, language: str):
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return page
    translated = page.get_translation_or_none(locale)
    return translated.specific if translated is not None else page


def record_for_response(response) -> int:
    """A ``ConsentRecord`` per consent box ticked in ``response`` (once); how many added."""
    from consultations.models import Answer

    ticked = list(
        Answer.objects.filter(
            response=response, question_type="consent", value_bool=True
        ).values_list("question_id", flat=True)
    )
    if not ticked:
        return 0
    already = set(
        ConsentRecord.objects.filter(
            kind=ConsentRecord.Kind.RESPONSE, source_id=response.pk
        ).values_list("question_id", flat=True)
    )
    todo = [q for q in ticked if q not in already]
    if not todo:
        return 0
    page = _page_in_language(response.consultation.specific, response.language)
    definition = getattr(page, "survey_definition", None)
    added = 0
    for question_id in todo:
        question = definition.question(question_id) if definition else None
        try:
            with transaction.atomic():
                ConsentRecord.objects.create(
                    kind=ConsentRecord.Kind.RESPONSE,
                    source_id=response.pk,
                    question_id=question_id,
                    wording=question.text if question else "",
                    language=response.language,
                    consultation_id=response.consultation_id,
                    given_at=response.submitted_at or timezone.now(),
                )
            added += 1
        except IntegrityError:
            continue
    return added


def record_missing(*, days: int = 3) -> int:
    """Record consent for recent responses saved without it (imports bulk-create answers)."""
    from datetime import timedelta

    from consultations.models import Answer, Response

    since = timezone.now() - timedelta(days=days)
    response_ids = (
        Answer.objects.filter(
            question_type="consent",
            value_bool=True,
            response__status=Response.Status.SUBMITTED,
            response__submitted_at__gte=since,
        )
        .exclude(
            response_id__in=ConsentRecord.objects.filter(kind=ConsentRecord.Kind.RESPONSE).values(
                "source_id"
            )
        )
        .values_list("response_id", flat=True)
        .distinct()
    )
    added = 0
    for response in Response.objects.filter(pk__in=list(response_ids)).select_related(
        "consultation"
    ):
        added += record_for_response(response)
    return added
