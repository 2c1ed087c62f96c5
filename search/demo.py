"""Demo: put the demo's responses and comments in the feedback explorer's index.

The demo seeds responses in bulk, which sends no per-response signal, so they would
reach the index only at the sweeper's next run by Celery beat, and ``make run`` runs
no beat. Loaded last, after every app that adds responses or comments.
"""

from search import indexing


def load_demo(stdout) -> None:
    indexed = indexing.sweep()
    lag = indexing.cached_index_lag(refresh=True)
    stdout.write(
        f"      search: {indexed} responses and comments indexed for the feedback explorer "
        f"({lag['waiting']} waiting)"
    )
