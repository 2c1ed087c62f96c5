"""Choose Wagtail's search backend from the environment.

Imported by settings, so it must not import Django models.
"""

from importlib import metadata

DATABASE_BACKEND = "wagtail.search.backends.database"


def elasticsearch_client_major() -> int | None:
    """Major version of the installed ``elasticsearch`` client, or None."""
    try:
        return int(metadata.version("elasticsearch").split(".")[0])
    except metadata.PackageNotFoundError:
        return None


def search_backends(*, elasticsearch_url: str, index_prefix: str) -> dict:
    """``WAGTAILSEARCH_BACKENDS`` for the given environment.

    With ``ELASTICSEARCH_URL`` set, Wagtail's Elasticsearch backend whose major
    version matches the installed client (the client refuses a server of another
    major); otherwise the database backend.
    """
    if not elasticsearch_url:
        return {"default": {"BACKEND": DATABASE_BACKEND}}
    major = elasticsearch_client_major()
    if major not in (8, 9):
        raise RuntimeError(
            "ELASTICSEARCH_URL is set but no Elasticsearch 8 or 9 client is installed: "
            "pip install '.[es8]' or '.[es9]' to match the server's major version."
        )
    return {
        "default": {
            "BACKEND": f"wagtail.search.backends.elasticsearch{major}",
            "URLS": [elasticsearch_url],
            "INDEX_PREFIX": f"{index_prefix}_",
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
