"""Freeze each published version of a policy draft, for its comments to stay attached."""

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published)
def record_draft_version(sender, instance, revision=None, **kwargs):
    from consultations.drafts import record_version
    from consultations.models import PolicyDraftPage

    if isinstance(instance, PolicyDraftPage):
        record_version(instance, revision)
