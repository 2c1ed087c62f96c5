"""Is the configured search backend answering, and how far behind is the index? (/healthz)"""

from wagtail.search.backends import get_search_backend


def check_search_backend() -> tuple[bool, str]:
    """(ok, detail) for the default search backend, with the submission index lag."""
    ok, detail = _check_engine()
    try:
        _lag_ok, lag = check_index_lag()
    except Exception as exc:  # noqa: BLE001 - a lag figure must not hide the engine's state
        lag = f"unknown ({exc.__class__.__name__})"
    return ok, f"{detail}; index lag: {lag}"


def _check_engine() -> tuple[bool, str]:
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is None:
        # The database backend lives in the same database: if that answers, so does search.
        return True, "database backend"
    try:
        info = client.info()
    except Exception as exc:  # noqa: BLE001 - any client failure means "not answering"
        return False, f"search engine unreachable: {exc.__class__.__name__}"
    from search.config import server_matches_client

    return server_matches_client(info)


def check_index_lag() -> tuple[bool, str]:
    """Submissions the index does not hold yet. A figure, not a failure: always ok."""
    from search.indexing import cached_index_lag

    lag = cached_index_lag()
    return True, f"{lag['waiting']} waiting, oldest {lag['oldest_seconds']}s"


def backend_name() -> str:
    """A short name of the engine in use, for the admin and the benchmark."""
    backend = get_search_backend()
    if getattr(backend, "es", None) is not None:
        return backend.__class__.__module__.rsplit(".", 1)[-1]  # opensearch2, elasticsearch8
    from search import postgres

    if postgres.enabled():
        return "database (PostgreSQL full text: stored tsvector per passage, GIN index)"
    return f"database ({backend.__class__.__name__})"
