"""Benchmark: building a feedback report version for a 100 000-response consultation.

    .venv/bin/python bench/report_build.py [--responses 100000] [--coded 0.4] [--repeat 3]
                                           [--seed 1]

Builds the consultation of bench/summary.py and bulk-inserts N synthetic responses
the same way (about 5% drafts), gives 30% of them a contact record with a name and
60% equality-monitoring answers, loads the shipped Census 2021 benchmarks, makes a
theme frame of 12 themes (4 broad themes with 2 sub-themes each) and codes a share
(``--coded``) of the free-text answers with one to three themes, some as accepted
suggestions and some confirmed. Then times ``reports.versions.build`` (the Celery
task's body: every count, the trend, the quotes, the redaction of every coded text
for the spreadsheet, and saving the JSON snapshot; the first build also brings the
results summary's answer tallies up to date after the bulk insert), and rendering
the admin page, the PDF (a separate task after the build) and the XLSX from the
snapshot. Prints the minimum and median of the runs
and the machine.

Database as in bench/summary.py: ``DATABASE_URL`` whose name contains "bench"
(emptied first), or a throwaway SQLite file.

    createdb -h 127.0.0.1 -U postgres reports_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports_bench \\
        .venv/bin/python bench/report_build.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import (  # noqa: E402
    build_site,
    configure_database,
    insert_responses,
    machine,
    setup_django,
)

BATCH = 5_000
THEMES = {
    "Waiting times": ["GP appointments", "Hospital waits"],
    "Getting there": ["Buses and travel", "Parking"],
    "Information and language": ["Interpreters", "Clear information"],
    "Continuity of care": ["Same doctor", "Walk-in centres"],
}
NAMES = ["Sam Patel", "Alex Okafor", "Maria Nowak", "Ayesha Rahman", "John Smith", "Ana Silva"]


def describe(times: list[float]) -> str:
    return f"min {min(times):7.2f} s   median {statistics.median(times):7.2f} s"


def add_people(page, rng):
    """Contact records (names) and equality answers for a share of the responses."""
    from django.db import transaction

    from consultations import equality
    from consultations.models import EqualityMonitoring, Response, ResponseContact

    ids = list(Response.objects.filter(consultation_id=page.pk).values_list("pk", flat=True))
    contacts, monitoring = [], []
    for response_id in ids:
        if rng.random() < 0.3:
            contacts.append(
                ResponseContact(
                    response_id=response_id,
                    name=rng.choice(NAMES),
                    email=f"p{response_id}@example.org",
                    postcode="HA1 1AA",
                )
            )
        if rng.random() < 0.6:
            monitoring.append(
                EqualityMonitoring(
                    response_id=response_id,
                    age_band=rng.choice([k for k, _l in equality.AGE_BANDS[1:-1]]),
                    sex=rng.choice(["female", "male", "prefer_not_to_say"]),
                    ethnicity=rng.choice([k for k, _l in equality.ETHNIC_GROUPS[:-1]]),
                )
            )
    with transaction.atomic():
        ResponseContact.objects.bulk_create(contacts, batch_size=BATCH)
        EqualityMonitoring.objects.bulk_create(monitoring, batch_size=BATCH)
    return len(contacts), len(monitoring)


def code_answers(page, admin, share: float, rng) -> tuple[int, int]:
    """A theme frame, and codings for ``share`` of the submitted free-text answers."""
    from django.db import transaction
    from django.utils import timezone

    from consultations.models import Answer
    from themes.models import Coding, Theme, ThemeFrame

    frame = ThemeFrame.for_page(page)
    leaves = []
    order = 0
    for parent_name, children in THEMES.items():
        order += 1
        parent = Theme.objects.create(frame=frame, name=parent_name, sort_order=order)
        for child in children:
            order += 1
            leaves.append(
                Theme.objects.create(frame=frame, name=child, parent=parent, sort_order=order)
            )
    why = page.survey_definition.question_by_reference("why")
    answer_ids = list(
        Answer.objects.filter(
            question_id=why.id, response__consultation_id=page.pk, response__status="submitted"
        ).values_list("pk", flat=True)
    )
    now = timezone.now()
    codings = []
    coded = 0
    for answer_id in answer_ids:
        if rng.random() >= share:
            continue
        coded += 1
        for theme in rng.sample(leaves, rng.choice([1, 1, 1, 2, 2, 3])):
            suggested = rng.random() < 0.5
            confirmed = not suggested or rng.random() < 0.5
            codings.append(
                Coding(
                    theme=theme,
                    answer_id=answer_id,
                    coder=admin,
                    origin="suggested" if suggested else "manual",
                    confirmed_by=admin if confirmed else None,
                    confirmed_at=now if confirmed else None,
                    created_at=now,
                )
            )
    with transaction.atomic():
        Coding.objects.bulk_create(codings, batch_size=BATCH)
    return coded, len(codings)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--coded", type=float, default=0.4, help="share of free text coded")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sqlite_file = configure_database()
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from citizens_panel import benchmarks
    from reports import exports, pdf, versions
    from reports.models import FeedbackReportVersion

    rng = random.Random(args.seed)
    try:
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})", flush=True)
        if sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", interactive=False, verbosity=0)
        page, areas, admin = build_site()
        print(f"Inserting {args.responses:,} responses (seed {args.seed})...", flush=True)
        began = time.perf_counter()
        submitted = insert_responses(page, areas, args.responses, args.seed)
        contacts, monitoring = add_people(page, rng)
        benchmarks.load_default()
        coded, codings = code_answers(page, admin, args.coded, rng)
        print(
            f"  {submitted:,} submitted, {contacts:,} contact records, {monitoring:,} equality "
            f"answers, {coded:,} free-text answers coded ({codings:,} codings) in "
            f"{time.perf_counter() - began:.1f} s",
            flush=True,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

        report = versions.report_for(page)
        build_times, version = [], None
        load_before = os.getloadavg()
        for number in range(1, args.repeat + 1):
            version = FeedbackReportVersion.objects.create(report=report, number=number)
            # Inside a transaction, so the PDF task that follows a build (sent after the
            # commit; run in-process here) is timed apart, as a worker would run it.
            with transaction.atomic():
                began = time.perf_counter()
                version = versions.build(version.pk)
                build_times.append(time.perf_counter() - began)
            print(f"  build {number}: {build_times[-1]:.2f} s ({version.status})", flush=True)
        data = version.data
        themes = {t["name"]: t["count"] for t in data["themes"]["items"]}
        if data["total"] != submitted:
            print(f"WRONG: the report counts {data['total']}, expected {submitted}")
            return 1

        client = Client()
        client.force_login(admin)
        url = reverse("feedback_reports:version", args=[page.pk, version.number])

        def timed(function):
            times = []
            for _ in range(args.repeat):
                began = time.perf_counter()
                result = function()
                times.append(time.perf_counter() - began)
            return times, result

        page_times, response = timed(lambda: client.get(url))
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        pdf_times, pdf_bytes = timed(lambda: pdf.render_pdf(version))  # drawn afresh each time
        xlsx_times, xlsx_bytes = timed(lambda: exports.workbook_bytes(version))
        load_after = os.getloadavg()

        print()
        print(
            f"Feedback report, {submitted:,} submitted responses, {coded:,} coded answers "
            f"({codings:,} codings), {len(themes)} themes"
        )
        print(f"  build (task body):   {describe(build_times)}   ({args.repeat} runs; the first")
        print(
            "                       also brings the answer tallies up to date after the bulk load)"
        )
        size = len(response.content) / 1024
        print(f"  admin report page:   {describe(page_times)}   ({size:.0f} KiB)")
        print(f"  PDF:                 {describe(pdf_times)}   ({len(pdf_bytes) / 1024:.0f} KiB)")
        print(f"  XLSX:                {describe(xlsx_times)}   ({len(xlsx_bytes) / 1024:.0f} KiB)")
        print(f"  snapshot: {len(str(data)) / 1024:.0f} KiB, coded rows: {len(version.coded):,}")
        print(f"  themes: {themes}")
        print()
        print(f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
        for key, value in machine().items():
            print(f"{key}: {value}")
        print(f"load average (1 min) before / after: {load_before[0]:.1f} / {load_after[0]:.1f}")
        return 0
    finally:
        if sqlite_file is not None:
            sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
