"""Search engine down: site search says so (no error page), answers are still saved,
and the index catches up once the engine is back."""

import pytest
from django.test import Client

from consultations.models import Response
from search.models import SubmissionDocument
from tests.consultations.factories import question_id
from tests.consultations.test_respond import answer_step_one, answer_step_two, details

pytestmark = pytest.mark.django_db

ENGINE_DOWN = {"default": {"BACKEND": "tests.trust.failing_search"}}


def test_site_search_explains_it_is_unavailable_instead_of_failing(client, consultation, settings):
    settings.WAGTAILSEARCH_BACKENDS = ENGINE_DOWN
    result = client.get("/en/search/?q=merging")
    assert result.status_code == 503
    html = result.content.decode()
    assert "Search is not working at the moment" in html
    assert "You can still answer surveys" in html
    assert 'id="search-q"' in html and 'value="merging"' in html  # the form is still there


def test_answers_are_saved_while_search_is_down_and_indexed_when_it_returns(
    consultation, settings, django_capture_on_commit_callbacks
):
    from search.tasks import sweep_search_index

    working = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = ENGINE_DOWN
    client = Client()
    why = f"q_{question_id(consultation, 'why')}"
    with django_capture_on_commit_callbacks(execute=True):
        assert answer_step_one(client, consultation, **{why: "Buses are slow"}).status_code == 302
        assert answer_step_two(client, consultation).status_code == 302
        assert details(client, consultation).status_code == 302
        done = client.post(consultation.url + "respond/check/")
    assert done.status_code == 302 and done.url.endswith("respond/done/")
    response = Response.objects.submitted().get()

    settings.WAGTAILSEARCH_BACKENDS = working
    assert sweep_search_index() != "failed"
    texts = SubmissionDocument.objects.filter(response_id=response.pk).values_list(
        "text", flat=True
    )
    assert "Buses are slow" in list(texts)
