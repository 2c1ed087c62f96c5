"""Benchmark: the staff results summary of a consultation with many responses.

    .venv/bin/python bench/summary.py [--responses 100000] [--repeat 5] [--seed 1]

Builds a consultation with a realistic survey (4 steps, 18 questions of every kind),
bulk-inserts N synthetic responses with their answers (about 5% of them drafts, which
must not count). The portal keeps running answer counts (``consultations.tallies``),
brought up to date after each submission; a bulk insert skips that, so the benchmark
first brings them up to date in one go and times it (what a worker would have done
over the life of the consultation), and checks them against a count of every answer.
Then it times ``consultations.results.summarise`` and the full admin summary page
(Django test client, signed in as a superuser, cache cleared before each request),
and the page again right after 200 more responses arrived (so it counts those while
staff wait); prints the minimum and median of several runs and the machine it ran on
(with its load average, as other work on the machine skews the figures).

Database: ``DATABASE_URL`` if set (PostgreSQL; the database name must contain
"bench", because the benchmark empties it first), otherwise a throwaway SQLite file
in the temporary directory, deleted afterwards. Never the development db.sqlite3.

    createdb -h 127.0.0.1 -U postgres portal_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/summary.py
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import hardware  # noqa: E402

TARGET_SECONDS = 1.0
BATCH = 5_000

AREAS = [
    ("Brent", "E09000005"),
    ("Ealing", "E09000009"),
    ("Hammersmith and Fulham", "E09000013"),
    ("Harrow", "E09000015"),
    ("Hillingdon", "E09000017"),
    ("Hounslow", "E09000018"),
    ("Kensington and Chelsea", "E09000020"),
    ("Westminster", "E09000033"),
]
CHANNELS = {"online": 85, "paper": 6, "email": 4, "event": 3, "phone": 1, "post": 1}
LANGUAGES = {"en": 80, "pl": 6, "ro": 3, "bn": 3, "gu": 2, "ur": 2, "ar": 2, "so": 2}
PHRASES = [
    "The bus to the hospital takes over an hour.",
    "I could not get a GP appointment for three weeks.",
    "Please keep the walk-in centre open at weekends.",
    "My mother needs an interpreter at every appointment.",
    "Parking is expensive and there is never a space.",
    "Staff were kind but the wait was very long.",
    "I would like to see the same doctor each time.",
    "Information about the changes was hard to find.",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file afterwards")
    return parser.parse_args(argv)


def configure_database() -> Path | None:
    """Point Django at the benchmark database; returns the SQLite file to clean up."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        name = url.rsplit("/", 1)[-1].split("?", 1)[0]
        if "bench" not in name:
            sys.exit(f"Refusing to empty database {name!r}: use one whose name contains 'bench'.")
        return None
    handle, path = tempfile.mkstemp(prefix="portal-bench-", suffix=".sqlite3")
    os.close(handle)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return Path(path)


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    import logging

    from django.conf import settings

    logging.disable(logging.INFO)  # page publishing and background-task chatter
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]


# --- survey ---------------------------------------------------------------------------


def survey_data():
    from tests.consultations.factories import about_you, options, question, show_if, step

    agree = [
        question("likert", text, reference=ref, include_dont_know=True)
        for ref, text in [
            ("agree-merge", "We should have one commissioning body for North West London."),
            ("agree-local", "Decisions about local services should stay local."),
            ("agree-online", "More appointments should be available online."),
            ("agree-info", "We explained the proposal clearly."),
        ]
    ]
    return [
        step(
            "About the proposal",
            [
                question(
                    "single_choice",
                    "How did you hear about this consultation?",
                    reference="heard",
                    options=options(
                        "Leaflet", "GP surgery", "Social media", "Local paper", "Friend"
                    ),
                ),
                *agree,
                question(
                    "long_text", "Tell us why you think this.", reference="why", required=False
                ),
            ],
        ),
        step(
            "Your services",
            [
                question(
                    "multiple_choice",
                    "Which services have you used in the last year?",
                    reference="services",
                    options=options(
                        "GP", "Pharmacy", "Walk-in centre", "A&E", "Mental health", "Dentist"
                    ),
                    allow_other=True,
                ),
                question(
                    "single_choice",
                    "How do you usually travel to hospital?",
                    reference="travel",
                    options=options("Bus", "Car", "Walking", "Taxi", "Hospital transport"),
                ),
                question("yes_no", "Have you used a walk-in centre?", reference="walk-in"),
                question(
                    "ranking",
                    "Put these in order of importance.",
                    reference="priorities",
                    required=False,
                    options=options("Waiting times", "Opening hours", "Distance", "Same doctor"),
                ),
            ],
        ),
        step(
            "Your walk-in centre visit",
            [
                question("rating", "Rate your last visit.", reference="visit", scale=5),
                question(
                    "multiple_choice",
                    "What could be better?",
                    reference="better",
                    options=options("Waiting", "Information", "Cleanliness", "Staff attitude"),
                    allow_other=True,
                    required=False,
                ),
                question(
                    "short_text", "Which centre did you visit?", reference="centre", required=False
                ),
            ],
            condition=show_if("walk-in", "yes"),
        ),
        step(
            "About you",
            [
                question("postcode", "Your postcode", reference="postcode", required=False),
                question(
                    "number",
                    "How many people live in your home?",
                    reference="household",
                    required=False,
                    whole_number=True,
                    min_value=1,
                    max_value=20,
                ),
                question("yes_no", "Are you a carer?", reference="carer", required=False),
                question("long_text", "Anything else?", reference="anything-else", required=False),
                about_you(),
            ],
        ),
    ]


def build_site():
    from wagtail.models import Locale, Page, Site

    from consultations.models import ConsultationIndexPage, ConsultationPage
    from portal.models import Area, HomePage, User

    english = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home", locale=english))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Bench"},
    )
    index = home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="c"))
    page = ConsultationPage(
        title="Merging commissioning in North West London",
        slug="merger",
        intro="Benchmark consultation.",
        survey=survey_data(),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    areas = [
        Area.objects.create(name=name, slug=name.lower().replace(" ", "-"), ons_code=code)
        for name, code in AREAS
    ]
    admin = User.objects.create_superuser("bench", "bench@example.org", "bench-password")
    return ConsultationPage.objects.get(pk=page.pk), areas, admin


# --- data ---------------------------------------------------------------------------------


def weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def random_value(rng, question):
    """A canonical answer to ``question``, or None when the person skipped it."""
    kind = question.type
    if not question.required and rng.random() < 0.4:
        return None
    ids = [o.id for o in question.options]
    if kind == "single_choice":
        return rng.choice(ids)
    if kind == "multiple_choice":
        chosen = rng.sample(ids, rng.randint(1, min(3, len(ids))))
        other = rng.choice(PHRASES) if rng.random() < 0.05 else ""
        return {"options": chosen, "other": other}
    if kind == "likert":
        return rng.choices([5, 4, 3, 2, 1, 0], weights=[20, 30, 15, 15, 12, 8])[0]
    if kind == "rating":
        return rng.randint(1, 5)
    if kind == "ranking":
        return rng.sample(ids, len(ids))
    if kind == "yes_no":
        return rng.random() < 0.45
    if kind in ("long_text", "short_text"):
        return " ".join(rng.sample(PHRASES, rng.randint(1, 3)))
    if kind == "postcode":
        return f"HA{rng.randint(0, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}A"
    if kind == "number":
        return rng.randint(1, 6)
    return None


def _cells(counted) -> list:
    per_question, respondents = counted
    rows = [
        (c["question_id"], c["option_id"], c["area"], c["rtype"], c["n"], c["firsts"])
        for cells in per_question.values()
        for c in cells
    ]
    rows += [
        (q, "*", c["area"], c["rtype"], c["n"], 0) for q, cs in respondents.items() for c in cs
    ]
    return sorted(rows, key=repr)


def insert_responses(page, areas, count: int, seed: int, quiet: bool = False) -> int:
    """Bulk-insert ``count`` responses (about 5% drafts); returns how many are submitted."""
    from django.db import transaction
    from django.utils import timezone

    from consultations.answers import rows_for
    from consultations.models import Answer, Response

    rng = random.Random(seed)
    definition = page.survey_definition
    questions = [q for q in definition.questions if q.takes_answer]
    walk_in = definition.question_by_reference("walk-in")
    start = timezone.now() - timedelta(days=84)
    submitted = 0
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        responses, answer_sets = [], []
        for n in range(done, done + size):
            is_draft = rng.random() < 0.05
            submitted += not is_draft
            moment = start + timedelta(seconds=rng.randint(0, 84 * 24 * 3600))
            organisation = rng.random() < 0.03
            responses.append(
                Response(
                    uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    reference=f"B{seed % 10000:04d}-{n:09d}",
                    consultation_id=page.pk,
                    status="draft" if is_draft else "submitted",
                    channel=weighted(rng, CHANNELS),
                    language=weighted(rng, LANGUAGES),
                    respondent_type="organisation" if organisation else "individual",
                    organisation_name="A local group" if organisation else "",
                    area=rng.choice(areas) if rng.random() < 0.9 else None,
                    created_at=moment,
                    submitted_at=None if is_draft else moment,
                )
            )
            values = {}
            for question in questions:
                if question.step_index == 2 and not values.get(walk_in.id):
                    continue  # the show-if step, skipped after "no"
                value = random_value(rng, question)
                if value is not None:
                    values[question.id] = value
            answer_sets.append(values)
        with transaction.atomic():
            Response.objects.bulk_create(responses, batch_size=1000)
            rows = []
            for response, values in zip(responses, answer_sets, strict=True):
                for question in questions:
                    if question.id in values:
                        for row in rows_for(question, values[question.id]):
                            row.response_id = response.pk
                            rows.append(row)
            Answer.objects.bulk_create(rows, batch_size=2000)
        done += size
        if not quiet:
            print(f"\r  inserted {done:,} / {count:,} responses", end="", flush=True)
    if not quiet:
        print()
    return submitted


# --- measuring ------------------------------------------------------------------------------


def timed(function, repeat: int) -> list[float]:
    function()  # warm up: caches, query plans, template loading
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return times


def machine() -> dict[str, str]:
    from django import get_version
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    elif connection.vendor == "sqlite":
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    else:
        database = connection.vendor
    return {**hardware(), "database": database, "Django": get_version()}


def describe(times: list[float]) -> str:
    return f"min {min(times) * 1000:7.1f} ms   median {statistics.median(times) * 1000:7.1f} ms"


def main(argv=None) -> int:
    args = parse_args(argv)
    sqlite_file = configure_database()
    setup_django()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from consultations import results, tallies
    from consultations.models import Answer

    try:
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        print("Preparing the schema...")
        if sqlite_file is None:
            # Start from an empty database so every run builds the same data.
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", interactive=False, verbosity=0)
        page, areas, admin = build_site()

        print(f"Inserting {args.responses:,} responses (seed {args.seed})...")
        began = time.perf_counter()
        submitted = insert_responses(page, areas, args.responses, args.seed)
        inserted_in = time.perf_counter() - began
        if connection.vendor == "postgresql":
            # What autovacuum does to a settled table: statistics and the visibility
            # map (which lets PostgreSQL answer from an index alone).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        answers = Answer.objects.count()
        print(f"  {answers:,} answer rows in {inserted_in:.1f} s")

        print("Bringing the running answer counts up to date after the bulk load...")
        began = time.perf_counter()
        tallies.bring_up_to_date(page.pk)
        tallied_in = time.perf_counter() - began
        print(f"  done in {tallied_in:.1f} s")
        summary = results.summarise(page)
        if summary.total != submitted:
            print(f"WRONG: summary counts {summary.total}, expected {submitted}")
            return 1
        began = time.perf_counter()
        afresh = results.count_answers_afresh(page, page.survey_definition)
        afresh_in = time.perf_counter() - began
        if _cells(afresh) != _cells(results.count_answers(page, page.survey_definition)):
            print("WRONG: running counts differ from a count of every answer")
            return 1
        print(f"  running counts equal a count of every answer ({afresh_in:.2f} s to count)")

        client = Client()
        client.force_login(admin)
        url = f"/admin/consultation-results/{page.pk}/"

        def render():
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return response

        def render_cold():
            cache.clear()  # nothing the page might keep in the cache helps it
            return render()

        arrivals = itertools.count()

        def after_arrivals(repeat: int) -> list[float]:
            """Time the page right after 200 responses arrived (not timing their arrival)."""
            times = []
            for _ in range(repeat):
                insert_responses(page, areas, 200, args.seed + 5000 + next(arrivals), quiet=True)
                began = time.perf_counter()
                render_cold()  # no warm-up: this view counts the new arrivals
                times.append(time.perf_counter() - began)
            return times

        load_before = os.getloadavg()
        summary_times = timed(lambda: results.summarise(page), args.repeat)
        cold_times = timed(render_cold, args.repeat)
        arrival_times = after_arrivals(args.repeat)
        load_after = os.getloadavg()
        size = len(render().content)

        print()
        print(f"Results summary, {submitted:,} submitted responses, {answers:,} answer rows")
        print(f"  summarise():                 {describe(summary_times)}   ({args.repeat} runs)")
        print(f"  admin summary page:          {describe(cold_times)}   ({size / 1024:.0f} KiB)")
        print(f"  page after 200 new responses: {describe(arrival_times)}")
        print(f"  (bringing the counts up to date after the bulk load: {tallied_in:.1f} s;")
        print(f"   counting every answer instead, as before the running counts: {afresh_in:.2f} s)")
        slowest = max(
            statistics.median(summary_times),
            statistics.median(cold_times),
            statistics.median(arrival_times),
        )
        verdict = "within" if slowest < TARGET_SECONDS else "OVER"
        print(f"  target {TARGET_SECONDS:.0f} s (every measurement above): {verdict}")
        print()
        print(f"Date: {time.strftime('%Y-%m-%d')}")
        for key, value in machine().items():
            print(f"  {key}: {value}")
        print(
            "  load average (1 min) before / after timing: "
            f"{load_before[0]:.2f} / {load_after[0]:.2f}"
        )
        return 0 if slowest < TARGET_SECONDS else 2
    finally:
        connection.close()
        if sqlite_file is not None and not args.keep:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        elif sqlite_file is not None:
            print(f"Kept {sqlite_file}")


if __name__ == "__main__":
    sys.exit(main())
