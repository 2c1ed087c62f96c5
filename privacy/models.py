"""Records the privacy app keeps: data-subject requests, retention runs, consent.

None of these hold an email address or a name. A data-subject request is
identified by a keyed hash of the email (``privacy.subjects.email_hash``) and a
reference staff can quote; a retention run keeps counts only; a consent record
keeps the wording shown, the language and the time, pointing at the response or
comment by id.

Other apps may read these models; only the modules in ``privacy`` write them.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_request_reference() -> str:
    """A short reference for a request, e.g. 'DSR-7F3K-9Q2M'."""
    chars = [secrets.choice(REFERENCE_ALPHABET) for _ in range(8)]
    return f"DSR-{''.join(chars[:4])}-{''.join(chars[4:])}"


class DataSubjectRequest(models.Model):
    """One search, export or erasure made for one person, without their email."""

    class Action(models.TextChoices):
        FIND = "find", _("Found what we hold")
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    class Origin(models.TextChoices):
        STAFF = "staff", _("By staff, on request")
        SELF = "self", _("By the person, signed in")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_request_reference, editable=False
    )
    email_hash = models.CharField(_("email fingerprint"), max_length=64, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    origin = models.CharField(
        _("made"), max_length=10, choices=Origin.choices, default=Origin.STAFF
    )
    counts = models.JSONField(_("records per source"), default=dict, blank=True)
    remaining = models.JSONField(
        _("where the email was still found after erasure"), default=list, blank=True
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        permissions = [
            (
                "manage_data_requests",
                _("Can find, export and erase a person's data (data subject requests)"),
            )
        ]

    def __str__(self):
        return f"{self.reference} ({self.get_action_display()})"


class RetentionRun(models.Model):
    """What one run of the retention job did (or would have done, when a dry run)."""

    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    counts = models.JSONField(_("what was done"), default=dict, blank=True)
    redaction = models.CharField(
        _("redaction used"),
        max_length=100,
        blank=True,
        help_text=_("Which redaction of free text was applied."),
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}{' (dry run)' if self.dry_run else ''}"


class AnonymisedResponse(models.Model):
    """A response whose personal data was removed, and why (so it is not done twice)."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Retention period ended")
        ERASURE = "erasure", _("Erased on request")

    response_id = models.BigIntegerField(unique=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    anonymised_at = models.DateTimeField(_("anonymised"), default=timezone.now)

    class Meta:
        verbose_name = _("anonymised response")
        verbose_name_plural = _("anonymised responses")

    def __str__(self):
        return f"{self.response_id} ({self.reason})"


class AnonymisedComment(models.Model):
    """A draft comment whose personal data was removed, and why."""

    comment_id = models.BigIntegerField(unique=True)
    reason = models.CharField(_("reason"), max_length=10, choices=AnonymisedResponse.Reason.choices)
    anonymised_at = models.DateTimeField(_("anonymised"), default=timezone.now)

    class Meta:
        verbose_name = _("anonymised comment")
        verbose_name_plural = _("anonymised comments")

    def __str__(self):
        return f"{self.comment_id} ({self.reason})"


class ConsentRecord(models.Model):
    """Consent someone gave: the exact wording shown, its language, and when.

    Survey consent checkboxes are recorded when the response is submitted (the
    wording is copied from the question in the language answered); panel consent
    stays on the member row, where the panel records it.
    """

    class Kind(models.TextChoices):
        RESPONSE = "response", _("Survey response")
        COMMENT = "comment", _("Draft comment")

    kind = models.CharField(_("given with"), max_length=10, choices=Kind.choices)
    source_id = models.BigIntegerField(_("response or comment"), db_index=True)
    question_id = models.CharField(_("question block id"), max_length=64, blank=True)
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=10, default="en")
    consultation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "question_id"], name="unique_consent_record"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.source_id}: {self.wording[:40]}"
