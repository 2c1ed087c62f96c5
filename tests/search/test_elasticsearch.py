"""The submission index against a real Elasticsearch server (ELASTICSEARCH_URL)."""

import os

import pytest

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"),
        reason="needs a real Elasticsearch server: set ELASTICSEARCH_URL (for example "
        "http://127.0.0.1:9200) and install the matching client with pip install '.[es8]'",
    ),
]


@pytest.fixture
def es_backend(settings):
    from django.conf import settings as django_settings

    from search.config import search_backends

    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        elasticsearch_url=os.environ["ELASTICSEARCH_URL"],
        index_prefix="portal_test",
    )
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    from search.models import SubmissionDocument

    index = backend.get_index_for_model(SubmissionDocument)
    index.reset()
    yield backend
    index.reset()
    assert django_settings  # settings restored by the fixture


def test_elasticsearch_finds_filters_and_facets(
    es_backend, answer, areas, django_capture_on_commit_callbacks
):
    from search import explorer

    with django_capture_on_commit_callbacks(execute=True):
        answer("The bus to Northwick Park takes too long.", area=areas["harrow"])
        answer("The bus stop moved.", area=areas["brent"], language="pl")
    es_backend.refresh_indexes()
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
    es_backend.refresh_indexes()
    assert explorer.run({"q": "hidden@example.org"}).results.count() == 0
