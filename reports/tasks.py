"""Background work for feedback reports: building a version's snapshot."""

from __future__ import annotations

from celery import shared_task

from reports import versions


@shared_task(acks_late=True)
def build_report_version(version_id: int) -> str:
    """Fill version ``version_id`` from the database (no network, so no retries).

    A version left "being built" by a dead broker or worker can be started again
    from its page (``versions.restart_if_stuck``).
    """
    version = versions.build(version_id)
    return f"{version} {version.status}"


@shared_task(acks_late=True)
def draw_report_pdf(version_id: int) -> str:
    """Draw and keep a built version's PDF (the download draws it if this never ran)."""
    from reports import pdf
    from reports.models import FeedbackReportVersion

    version = FeedbackReportVersion.objects.defer("pdf").filter(pk=version_id).first()
    if version is None or not version.is_ready:
        return "nothing to draw"
    return f"{len(pdf.stored_pdf(version)):,} bytes"
