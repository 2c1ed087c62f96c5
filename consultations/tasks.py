"""Background jobs for consultations: emails to respondents, and their sweeper."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from consultations.models import Response, ResponseContact
from portal import emails, links

logger = logging.getLogger(__name__)


def _page_in_language(response: Response):
    from wagtail.models import Locale

    source = response.consultation.specific
    locale = Locale.objects.filter(language_code=response.language).first()
    translated = source.get_translation_or_none(locale) if locale else None
    return (translated or source).specific


def _answer_lines(response: Response, page):
    from consultations import answers as answer_codec

    definition = page.survey_definition
    values = answer_codec.load_answers(response)
    lines = []
    for question in definition.questions:
        if question.takes_answer and question.id in values:
            lines.append((question.text, answer_codec.display(question, values[question.id])))
    return lines


@shared_task(bind=True, **emails.MAIL_RETRY)
def send_response_copy(self, response_id: int, base_url: str | None = None) -> str:
    """Email the respondent a copy of their answers, once.

    ``base_url``: the address the person used (``portal.links``); without it, the
    configured one."""
    from consultations.services import resume_token

    with transaction.atomic():
        contact = (
            ResponseContact.objects.select_for_update()
            .select_related("response")
            .filter(response_id=response_id)
            .first()
        )
        if contact is None or not contact.email or not contact.wants_copy:
            return "nothing to send"
        if contact.copy_sent_at is not None:
            return "already sent"
        response = contact.response
        page = _page_in_language(response)
        with translation.override(response.language):
            context = {
                "response": response,
                "page": page,
                "lines": _answer_lines(response, page),
                "edit_url": f"{links.page_url(page, base_url)}resume/{resume_token(response)}/",
            }
            subject, body = emails.render("consultations/email/copy", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
        contact.copy_sent_at = timezone.now()
        contact.save(update_fields=["copy_sent_at"])
    return "sent"


@shared_task(bind=True, **emails.MAIL_RETRY)
def send_resume_link(self, response_id: int, base_url: str | None = None) -> str:
    """Email the link that brings a person back to their unfinished answers."""
    from consultations.services import resume_token

    contact = ResponseContact.objects.select_related("response").get(response_id=response_id)
    response = contact.response
    page = _page_in_language(response)
    with translation.override(response.language):
        context = {
            "response": response,
            "page": page,
            "resume_url": f"{links.page_url(page, base_url)}resume/{resume_token(response)}/",
        }
        subject, body = emails.render("consultations/email/resume", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
    return "sent"


@shared_task
def send_missing_response_copies() -> int:
    """Sweeper: queue copies that were asked for but never sent (e.g. the broker was down)."""
    cutoff = timezone.now() - timezone.timedelta(minutes=10)
    pending = ResponseContact.objects.filter(
        wants_copy=True,
        copy_sent_at__isnull=True,
        response__status=Response.Status.SUBMITTED,
        response__submitted_at__lte=cutoff,
    ).exclude(email="")
    count = 0
    for response_id in pending.values_list("response_id", flat=True)[:500]:
        send_response_copy.delay(response_id)
        count += 1
    return count


@shared_task
def tally_responses(source_page_id: int) -> int:
    """Bring a consultation's running answer counts up to date (after a submission)."""
    from django.core.cache import cache

    from consultations import tallies

    cache.delete(tally_pending_key(source_page_id))
    return tallies.bring_up_to_date(source_page_id)


def tally_pending_key(source_page_id: int) -> str:
    return f"consultations:tally-pending:{source_page_id}"


@shared_task
def warm_results_summaries() -> int:
    """Beat job: keep the answer counts of every open consultation up to date."""
    from consultations import tallies
    from consultations.admin_views import survey_pages

    warmed = 0
    for page in survey_pages():
        if page.live and page.status == "open":
            tallies.bring_up_to_date(page.pk)
            warmed += 1
    return warmed


# --- "email me when the outcome is published" (consultations.outcome_updates) ----------
@shared_task
def send_outcome_emails(outcome_page_id: int) -> int:
    """After a "you said, we did" page is published: one email task per person who
    asked and has not been told about this outcome."""
    from wagtail.models import Page

    from consultations import outcome_updates

    page = Page.objects.filter(pk=outcome_page_id).specific().first()
    if page is None or not page.live:
        return 0
    pending = outcome_updates.queue(page)
    for notification_id in pending:
        send_outcome_email.delay(notification_id)
    return len(pending)


@shared_task(bind=True, **emails.MAIL_RETRY)
def send_outcome_email(self, notification_id: int) -> str:
    """Email one person that the outcome is published, once, in their language."""
    from wagtail.models import Locale

    from consultations.models import OutcomeNotification

    with transaction.atomic():
        notification = (
            OutcomeNotification.objects.select_for_update()
            .select_related("response", "outcome")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return "nothing to send"
        if notification.sent_at is not None:
            return "already sent"
        response = notification.response
        contact = ResponseContact.objects.filter(response=response).first()
        if contact is None or not contact.email or not contact.wants_updates:
            return "nothing to send"
        outcome = notification.outcome.specific
        locale = Locale.objects.filter(language_code=response.language).first()
        translated = outcome.get_translation_or_none(locale) if locale else None
        if translated is not None and translated.live:
            outcome = translated.specific
        with translation.override(response.language):
            context = {
                "response": response,
                "consultation": _page_in_language(response),
                "outcome": outcome,
                "outcome_url": outcome.get_full_url(),
            }
            subject, body = emails.render("consultations/email/outcome", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    return "sent"
