"""Emails and clean-up for the Citizens' Panel; each task takes primary keys.

Every email records when it was sent on its row, under a row lock, so a retried
or repeated task never sends the same email twice.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from citizens_panel.models import Invitation, Member
from portal import emails, links

logger = logging.getLogger(__name__)

RETRY = emails.MAIL_RETRY


def _base_url() -> str:
    return links.base_url()


def _send(template: str, context: dict, to: str, language: str) -> None:
    with translation.override(language):
        subject, body = emails.render(f"citizens_panel/email/{template}", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@shared_task(bind=True, **RETRY)
def send_confirmation_email(self, member_id: int) -> str:
    from citizens_panel.membership import confirmation_token, unconfirmed_days

    member = Member.objects.filter(pk=member_id, status=Member.Status.PENDING).first()
    if member is None or not member.email:
        return "nothing to send"
    with translation.override(member.language):
        path = reverse("citizens_panel:confirm", args=[confirmation_token(member)])
    context = {"member": member, "url": _base_url() + path, "days": unconfirmed_days()}
    _send("confirm", context, member.email, member.language)
    return "sent"


@shared_task(bind=True, **RETRY)
def send_manage_link_email(self, member_id: int, language: str = "", base: str = "") -> str:
    """A single-use, time-limited link to the member's "manage your membership" page."""
    from citizens_panel.membership import manage_link_hours, manage_token
    from portal.links import base_url

    member = Member.objects.current().filter(pk=member_id).first()
    if member is None or not member.email:
        return "nothing to send"
    language = language or member.language
    with translation.override(language):
        path = reverse("citizens_panel:manage_link", args=[manage_token(member)])
    context = {"url": (base or base_url()).rstrip("/") + path, "hours": manage_link_hours()}
    _send("manage_link", context, member.email, language)
    return "sent"


@shared_task
def expire_unconfirmed_signups() -> int:
    from citizens_panel.membership import expire_unconfirmed

    return expire_unconfirmed()


def invitation_url(invitation: Invitation) -> str:
    page = invitation.sample.survey
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=invitation.member.language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    page = (translated or page).specific
    return f"{links.page_url(page)}invitation/{invitation.token}/"


def _mail_invitation(invitation_id: int, *, reminder: bool) -> str:
    field = "reminder_sent_at" if reminder else "sent_at"
    with transaction.atomic():
        invitation = (
            # Lock only the invitation: PostgreSQL cannot lock the nullable side of the
            # outer join to ``response``.
            Invitation.objects.select_for_update(of=("self",))
            .select_related("member", "sample__survey", "response")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or getattr(invitation, field) is not None:
            return "already sent"
        member = invitation.member
        if member.status != Member.Status.ACTIVE or not member.email:
            return "member not active"
        if reminder and (
            invitation.response is not None and invitation.response.status == "submitted"
        ):
            return "already responded"
        url = invitation_url(invitation)
        if invitation.used_at is not None and invitation.response is not None:
            from consultations.services import resume_token

            # The personal link works once; a started response resumes by its own link.
            url = url.split("invitation/")[0] + f"resume/{resume_token(invitation.response)}/"
        from portal.links import base_url

        with translation.override(member.language):
            manage_path = reverse("citizens_panel:manage")
        context = {
            "member": member,
            "page": invitation.sample.survey,
            "url": url,
            "manage_url": base_url() + manage_path,
        }
        _send("reminder" if reminder else "invitation", context, member.email, member.language)
        setattr(invitation, field, timezone.now())
        invitation.save(update_fields=[field])
    return "sent"


@shared_task(bind=True, **RETRY)
def send_invitation(self, invitation_id: int) -> str:
    return _mail_invitation(invitation_id, reminder=False)


@shared_task(bind=True, **RETRY)
def send_reminder(self, invitation_id: int) -> str:
    return _mail_invitation(invitation_id, reminder=True)


@shared_task
def send_invitations(sample_id: int) -> int:
    """Queue each unsent invitation of a sample."""
    ids = list(
        Invitation.objects.filter(sample_id=sample_id, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        send_invitation.delay(pk)
    return len(ids)


@shared_task
def send_due_reminders() -> int:
    """Beat job: remind non-responders whose reminder is due; never twice."""
    from citizens_panel.invitations import due_reminders

    due = due_reminders()
    for invitation in due:
        send_reminder.delay(invitation.pk)
    return len(due)
