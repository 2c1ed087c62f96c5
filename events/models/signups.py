import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """The secret in a self-service or invitation link: 48 hex characters."""
    return secrets.token_hex(24)


class EventSignupQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=EventSignup.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=EventSignup.Status.WAITING).order_by("sequence")

    def active(self):
        return self.exclude(status=EventSignup.Status.CANCELLED)

    def for_email(self, email: str):
        """Every sign-up given with this email address (for data-subject requests)."""
        return self.filter(email__iexact=(email or "").strip())


class EventSignup(models.Model):
    """One person's place (or waiting-list place) at one event.

    ``sequence`` is the order in which sign-ups were allocated under the event's
    row lock: the first ``capacity`` are confirmed and the rest wait in this order.
    Name, email, phone, access needs and consent are personal data.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    sequence = models.PositiveIntegerField(_("order of arrival"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    # --- personal data ------------------------------------------------------------
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"), db_index=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    access_needs = models.JSONField(_("access needs"), default=list, blank=True)
    access_details = models.TextField(_("more about access needs"), blank=True)
    consent_wording = models.TextField(_("consent wording shown"))
    consented_at = models.DateTimeField(_("consented at"))
    language = models.CharField(_("site language"), max_length=10, default="en")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_signups",
    )
    member = models.ForeignKey(
        "citizens_panel.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_signups",
    )
    # --- what happened ------------------------------------------------------------
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    promoted_at = models.DateTimeField(_("given a place from the waiting list"), null=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    notified_status = models.CharField(
        _("status last emailed about"), max_length=10, blank=True, default=""
    )
    reminder_48h_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_2h_sent_at = models.DateTimeField(null=True, blank=True)

    objects = EventSignupQuerySet.as_manager()

    PERSONAL_FIELDS = ("name", "email", "phone", "access_details", "consent_wording")

    class Meta:
        ordering = ["event", "sequence"]
        verbose_name = _("event sign-up")
        verbose_name_plural = _("event sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["event", "sequence"], name="one_signup_per_sequence")
        ]
        indexes = [models.Index(fields=["event", "status", "sequence"])]

    def __str__(self):
        return f"{self.name} – {self.get_status_display()}"

    @property
    def waiting_position(self) -> int | None:
        """1 for the first person on the waiting list; None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        ahead = EventSignup.objects.filter(
            event_id=self.event_id, status=self.Status.WAITING, sequence__lt=self.sequence
        ).count()
        return ahead + 1

    def erase(self) -> None:
        """Blank the personal data; an upcoming place is cancelled and passed on."""
        from events.signups import erase

        erase(self)

    @property
    def changed_at(self):
        """When the status last changed (signed up, given a place, or cancelled)."""
        return max(t for t in (self.created_at, self.promoted_at, self.cancelled_at) if t)

    @property
    def status_email(self) -> str:
        """The email that tells this person their current status."""
        if self.status == self.Status.CONFIRMED:
            return "promoted" if self.promoted_at else "confirmed"
        if self.status == self.Status.WAITING:
            return "waiting"
        return "event_cancelled" if self.event.cancelled_at else "cancelled"

    def access_need_labels(self) -> list[str]:
        from events.choices import ACCESS_NEEDS

        labels = dict(ACCESS_NEEDS)
        return [str(labels.get(key, key)) for key in self.access_needs]


class EventInvitation(models.Model):
    """A panel member's personal invitation to one event (drawn by the panel's sampling).

    Its link is accepted once, by a POST; the place it books is for the member's address.
    """

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "citizens_panel.Member", on_delete=models.CASCADE, related_name="event_invitations"
    )
    stratum = models.CharField(_("stratum"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Set once, by the POST that accepts the invitation: the link works only once.
    claimed_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="one_invitation_per_event")
        ]

    def __str__(self):
        return f"{self.member_id} → {self.event_id}"


class EventMessage(models.Model):
    """A message staff sent to everyone with a place (or to everyone, on cancellation)."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event message")
        verbose_name_plural = _("event messages")

    def __str__(self):
        return self.subject
