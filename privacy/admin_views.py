"""Staff screens for data subject requests (Wagtail admin, ``privacy.manage_data_requests``).

Find everything held about an email address, download it as JSON, or erase it.
The address travels in POST bodies only (never in a URL, so not in server logs),
and each step is recorded and audit-logged under a request reference.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from privacy import dsr, registry
from privacy.forms import EmailLookupForm, StaffEraseForm
from privacy.models import DataSubjectRequest, RetentionRun

MANAGE = "privacy.manage_data_requests"
app_name = "privacy_admin"


class PrivacyView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Personal data requests")
    header_icon = "lock"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def render(self, status=200, **context):
        return self.render_to_response(self.get_context_data(**context), status=status)


class IndexView(PrivacyView):
    """The lookup form, recent requests and retention runs."""

    template_name = "privacy/admin/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", EmailLookupForm())
        context["requests"] = DataSubjectRequest.objects.select_related("made_by")[:20]
        context["runs"] = RetentionRun.objects.all()[:10]
        return context

    def post(self, request):
        form = EmailLookupForm(request.POST)
        if not form.is_valid():
            return self.render(form=form, status=400)
        email = dsr.normalise(form.cleaned_data["email"])
        found = dsr.find(email)
        record = dsr.record_find(email, user=request.user, found=found)
        labels = {s.name: s.label for s in registry.sources()}
        self.template_name = "privacy/admin/found.html"
        return self.render(
            email=email,
            record=record,
            sections=[(labels[name], items) for name, items in found.items()],
            total=sum(len(items) for items in found.values()),
        )


class ExportView(PrivacyView):
    http_method_names = ["post"]

    def post(self, request):
        form = EmailLookupForm(request.POST)
        if not form.is_valid():
            raise PermissionDenied
        email = form.cleaned_data["email"]
        data = dsr.export(email)
        record = dsr.record_export(email, user=request.user, data=data)
        data["request_reference"] = record.reference
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-{record.reference}.json"'
        )
        response["Cache-Control"] = "no-store"
        return response


class EraseView(PrivacyView):
    """Confirm (identity checked), then erase and show what was done and what is left."""

    template_name = "privacy/admin/erase_confirm.html"
    http_method_names = ["post"]

    def post(self, request):
        if "confirm" not in request.POST:  # arriving from the results page
            email = dsr.normalise(request.POST.get("email", ""))
            return self.render(form=StaffEraseForm(initial={"email": email}), email=email)
        form = StaffEraseForm(request.POST)
        if not form.is_valid():
            return self.render(form=form, email=request.POST.get("email", ""), status=400)
        data = form.cleaned_data
        record = dsr.erase(
            data["email"],
            user=request.user,
            name=data["name"],
            phone=data["phone"],
            postcode=data["postcode"],
        )
        labels = {s.name: s.label for s in registry.sources()}
        self.template_name = "privacy/admin/erased.html"
        return self.render(
            record=record,
            counts=[(labels.get(name, name), count) for name, count in record.counts.items()],
        )


urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("export/", ExportView.as_view(), name="export"),
    path("erase/", EraseView.as_view(), name="erase"),
]
