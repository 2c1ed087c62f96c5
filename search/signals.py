"""Queue indexing after the commit whenever a response or draft comment changes.

Connected in ``SearchConfig.ready``. Updates that bypass signals (``bulk_create``,
``QuerySet.update``) are caught by the sweeper.
"""

from django.db.models.signals import post_delete, post_save


def _queue(task, pk):
    from portal.dispatch import send_after_commit

    send_after_commit(task, pk)


def response_saved(sender, instance, raw=False, **kwargs):
    from search.tasks import index_response

    if not raw and instance.status != instance.Status.DRAFT:
        _queue(index_response, instance.pk)


def response_deleted(sender, instance, **kwargs):
    from search.tasks import index_response

    _queue(index_response, instance.pk)


def comment_changed(sender, instance, raw=False, **kwargs):
    from search.tasks import index_comment

    if not raw:
        _queue(index_comment, instance.pk)


def connect():
    from consultations.models import DraftComment, Response

    post_save.connect(response_saved, sender=Response, dispatch_uid="search-response-saved")
    post_delete.connect(response_deleted, sender=Response, dispatch_uid="search-response-deleted")
    post_save.connect(comment_changed, sender=DraftComment, dispatch_uid="search-comment-saved")
    post_delete.connect(comment_changed, sender=DraftComment, dispatch_uid="search-comment-deleted")
