"""Signals other apps may listen to.

``codings_changed`` is sent after the commit whenever codings of answers or
comments were added, removed or confirmed, with ``answer_ids``, ``comment_ids``
and ``response_ids`` (the responses those answers belong to). The search index
can re-index those submissions to filter by theme.
"""

from django.dispatch import Signal

codings_changed = Signal()
