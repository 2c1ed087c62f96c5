"""The explorer matches the query once for the count and every facet, however many facets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import explorer


@pytest.fixture
def submissions(answer, areas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            answer(f"The bus to Northwick Park was late ({n}).", area=areas["harrow"])
        answer("Parking at the hospital is impossible.", area=areas["brent"], language="pl")
    return areas


def _matching_queries(queries) -> int:
    """Statements that run the full-text match (PostgreSQL's @@, SQLite's MATCH)."""
    return sum(1 for q in queries if "@@" in q["sql"] or " MATCH " in q["sql"])


def test_count_and_all_facets_run_the_match_once(submissions):
    with CaptureQueriesContext(connection) as ctx:
        search = explorer.run({"q": "bus"})
        assert search.count() == 3
        facets = search.facets()
    assert {label: n for _v, label, n in facets["area_id"]} == {"Harrow": 3}
    assert _matching_queries(ctx.captured_queries) == 1


def test_a_page_of_results_adds_one_more_match(submissions):
    search = explorer.run({"q": "bus OR parking", "sort": "newest"})
    search.count()
    search.facets()
    with CaptureQueriesContext(connection) as ctx:
        docs = list(search.pageable()[0:2])
    assert len(docs) == 2
    assert _matching_queries(ctx.captured_queries) == 1


def test_paging_stops_at_the_limit_but_the_count_is_complete(
    client, analyst, answer, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(explorer, "MAX_PAGED_RESULTS", 20)
    monkeypatch.setattr(explorer, "PAGE_SIZE", 10)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(25):
            answer(f"Opening hours are too short, visit {n}.")
    client.force_login(analyst)
    html = client.get("/admin/feedback-explorer/", {"q": "opening", "page": 3}).content.decode()
    assert "25 results" in html
    assert "Only the first 20 can be paged through here" in html
    assert "Page 2 of 2" in html
