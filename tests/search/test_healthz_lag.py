"""/healthz shows how far the submission index is behind."""

import pytest

# Also run against the search engine in CI's engine pass (ELASTICSEARCH_URL set).
pytestmark = pytest.mark.search_index


def test_healthz_reports_index_lag(client, answer):
    answer("Not yet indexed: no commit callbacks ran.")
    body = client.get("/healthz").json()
    assert body["checks"]["search"]["ok"] is True
    assert "index lag: 1 waiting, oldest" in body["checks"]["search"]["detail"]
