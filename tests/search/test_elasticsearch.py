"""The submission index against a real search engine (ELASTICSEARCH_URL).

The engine comes from scripts/search_engine.sh (OpenSearch 2.19) in CI's engine
pass; ``search_engine`` (tests/search/conftest.py) points the portal at it.
"""

import pytest

from tests.search.conftest import needs_engine

pytestmark = needs_engine


@pytest.fixture
def es_backend(search_engine):
    return search_engine


def test_elasticsearch_finds_filters_and_facets(
    es_backend, answer, areas, django_capture_on_commit_callbacks
):
    from search import explorer

    with django_capture_on_commit_callbacks(execute=True):
        answer("The bus to Northwick Park takes too long.", area=areas["harrow"])
        answer("The bus stop moved.", area=areas["brent"], language="pl")
    search = explorer.run({"q": "bus", "area": areas["brent"].pk})
    assert [d.text for d in search.results] == ["The bus stop moved."]
    assert dict(explorer.run({"q": "bus"}).results.facet("language")) == {"en": 1, "pl": 1}


def test_elasticsearch_never_holds_contact_details(
    es_backend, answer, django_capture_on_commit_callbacks
):
    from search import explorer
    from tests.consultations.factories import ResponseContactFactory

    with django_capture_on_commit_callbacks(execute=True):
        response = answer("Keep the walk-in centre.")
        ResponseContactFactory(response=response, email="hidden@example.org")
        response.save()
    assert explorer.run({"q": "hidden@example.org"}).results.count() == 0
