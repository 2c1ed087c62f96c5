"""A search backend standing in for a search engine that is down (Elasticsearch unreachable).

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "tests.trust.failing_search"}}``:
the database backend, except that every search and index call raises the way a
client does when its server does not answer.
"""

from wagtail.search.backends.database import SearchBackend as database_backend


class SearchEngineDown(ConnectionError):
    pass


def _down(*args, **kwargs):
    raise SearchEngineDown("Connection refused: the search engine is not answering")


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_backend(params)
    failing = type(
        "FailingSearchBackend",
        (type(backend),),
        dict.fromkeys(("search", "autocomplete", "add", "add_bulk", "delete"), _down),
    )
    backend.__class__ = failing
    return backend
