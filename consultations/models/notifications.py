"""Who has been emailed that a "you said, we did" page was published.

One row per outcome (all its translations share a ``translation_key``) and response:
made before the email is sent and marked sent after, so publishing the page again,
or a translation of it, never emails the same person twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutcomeNotification(models.Model):
    outcome_key = models.UUIDField(_("outcome (translation key)"), db_index=True)
    outcome = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("outcome page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    response = models.ForeignKey(
        "consultations.Response",
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="outcome_notifications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("outcome email")
        verbose_name_plural = _("outcome emails")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_key", "response"], name="one_outcome_email_per_response"
            )
        ]

    def __str__(self):
        return f"Outcome {self.outcome_id} to response {self.response_id}"
