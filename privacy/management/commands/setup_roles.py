from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.roles import matrix_markdown, setup_roles


class Command(BaseCommand):
    help = _(
        "Create the staff role groups (editors, leads, analysts, moderators, panel "
        "administrators, governing body readers, data protection officers, partner "
        "organisations) and grant their permissions. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--matrix", action="store_true", help=_("Print the permission matrix (Markdown).")
        )

    def handle(self, *args, matrix=False, **options):
        if matrix:
            self.stdout.write(matrix_markdown())
            return
        result = setup_roles()
        self.stdout.write(
            _("%(created)d groups created, %(granted)d permissions granted.")
            % {"created": len(result["created"]), "granted": result["granted"]}
        )
        if result["retired"]:
            self.stdout.write(
                _("Removed Wagtail's empty default groups: %(names)s")
                % {"names": ", ".join(result["retired"])}
            )
        if result["missing"]:
            self.stdout.write(
                _("Not there yet (granted by a later run): %(names)s")
                % {"names": ", ".join(result["missing"])}
            )
