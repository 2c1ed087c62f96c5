"""Feedback reports in the Wagtail admin: list, build, read, sign off, download.

Registered in ``wagtail_hooks.py`` under /admin/feedback-reports/. Readers with
``reports.view_feedbackreport`` (the governing body) see signed-off versions only;
``reports.build_feedbackreport`` (analysts) builds versions, sees drafts and removes
words from quotes; ``reports.sign_off`` (engagement leads) signs off and seeds "you
said, we did".
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from reports import exports, pdf, versions
from reports.models import FeedbackReport, FeedbackReportVersion
from reports.presentation import present
from reports.versions import BUILD, SIGN_OFF, VIEW

app_name = "feedback_reports"
REFRESH_SECONDS = 3


def can_read(user) -> bool:
    return user.has_perm(VIEW) or user.has_perm(BUILD) or user.has_perm(SIGN_OFF)


def sees_drafts(user) -> bool:
    return user.has_perm(BUILD) or user.has_perm(SIGN_OFF)


def reportable_pages():
    """Consultations, feedback pages and policy drafts (source-language pages), by title."""
    from consultations.admin_views import survey_pages
    from consultations.models import PolicyDraftPage

    drafts = [
        page
        for page in PolicyDraftPage.objects.filter(alias_of__isnull=True).specific()
        if page.source_page_for_comments().pk == page.pk
    ]
    return sorted([*survey_pages(), *drafts], key=lambda p: p.title.casefold())


def page_or_404(page_id):
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None:
        raise Http404
    from consultations.models import ConsultationPage, FeedbackPage, PolicyDraftPage

    if not isinstance(page, ConsultationPage | FeedbackPage | PolicyDraftPage):
        raise Http404
    return versions.source_page(page)


def version_or_404(user, page_id, number) -> FeedbackReportVersion:
    version = (
        FeedbackReportVersion.objects.select_related("report__page", "signed_off_by")
        .defer("pdf")
        .filter(report__page_id=page_id, number=number)
        .first()
    )
    if version is None or (not version.is_signed_off and not sees_drafts(user)):
        raise Http404
    return version


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Look up what the URL names, once the user may read reports."""

    def index_breadcrumb(self):
        return {"url": reverse("feedback_reports:index"), "label": _("Feedback reports")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            can_build=user.has_perm(BUILD),
            can_sign_off=user.has_perm(SIGN_OFF),
            sees_drafts=sees_drafts(user),
        )
        return context


class IndexView(ReportView):
    template_name = "reports/index.html"
    page_title = gettext_lazy("Feedback reports")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = {r.page_id: r for r in FeedbackReport.objects.prefetch_related("versions").all()}
        rows = []
        drafts_visible = sees_drafts(self.request.user)
        for page in reportable_pages():
            report = reports.get(page.pk)
            listed = []
            if report is not None:
                listed = sorted(report.versions.all(), key=lambda v: -v.number)
            latest = listed[0] if listed else None
            signed = next((v for v in listed if v.is_signed_off), None)
            if not drafts_visible and signed is None:
                continue
            rows.append({"page": page, "latest": latest, "signed": signed})
        context["rows"] = rows
        return context


class VersionView(ReportView):
    template_name = "reports/version.html"

    def load(self, page_id, number=None, **kwargs):
        self.page = page_or_404(page_id)
        report = FeedbackReport.objects.filter(page=self.page).first()
        if report is None:
            raise Http404
        if number is None:
            latest = report.latest_version(signed_off_only=not sees_drafts(self.request.user))
            if latest is None:
                raise Http404
            number = latest.number
        self.version = version_or_404(self.request.user, self.page.pk, number)
        self.report = report

    def get(self, request, *args, **kwargs):
        if "number" not in kwargs:
            return redirect("feedback_reports:version", self.page.pk, self.version.number)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("%(title)s: feedback report, version %(number)s") % {
            "title": self.page.title,
            "number": self.version.number,
        }

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.index_breadcrumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.version
        others = self.report.versions.defer("data", "coded", "pdf").order_by("-number")
        if not sees_drafts(self.request.user):
            others = others.filter(status=FeedbackReportVersion.Status.SIGNED_OFF)
        context.update(
            page=self.page,
            version=version,
            versions=list(others),
            report=present(version.data) if version.is_ready else None,
            report_language=versions.report_language(version),
            refresh=REFRESH_SECONDS if version.status == version.Status.BUILDING else None,
            stuck=versions.is_stuck(version),
            data_changed=sees_drafts(self.request.user) and versions.data_changed(version),
            can_redact=self.request.user.has_perm(BUILD) and version.is_ready,
        )
        return context


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_POST
def build(request, page_id):
    _require(request, BUILD)
    page = page_or_404(page_id)
    version = versions.request_build(page, request.user)
    messages.success(
        request,
        _("Version %(number)s is being built. This page shows how far it has got.")
        % {"number": version.number},
    )
    return redirect("feedback_reports:version", page.pk, version.number)


@require_POST
def restart(request, page_id, number):
    _require(request, BUILD)
    version = version_or_404(request.user, page_id, number)
    try:
        versions.restart(version)
    except versions.ReportError as error:
        messages.error(request, str(error))
    return redirect("feedback_reports:version", page_id, number)


@require_POST
def sign_off(request, page_id, number):
    _require(request, SIGN_OFF)
    version = version_or_404(request.user, page_id, number)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm you are signing off this version."))
        return redirect("feedback_reports:version", page_id, number)
    try:
        versions.sign_off(version, request.user)
    except versions.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Version %(number)s is signed off. It will not change.") % {"number": number},
        )
    return redirect("feedback_reports:version", page_id, number)


@require_POST
def redact(request, page_id, number):
    _require(request, BUILD)
    version = version_or_404(request.user, page_id, number)

    def as_id(name):
        value = request.POST.get(name, "")
        return int(value) if value.isdigit() else None

    try:
        message = versions.add_manual_redaction(
            version,
            request.user,
            answer_id=as_id("answer"),
            comment_id=as_id("comment"),
            phrase=request.POST.get("phrase", ""),
        )
    except versions.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("feedback_reports:version", page_id, number)


@require_POST
def seed(request, page_id, number):
    _require(request, SIGN_OFF)
    version = version_or_404(request.user, page_id, number)
    try:
        outcome, added = versions.seed_you_said_we_did(version, request.user)
    except versions.ReportError as error:
        messages.error(request, str(error))
        return redirect("feedback_reports:version", page_id, number)
    messages.success(
        request,
        _(
            "Added %(count)s “you said” items to a draft of “%(title)s”. "
            "Write what you did for each, then publish it."
        )
        % {"count": added, "title": outcome.title},
    )
    return redirect("wagtailadmin_pages:edit", outcome.pk)


def _download(version, content, content_type, extension):
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localtime(version.built_at).strftime("%Y%m%d")
    name = f"feedback-report-{version.report.page.slug}-v{version.number}-{stamp}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def download_pdf(request, page_id, number):
    if not can_read(request.user):
        raise PermissionDenied
    version = version_or_404(request.user, page_id, number)
    if not version.is_ready:
        raise Http404
    return _download(version, pdf.stored_pdf(version), "application/pdf", "pdf")


def download_xlsx(request, page_id, number):
    if not can_read(request.user):
        raise PermissionDenied
    version = version_or_404(request.user, page_id, number)
    if not version.is_ready:
        raise Http404
    return _download(
        version,
        exports.workbook_bytes(version),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )


urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("<int:page_id>/", VersionView.as_view(), name="latest"),
    path("<int:page_id>/build/", build, name="build"),
    path("<int:page_id>/v<int:number>/", VersionView.as_view(), name="version"),
    path("<int:page_id>/v<int:number>/restart/", restart, name="restart"),
    path("<int:page_id>/v<int:number>/sign-off/", sign_off, name="sign_off"),
    path("<int:page_id>/v<int:number>/redact/", redact, name="redact"),
    path("<int:page_id>/v<int:number>/you-said-we-did/", seed, name="seed"),
    path("<int:page_id>/v<int:number>/report.pdf", download_pdf, name="pdf"),
    path("<int:page_id>/v<int:number>/report.xlsx", download_xlsx, name="xlsx"),
]
