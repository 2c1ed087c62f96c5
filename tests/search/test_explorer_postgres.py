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


def _as_if_the_index_were_huge(monkeypatch):
    """The index size is the one thing stood in for (sampling starts above
    SAMPLE_ABOVE_ROWS rows): every page is "the sample". The thresholds under test
    (TRUST_SAMPLE_HITS, FEW_SAMPLE_HITS) keep their real values."""
    monkeypatch.setattr(postgres.PostgresResults, "_sample_fraction", lambda self: 1.0)


def test_huge_result_sets_show_estimates_and_newest_first(
    client, analyst, answer, django_capture_on_commit_callbacks, monkeypatch
):
    total = postgres.TRUST_SAMPLE_HITS
    rare = postgres.FEW_SAMPLE_HITS - 1  # seen too rarely in the sample to estimate
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(total):
            answer(f"Pharmacy number {n} closes early.", channel="paper" if n < rare else "online")
    _as_if_the_index_were_huge(monkeypatch)
    search = explorer.run({"q": "pharmacy"})
    assert search.count() == total
    assert search.estimated and search.relevance_skipped
    assert search.describe(None, None, total) == f"about {total}"
    assert search.describe("channel", "paper", rare) == f"fewer than {postgres.FEW_SAMPLE_HITS}"
    assert search.describe("channel", "online", total - rare) == f"about {total - rare}"
    texts = [d.text for d in search.pageable()[0:3]]
    last = total - 1
    assert texts == [f"Pharmacy number {n} closes early." for n in (last, last - 1, last - 2)]
    client.force_login(analyst)
    html = client.get(URL, {"q": "pharmacy"}).content.decode()
    assert f"about {total} results" in html
    assert "estimated from a fixed sample of 100.0% of the index" in html
    assert "Too many results to rank by relevance: the newest come first." in html


def test_one_match_fewer_than_the_trusted_sample_is_counted_exactly(
    answer, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(postgres.TRUST_SAMPLE_HITS - 1):
            answer(f"Pharmacy number {n} closes early.")
    _as_if_the_index_were_huge(monkeypatch)
    search = explorer.run({"q": "pharmacy"})
    assert search.count() == postgres.TRUST_SAMPLE_HITS - 1
    assert not search.estimated and not search.relevance_skipped


def test_few_matches_in_a_huge_index_are_counted_exactly(
    answer, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("The dentist in Wembley closed.")
        answer("Another dentist closed too.")
    _as_if_the_index_were_huge(monkeypatch)
    search = explorer.run({"q": "dentist"})
    assert search.count() == 2 and not search.estimated
    assert search.describe(None, None, 2) == "2"


def test_searches_without_words_count_on_the_database_even_with_an_engine_configured(
    answer, django_capture_on_commit_callbacks, monkeypatch
):
    """Nothing to match without words: filters and counts come from the passages table,
    sampled on a huge index, instead of grouping all of it (1.1 s at 1.85 M passages)."""
    with django_capture_on_commit_callbacks(execute=True):
        answer("The dentist in Wembley closed.", channel="paper")
        answer("Another dentist closed too.")
    monkeypatch.setattr(postgres, "enabled", lambda: False)  # as with a search engine
    search = explorer.run({"channel": "paper"})
    assert isinstance(search.results, postgres.PostgresResults)
    assert search.facet_counts()["channel"] == {"paper": 1}
    assert [d.text for d in search.results[0:5]] == ["The dentist in Wembley closed."]
    assert not isinstance(explorer.run({"q": "dentist"}).results, postgres.PostgresResults)
