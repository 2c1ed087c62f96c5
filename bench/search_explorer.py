"""Benchmark: feedback explorer latency and submission indexing throughput.

    .venv/bin/python bench/search_explorer.py [--responses 100000] [--repeat 5] [--seed 1]
                                              [--reuse] [--engine-url URL]

Builds the same consultation as bench/summary.py, inserts N synthetic responses with
``manage.py generate_responses`` (seeded; one to four sentences in ten languages,
skewed towards English, online, a few boroughs, a few common complaints and the
first and last weeks), indexes them with the sweeper's code (``search.indexing.sweep``,
the batched SQL path on PostgreSQL) and reports passages indexed per second, then runs
a fixed set of explorer searches (words, phrases, OR, NOT, filters, a date range,
relevance and date order, a later page), each with its count, seven facet counts and
a page of 20 results with their highlighted passages, and reports p50 and p95
latency over every run. Prints the machine, its load, and the search engine; exits
non-zero when p95 is over 300 ms.

With a search engine (``--engine-url``, or ``ELASTICSEARCH_URL``; OpenSearch from
scripts/search_engine.sh and the ``opensearch`` extra), the same run then indexes the
same responses into the engine as the portal does with one configured (the sweeper's
code: passages, stems, engine bulk requests), checks the engine holds every passage,
times the same searches there, and prints both engines' figures side by side. The
database part always uses the database backend, whatever ``ELASTICSEARCH_URL`` says.

The database is as in bench/summary.py (``DATABASE_URL`` whose name contains
"bench", emptied first; or a throwaway SQLite file). ``--reuse`` keeps what an
earlier run loaded into that PostgreSQL database and only times the searches.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import build_site, configure_database, machine, setup_django  # noqa: E402

TARGET_P95_SECONDS = 0.3


def queries(area_ids):
    since = date.today() - timedelta(days=30)
    return [
        {"q": "appointment"},
        {"q": "interpreter"},
        {"q": "bus hospital"},
        {"q": '"walk-in centre"'},
        {"q": "parking OR pharmacy"},
        {"q": "wait -knee"},
        {"q": "consultas"},
        {"q": "lekarza"},
        {"q": "receptionist rude"},
        {"q": "appointment", "area": area_ids[0]},
        {"q": "interpreter", "language": "pl"},
        {"q": "doctor", "sort": "newest"},
        {"q": "mental health", "date_from": since},
        {"q": "carers NOT merger", "sort": "oldest"},
        {"q": "appointment", "page": 3},
        {"respondent_type": "organisation"},
        {"area": area_ids[1], "channel": "paper"},
        {},
    ]


def one_search(explorer, filters: dict) -> int:
    """What the explorer page does: count, facets, one page of rows with passages."""
    filters = dict(filters)
    page = filters.pop("page", 1)
    search = explorer.run(filters)
    count = search.count()
    search.facets()
    start = (page - 1) * explorer.PAGE_SIZE
    docs = list(search.pageable()[start : start + explorer.PAGE_SIZE])
    for doc in docs:
        search.passage(doc)
    return count


def time_searches(explorer, searches, repeat: int) -> tuple[float, float]:
    """Run every search ``repeat`` times; print each one's figures; (p50, p95) in seconds."""
    timings = []
    per_query: dict[int, list[float]] = {}
    print(
        f"Explorer: {len(searches)} searches x {repeat} "
        f"(count, 7 facets, a page of 20 with passages); load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    for run in range(repeat):
        for n, filters in enumerate(searches):
            began = time.perf_counter()
            count = one_search(explorer, filters)
            elapsed = time.perf_counter() - began
            timings.append(elapsed)
            per_query.setdefault(n, []).append(elapsed)
            if run == 0:
                print(f"  {str(filters):<62} {count:>9,} results  {elapsed * 1000:6.0f} ms")
    print("Median per search:")
    for n, filters in enumerate(searches):
        print(f"  {str(filters):<62} {statistics.median(per_query[n]) * 1000:6.0f} ms")
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    print(f"Explorer latency: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms", flush=True)
    return p50, p95


def index_into_engine(args, settings) -> float | None:
    """Index every response into the search engine the portal's way; passages per second
    (None with ``--reuse`` when the engine already holds every passage)."""
    from search import indexing
    from search.config import search_backends
    from search.models import SubmissionDocument

    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        elasticsearch_url=args.engine_url,
        index_prefix="bench",
        engine=os.environ.get("SEARCH_ENGINE", ""),
    )
    passages = SubmissionDocument.objects.count()
    if args.reuse:
        try:
            [held] = indexing.engine_counts()
        except Exception:  # noqa: BLE001 - no index there yet: build it below
            held = None
        if held == passages:
            print(f"Reusing the {held:,} passages the engine at {args.engine_url} holds")
            return None
    print(f"Indexing into the search engine at {args.engine_url}...", flush=True)
    began = time.perf_counter()
    indexing.remove_all()  # the engine's index made afresh, the passages written again
    done = indexing.sweep(batch_size=args.batch, orphans=False)
    elapsed = time.perf_counter() - began
    [held] = indexing.engine_counts()
    print(
        f"  {done:,} responses, {passages:,} passages in {elapsed:.1f} s: "
        f"{passages / elapsed:,.0f} passages/s; the engine holds {held:,}",
        flush=True,
    )
    if held != passages:
        raise SystemExit(f"The engine holds {held:,} passages, the database {passages:,}")
    return passages / elapsed


def load(args, connection):
    from django.core.management import call_command

    from consultations.models import Response
    from portal.models import Area
    from search import indexing
    from search.models import SubmissionDocument

    if args.index_existing:
        areas = list(Area.objects.order_by("pk"))
        print(f"Indexing the {Response.objects.count():,} responses already there", flush=True)
        indexing.remove_all()
    else:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", interactive=False, verbosity=0)
        page, areas, _admin = build_site()
        print(f"Inserting {args.responses:,} responses (seed {args.seed})...", flush=True)
        began = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command(
                "generate_responses",
                responses=args.responses,
                seed=args.seed,
                consultation=page.pk,
                stdout=quiet,
            )
        print(f"  inserted in {time.perf_counter() - began:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    print("Indexing...", flush=True)
    # First as the sweeper does it, source by source into a live full-text index...
    incremental = args.incremental
    began = time.perf_counter()
    first = indexing.sweep(batch_size=args.batch, limit=incremental, orphans=False)
    first_in = time.perf_counter() - began
    first_passages = SubmissionDocument.objects.count()
    print(
        f"  sweeper (index kept up to date): {first:,} responses, {first_passages:,} passages "
        f"in {first_in:.1f} s: {first_passages / first_in:,.0f} passages/s",
        flush=True,
    )
    # ...then the rest as reindex_submissions does a large rebuild (index built after).
    began = time.perf_counter()
    rest = indexing.sweep(batch_size=args.batch, orphans=False, bulk=True)
    rest_in = time.perf_counter() - began
    passages = SubmissionDocument.objects.count()
    if rest:
        print(
            f"  bulk (full-text index built at the end): {rest:,} responses, "
            f"{passages - first_passages:,} passages in {rest_in:.1f} s: "
            f"{(passages - first_passages) / rest_in:,.0f} passages/s",
            flush=True,
        )
    began = time.perf_counter()
    removed = indexing.remove_orphans()
    print(f"  orphan check: {removed} removed in {time.perf_counter() - began:.1f} s")
    total_in = first_in + rest_in
    print(
        f"  in all: {first + rest:,} responses, {passages:,} passages in {total_in:.1f} s: "
        f"{passages / total_in:,.0f} passages/s",
        flush=True,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    began = time.perf_counter()
    lag = indexing.index_lag()
    print(f"  index lag afterwards: {lag} (counted in {time.perf_counter() - began:.1f} s)")
    return areas, passages / total_in


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000, help="Sources per indexing batch.")
    parser.add_argument(
        "--incremental",
        type=int,
        default=20_000,
        help="Responses indexed the sweeper's way before the bulk rebuild takes the rest.",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the PostgreSQL data an earlier run loaded (and the engine's index, "
        "when it holds every passage).",
    )
    parser.add_argument(
        "--index-existing",
        action="store_true",
        help="Keep the responses already in the database; index them afresh, then search.",
    )
    parser.add_argument(
        "--engine-url",
        default=os.environ.get("ELASTICSEARCH_URL", ""),
        help="A search engine to index into and search too (default: ELASTICSEARCH_URL).",
    )
    args = parser.parse_args(argv)
    sqlite_file = configure_database()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from search.config import DATABASE_BACKEND

    # The database first, whatever ELASTICSEARCH_URL says; the engine afterwards.
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": DATABASE_BACKEND}}

    from portal.models import Area
    from search import explorer
    from search.health import backend_name
    from search.models import SubmissionDocument

    try:
        if args.reuse and sqlite_file is None:
            areas = list(Area.objects.order_by("pk"))
            print(f"Reusing {SubmissionDocument.objects.count():,} indexed passages")
            database_rate = None
        else:
            areas, database_rate = load(args, connection)

        area_ids = [a.pk for a in areas]
        searches = queries(area_ids)
        engines = [(backend_name(), database_rate, *time_searches(explorer, searches, args.repeat))]
        print(f"Passages indexed: {SubmissionDocument.objects.count():,}")
        print(f"Search engine: {backend_name()}")
        if args.engine_url:
            rate = index_into_engine(args, settings)
            p50, p95 = time_searches(explorer, searches, args.repeat)
            info = get_search_backend().es.info()["version"]
            name = f"{info.get('distribution', 'elasticsearch')} {info['number']}"
            engines.append((f"{backend_name()} ({name})", rate, p50, p95))
        print(f"Side by side ({SubmissionDocument.objects.count():,} passages):")
        for name, rate, p50, p95 in engines:
            indexed = f"{rate:,.0f} passages/s" if rate else "not timed (--reuse)"
            print(
                f"  {name}: indexing {indexed}; explorer p50 {p50 * 1000:.0f} ms, "
                f"p95 {p95 * 1000:.0f} ms"
            )
        for key, value in machine().items():
            print(f"{key}: {value}")
        missed = [name for name, _rate, _p50, p95 in engines if p95 > TARGET_P95_SECONDS]
        if missed:
            print(f"MISSED: p95 over {TARGET_P95_SECONDS * 1000:.0f} ms on {', '.join(missed)}")
            return 1
        return 0
    finally:
        if sqlite_file is not None:
            sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
