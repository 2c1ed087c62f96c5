"""Signals other apps may listen to.

``codings_changed`` is sent after the commit whenever codings of answers or
comments were added, removed or confirmed, with ``answer_ids``, ``comment_ids``
and ``response_ids`` (the responses those answers belong to). The search index
can re-index those submissions to filter by theme.
"""

from django.dispatch import Signal

codings_changed = Signal()


def response_saved(sender, instance, raw=False, **kwargs):
    """Cache the vectors of a submitted response's free-text answers, after the commit."""
    from django.conf import settings

    from portal.dispatch import send_after_commit
    from themes.tasks import embed_response

    if raw or instance.status != instance.Status.SUBMITTED:
        return
    if not getattr(settings, "THEMES_EMBED_ON_SUBMIT", True):
        return
    send_after_commit(embed_response, instance.pk)


def connect():
    from django.db.models.signals import post_save

    from consultations.models import Response

    post_save.connect(response_saved, sender=Response, dispatch_uid="themes-embed-response")
