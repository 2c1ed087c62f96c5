"""Benchmark: feedback explorer latency and submission indexing throughput.

    .venv/bin/python bench/search_explorer.py [--responses 100000] [--repeat 5] [--seed 1]

Builds the same consultation as bench/summary.py, inserts N synthetic responses with
``manage.py generate_responses`` (seeded; multi-sentence free text in five languages,
skewed towards English, online, a few boroughs and a few common complaints), indexes
them with the sweeper's code (``search.indexing.sweep``) and reports passages indexed
per second, then runs a fixed set of explorer searches (words, a phrase, OR, NOT,
filters, a date range, relevance and date order), each with its seven facet counts
and the first page of 20 results, and reports p50 and p95 latency. Prints the
machine and the search engine. Database as in bench/summary.py (``DATABASE_URL``
whose name contains "bench", or a throwaway SQLite file).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import build_site, configure_database, machine, setup_django  # noqa: E402

TARGET_P95_SECONDS = 1.0


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
        {"q": "appointment", "area": area_ids[0]},
        {"q": "interpreter", "language": "pl"},
        {"q": "doctor", "sort": "newest"},
        {"q": "mental health", "date_from": since},
        {"respondent_type": "organisation"},
        {"area": area_ids[1], "channel": "paper"},
        {},
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sqlite_file = configure_database()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from search import explorer, indexing
    from search.health import backend_name
    from search.models import SubmissionDocument

    try:
        if sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", interactive=False, verbosity=0)
        page, areas, _admin = build_site()
        print(f"Inserting {args.responses:,} responses (seed {args.seed})...")
        began = time.perf_counter()
        call_command(
            "generate_responses",
            responses=args.responses,
            seed=args.seed,
            consultation=page.pk,
            stdout=open("/dev/null", "w"),  # noqa: SIM115
        )
        print(f"  inserted in {time.perf_counter() - began:.1f} s")

        print("Indexing...")
        began = time.perf_counter()
        sources = indexing.sweep(batch_size=1000)
        indexed_in = time.perf_counter() - began
        passages = SubmissionDocument.objects.count()
        print(
            f"  {sources:,} responses, {passages:,} passages in {indexed_in:.1f} s: "
            f"{passages / indexed_in:,.0f} passages/s, {sources / indexed_in:,.0f} responses/s"
        )
        lag = indexing.index_lag()
        print(f"  index lag afterwards: {lag}")

        area_ids = [a.pk for a in areas]
        timings = []
        print(f"Explorer: {len(queries(area_ids))} searches x {args.repeat}, facets + page 1")
        for _run in range(args.repeat):
            for filters in queries(area_ids):
                began = time.perf_counter()
                search = explorer.run(filters)
                count = search.results.count()
                list(search.results[:20])
                search.facets()
                timings.append(time.perf_counter() - began)
                if _run == 0:
                    print(f"  {str(filters):<60} {count:>7,} results")
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
        print(f"Explorer latency: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
        print(f"Search engine: {backend_name()}")
        for key, value in machine().items():
            print(f"{key}: {value}")
        return 0 if p95 <= TARGET_P95_SECONDS else 1
    finally:
        if sqlite_file is not None:
            sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
