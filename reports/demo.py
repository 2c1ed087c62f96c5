"""Demo feedback report: one version for the closed demo consultation (GP access).

Runs after ``themes.demo`` (see portal/demo/extensions.py), so the report shows the
themes that demo suggested, accepted and applied. Idempotent: a consultation that
already has a report version is left alone.
"""

from __future__ import annotations

from consultations.models import ConsultationPage
from reports import versions
from reports.models import FeedbackReportVersion

DEMO_SLUG = "gp-access"


def load_demo(stdout):
    page = ConsultationPage.objects.filter(slug=DEMO_SLUG, locale__language_code="en").first()
    if page is None:
        stdout.write("      no closed demo consultation: run the consultations demo first")
        return
    report = versions.report_for(page)
    if report.versions.exists():
        stdout.write(f"      feedback report for {page.title}: already there")
        return
    number = 1
    version = FeedbackReportVersion.objects.create(report=report, number=number)
    # Built here rather than by the Celery task, so the demo is complete when it ends.
    version = versions.build(version.pk)
    themes = len(version.data.get("themes", {}).get("items", []))
    stdout.write(
        f"      feedback report for {page.title}: version {version.number} built "
        f"({version.data.get('total', 0)} responses, {themes} themes, "
        f"{version.build_seconds:.1f}s)"
    )
