"""Emails about events, and the beat job that sends reminders; each task takes keys.

The online link and the calendar attachment with it go only into emails to a
person whose place is confirmed at the moment the email is written.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from events.models import EventInvitation, EventMessage, EventSignup
from portal import emails, links

logger = logging.getLogger(__name__)

RETRY = emails.MAIL_RETRY
# Which emails need which status at the moment they are written.
KIND_STATUS = {
    "confirmed": EventSignup.Status.CONFIRMED,
    "promoted": EventSignup.Status.CONFIRMED,
    "reminder_48h": EventSignup.Status.CONFIRMED,
    "reminder_2h": EventSignup.Status.CONFIRMED,
    "waiting": EventSignup.Status.WAITING,
    "cancelled": EventSignup.Status.CANCELLED,
    "event_cancelled": EventSignup.Status.CANCELLED,
}
WITH_CALENDAR = {"confirmed", "promoted"}


def _base_url() -> str:
    return links.base_url()


def page_in_language(source, language: str):
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    translated = source.get_translation_or_none(locale) if locale else None
    return (translated if translated is not None and translated.live else source).specific


def place_url(signup: EventSignup) -> str:
    with translation.override(signup.language):
        return _base_url() + reverse("events:place", args=[signup.token])


def _send(template: str, context: dict, to: str, language: str, attachments=()) -> None:
    with translation.override(language):
        subject, body = emails.render(f"events/email/{template}", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def signup_context(signup: EventSignup, page) -> dict:
    confirmed = signup.status == EventSignup.Status.CONFIRMED
    return {
        "signup": signup,
        "page": page,
        "event_url": links.page_url(page),
        "place_url": place_url(signup),
        # Never for a waiting or cancelled person.
        "online_link": page.source_page.online_link if confirmed else "",
        "position": signup.waiting_position,
    }


def calendar_attachment(signup: EventSignup, page) -> tuple[str, str, str]:
    from events import ical

    link = page.source_page.online_link if signup.status == EventSignup.Status.CONFIRMED else ""
    text = ical.calendar(
        [ical.event_lines(page, url=links.page_url(page), online_link=link)], name=page.title
    )
    return ("event.ics", text, "text/calendar")


# "Someone asked for a place with your address": at most one such email per place
# in this many seconds, so typing someone's address again and again cannot flood them.
ALREADY_BOOKED_EVERY = 3600


def _send_already_booked(signup_id: int) -> str:
    """Tell the owner of a place that their address was used to sign up again."""
    signup = EventSignup.objects.select_related("event").filter(pk=signup_id).first()
    if signup is None or not signup.email or signup.status == EventSignup.Status.CANCELLED:
        return "nothing to send"
    key = f"events:already-booked:{signup.pk}"
    try:
        first = cache.add(key, 1, ALREADY_BOOKED_EVERY)
    except Exception:  # noqa: BLE001 - a dead cache must not stop the owner being told
        logger.warning("Cache unavailable; sending the already-booked email", exc_info=True)
        first = True
    if not first:
        return "told recently"
    page = page_in_language(signup.event, signup.language)
    try:
        _send("already_booked", signup_context(signup, page), signup.email, signup.language)
    except emails.MAIL_ERRORS:
        cache.delete(key)  # let the retry send it
        raise
    return "sent"


@shared_task(bind=True, **RETRY)
def send_signup_email(self, signup_id: int, kind: str) -> str:
    """Confirmation, waiting-list place, promotion, reminders and cancellations; and
    "you already have a place" when someone signs up again with the owner's address."""
    if kind == "already_booked":
        return _send_already_booked(signup_id)
    sent_field = f"{kind}_sent_at" if kind.startswith("reminder_") else None
    with transaction.atomic():
        signup = (
            EventSignup.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(pk=signup_id)
            .first()
        )
        if signup is None or kind not in KIND_STATUS or not signup.email:
            return "nothing to send"
        if signup.status != KIND_STATUS[kind]:
            return f"not sent: the place is now {signup.status}"
        if sent_field and getattr(signup, sent_field) is not None:
            return "already sent"
        if not sent_field and signup.notified_status == signup.status:
            return "already sent"
        page = page_in_language(signup.event, signup.language)
        context = signup_context(signup, page)
        attachments = [calendar_attachment(signup, page)] if kind in WITH_CALENDAR else []
        _send(kind, context, signup.email, signup.language, attachments)
        if sent_field:
            setattr(signup, sent_field, timezone.now())
            signup.save(update_fields=[sent_field])
        else:
            signup.notified_status = signup.status
            signup.save(update_fields=["notified_status"])
    return "sent"


@shared_task
def send_due_reminders() -> int:
    """Beat job (every 5 minutes): 48-hour and 2-hour reminders, each sent once; and
    any status email that never went out (the broker was down, or every retry failed)."""
    from events.signups import due_reminders, unsent_status_emails

    due = due_reminders() + unsent_status_emails()
    for signup_id, kind in due:
        send_signup_email.delay(signup_id, kind)
    return len(due)


@shared_task(bind=True, **RETRY)
def send_event_message(self, message_id: int, signup_id: int) -> str:
    """One copy of a staff message to one person who still has a place."""
    message = EventMessage.objects.filter(pk=message_id).first()
    signup = EventSignup.objects.select_related("event").filter(pk=signup_id).first()
    if message is None or signup is None or signup.status != EventSignup.Status.CONFIRMED:
        return "nothing to send"
    page = page_in_language(signup.event, signup.language)
    context = {**signup_context(signup, page), "message": message}
    _send("message", context, signup.email, signup.language)
    return "sent"


@shared_task(bind=True, **RETRY)
def send_event_invitation(self, invitation_id: int) -> str:
    """A panel member's personal invitation to an event; never sent twice."""
    from citizens_panel.models import Member

    with transaction.atomic():
        invitation = (
            EventInvitation.objects.select_for_update(of=("self",))
            .select_related("member", "event")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None:
            return "already sent"
        member = invitation.member
        if member.status != Member.Status.ACTIVE or not member.email:
            return "member not active"
        page = page_in_language(invitation.event, member.language)
        context = {
            "member": member,
            "page": page,
            "url": f"{links.page_url(page)}invitation/{invitation.token}/",
        }
        _send("invitation", context, member.email, member.language)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return "sent"


@shared_task
def send_event_invitations(event_id: int) -> int:
    ids = list(
        EventInvitation.objects.filter(event_id=event_id, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        send_event_invitation.delay(pk)
    return len(ids)
