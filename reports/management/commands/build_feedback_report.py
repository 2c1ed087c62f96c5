"""Build a new feedback report version for a consultation or policy draft, here and now.

    manage.py build_feedback_report <page id>

The same work as the "Build a new version" button, run in this process rather than
by a Celery worker (for operators, or when the worker is down). The version is a
draft: an engagement lead signs it off in the admin.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from reports import versions
from reports.models import FeedbackReportVersion


class Command(BaseCommand):
    help = "Build a new feedback report version for a consultation or policy draft."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="Id of the consultation or draft page.")

    def handle(self, *args, page_id, **options):
        page = Page.objects.filter(pk=page_id).specific().first()
        if (
            page is None
            or not hasattr(page, "source_page_for_comments")
            and not hasattr(page, "survey_definition")
        ):
            raise CommandError(f"Page {page_id} is not a consultation or a policy draft.")
        report = versions.report_for(page)
        number = (
            report.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = FeedbackReportVersion.objects.create(report=report, number=number)
        self.stdout.write(f"Building version {number} of the report on {report.page.title}...")
        version = versions.build(version.pk)
        if version.status != FeedbackReportVersion.Status.DRAFT:
            raise CommandError(f"Building failed: {version.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Version {version.number} of the report on {report.page.title} built in "
                f"{version.build_seconds:.1f} s: {version.data['total']:,} "
                f"{version.data['noun']}, {len(version.data['themes']['items'])} themes."
            )
        )
