from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy import retention


class Command(BaseCommand):
    help = _(
        "Anonymise responses and draft comments past their retention period (the daily "
        "beat job does this). --dry-run shows what would happen and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would be done; change nothing.")
        )

    def handle(self, *args, dry_run=False, **options):
        result = retention.apply(dry_run=dry_run)
        heading = _("Would anonymise (dry run):") if dry_run else _("Anonymised:")
        self.stdout.write(heading)
        if not result["consultations"]:
            self.stdout.write("  " + _("Nothing is past its retention period."))
        for item in result["consultations"]:
            counts = ", ".join(
                f"{name} {value}"
                for name, value in item.items()
                if name not in ("page_id", "title", "months")
            )
            self.stdout.write(
                f"  {item['title']} (#{item['page_id']}, {item['months']} {_('months')}): {counts}"
            )
        totals = ", ".join(f"{k} {v}" for k, v in sorted(result["counts"].items())) or "0"
        self.stdout.write(_("Total: %(totals)s") % {"totals": totals})
        terms = ", ".join(f"{k} {v}" for k, v in sorted(result["search_terms"].items()))
        self.stdout.write(
            _("Search terms past their retention period: %(terms)s") % {"terms": terms}
        )
        self.stdout.write(_("Free text redaction: %(name)s") % {"name": result["redaction"]})
        if result["run"] is not None:
            self.stdout.write(_("Recorded as retention run %(id)s.") % {"id": result["run"].pk})
