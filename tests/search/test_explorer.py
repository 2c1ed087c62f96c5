"""Feedback explorer: finding answers, filters, facets, export, permissions."""

import csv
import io

import pytest
from django.urls import reverse

from search import explorer, indexing
from search.models import ExplorerSearch, SubmissionDocument
from tests.consultations.factories import ResponseContactFactory

URL = "/admin/feedback-explorer/"


def run(**filters):
    return explorer.run(filters)


@pytest.fixture
def submissions(answer, areas, polish_consultation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer("The bus to Northwick Park takes far too long.", area=areas["harrow"])
        answer("Parking at the hospital is impossible.", area=areas["brent"])
        answer("The bus stop moved and nobody told us.", area=areas["brent"], language="pl")
    return areas


def test_explorer_finds_an_answer_by_a_word_in_it(submissions):
    texts = [doc.text for doc in run(q="impossible").results]
    assert texts == ["Parking at the hospital is impossible."]


def test_explorer_filters_by_area_and_language(submissions):
    brent = submissions["brent"]
    assert {d.text for d in run(q="bus", area=brent.pk).results} == {
        "The bus stop moved and nobody told us."
    }
    assert [d.language for d in run(q="bus", language="en").results] == ["en"]
    assert run(area=submissions["harrow"].pk).results.count() == 1


def test_explorer_supports_or_and_not(submissions):
    assert len(list(run(q="parking OR Northwick").results)) == 2
    assert {d.text for d in run(q="bus -stop").results} == {
        "The bus to Northwick Park takes far too long."
    }


def test_facets_count_the_current_results(submissions):
    facets = run(q="bus").facets()
    areas = {label: n for _v, label, n in facets["area_id"]}
    assert areas == {"Harrow": 1, "Brent": 1}
    languages = {v: n for v, _label, n in facets["language"]}
    assert languages == {"en": 1, "pl": 1}
    everything = run().facets()
    assert {label: n for _v, label, n in everything["area_id"]} == {"Brent": 2, "Harrow": 1}


def test_matching_passage_is_highlighted(submissions, client, analyst):
    client.force_login(analyst)
    page = client.get(URL, {"q": "parking"})
    assert page.status_code == 200
    assert "<mark>Parking</mark> at the hospital" in page.content.decode()


def test_contact_details_never_reach_the_index(answer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = answer("Please keep the walk-in centre open.")
        ResponseContactFactory(
            response=response, name="Zebedee Quarterman", email="zq@example.org", postcode="HA1 1AA"
        )
        response.save()
    assert SubmissionDocument.objects.count() == 1
    assert list(run(q="zq@example.org").results) == []
    assert list(run(q="Quarterman").results) == []
    assert list(run(q="Zebedee").results) == []
    doc = SubmissionDocument.objects.get()
    assert "Quarterman" not in str(doc.__dict__) and "HA1" not in str(doc.__dict__)


def test_csv_export_neutralises_formulae(
    answer, client, analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer('=HYPERLINK("http://evil.example","click")', organisation_name="@org")
        answer("+44 is my code")
        answer("A plain answer")
    client.force_login(analyst)
    response = client.get(reverse("feedback_explorer:export"))
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    texts = {row[-1] for row in rows[1:]}
    assert texts == {
        '\'=HYPERLINK("http://evil.example","click")',
        "'+44 is my code",
        "A plain answer",
    }
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert ExplorerSearch.objects.filter(user=analyst, exported=True).exists()


def test_non_analysts_get_403(client, staff_user):
    client.force_login(staff_user)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("feedback_explorer:export")).status_code == 403


def test_each_search_is_logged(submissions, client, analyst):
    client.force_login(analyst)
    client.get(URL, {"q": "bus", "language": "pl"})
    logged = ExplorerSearch.objects.get()
    assert (logged.user, logged.query, logged.result_count) == (analyst, "bus", 1)
    assert logged.filters["language"] == "pl"


def test_explorer_page_shows_filters_with_counts_and_paginates(
    client, analyst, answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(25):
            answer(f"Waiting times are too long, visit {n}.")
    client.force_login(analyst)
    first = client.get(URL, {"q": "waiting", "sort": "newest"})
    html = first.content.decode()
    assert "25 results" in html and "Page 1 of 2" in html
    assert "(25)" in html  # facet count beside a filter
    second = client.get(URL, {"q": "waiting", "sort": "newest", "page": 2})
    assert second.content.decode().count('<article class="fx-result">') == 5
    assert indexing.index_lag()["waiting"] == 0
