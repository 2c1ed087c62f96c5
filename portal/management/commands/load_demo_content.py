"""Build a believable demo site: ``python manage.py load_demo_content``.

Safe to run again: it completes what is missing and duplicates nothing. The steps
live in ``portal.demo``.
"""

import logging
import time

from django.core.management.base import BaseCommand

from portal.demo import build_demo_site


class Command(BaseCommand):
    help = (
        "Load demo content: locales, North West London areas and topics, the home, about, "
        "privacy and area pages with translations, editor groups, a moderation workflow "
        "and an admin account. Running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-admin-password",
            action="store_true",
            help="Give the existing admin account a new generated password and print it.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["verbosity"] < 2:
            # Wagtail logs every page created, edited and published; the steps'
            # own progress lines say the same in fewer words.
            logging.disable(logging.INFO)
        try:
            build_demo_site(
                self.stdout,
                style=self.style,
                reset_admin_password=options["reset_admin_password"],
            )
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f}s.")
        )
