"""The explorer on PostgreSQL: stemmed highlighting, and estimates for huge result sets."""

import pytest
from django.db import connection

from search import explorer, postgres

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the stored tsvector path is PostgreSQL's; set DATABASE_URL to a PostgreSQL "
        "database to run these tests",
    ),
]

URL = "/admin/feedback-explorer/"


def test_highlight_marks_other_inflections_and_escapes_the_text(
    client, analyst, answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("Two <b>missed</b> appointments & no call back.")
    client.force_login(analyst)
    html = client.get(URL, {"q": "appointment"}).content.decode()
    assert "<mark>appointments</mark>" in html
    assert "&lt;b&gt;missed&lt;/b&gt;" in html and "&amp; no call back" in html


def test_huge_result_sets_show_estimates_and_newest_first(
    client, analyst, answer, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            answer(f"Pharmacy number {n} closes early.")
    # As if the index were huge: sample (here every page) rather than count it all.
    monkeypatch.setattr(postgres.PostgresResults, "_sample_fraction", lambda self: 1.0)
    monkeypatch.setattr(postgres, "TRUST_SAMPLE_HITS", 10)
    search = explorer.run({"q": "pharmacy"})
    assert search.count() == 12
    assert search.estimated and search.relevance_skipped
    assert search.describe(None, None, 12) == "about 12"
    texts = [d.text for d in search.pageable()[0:3]]
    assert texts == [f"Pharmacy number {n} closes early." for n in (11, 10, 9)]
    client.force_login(analyst)
    html = client.get(URL, {"q": "pharmacy"}).content.decode()
    assert "about 12 results" in html
    assert "estimated from a fixed sample of 100.0% of the index" in html
    assert "Too many results to rank by relevance: the newest come first." in html
    monkeypatch.setattr(postgres, "FEW_SAMPLE_HITS", 13)
    assert explorer.run({"q": "pharmacy"}).describe("kind", "answer", 12) == "fewer than 13"


def test_few_matches_in_a_huge_index_are_counted_exactly(
    answer, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("The dentist in Wembley closed.")
        answer("Another dentist closed too.")
    monkeypatch.setattr(postgres.PostgresResults, "_sample_fraction", lambda self: 1.0)
    search = explorer.run({"q": "dentist"})
    assert search.count() == 2 and not search.estimated
    assert search.describe(None, None, 2) == "2"
