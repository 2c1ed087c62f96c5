"""Responses in the Wagtail admin: a ``ModelViewSet`` with Wagtail's own listing,
filters, search, export, inspect and history screens, plus two actions of its own
(correct an answer, withdraw with a reason).

Who may do what (``ResponsePermissionPolicy``): staff who may see results
(``consultations.view_results``: engagement leads and analysts) list, search,
open and export responses; only those who may change responses
(``consultations.change_response``: engagement leads) correct or withdraw them and
read their history. Nobody adds or deletes responses here (staff enter and import
them on the results screens; the retention job deletes them). Free text is
redacted for staff without the personal-data permission, as everywhere else.
"""

from __future__ import annotations

import tempfile
from collections import OrderedDict

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.search import SearchArea
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from consultations import response_changes, response_exports
from consultations.admin_forms import RENDERER, StaffSurveyDefinition
from consultations.forms import StepForm
from consultations.models import Response, ResponseContact
from consultations.survey import Step
from reports import quotes
from search.exports import neutralise

VIEW = "consultations.view_results"
CHANGE = "consultations.change_response"


class ResponsePermissionPolicy(ModelPermissionPolicy):
    """ "view" is seeing results; "change" is correcting or withdrawing; nothing else."""

    PERMISSIONS = {"view": VIEW, "change": CHANGE}

    def user_has_permission(self, user, action):
        permission = self.PERMISSIONS.get(action)
        return bool(permission and user.is_active and user.has_perm(permission))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Response, ResponsePermissionPolicy(Response))


def _survey_pages():
    from consultations.admin_views import survey_pages

    return Page.objects.filter(pk__in=[p.pk for p in survey_pages()]).order_by("title")


class ResponseFilterSet(WagtailFilterSet):
    consultation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Consultation"),
        queryset=lambda request: _survey_pages(),
    )
    channel = django_filters.ChoiceFilter(
        label=gettext_lazy("Channel"), choices=Response.Channel.choices
    )
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=settings.LANGUAGES
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Received"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[c for c in Response.Status.choices if c[0] != Response.Status.DRAFT],
    )

    class Meta:
        model = Response
        fields = ["consultation", "channel", "language", "submitted_at", "area", "status"]


class ChunkedResponses:
    """The filtered responses read a chunk at a time, each chunk with its answers
    (free text as the user may read it), for an export of any size."""

    def __init__(self, queryset, user):
        self.queryset = queryset
        self.model = queryset.model
        self.user = user

    def __iter__(self):
        last = None
        queryset = self.queryset.select_related("area").order_by("pk")
        while True:
            chunk = queryset.filter(pk__gt=last) if last is not None else queryset
            chunk = list(chunk[: response_exports.CHUNK])
            if not chunk:
                return
            values = response_exports.answer_values(self.user, [r.pk for r in chunk])
            for response in chunk:
                response.export_values = values.get(response.pk, {})
                yield response
            last = chunk[-1].pk


def language_name(response) -> str:
    """ "Polish", not "pl" (in the staff member's language)."""
    from consultations.results import language_label

    return language_label(response.language)


class ResponseIndexView(IndexView):
    """The response list: filters, search by reference, CSV and XLSX export."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .exclude(status=Response.Status.DRAFT)
            .select_related("consultation", "area")
        )

    @cached_property
    def columns(self):
        return [
            self._get_title_column("reference"),
            Column("consultation", label=_("Consultation"), accessor="consultation.title"),
            Column("channel", label=_("Channel"), accessor="get_channel_display"),
            Column("language", label=_("Language"), accessor=language_name),
            Column("area", label=_("Area"), accessor="area"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn("submitted_at", label=_("Received"), sort_key="submitted_at"),
        ]

    # --- export ---------------------------------------------------------------------
    BASE_EXPORT = OrderedDict(
        [
            ("reference", gettext_lazy("Reference")),
            ("consultation", gettext_lazy("Consultation")),
            ("channel", gettext_lazy("Channel")),
            ("language", gettext_lazy("Language")),
            ("area", gettext_lazy("Area")),
            ("respondent_type", gettext_lazy("Responding as")),
            ("organisation_name", gettext_lazy("Organisation")),
            ("status", gettext_lazy("Status")),
            ("submitted_at", gettext_lazy("Received")),
            ("withdrawn_reason", gettext_lazy("Reason for withdrawing")),
        ]
    )

    @cached_property
    def question_columns(self):
        chosen = self.request.GET.get("consultation")
        if chosen and chosen.isdigit():
            ids = [int(chosen)]
        else:
            ids = list(
                self.get_queryset().order_by().values_list("consultation_id", flat=True).distinct()
            )
        return response_exports.question_columns(ids, prefix_titles=len(ids) > 1)

    show_export_buttons = True  # without working out the question columns on every list

    @property
    def list_export(self):
        return [*self.BASE_EXPORT, *(key for key, _h, _q in self.question_columns)]

    def get_heading(self, queryset, field):
        if field in self.BASE_EXPORT:
            return str(self.BASE_EXPORT[field])
        return next(heading for key, heading, _q in self.question_columns if key == field)

    def get_filename(self):
        return "responses"

    def to_row_dict(self, item):
        row = OrderedDict(
            [
                ("reference", item.reference),
                ("consultation", item.consultation.title),
                ("channel", item.get_channel_display()),
                ("language", language_name(item)),
                ("area", item.area.name if item.area else ""),
                ("respondent_type", item.get_respondent_type_display()),
                ("organisation_name", item.organisation_name),
                ("status", item.get_status_display()),
                ("submitted_at", item.submitted_at),
                ("withdrawn_reason", item.withdrawn_reason),
            ]
        )
        values = getattr(item, "export_values", {})
        for key, _heading, question in self.question_columns:
            consultation_id = int(key.split(":")[1])
            value = values.get(question.id) if consultation_id == item.consultation_id else None
            row[key] = response_exports.displayed(question, value)
        return row

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        return value

    def write_xlsx_response(self, queryset):
        """The workbook written to a temporary file (not memory), then streamed."""
        output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )

    def stream_csv(self, queryset):
        yield "\ufeff"  # so spreadsheet programs read UTF-8
        yield from super().stream_csv(queryset)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            ChunkedResponses(queryset, self.request.user), spreadsheet_format
        )


class ResponseInspectView(InspectView):
    """A response whole: how it reached us, every answer in step order, its status."""

    template_name = "consultations/admin/response_inspect.html"
    page_title = gettext_lazy("Response")

    def get_page_subtitle(self):
        return self.object.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        response = self.object
        can_change = user.has_perm(CHANGE) and response.status == Response.Status.SUBMITTED
        context.update(
            response=response,
            language_name=language_name(response),
            lines=response_exports.answer_lines(user, response),
            can_change=can_change,
            can_see_history=user.has_perm(CHANGE),
            sees_personal_data=quotes.sees_personal_data(user),
            redacted=not quotes.sees_personal_data(user),
        )
        if quotes.sees_personal_data(user):
            contact = ResponseContact.objects.filter(response=response).first()
            context["contact"] = contact
            if contact is not None:
                from privacy import audit

                audit.log_viewed(contact, user)
        return context


class ResponseActionView(WagtailAdminTemplateMixin, FormView):
    """Base of the two actions: only for those who may change responses, only on a
    submitted response."""

    header_icon = "form"
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        self.object = get_object_or_404(
            Response.objects.select_related("consultation"), pk=kwargs["pk"]
        )
        if self.object.status != Response.Status.SUBMITTED:
            messages.error(
                request,
                _("Response %(reference)s is %(status)s: it cannot be changed.")
                % {
                    "reference": self.object.reference,
                    "status": self.object.get_status_display().lower(),
                },
            )
            return redirect(self.inspect_url())
        return super().dispatch(request, *args, **kwargs)

    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_page_subtitle(self):
        return self.object.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Responses")},
            {"url": self.inspect_url(), "label": self.object.reference},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["response"] = self.object
        context["inspect_url"] = self.inspect_url()
        return context


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it being withdrawn?"),
        help_text=gettext_lazy(
            "For example: the person asked us to, or it was entered twice. "
            "Kept in the response's history."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say why the response is being withdrawn")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the response is being withdrawn"))
        return reason


class WithdrawView(ResponseActionView):
    template_name = "consultations/admin/response_withdraw.html"
    form_class = WithdrawForm
    page_title = gettext_lazy("Withdraw response")

    def form_valid(self, form):
        response_changes.withdraw(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            _(
                "Response %(reference)s is withdrawn: it no longer counts in the results, "
                "the feedback explorer or reports."
            )
            % {"reference": self.object.reference},
        )
        return redirect(self.inspect_url())


class CorrectView(ResponseActionView):
    """Correct one answer with the question's own form field, and say why."""

    template_name = "consultations/admin/response_correct.html"
    page_title = gettext_lazy("Correct an answer")

    def dispatch(self, request, *args, **kwargs):
        self.question_id = kwargs["question_id"]
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def definition(self):
        return StaffSurveyDefinition.for_page(self.object.consultation.specific)

    @cached_property
    def question(self):
        for question in self.definition.questions:
            if question.id == self.question_id and question.takes_answer:
                return question
        raise Http404

    def get_form(self, form_class=None):
        from consultations.answers import load_answers

        question = self.question
        step = next(s for s in self.definition.steps if question in s.questions)
        single = Step(step.index, step.id, step.title, None, [question])
        form = StepForm(
            self.request.POST if self.request.method == "POST" else None,
            definition=self.definition,
            step=single,
            answers=load_answers(self.object),
            prefix="answer",
            renderer=RENDERER,
        )
        for field in form.fields.values():
            field.required = False
        form.fields["reason"] = forms.CharField(
            label=_("Why is it being corrected?"),
            help_text=_("For example: typed wrongly from the paper form. Kept in the history."),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("Say why the answer is being corrected")},
        )
        return form

    def form_valid(self, form):
        reason = form.cleaned_data["reason"].strip()
        if not reason:
            form.add_error("reason", _("Say why the answer is being corrected"))
            return self.form_invalid(form)
        value = form.answer_values().get(self.question.id)
        logged = response_changes.correct_answer(
            self.object, self.question, value, user=self.request.user, reason=reason
        )
        messages.success(
            self.request,
            _("Answer to ‘%(question)s’ corrected: was ‘%(before)s’, now ‘%(after)s’.")
            % {
                "question": self.question.text,
                "before": logged["before"],
                "after": logged["after"],
            },
        )
        return redirect(self.inspect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        return context


def outcome_updates_csv(request, page_id):
    """Who asked to be emailed when the consultation's outcome is published (personal
    data: for staff who may see it; each person listed is audit-logged)."""
    import csv

    from django.http import StreamingHttpResponse

    from consultations import outcome_updates
    from consultations.admin_views import consultation_or_404
    from consultations.models import OutcomeNotification
    from privacy import audit

    if not (request.user.has_perm(VIEW) and quotes.sees_personal_data(request.user)):
        raise PermissionDenied
    page = consultation_or_404(page_id)
    contacts = list(outcome_updates.people_who_asked(page.pk))
    sent = dict(
        OutcomeNotification.objects.filter(
            response__consultation_id=page.pk, sent_at__isnull=False
        ).values_list("response_id", "sent_at")
    )
    audit.log_listed(contacts, request.user, where="outcome emails", action="privacy.export")

    class Echo:
        def write(self, value):
            return value

    def rows():
        writer = csv.writer(Echo())
        yield "\ufeff"
        yield writer.writerow(
            [_("Reference"), _("Name"), _("Email address"), _("Language"), _("Emailed")]
        )
        for contact in contacts:
            emailed = sent.get(contact.response_id)
            yield writer.writerow(
                [
                    neutralise(cell)
                    for cell in (
                        contact.response.reference,
                        contact.name,
                        contact.email,
                        contact.response.language,
                        emailed.isoformat() if emailed else "",
                    )
                ]
            )

    reply = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="outcome-emails-{page.pk}.csv"'
    return reply


class ResponseSearchArea(SearchArea):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


class ResponseViewSet(ModelViewSet):
    model = Response
    icon = "form"
    menu_label = gettext_lazy("Responses")
    menu_name = "responses"
    menu_order = 255
    add_to_admin_menu = True
    index_view_class = ResponseIndexView
    inspect_view_class = ResponseInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = ResponseFilterSet
    search_fields = ["reference"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    list_per_page = 50
    form_fields = []  # no add or edit screens: see get_urlpatterns

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, delete_url_name=None)
        view_kwargs.update(usage_url_name=None)
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        kwargs.pop("list_export", None)  # the view's own: one column per question
        return kwargs

    def action_view(self, view_class):
        return view_class.as_view(
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect", "history", "history_results"}
        patterns = [p for p in super().get_urlpatterns() if p.name in kept]
        return [
            *patterns,
            path("withdraw/<int:pk>/", self.action_view(WithdrawView), name="withdraw"),
            path(
                "correct/<int:pk>/<str:question_id>/",
                self.action_view(CorrectView),
                name="correct",
            ),
            path("outcome-emails/<int:page_id>.csv", outcome_updates_csv, name="outcome_emails"),
        ]

    def get_search_area(self):
        return ResponseSearchArea(
            gettext_lazy("Responses"),
            reverse(self.get_url_name("index")),
            name="responses",
            icon_name="form",
            order=150,
        )

    def on_register(self):
        super().on_register()
        from wagtail import hooks

        hooks.register("register_admin_search_area", self.get_search_area)
