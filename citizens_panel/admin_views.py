"""Staff screens in the Wagtail admin: representativeness, member import, benchmarks, samples."""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citizens_panel import benchmarks, choices, imports, invitations, representativeness, sampling
from citizens_panel.forms import ImportForm
from citizens_panel.models import PanelSurveyPage, Sample
from portal.admin_pages import admin_page
from portal.models import Area

app_name = "citizens_panel_admin"

VIEW_DASHBOARD = "citizens_panel.view_representativeness"
ADD_MEMBER = "citizens_panel.add_member"
ADD_BENCHMARK = "citizens_panel.add_populationbenchmark"
ADD_SAMPLE = "citizens_panel.add_sample"


def _render(request, template, context):
    return admin_page(request, f"citizens_panel/admin/{template}", context)


@permission_required(VIEW_DASHBOARD, raise_exception=True)
def dashboard(request):
    return _render(
        request,
        "dashboard.html",
        {
            "header_title": _("Panel representativeness"),
            "results": representativeness.dashboard(),
            "unplaced": representativeness.unplaced_members(),
            "attribution": benchmarks.ATTRIBUTION,
        },
    )


@permission_required(ADD_MEMBER, raise_exception=True)
def import_members(request):
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.read_rows(form.cleaned_data["file"])
        except imports.UnreadableFile as problem:
            form.add_error("file", str(problem))
        else:
            result = imports.import_members(rows, entered_by=request.user)
        if result is not None and not result.errors:
            messages.success(request, _("%(n)s members imported.") % {"n": result.created})
            return redirect("citizens_panel_admin:import")
    return _render(
        request,
        "import.html",
        {
            "header_title": _("Import panel members"),
            "form": form,
            "result": result,
            "columns": imports.COLUMNS + imports.OPTIONAL,
        },
    )


@permission_required(ADD_BENCHMARK, raise_exception=True)
def load_benchmarks(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"].read().decode("utf-8-sig")
        try:
            loaded = benchmarks.load(text)
        except benchmarks.BenchmarkFileError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("Loaded %(rows)s figures for %(areas)s areas.")
                % {"rows": loaded.rows, "areas": len(loaded.areas)},
            )
            return redirect("citizens_panel_admin:dashboard")
    return _render(
        request,
        "benchmarks.html",
        {
            "header_title": _("Load population figures"),
            "form": form,
            "errors": errors,
            "columns": ",".join(benchmarks.COLUMNS),
        },
    )


class SampleForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=gettext_lazy("Panel survey"), queryset=PanelSurveyPage.objects.none()
    )
    method = forms.ChoiceField(
        label=gettext_lazy("How to choose"),
        choices=Sample.Method.choices,
        widget=forms.RadioSelect,
        initial=Sample.Method.STRATIFIED,
    )
    size = forms.IntegerField(
        label=gettext_lazy("Sample size"), min_value=1, max_value=100_000, required=False
    )
    characteristics = forms.MultipleChoiceField(
        label=gettext_lazy("Quotas by"),
        choices=[
            ("area", gettext_lazy("Area")),
            ("age_band", gettext_lazy("Age")),
            ("sex", gettext_lazy("Sex")),
            ("ethnic_group", gettext_lazy("Ethnic group")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=["area", "age_band"],
        help_text=gettext_lazy("Quotas are proportional to the Census population aged 16+."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Only members in"),
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    age_bands = forms.MultipleChoiceField(
        label=gettext_lazy("Only members aged"),
        choices=[c for c in choices.AGE_BANDS if c[0] != "prefer_not_to_say"],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Random seed"),
        help_text=gettext_lazy("The same seed and members give the same sample."),
    )
    reminder_after_days = forms.IntegerField(
        label=gettext_lazy("Remind non-responders after (days)"),
        min_value=1,
        max_value=60,
        initial=7,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = PanelSurveyPage.objects.filter(
            alias_of__isnull=True
        ).order_by("title")

    def clean(self):
        data = super().clean()
        if data.get("method") == Sample.Method.STRATIFIED:
            if not data.get("size"):
                self.add_error("size", _("Enter how many members to invite"))
            if not data.get("characteristics"):
                self.add_error("characteristics", _("Choose at least one characteristic"))
        return data

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            "area": [a.pk for a in data.get("areas") or []],
            "age_band": list(data.get("age_bands") or []),
        }

    def draw(self):
        data = self.cleaned_data
        survey = data["survey"].source_page
        exclude = invitations.already_invited(survey)
        if data["method"] == Sample.Method.EVERYONE:
            return sampling.draw_everyone(self.criteria(), exclude)
        return sampling.draw_stratified(
            data["size"], data["characteristics"], data["seed"], self.criteria(), exclude
        )


@permission_required(ADD_SAMPLE, raise_exception=True)
def new_sample(request):
    draw = None
    if request.method == "POST":
        form = SampleForm(request.POST)
        if form.is_valid():
            draw = form.draw()
            if "send" in request.POST:
                sample = invitations.create_sample(
                    form.cleaned_data["survey"].source_page,
                    draw,
                    method=form.cleaned_data["method"],
                    criteria=form.criteria(),
                    created_by=request.user,
                    reminder_after_days=form.cleaned_data["reminder_after_days"],
                )
                invitations.send(sample)
                messages.success(
                    request, _("%(n)s invitations are being sent.") % {"n": draw.drawn}
                )
                return redirect("citizens_panel_admin:sample", sample.pk)
    else:
        form = SampleForm(initial={"seed": secrets.randbelow(1_000_000)})
    return _render(
        request,
        "new_sample.html",
        {"header_title": _("Draw a panel sample"), "form": form, "draw": draw},
    )


@permission_required(ADD_SAMPLE, raise_exception=True)
def samples(request):
    return _render(
        request,
        "samples.html",
        {
            "header_title": _("Panel samples"),
            "samples": Sample.objects.select_related("survey").order_by("-created_at"),
        },
    )


@permission_required(ADD_SAMPLE, raise_exception=True)
def sample(request, pk):
    sample = get_object_or_404(Sample.objects.select_related("survey"), pk=pk)
    rates = invitations.response_rates(sample)
    invited = sum(r["invited"] for r in rates)
    responded = sum(r["responded"] for r in rates)
    return _render(
        request,
        "sample.html",
        {
            "header_title": str(sample),
            "sample": sample,
            "rates": rates,
            "invited": invited,
            "responded": responded,
            "rate": round(100 * responded / invited, 1) if invited else 0.0,
        },
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("import/", import_members, name="import"),
    path("benchmarks/", load_benchmarks, name="benchmarks"),
    path("samples/", samples, name="samples"),
    path("samples/new/", new_sample, name="new_sample"),
    path("samples/<int:pk>/", sample, name="sample"),
]
