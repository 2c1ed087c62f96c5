"""Feedback reports for the governing body, and the redactions analysts mark by hand.

- ``FeedbackReport``: one per consultation or policy draft (its source-language page).
- ``FeedbackReportVersion``: one build of the report. A Celery task fills ``data``
  with a JSON snapshot of everything the report shows (``reports.building``); the web
  page, the PDF and the spreadsheet all render from it, so they agree, and a signed-off
  version never changes: later data makes a new version.
- ``ManualRedaction``: a phrase an analyst removed from one answer or comment.

Permissions: ``reports.view_feedbackreport`` reads signed-off reports (the governing
body), ``reports.build_feedbackreport`` builds versions, sees drafts and marks
redactions (analysts), ``reports.sign_off`` signs a version off and seeds "you said,
we did" from it (engagement leads).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackReport(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("consultation or policy draft"),
        on_delete=models.CASCADE,
        related_name="feedback_report",
        help_text=_("The source-language page."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")
        permissions = [
            ("build_feedbackreport", _("Can build feedback reports and mark redactions")),
            ("sign_off", _("Can sign off feedback reports")),
        ]

    def __str__(self):
        return f"Feedback report: {self.page.title}"

    def latest_version(self, *, signed_off_only=False):
        versions = self.versions.defer("data", "coded", "pdf")
        if signed_off_only:
            versions = versions.filter(status=FeedbackReportVersion.Status.SIGNED_OFF)
        return versions.order_by("-number").first()


class FeedbackReportVersion(models.Model):
    class Status(models.TextChoices):
        BUILDING = "building", _("Being built")
        DRAFT = "draft", _("Draft")
        SIGNED_OFF = "signed_off", _("Signed off")
        FAILED = "failed", _("Build failed")

    report = models.ForeignKey(FeedbackReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.BUILDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    build_seconds = models.FloatField(_("build time (seconds)"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    data = models.JSONField(_("report"), default=dict, blank=True)
    coded = models.JSONField(_("coded data (redacted)"), default=list, blank=True)
    # The board paper drawn from ``data`` (drawing charts takes a while, so it is kept).
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("feedback report version")
        verbose_name_plural = _("feedback report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version"),
            models.CheckConstraint(
                condition=~Q(status="signed_off")
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="signed_off_version_names_who_and_when",
            ),
        ]

    def __str__(self):
        return f"{self.report.page.title}, version {self.number}"

    @property
    def is_ready(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SIGNED_OFF)

    @property
    def is_signed_off(self) -> bool:
        return self.status == self.Status.SIGNED_OFF


class ManualRedaction(models.Model):
    """A phrase an analyst removed from one answer or comment in every report."""

    answer = models.ForeignKey(
        "consultations.Answer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="manual_redactions",
    )
    comment = models.ForeignKey(
        "consultations.DraftComment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="manual_redactions",
    )
    phrase = models.CharField(_("words to remove"), max_length=300)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("removed"), default=timezone.now)

    class Meta:
        ordering = ["made_at"]
        verbose_name = _("manual redaction")
        verbose_name_plural = _("manual redactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=False, comment__isnull=True)
                | Q(answer__isnull=True, comment__isnull=False),
                name="manual_redaction_answer_xor_comment",
            )
        ]

    def __str__(self):
        return self.phrase
