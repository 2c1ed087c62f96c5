"""Is the configured search backend answering? Used by /healthz."""

from wagtail.search.backends import get_search_backend


def check_search_backend() -> tuple[bool, str]:
    """Return (ok, detail) for the default search backend."""
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is None:
        # The database backend lives in the same database: if that answers, so does search.
        return True, "database backend"
    try:
        info = client.info()
    except Exception as exc:  # noqa: BLE001 - any client failure means "not answering"
        return False, f"elasticsearch unreachable: {exc.__class__.__name__}"
    server_major = int(str(info["version"]["number"]).split(".")[0])
    from search.config import elasticsearch_client_major

    client_major = elasticsearch_client_major()
    if server_major != client_major:
        return False, f"elasticsearch server {server_major}.x but client {client_major}.x"
    return True, f"elasticsearch {info['version']['number']}"
