"""Wagtail admin views for staff: consultation results, offline entry, imports.

URLs are registered in ``wagtail_hooks.py`` (behind Wagtail's admin login). The
results need ``consultations.view_results``; entering or importing responses
needs ``consultations.add_response``.
"""

from __future__ import annotations

import csv
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page

from consultations import imports, results
from consultations.admin_forms import ImportForm, OfflineResponseForm
from consultations.models import ConsultationPage, FeedbackPage
from search.exports import neutralise, stream_rows

VIEW_RESULTS = "consultations.view_results"
ADD_RESPONSE = "consultations.add_response"


def survey_pages():
    """Every consultation and feedback page once: its source-language page, by title."""
    pages = Page.objects.type(ConsultationPage, FeedbackPage).filter(alias_of__isnull=True)
    default = Locale.get_default()
    chosen: dict = {}
    for page in pages.specific().order_by("title"):
        current = chosen.get(page.translation_key)
        if current is None or (page.locale_id == default.pk and current.locale_id != default.pk):
            chosen[page.translation_key] = page
    return sorted(chosen.values(), key=lambda p: p.title.casefold())


def consultation_or_404(page_id):
    """The source-language page of the consultation or feedback page ``page_id``."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if not isinstance(page, ConsultationPage | FeedbackPage):
        raise Http404
    return page.source_page


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    permission_required = VIEW_RESULTS
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self, user) -> bool:
        return user.has_perm(self.permission_required)

    def load(self, **kwargs):
        """Look up what the URL names, once the user may see it."""

    def index_breadcrumb(self):
        return {"url": reverse("consultation_results:index"), "label": _("Consultation results")}


class ConsultationStaffView(StaffView):
    """A view about one consultation, given by the id of any of its translations."""

    def load(self, page_id, **kwargs):
        self.page = consultation_or_404(page_id)

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.index_breadcrumb(), {"url": "", "label": self.title}]

    @property
    def title(self):
        return self.get_header_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["can_add"] = self.request.user.has_perm(ADD_RESPONSE)
        context["can_view_results"] = self.request.user.has_perm(VIEW_RESULTS)
        return context


class ResultsIndexView(StaffView):
    template_name = "consultations/admin/results_index.html"
    page_title = gettext_lazy("Consultation results")

    def has_permission(self, user) -> bool:
        return user.has_perm(VIEW_RESULTS) or user.has_perm(ADD_RESPONSE)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = survey_pages()
        counts = results.response_counts(pages)
        context["rows"] = [(page, counts.get(page.pk, 0)) for page in pages]
        context["can_add"] = self.request.user.has_perm(ADD_RESPONSE)
        context["can_view_results"] = self.request.user.has_perm(VIEW_RESULTS)
        return context


class SummaryView(ConsultationStaffView):
    template_name = "consultations/admin/results_summary.html"
    page_title = gettext_lazy("Results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = results.summarise(self.page)
        return context


class OfflineEntryView(ConsultationStaffView):
    """Enter one response received by post, email, phone, at an event or on paper."""

    permission_required = ADD_RESPONSE
    template_name = "consultations/admin/offline_entry.html"
    page_title = gettext_lazy("Enter a response")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=OfflineResponseForm(self.page)))

    def post(self, request, *args, **kwargs):
        form = OfflineResponseForm(self.page, data=request.POST)
        if not form.is_valid():
            messages.error(request, _("The response could not be saved: check the answers below."))
            return self.render_to_response(self.get_context_data(form=form))
        response = imports.save_offline_response(
            self.page,
            [q for q in form.definition.questions if q.takes_answer],
            form.answer_values(),
            form.details.cleaned_data,
            entered_by=request.user,
            equality=form.equality.cleaned_data if form.has_equality_answers() else None,
        )
        messages.success(
            request,
            _("Response %(reference)s saved. You can enter the next one.")
            % {"reference": response.reference},
        )
        return redirect("consultation_results:enter", page_id=self.page.pk)


class ImportView(ConsultationStaffView):
    """Upload a CSV or Excel file of responses: all rows are imported, or none."""

    permission_required = ADD_RESPONSE
    template_name = "consultations/admin/import.html"
    page_title = gettext_lazy("Import responses")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = imports.template_headers(self.page)
        definition = imports.StaffSurveyDefinition.for_page(self.page)
        context["definition"] = definition
        context["question_columns"] = [
            (question, imports.expected(question))
            for question in definition.questions
            if question.takes_answer
        ]
        context["detail_columns"] = [
            (name, imports.expected(name=name)) for name in imports.DETAIL_COLUMNS
        ]
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        outcome = imports.import_responses(
            self.page,
            upload,
            upload.name,
            entered_by=request.user,
            default_channel=form.cleaned_data["channel"],
            import_repeated_rows=form.cleaned_data["import_again"],
        )
        if not outcome.ok:
            messages.error(
                request, _("Nothing was imported: fix the problems listed below and try again.")
            )
            token = keep_problems(request.user, self.page, outcome, upload.name)
            return self.render_to_response(
                self.get_context_data(
                    form=ImportForm(), outcome=outcome, filename=upload.name, problems=token
                ),
                status=422,
            )
        messages.success(
            request,
            _("Imported %(count)s responses from %(file)s.")
            % {"count": len(outcome.created), "file": upload.name},
        )
        if request.user.has_perm(VIEW_RESULTS):
            return redirect("consultation_results:summary", page_id=self.page.pk)
        return redirect("consultation_results:import", page_id=self.page.pk)


# A failed import's error report, kept for its download: for the person who ran the
# import only, and only for an hour (the cells may hold what people wrote).
PROBLEMS_SECONDS = 60 * 60


def _problems_key(user, page_id, token) -> str:
    return f"import-problems:{user.pk}:{page_id}:{token}"


def keep_problems(user, page, outcome, filename) -> str:
    token = secrets.token_urlsafe(16)
    cache.set(
        _problems_key(user, page.pk, token),
        {"filename": filename, "rows": imports.problem_rows(outcome)},
        PROBLEMS_SECONDS,
    )
    return token


def import_problems(request, page_id, token):
    """The error report of the user's failed import, as a CSV file."""
    if not request.user.has_perm(ADD_RESPONSE):
        raise PermissionDenied
    page = consultation_or_404(page_id)
    kept = cache.get(_problems_key(request.user, page.pk, token))
    if kept is None:
        raise Http404
    response = StreamingHttpResponse(
        stream_rows(kept["rows"]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-problems-{page.pk}.csv"'
    return response


def import_template(request, page_id):
    """A CSV file with just the header row the import expects."""
    if not request.user.has_perm(ADD_RESPONSE):
        raise PermissionDenied
    page = consultation_or_404(page_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="responses-{page.pk}.csv"'
    response.write("\ufeff")  # so Excel opens it as UTF-8
    csv.writer(response).writerow([neutralise(h) for h in imports.template_headers(page)])
    return response


app_name = "consultation_results"
urlpatterns = [
    path("", ResultsIndexView.as_view(), name="index"),
    path("<int:page_id>/", SummaryView.as_view(), name="summary"),
    path("<int:page_id>/enter/", OfflineEntryView.as_view(), name="enter"),
    path("<int:page_id>/import/", ImportView.as_view(), name="import"),
    path("<int:page_id>/import/template.csv", import_template, name="import_template"),
    path("<int:page_id>/import/problems/<str:token>.csv", import_problems, name="import_problems"),
]
