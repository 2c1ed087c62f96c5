"""Signing up, the waiting list, cancelling and attendance; testable without HTTP.

Places are allocated one at a time under a lock on the event's row
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite every write transaction is
``BEGIN IMMEDIATE``, which serialises writers). Under that lock a sign-up is
given the next ``sequence`` number and is confirmed while confirmed places are
fewer than the capacity, otherwise it waits. Cancelling a confirmed place
promotes the earliest waiting sign-up under the same lock. Emails go out through
Celery after the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from events.choices import CONSENT_WORDING, Audience
from events.models import EventInvitation, EventPage, EventSignup
from portal.dispatch import send_after_commit

INVITATION_SESSION_KEY = "events-invitation-{page_id}"
REMINDERS = {"reminder_48h": timedelta(hours=48), "reminder_2h": timedelta(hours=2)}


@dataclass
class Outcome:
    signup: EventSignup
    created: bool  # False when this email already had a place or was already waiting


def _locked_event(event: EventPage) -> EventPage:
    """The event's source page row, locked until the transaction ends."""
    return (
        EventPage.objects.select_for_update(of=("self",))
        .select_related(None)
        .get(pk=event.source_page.pk)
    )


def _email(signup_id: int, kind: str) -> None:
    from events.tasks import send_signup_email

    send_after_commit(send_signup_email, signup_id, kind)


# --- signing up --------------------------------------------------------------------
def sign_up(event: EventPage, data: dict, *, language="en", user=None, member=None) -> Outcome:
    """Give the person a place, or the next place on the waiting list."""
    with transaction.atomic():
        source = _locked_event(event)
        existing = (
            EventSignup.objects.active().for_email(data["email"]).filter(event=source).first()
        )
        if existing is not None:
            # The visitor is not shown this place: its owner is emailed their own link.
            _email(existing.pk, "already_booked")
            return Outcome(existing, created=False)
        sequence = (source.signups.aggregate(last=Max("sequence"))["last"] or 0) + 1
        confirmed = source.signups.confirmed().count()
        status = (
            EventSignup.Status.CONFIRMED
            if confirmed < source.capacity
            else EventSignup.Status.WAITING
        )
        signup = EventSignup.objects.create(
            event=source,
            sequence=sequence,
            status=status,
            name=data["name"],
            email=data["email"].strip(),
            phone=data.get("phone", ""),
            access_needs=list(data.get("access_needs") or []),
            access_details=data.get("access_details", ""),
            consent_wording=str(CONSENT_WORDING),
            consented_at=timezone.now(),
            language=language,
            user=user if user is not None and user.is_authenticated else None,
            member=member,
        )
        _email(signup.pk, "confirmed" if status == EventSignup.Status.CONFIRMED else "waiting")
    return Outcome(signup, created=True)


def signup_from_token(token: str) -> EventSignup | None:
    if not token or len(token) > 64:
        return None
    return EventSignup.objects.select_related("event").filter(token=token).first()


# --- cancelling and the waiting list -----------------------------------------------------
def fill_free_places(source: EventPage) -> list[EventSignup]:
    """Promote waiting sign-ups, earliest first, into free places. Call under the lock."""
    free = source.capacity - source.signups.confirmed().count()
    if free <= 0 or source.cancelled_at is not None:
        return []
    promoted = list(source.signups.waiting()[:free])
    now = timezone.now()
    for signup in promoted:
        signup.status = EventSignup.Status.CONFIRMED
        signup.promoted_at = now
        signup.save(update_fields=["status", "promoted_at"])
        _email(signup.pk, "promoted")
    return promoted


def cancel(signup: EventSignup) -> list[EventSignup]:
    """Cancel a place (or leave the waiting list); returns who was promoted."""
    with transaction.atomic():
        source = _locked_event(signup.event)
        signup = EventSignup.objects.get(pk=signup.pk)
        if signup.status == EventSignup.Status.CANCELLED:
            return []
        signup.status = EventSignup.Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        _email(signup.pk, "cancelled")
        if source.starts_at <= timezone.now():
            return []
        return fill_free_places(source)


def erase(signup: EventSignup) -> list[EventSignup]:
    """Blank a sign-up's personal data (a data-subject erasure request).

    An upcoming place is cancelled first, and the waiting list moves up; nobody is
    emailed about the erased sign-up (there is no address left to email).
    """
    with transaction.atomic():
        source = _locked_event(signup.event)
        signup = EventSignup.objects.get(pk=signup.pk)
        was_confirmed = signup.status == EventSignup.Status.CONFIRMED
        if signup.status != EventSignup.Status.CANCELLED:
            signup.status = EventSignup.Status.CANCELLED
            signup.cancelled_at = timezone.now()
        for name in EventSignup.PERSONAL_FIELDS:
            setattr(signup, name, "")
        signup.access_needs = []
        signup.user = None
        signup.member = None
        signup.notified_status = signup.status
        signup.save()
        if was_confirmed and source.starts_at > timezone.now():
            return fill_free_places(source)
    return []


def capacity_changed(event: EventPage) -> list[EventSignup]:
    """After staff raise the number of places: offer them to the waiting list."""
    with transaction.atomic():
        source = _locked_event(event)
        if source.starts_at <= timezone.now():
            return []
        return fill_free_places(source)


def cancel_event(event: EventPage, reason: str) -> int:
    """The organiser cancels the event: everyone with a place or waiting is told."""
    with transaction.atomic():
        source = _locked_event(event)
        if source.cancelled_at is not None:
            return 0
        now = timezone.now()
        EventPage.objects.filter(pk=source.pk).update(cancelled_at=now, cancellation_reason=reason)
        told = list(source.signups.active().values_list("pk", flat=True))
        source.signups.filter(pk__in=told).update(
            status=EventSignup.Status.CANCELLED, cancelled_at=now
        )
        for pk in told:
            _email(pk, "event_cancelled")
    return len(told)


# --- who may sign up ----------------------------------------------------------------------
def session_invitation(request, event: EventPage) -> EventInvitation | None:
    pk = request.session.get(INVITATION_SESSION_KEY.format(page_id=event.source_page.pk))
    if pk is None:
        return None
    return (
        EventInvitation.objects.select_related("member")
        .filter(pk=pk, event_id=event.source_page.pk)
        .first()
    )


def own_member(user):
    from citizens_panel.models import Member

    if user is None or not user.is_authenticated:
        return None
    return Member.objects.current().filter(user=user).first()


def panel_member_matches(event: EventPage, member) -> bool:
    from citizens_panel.sampling import eligible_members

    areas = list(event.source_page.panel_areas.values_list("pk", flat=True))
    return eligible_members({"area": areas}).filter(pk=member.pk).exists()


def who_may_sign_up(request, event: EventPage) -> tuple[bool, str]:
    """(allowed, reason): reason is '' or 'invite_only', 'panel_sign_in', 'panel_only'."""
    audience = event.source_page.audience
    if audience == Audience.OPEN or session_invitation(request, event) is not None:
        return True, ""
    if audience == Audience.INVITE:
        return False, "invite_only"
    member = own_member(request.user)
    if member is None:
        return False, "panel_sign_in" if not request.user.is_authenticated else "panel_only"
    if not panel_member_matches(event, member):
        return False, "panel_only"
    return True, ""


def invitation_from_token(event: EventPage, token: str) -> EventInvitation | None:
    """The invitation a link is for, if it can still be used (nothing is changed)."""
    from citizens_panel.models import Member

    if not token or len(token) > 64:
        return None
    invitation = (
        EventInvitation.objects.select_related("member")
        .filter(token=token, event_id=event.source_page.pk)
        .first()
    )
    if invitation is None or invitation.member.status != Member.Status.ACTIVE:
        return None
    return invitation


def claim_invitation(request, event: EventPage, token: str) -> tuple[EventInvitation | None, str]:
    """Accept an invitation (a POST): (invitation, "") or (None, "invalid" / "used").

    It is accepted once; this browser's session then lets the holder sign up, once,
    with the invited member's address. The browser that accepted it may come back.
    """
    invitation = invitation_from_token(event, token)
    if invitation is None:
        return None, "invalid"
    key = INVITATION_SESSION_KEY.format(page_id=event.source_page.pk)
    if request.session.get(key) == invitation.pk:
        return invitation, ""
    claimed = EventInvitation.objects.filter(pk=invitation.pk, claimed_at__isnull=True).update(
        claimed_at=timezone.now()
    )
    if not claimed:
        return None, "used"
    request.session[key] = invitation.pk
    return invitation, ""


def forget_invitation(request, event: EventPage) -> None:
    """After the sign-up it was for, the invitation lets this browser in no more."""
    request.session.pop(INVITATION_SESSION_KEY.format(page_id=event.source_page.pk), None)


def is_invited_address(invitation: EventInvitation, email: str) -> bool:
    return (email or "").strip().lower() == (invitation.member.email or "").strip().lower()


def prefill(request, event: EventPage) -> tuple[dict, object]:
    """Initial form values from the signed-in panel member's own membership, and that
    member. An invitation link fills in nothing: whoever holds it may not be the member."""
    member = own_member(request.user)
    if member is None:
        if request.user.is_authenticated:
            return {"email": request.user.email}, None
        return {}, None
    return {
        "name": member.name,
        "email": member.email,
        "phone": member.phone,
        "access_details": member.access_needs,
    }, member


# --- attendance and reminders ---------------------------------------------------------------
def record_attendance(event: EventPage, marks: dict[int, str]) -> int:
    """Set attended / no-show ('' to clear) for sign-ups of this event; how many changed."""
    allowed = set(EventSignup.Attendance.values)
    changed = 0
    with transaction.atomic():
        for signup in event.source_page.signups.filter(pk__in=list(marks)):
            value = marks[signup.pk]
            if value in allowed and signup.attendance != value:
                signup.attendance = value
                signup.save(update_fields=["attendance"])
                changed += 1
    return changed


def unsent_status_emails(now=None, grace=timedelta(minutes=10)) -> list[tuple[int, str]]:
    """(sign-up id, kind) whose status changed over ``grace`` ago and was never emailed,
    for events that have not ended; the sweeper behind the after-commit emails."""
    now = now or timezone.now()
    pending = (
        EventSignup.objects.exclude(notified_status=F("status"))
        .exclude(email="")
        .filter(event__ends_at__gt=now)
        .select_related("event")
    )
    return [
        (signup.pk, signup.status_email)
        for signup in pending[:500]
        if signup.changed_at <= now - grace
    ]


def due_reminders(now=None) -> list[tuple[int, str]]:
    """(sign-up id, kind) for confirmed places whose 48-hour or 2-hour reminder is due.

    A reminder is skipped when the person signed up inside its window (they have
    just had their confirmation), and the 48-hour one when the 2-hour one is due.
    """
    now = now or timezone.now()
    due = []
    signups = EventSignup.objects.confirmed().filter(
        event__cancelled_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDERS["reminder_48h"],
    )
    for signup in signups.select_related("event"):
        starts = signup.event.starts_at
        if starts - now <= REMINDERS["reminder_2h"]:
            if (
                signup.reminder_2h_sent_at is None
                and signup.created_at < starts - REMINDERS["reminder_2h"]
            ):
                due.append((signup.pk, "reminder_2h"))
        elif (
            signup.reminder_48h_sent_at is None
            and signup.created_at < starts - REMINDERS["reminder_48h"]
        ):
            due.append((signup.pk, "reminder_48h"))
    return due
