"""The portal against a real search engine (ELASTICSEARCH_URL; OpenSearch in CI).

What the index holds is read from the engine itself (its stored documents), not
through the database, so a passage the engine kept after its row went is caught.
"""

import os
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from consultations.models import Response, ResponseContact
from search import explorer, indexing
from search.models import SubmissionDocument
from search.tasks import sweep_search_index
from tests.consultations import factories
from tests.search.conftest import ENGINE_URL, needs_engine, refresh_engine

pytestmark = needs_engine

ROOT = Path(__file__).resolve().parents[2]
URL = "/admin/feedback-explorer/"


def engine_passages(backend) -> list[str]:
    """The texts of every passage the engine holds, read from the engine."""
    refresh_engine(backend)
    index = backend.get_index_for_model(SubmissionDocument).name
    body = {"query": {"match_all": {}}, "size": 1000}
    hits = backend.es.search(index=index, body=body)["hits"]["hits"]
    return sorted(hit["_source"]["text"] for hit in hits)


def found(q, **filters):
    return sorted(doc.text for doc in explorer.run({"q": q, **filters}).results)


# --- indexed after commit, through Celery -------------------------------------------
def test_submission_reaches_the_engine_after_commit_through_celery(
    search_engine, answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answer("The minor injuries unit in Alexandra Avenue must stay.")
        assert engine_passages(search_engine) == []  # nothing before the commit
    assert callbacks  # the Celery task was queued on commit, and ran
    assert engine_passages(search_engine) == [
        "The minor injuries unit in Alexandra Avenue must stay."
    ]
    assert found("injuries") == ["The minor injuries unit in Alexandra Avenue must stay."]


def test_the_first_submission_on_a_new_engine_makes_its_index(
    search_engine, answer, django_capture_on_commit_callbacks
):
    index = search_engine.get_index_for_model(SubmissionDocument)
    # A new engine: nothing made yet (the test node creates no index by itself). The
    # name may be an alias onto a concrete index (Wagtail's atomic rebuilds): both go.
    search_engine.es.indices.delete(index=f"{index.name}*")
    assert not index.exists()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            answer("The first answer after the move to a new search engine.")
        assert engine_passages(search_engine) == [
            "The first answer after the move to a new search engine."
        ]
        assert found("engine") == ["The first answer after the move to a new search engine."]
    finally:
        indexing.prepare_engines()


def test_published_page_reaches_the_engine_through_the_celery_task_backend(
    search_engine, settings, client, consultation_index, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "portal.background.CeleryTaskBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        page = factories.make_consultation(
            consultation_index, title="Quixotic phlebotomy clinic hours"
        )
    refresh_engine(search_engine)
    from wagtail.models import Page

    assert [p.pk for p in Page.objects.live().search("phlebotomy")] == [page.pk]
    html = client.get("/en/search/", {"q": "phlebotomy"}).content.decode()
    assert "Quixotic phlebotomy clinic hours" in html


# --- what leaves the index --------------------------------------------------------------
def test_deleted_and_withdrawn_responses_leave_the_engine(
    search_engine, answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        deleted = answer("Ambulances take too long in Hayes.")
        withdrawn = answer("Ambulances never come to Yiewsley.")
        answer("Ambulances were quick in Uxbridge.")
    assert len(engine_passages(search_engine)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()
        withdrawn.status = Response.Status.WITHDRAWN
        withdrawn.save()
    assert engine_passages(search_engine) == ["Ambulances were quick in Uxbridge."]
    assert found("ambulances") == ["Ambulances were quick in Uxbridge."]
    assert explorer.run({"q": "ambulances"}).count() == 1


def test_bulk_deletes_leave_the_engine_at_the_next_sweep(
    search_engine, answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gone = answer("The dentist in Wembley closed.")
        answer("The dentist in Harrow is open.")
    Response.objects.filter(pk=gone.pk).update(status=Response.Status.WITHDRAWN)  # no signal
    assert len(engine_passages(search_engine)) == 2
    sweep_search_index()
    assert engine_passages(search_engine) == ["The dentist in Harrow is open."]


def test_retention_anonymisation_reaches_the_engine(search_engine, consultation):
    from privacy import retention

    consultation.closes_at = timezone.now() - timedelta(days=31 * 13)
    consultation.opens_at = consultation.closes_at - timedelta(days=60)
    consultation.retention_months = 12
    consultation.save_revision().publish()
    response = factories.make_response(
        consultation,
        {factories.question_id(consultation, "why"): "I am Grace Adeyemi, call 07700 900456."},
    )
    ResponseContact.objects.create(response=response, name="Grace Adeyemi", email="g@example.org")
    indexing.sync_responses([response.pk])
    assert engine_passages(search_engine) == ["I am Grace Adeyemi, call 07700 900456."] or (
        # the index may already hold the redacted text (reports.quotes redaction)
        "Grace" not in engine_passages(search_engine)[0]
    )

    retention.apply()

    [held] = engine_passages(search_engine)
    assert "Grace" not in held and "Adeyemi" not in held and "07700 900456" not in held
    assert found("Adeyemi") == [] and found("07700") == []


# --- an outage loses nothing ----------------------------------------------------------------
def engine_script(command: str) -> subprocess.CompletedProcess:
    port = str(urlparse(ENGINE_URL).port or 9200)
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        ["bash", str(ROOT / "scripts" / "search_engine.sh"), command],  # noqa: S607
        env={**os.environ, "SEARCH_ENGINE_PORT": port},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def restartable_engine(search_engine):
    status = engine_script("status")
    if "started by this script" not in status.stdout:
        pytest.skip(
            "stopping and starting the engine needs one started by scripts/search_engine.sh "
            f"on {ENGINE_URL} ({status.stdout.strip()})"
        )
    yield search_engine
    engine_script("start")  # whatever happened, the next test has its engine


def test_submissions_made_while_the_engine_is_down_are_all_indexed_after_a_sweep(
    restartable_engine, answer, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("Before the outage: the surgery phone is always engaged.")
    assert engine_script("stop").returncode == 0

    texts = [f"During the outage, answer {n}: the pharmacy shuts at noon." for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        responses = [answer(text) for text in texts]  # each indexing task fails
    assert Response.objects.filter(pk__in=[r.pk for r in responses]).count() == 5
    assert indexing.index_lag()["waiting"] == 5
    health = client.get("/healthz").json()["checks"]["search"]
    assert health["ok"] is False
    assert "search engine unreachable" in health["detail"]
    assert sweep_search_index() == "failed"  # still down: the sweeper tries again later

    started = engine_script("start")
    assert started.returncode == 0, started.stdout + started.stderr
    assert sweep_search_index() == "5 sources indexed"
    assert engine_passages(restartable_engine) == sorted(
        ["Before the outage: the surgery phone is always engaged.", *texts]
    )
    assert len(found("pharmacy")) == 5
    assert indexing.index_lag() == {"waiting": 0, "oldest_seconds": 0}


# --- /healthz ------------------------------------------------------------------------
def test_healthz_names_the_engine_and_its_lag(search_engine, client, answer):
    answer("Not indexed yet: no commit callbacks ran.")
    body = client.get("/healthz").json()
    search = body["checks"]["search"]
    assert search["ok"] is True
    engine, lag = search["detail"].split("; ")
    info = search_engine.es.info()["version"]
    assert engine == f"{info.get('distribution', 'elasticsearch')} {info['number']}"
    assert lag.startswith("index lag: 1 waiting, oldest ")


# --- what an analyst types --------------------------------------------------------------
NOTHING_TO_SEARCH = "Your search has no words to look for, so every passage is shown."
EXCLUSIONS_IGNORED = "Part of your search between ORs had only excluded words"
NOTHING_MATCHES = "Nothing matches."
# (query, what the page says)
ODD_QUERIES = [
    ('"unclosed phrase', NOTHING_MATCHES),
    ('""', NOTHING_TO_SEARCH),
    ("OR", NOTHING_TO_SEARCH),
    ("NOT", NOTHING_TO_SEARCH),
    ("AND OR NOT", NOTHING_TO_SEARCH),
    ("-", NOTHING_TO_SEARCH),
    ("*", NOTHING_TO_SEARCH),
    ("{}", NOTHING_TO_SEARCH),
    ("\\", NOTHING_TO_SEARCH),
    ("NOT bus", NOTHING_TO_SEARCH),
    ("bus OR NOT stop", EXCLUSIONS_IGNORED),
    ("bus OR", "1 result"),
    ("(bus", "1 result"),
    ("bus) AND (", "1 result"),
    ("/bus/", "1 result"),
    ("bus\x00stop", "1 result"),
    ("bus~2 title:bus^3", NOTHING_MATCHES),
    ("[bus TO stop]", NOTHING_MATCHES),
    ("a " * 300, "only its first 32 words were searched for"),
    ("😀 🚑", NOTHING_TO_SEARCH),
]


@pytest.mark.parametrize(("q", "says"), ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_query_syntax_gives_a_message_not_a_server_error(
    search_engine, client, analyst, answer, django_capture_on_commit_callbacks, q, says
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("The bus stop moved.")
    client.force_login(analyst)
    page = client.get(URL, {"q": q})
    assert page.status_code == 200
    assert says in page.content.decode()
