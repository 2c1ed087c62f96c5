"""Import offline responses to a consultation from a CSV or Excel file.

    manage.py import_responses <page id> responses.xlsx [--channel post] [--entered-by email]

Same rules as the admin import: every row is checked with the survey's own form
fields; if any row has a problem nothing is imported and each problem is listed by
row and column.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page

from consultations.admin_forms import ResponseDetailsForm
from consultations.imports import import_responses
from consultations.models import ConsultationPage, FeedbackPage


class Command(BaseCommand):
    help = "Import offline responses to a consultation from a CSV or Excel (.xlsx) file."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="Id of the consultation page.")
        parser.add_argument("file", type=Path, help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--channel",
            default="paper",
            choices=[key for key, _label in ResponseDetailsForm.base_fields["channel"].choices],
            help="Channel for rows that do not give one (default: paper).",
        )
        parser.add_argument(
            "--entered-by",
            default="",
            help="Email address or username of the staff member recorded as entering them.",
        )

        parser.add_argument(
            "--import-again",
            action="store_true",
            help=(
                "Import rows already imported from another file (different responses that "
                "happen to be the same). The same file is never imported twice."
            ),
        )

    def handle(self, *args, page_id, file, channel, entered_by, import_again=False, **options):
        page = Page.objects.filter(pk=page_id).specific().first()
        if not isinstance(page, ConsultationPage | FeedbackPage):
            raise CommandError(
                _("Page %(id)s is not a consultation or feedback page.") % {"id": page_id}
            )
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        user = None
        if entered_by:
            users = get_user_model().objects
            user = (
                users.filter(email__iexact=entered_by).first()
                or users.filter(username=entered_by).first()
            )
            if user is None:
                raise CommandError(_("No user %(user)r.") % {"user": entered_by})

        with file.open("rb") as handle:
            outcome = import_responses(
                page,
                handle,
                file.name,
                entered_by=user,
                default_channel=channel,
                import_repeated_rows=import_again,
            )

        if not outcome.ok:
            for error in outcome.errors:
                where = _("row %(row)s") % {"row": error.row} if error.row else _("file")
                if error.column:
                    where += _(", column %(column)r") % {"column": error.column}
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(
                _("Nothing imported: %(problems)s problem(s) in %(rows)s row(s).")
                % {"problems": len(outcome.errors), "rows": outcome.rows}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)s responses to “%(title)s”.")
                % {"count": len(outcome.created), "title": page.source_page.title}
            )
        )
