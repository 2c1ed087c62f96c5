"""Bring the submission index in line with the database.

    manage.py reindex_submissions [--batch-size 500] [--rebuild]

Indexes every response and draft comment whose current version the index does not
hold, in batches that each commit on their own: stop it at any time and run it
again to carry on; then removes passages whose answer, comment or response has gone
(bulk deletes, withdrawals that sent no signal), in batches. ``--rebuild`` forgets
the whole index first. With a search engine, its submission index is created (with
its mapping) where missing; ``--rebuild`` drops it and creates it empty.
"""

import sys
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search import indexing
from search.models import SubmissionDocument

BULK_ABOVE = 50_000  # sources to index at which the bulk path pays off


class Command(BaseCommand):
    help = "Index the responses and draft comments the search index is missing (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--rebuild", action="store_true", help="Forget the whole index and rebuild it."
        )

    def handle(self, *args, batch_size, rebuild, **options):
        if rebuild:
            indexing.remove_all()
        total = indexing.index_lag()["waiting"]
        self.stdout.write(_("%(count)d submissions to index") % {"count": total})
        started = time.monotonic()
        done = 0
        interactive = getattr(sys.stdout, "isatty", lambda: False)()

        def progress(n):
            nonlocal done
            done += n
            filled = int(30 * done / total) if total else 30
            line = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
            self.stdout.write(("\r" + line) if interactive else line, ending="")
            if not interactive:
                self.stdout.write("")

        # Rebuilding everything (or most of it): let the database build its full-text
        # index once at the end rather than update it row by row.
        bulk = rebuild or total > BULK_ABOVE
        indexing.sweep(batch_size=batch_size, progress=progress, bulk=bulk, orphans=False)
        removed = indexing.remove_orphans(batch_size=max(batch_size, 1000))
        if removed:
            self.stdout.write(
                _("Removed %(count)d passages whose answer, comment or response has gone")
                % {"count": removed}
            )
        if interactive:
            self.stdout.write("")
        seconds = time.monotonic() - started
        rows = SubmissionDocument.objects.count()
        for held in indexing.engine_counts():
            if held == rows:
                self.stdout.write(
                    _("The search engine holds every passage (%(count)d).") % {"count": held}
                )
            else:
                self.stderr.write(
                    _("The search engine holds %(held)d passages; the database %(rows)d.")
                    % {"held": held, "rows": rows}
                )
        self.stdout.write(
            self.style.SUCCESS(
                _("Indexed %(count)d submissions in %(seconds).1f s")
                % {"count": done, "seconds": seconds}
            )
        )
