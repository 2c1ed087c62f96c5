import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_invitation_token() -> str:
    """The secret in a personal invitation link: 48 hex characters (Wagtail routes allow [\\w-])."""
    return secrets.token_hex(24)


class Sample(models.Model):
    """Who was invited to a panel survey, and how they were chosen.

    ``plan`` keeps the quotas and what was drawn per stratum, so the draw can be
    explained later; the same pool, settings and ``seed`` give the same members.
    """

    class Method(models.TextChoices):
        STRATIFIED = "stratified", _("Stratified random sample with quotas")
        EVERYONE = "everyone", _("Everyone matching the criteria")

    survey = models.ForeignKey(
        "citizens_panel.PanelSurveyPage",
        verbose_name=_("panel survey"),
        on_delete=models.CASCADE,
        related_name="samples",
    )
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.STRATIFIED
    )
    size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    characteristics = models.JSONField(_("quota characteristics"), default=list, blank=True)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    seed = models.BigIntegerField(_("random seed"), default=0)
    plan = models.JSONField(_("quotas and strata"), default=list, blank=True)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("remind non-responders after (days)"), default=7
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("panel sample")
        verbose_name_plural = _("panel samples")

    def __str__(self):
        return f"{self.survey} – {self.get_method_display()} ({self.created_at:%Y-%m-%d})"


class InvitationQuerySet(models.QuerySet):
    def responded(self):
        return self.filter(response__status="submitted")

    def not_responded(self):
        return self.exclude(response__status="submitted")


class Invitation(models.Model):
    """One member's personal, single-use invitation to one panel survey."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        "citizens_panel.Member", on_delete=models.CASCADE, related_name="invitations"
    )
    stratum = models.CharField(_("stratum"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    used_at = models.DateTimeField(_("link used"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    response = models.OneToOneField(
        "consultations.Response",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panel_invitation",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("panel invitation")
        verbose_name_plural = _("panel invitations")
        constraints = [
            models.UniqueConstraint(fields=["sample", "member"], name="one_invitation_per_sample")
        ]

    def __str__(self):
        return f"{self.member_id} → {self.sample_id}"
