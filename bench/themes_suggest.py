"""Benchmark: suggested themes for 10 000 and 100 000 free-text answers.

    .venv/bin/python bench/themes_suggest.py [--answers 10000 [100000 ...]]
                                             [--method auto|embeddings|tfidf]
                                             [--budget SECONDS] [--seed 1]

Makes N synthetic answers with the same generator as ``manage.py generate_responses``
(seeded; one to four sentences from templates with places, services and groups filled
in, in ten languages, skewed towards English) and times ``themes.suggest.suggest``:
vectors (sentence embeddings when the optional model is installed, else TF-IDF),
choosing k, k-means, naming and representative answers. It is the work the Celery
task does; reading the answers from the database and saving the suggestions add
little (one query each way).

With embeddings, the run is time-boxed (``--budget``, default the setting
``THEMES_SUGGEST_SECONDS``, 100 s): answers are encoded in a random order while
time is left, what does not fit is put in the nearest cluster by TF-IDF, and the
output says how many answers were embedded and how many were placed that way.
Prints the machine (CPU model, cores, RAM, load) and exits non-zero when a target
is missed: 10 000 answers in 120 s; 100 000 in 900 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import hardware  # noqa: E402

TARGETS = {10_000: 120.0, 100_000: 900.0}


def machine() -> dict[str, str]:
    return hardware()


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()


def synthetic_answers(count: int, seed: int) -> list[str]:
    """Answers as ``manage.py generate_responses`` writes them (same templates, weights)."""
    from consultations.management.commands import generate_responses as gen

    rng = random.Random(seed)
    languages, weights = zip(*gen.LANGUAGE_WEIGHTS.items(), strict=True)
    template_weights = {code: gen._zipf_weights(len(t)) for code, t in gen.TEMPLATES.items()}
    return [
        gen.Command._text(rng, rng.choices(languages, weights)[0], template_weights)
        for _ in range(count)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, nargs="+", default=[10_000])
    parser.add_argument("--method", choices=["auto", "embeddings", "tfidf"], default="auto")
    parser.add_argument(
        "--budget", type=float, default=None, help="seconds for the whole run (embeddings)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup_django()
    from themes import suggest

    print("Machine:")
    for key, value in machine().items():
        print(f"  {key}: {value}")
    print(f"  embedding model installed: {suggest.embeddings_available()}")
    if suggest.embeddings_available():
        import torch

        print(f"  torch {torch.__version__}, {torch.get_num_threads()} threads")
    if suggest.embeddings_available() and args.method != "tfidf":
        # The model's speed on this machine right now, to read the figures below by.
        sample = list(dict.fromkeys(synthetic_answers(2000, args.seed + 1)))[:256]
        started = time.monotonic()
        suggest.embedding_model()
        loaded = time.monotonic() - started
        started = time.monotonic()
        suggest.embed(sample)
        rate = len(sample) / (time.monotonic() - started)
        print(
            f"  embedding model: loaded in {loaded:.1f} s, {rate:.0f} answers/s "
            f"(so 10 000 distinct answers would take {10_000 / rate:.0f} s to encode)"
        )
    missed = False
    for count in args.answers:
        texts = synthetic_answers(count, args.seed)
        distinct = len(set(texts))
        print(f"\n{count} answers ({distinct} distinct texts), method asked: {args.method}")
        stages = Counter()
        last = [time.monotonic(), "start"]

        def progress(done, stage, stages=stages, last=last):
            now = time.monotonic()
            stages[last[1]] += now - last[0]
            last[0], last[1] = now, stage

        started = time.monotonic()
        result = suggest.suggest(
            texts, method=args.method, seed=args.seed, budget_seconds=args.budget, progress=progress
        )
        elapsed = time.monotonic() - started
        target = TARGETS.get(count)
        verdict = ""
        if target is not None:
            ok = elapsed <= target
            missed |= not ok
            verdict = f" (target {target:.0f} s: {'met' if ok else 'MISSED'})"
        note = f" ({result.note}: see themes.suggest)" if result.note else ""
        print(f"  method used: {result.method}{note}")
        if result.method == "embeddings":
            print(
                f"  embedded: {result.embedded}, placed by TF-IDF nearest centroid "
                f"(over the time budget): {result.assigned_by_tfidf}"
            )
        print(f"  time: {elapsed:.1f} s{verdict}")
        print(f"  stages (s): {result.timings}")
        print(f"  {len(result.clusters)} suggested themes (k by silhouette):")
        for cluster in result.clusters:
            print(f"    {cluster.size:>7}  {cluster.name}")
    print("\nResult:", "a target was MISSED" if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
