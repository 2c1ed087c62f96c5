"""Fixtures for the search tests; consultation fixtures are shared from tests/consultations."""

import os

import pytest
from django.contrib.auth.models import Permission

from tests.consultations.conftest import (  # noqa: F401 - fixtures re-used here
    areas,
    consultation,
    consultation_index,
    polish_consultation,
    staff_user,
)
from tests.consultations.factories import StaffUserFactory, make_response, question_id


@pytest.fixture
def analyst(db):
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="explore_feedback"),
    )
    return user


@pytest.fixture
def answer(consultation):  # noqa: F811 - the fixture imported above
    """Submit a response with a free-text answer to ``consultation`` (indexed on commit)."""

    def make(text, **fields):
        return make_response(consultation, {question_id(consultation, "why"): text}, **fields)

    return make


# --- a real search engine (ELASTICSEARCH_URL), see scripts/search_engine.sh ----------
ENGINE_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_engine = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(
        not ENGINE_URL,
        reason="needs a real search engine: scripts/search_engine.sh start, then "
        "ELASTICSEARCH_URL=http://127.0.0.1:9200 and pip install '.[opensearch]' "
        "(or an Elasticsearch 8 server and '.[es8]')",
    ),
]
_created_indexes: set[str] = set()  # index prefixes made this run


def engine_test_backends() -> dict:
    """The configured engine, under an index prefix of the tests' own (never the
    portal's indexes, which the tests empty)."""
    from search.config import search_backends

    return search_backends(
        elasticsearch_url=ENGINE_URL,
        index_prefix=os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "portal") + "_test",
        engine=os.environ.get("SEARCH_ENGINE", ""),
    )


def refresh_engine(backend=None) -> None:
    """Make everything written so far visible to searches (the engine otherwise shows
    writes within its refresh interval, a second)."""
    from wagtail.search.backends import get_search_backend

    backend = backend or get_search_backend()
    backend.es.indices.refresh(index=f"{backend.index_prefix}*")


@pytest.fixture(autouse=True)
def search_engine(request, settings):
    """With ELASTICSEARCH_URL set, every search test runs against the engine: its
    indexes (with their mappings) exist and are empty, and each search first
    refreshes them, so a test sees what it just indexed. None without an engine."""
    if not ENGINE_URL:
        yield None
        return
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchResults
    from wagtail.search.backends import get_search_backend

    settings.WAGTAILSEARCH_BACKENDS = engine_test_backends()
    backend = get_search_backend()
    if not _created_indexes:  # once per run: the indexes and mappings, as a deployment makes
        from django.core.management import call_command

        call_command("update_index", schema_only=True, verbosity=0)
        _created_indexes.add(backend.index_prefix)
    refresh_engine(backend)  # what the last test wrote but never searched for goes too
    backend.es.delete_by_query(
        index=f"{backend.index_prefix}*",
        body={"query": {"match_all": {}}},
        params={"refresh": "true", "conflicts": "proceed"},
    )
    monkeypatch = pytest.MonkeyPatch()
    for method in ("_do_search", "_do_count"):
        original = getattr(ElasticsearchBaseSearchResults, method)

        def refreshed(self, _original=original):
            refresh_engine(self.backend)
            return _original(self)

        monkeypatch.setattr(ElasticsearchBaseSearchResults, method, refreshed)
    yield backend
    monkeypatch.undo()
