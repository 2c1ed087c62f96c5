"""What people send us, and the personal data kept apart from it.

``Response`` and ``Answer`` hold what was said; they are what analysts search and
count. ``ResponseContact`` (name, email, postcode) and ``EqualityMonitoring`` live
in their own tables, need their own permissions to view, are never indexed for
search, and are deleted by the retention job.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import equality

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_reference() -> str:
    """A short reference a person can read out on the phone, e.g. 'R-7F3K-9Q2M'."""
    chars = [secrets.choice(REFERENCE_ALPHABET) for _ in range(8)]
    return f"R-{''.join(chars[:4])}-{''.join(chars[4:])}"


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Response.Status.SUBMITTED)

    def counted(self):
        """Responses that count in results: submitted ones, including those whose
        personal data the retention job has since removed."""
        return self.filter(status__in=Response.COUNTED)

    def for_consultation(self, page):
        return self.filter(consultation_id=page.source_page.pk)


class Response(models.Model):
    """One person's (or organisation's) response to one consultation, in any language."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not yet submitted)")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ANONYMISED = "anonymised", _("Anonymised")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        POST = "post", _("Post")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        EVENT = "event", _("At an event")
        PAPER = "paper", _("Paper form")

    class RespondentType(models.TextChoices):
        INDIVIDUAL = "individual", _("An individual")
        ORGANISATION = "organisation", _("On behalf of an organisation")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_reference, editable=False
    )
    consultation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="responses",
        help_text=_("The source-language page: every translation's responses count together."),
    )
    language = models.CharField(_("language answered in"), max_length=10, default="en")
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    respondent_type = models.CharField(
        _("responding as"),
        max_length=14,
        choices=RespondentType.choices,
        default=RespondentType.INDIVIDUAL,
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_role = models.CharField(_("role in the organisation"), max_length=200, blank=True)
    organisation_size = models.PositiveIntegerField(
        _("people the organisation speaks for"), null=True, blank=True
    )
    area = models.ForeignKey(
        "portal.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by (staff)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_step = models.PositiveSmallIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Imported from a spreadsheet: which import, and a key of the row (its cells, and
    # how many rows before it in the file had the same cells), so a file imported
    # again is recognised.
    imported_from = models.ForeignKey(
        "consultations.ResponseImport",
        verbose_name=_("imported from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    import_row_key = models.CharField(max_length=64, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ResponseQuerySet.as_manager()

    COUNTED = (Status.SUBMITTED, Status.ANONYMISED)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["consultation", "status"]),
            # Results summary: the latest submissions first (free-text examples).
            models.Index(
                fields=["consultation", "status", "submitted_at"], name="response_latest_idx"
            ),
            # Running answer counts: what changed since they were last brought up to date.
            models.Index(fields=["consultation", "updated_at"], name="response_changed_idx"),
        ]
        permissions = [("view_results", _("Can view consultation results"))]

    def __str__(self):
        return self.reference


class ResponseImport(models.Model):
    """One spreadsheet of responses imported by staff (recognised if imported again)."""

    consultation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="response_imports",
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("response import")
        verbose_name_plural = _("response imports")

    def __str__(self):
        return self.file_name


class Answer(models.Model):
    """One typed answer to one question, counted and cross-tabulated in SQL.

    A choice question answered with several options has one row per option
    (``option_id`` set); a ranking has one row per option with its rank in
    ``value_number``; free text sits in ``value_text``.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(_("question block id"), max_length=64, db_index=True)
    question_type = models.CharField(_("question type"), max_length=20)
    option_id = models.CharField(_("option id"), max_length=64, blank=True, db_index=True)
    value_text = models.TextField(_("text"), blank=True)
    value_number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_bool = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question_id", "option_id"]),
            # Results summary: how many people answered a multiple-choice question.
            models.Index(fields=["question_id", "response"], name="answer_question_response_idx"),
        ]

    def __str__(self):
        return f"{self.question_type}: {self.value_text or self.option_id or self.value_number}"


class ResponseContact(models.Model):
    """Who sent a response. Personal data: fewer roles may see it; never indexed."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True, db_index=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    wants_copy = models.BooleanField(_("send a copy of the answers"), default=False)
    wants_updates = models.BooleanField(_("send news about the outcome"), default=False)
    copy_sent_at = models.DateTimeField(_("copy of answers sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("response contact details")
        verbose_name_plural = _("response contact details")
        permissions = [("view_personal_data", _("Can view respondents' personal data"))]

    def __str__(self):
        return f"Contact for {self.response_id}"


class EqualityMonitoring(models.Model):
    """Optional "about you" answers, stored apart from what the person said."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="equality")
    age_band = models.CharField(_("age"), max_length=20, blank=True, choices=equality.AGE_BANDS)
    sex = models.CharField(_("sex"), max_length=20, blank=True, choices=equality.SEX)
    gender_same_as_sex = models.CharField(
        _("gender identity same as sex registered at birth"),
        max_length=20,
        blank=True,
        choices=equality.YES_NO_PREFER,
    )
    ethnicity = models.CharField(
        _("ethnic group"), max_length=40, blank=True, choices=equality.ETHNIC_GROUPS
    )
    disability = models.CharField(
        _("disability or long-term condition"),
        max_length=20,
        blank=True,
        choices=equality.DISABILITY,
    )
    carer = models.CharField(_("carer"), max_length=20, blank=True, choices=equality.YES_NO_PREFER)
    religion = models.CharField(_("religion"), max_length=30, blank=True, choices=equality.RELIGION)
    sexual_orientation = models.CharField(
        _("sexual orientation"), max_length=30, blank=True, choices=equality.SEXUAL_ORIENTATION
    )
    pregnancy = models.CharField(
        _("pregnant or recently given birth"),
        max_length=20,
        blank=True,
        choices=equality.YES_NO_PREFER,
    )

    class Meta:
        verbose_name = _("equality monitoring answers")
        verbose_name_plural = _("equality monitoring answers")
        permissions = [("view_equality_data", _("Can view equality monitoring answers"))]

    def __str__(self):
        return f"Equality monitoring for {self.response_id}"
