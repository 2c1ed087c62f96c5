"""The board-paper PDF of a report version, rendered from its snapshot by WeasyPrint.

Tagged for accessibility (PDF/UA-1: real headings and tables, charts as images with
alternative text, the document language and title set).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from reports.presentation import present


def context(version) -> dict:
    from portal.models.site_settings import PortalSettings

    settings = PortalSettings.objects.first()
    signer = version.signed_off_by
    return {
        "report": present(version.data),
        "version": version,
        "language_code": translation.get_language() or "en",  # rendered in the report's
        "organisation": getattr(settings, "organisation_name", "") if settings else "",
        "signed_off_name": (signer.get_full_name() or signer.get_username()) if signer else "",
    }


def render_html(version) -> str:
    """In the report's language (dates, numbers and words), whoever draws it."""
    from reports.versions import report_language

    with translation.override(report_language(version)):
        return render_to_string("reports/report_pdf.html", context(version))


def render_pdf(version) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(version)).write_pdf(pdf_variant="pdf/ua-1")


def stored_pdf(version) -> bytes:
    """The version's PDF, drawn once and kept (a draft's is redrawn after a redaction)."""
    from reports.models import FeedbackReportVersion

    stored = (
        FeedbackReportVersion.objects.filter(pk=version.pk).values_list("pdf", flat=True).first()
    )
    if stored:
        return bytes(stored)
    content = render_pdf(version)
    FeedbackReportVersion.objects.filter(pk=version.pk).update(pdf=content)
    return content
