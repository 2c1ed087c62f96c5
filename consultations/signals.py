"""Freeze each published version of a policy draft, for its comments to stay attached."""

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published)
def record_draft_version(sender, instance, revision=None, **kwargs):
    from consultations.drafts import record_version
    from consultations.models import PolicyDraftPage

    if isinstance(instance, PolicyDraftPage):
        record_version(instance, revision)


@receiver(page_published)
def email_people_who_asked_for_the_outcome(sender, instance, **kwargs):
    """A "you said, we did" page published: tell those who asked (once each)."""
    from consultations.models import YouSaidWeDidPage
    from consultations.tasks import send_outcome_emails
    from portal.dispatch import send_after_commit

    if isinstance(instance, YouSaidWeDidPage) and instance.consultation_id is not None:
        send_after_commit(send_outcome_emails, instance.pk)
