"""Choose Wagtail's search backend from the environment.

Imported by settings, so it must not import Django models.

``ELASTICSEARCH_URL`` names a search engine's HTTP address: Elasticsearch (8 or 9)
or OpenSearch (2 or 3). Which one is read from the Python client installed (the
``es8``, ``es9`` or ``opensearch`` extra); ``SEARCH_ENGINE`` (``elasticsearch`` or
``opensearch``) settles it when both clients are installed. Only this module and
``search.health`` know the engines apart.
"""

from importlib import metadata

DATABASE_BACKEND = "wagtail.search.backends.database"
ENGINES = ("elasticsearch", "opensearch")
# engine -> (client distribution, {client major: Wagtail backend module})
CLIENTS = {
    "elasticsearch": (
        "elasticsearch",
        {
            8: "wagtail.search.backends.elasticsearch8",
            9: "wagtail.search.backends.elasticsearch9",
        },
    ),
    "opensearch": (
        "opensearch-py",
        {
            2: "wagtail.search.backends.opensearch2",
            3: "wagtail.search.backends.opensearch3",
        },
    ),
}


def client_major(engine: str) -> int | None:
    """Major version of the installed client for ``engine``, or None."""
    try:
        return int(metadata.version(CLIENTS[engine][0]).split(".")[0])
    except metadata.PackageNotFoundError:
        return None


def elasticsearch_client_major() -> int | None:
    """Major version of the installed ``elasticsearch`` client, or None."""
    return client_major("elasticsearch")


def installed_engines() -> list[str]:
    """Engines whose Python client (at a major Wagtail supports) is installed."""
    return [name for name in ENGINES if client_major(name) in CLIENTS[name][1]]


def engine_for(requested: str = "") -> str:
    """The engine ``ELASTICSEARCH_URL`` is taken to be (see the module docstring)."""
    requested = (requested or "").strip().lower()
    if requested and requested not in ENGINES:
        raise RuntimeError(f"SEARCH_ENGINE must be one of {', '.join(ENGINES)}, not {requested!r}")
    installed = installed_engines()
    if requested:
        if requested not in installed:
            raise RuntimeError(
                f"SEARCH_ENGINE is {requested} but its client is not installed: "
                + ("pip install '.[opensearch]'" if requested == "opensearch" else "")
                + ("pip install '.[es8]' or '.[es9]'" if requested == "elasticsearch" else "")
            )
        return requested
    if len(installed) == 1:
        return installed[0]
    if not installed:
        raise RuntimeError(
            "ELASTICSEARCH_URL is set but no search engine client is installed: "
            "pip install '.[opensearch]' for OpenSearch 2 or 3, '.[es8]' or '.[es9]' for "
            "Elasticsearch 8 or 9 (the client's major version must match the server's)."
        )
    raise RuntimeError(
        "ELASTICSEARCH_URL is set and both the Elasticsearch and the OpenSearch clients "
        "are installed: set SEARCH_ENGINE=elasticsearch or SEARCH_ENGINE=opensearch."
    )


def search_backends(*, elasticsearch_url: str, index_prefix: str, engine: str = "") -> dict:
    """``WAGTAILSEARCH_BACKENDS`` for the given environment.

    With ``ELASTICSEARCH_URL`` set, Wagtail's backend for that engine whose major
    version matches the installed client; otherwise the database backend.
    """
    if not elasticsearch_url:
        return {"default": {"BACKEND": DATABASE_BACKEND}}
    name = engine_for(engine)
    return {
        "default": {
            "BACKEND": CLIENTS[name][1][client_major(name)],
            "URLS": [elasticsearch_url],
            "INDEX_PREFIX": f"{index_prefix}_",
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }


def server_matches_client(info: dict) -> tuple[bool, str]:
    """(ok, "engine version") for the server's answer to ``GET /`` (``client.info()``).

    Elasticsearch clients refuse a server of another major version; opensearch-py
    2 and 3 both talk to OpenSearch 2 and 3 servers, but not to Elasticsearch.
    """
    version = str(info.get("version", {}).get("number", "?"))
    distribution = info.get("version", {}).get("distribution") or "elasticsearch"
    name = f"{distribution} {version}"
    installed = installed_engines()
    if distribution not in installed:
        return False, f"{name} but the installed client is for {' and '.join(installed)}"
    if distribution == "elasticsearch":
        client = client_major("elasticsearch")
        if version.split(".")[0] != str(client):
            return False, f"{name} but client {client}.x"
    return True, name
