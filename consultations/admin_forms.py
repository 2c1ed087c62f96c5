"""Staff forms in the Wagtail admin: offline entry of a response, and response imports.

Staff see every question of every step on one page (show-if rules are for the
public journey; a paper form may answer anything). Each answer goes through the
same field cleaning as the public form (``consultations.forms.build_field`` via
``StepForm``), except that no question is required: people may skip questions
on paper, and staff record what they said.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from consultations.answers import is_blank
from consultations.forms import EqualityForm, StepForm
from consultations.models import Response
from consultations.survey import SurveyDefinition
from portal.models import Area

# Formats staff type, or a spreadsheet holds, for when a response was received.
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]


class StaffFormRenderer(DjangoTemplates):
    """Django's form templates plus the project's, where the survey widgets live.

    The public survey's date and ranking widgets have their templates in
    ``templates/components/forms/widgets``, which Django's default form renderer
    does not look in.
    """

    @cached_property
    def engine(self):
        dirs = [Path(forms.__file__).parent / "templates"]
        for engine in settings.TEMPLATES:
            dirs += [Path(d) for d in engine.get("DIRS", [])]
        return self.backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "staffforms", "OPTIONS": {}})


RENDERER = StaffFormRenderer()


class StaffSurveyDefinition(SurveyDefinition):
    """The survey with every show-if rule switched off: staff may fill in any question."""

    @classmethod
    def for_page(cls, page) -> StaffSurveyDefinition:
        source = page.source_page
        plain = SurveyDefinition.from_stream(source.survey)
        return cls(steps=plain.steps)

    def rule_met(self, rule, answers) -> bool:
        return True


def staff_step_forms(definition: StaffSurveyDefinition, data=None, prefixed=True):
    """A StepForm per step holding every question, none of them required."""
    step_forms = []
    for step in definition.steps:
        form = StepForm(
            data,
            definition=definition,
            step=step,
            answers={},
            prefix=f"step{step.number}" if prefixed else None,
            renderer=RENDERER,
        )
        for field in form.fields.values():
            field.required = False
        step_forms.append(form)
    return step_forms


def has_answers(values: dict[str, Any]) -> bool:
    return any(not is_blank(value) for value in values.values())


def answer_values(step_forms) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for form in step_forms:
        values.update(form.answer_values())
    return values


class ResponseDetailsForm(forms.Form):
    """How a response reached us and who sent it; shared by offline entry and imports."""

    channel = forms.ChoiceField(
        label=_("How it reached us"),
        choices=[c for c in Response.Channel.choices if c[0] != Response.Channel.ONLINE],
        initial=Response.Channel.PAPER,
    )
    language = forms.ChoiceField(
        label=_("Language it was written in"),
        choices=settings.LANGUAGES,
        initial="en",
        required=False,
    )
    respondent_type = forms.ChoiceField(
        label=_("Responding as"),
        choices=Response.RespondentType.choices,
        initial=Response.RespondentType.INDIVIDUAL,
        required=False,
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Only for responses on behalf of an organisation."),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        required=False,
        help_text=_("Leave empty to take it from the postcode answer, if there is one."),
    )
    submitted_at = forms.DateTimeField(
        label=_("Date received"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        help_text=_("For example 14/03/2025. Leave empty for now."),
    )

    def clean_language(self):
        return self.cleaned_data.get("language") or "en"

    def clean_respondent_type(self):
        return self.cleaned_data.get("respondent_type") or Response.RespondentType.INDIVIDUAL

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(
            "respondent_type"
        ) == Response.RespondentType.ORGANISATION and not cleaned.get("organisation_name"):
            self.add_error("organisation_name", _("Enter the name of the organisation"))
        return cleaned


class OfflineResponseForm:
    """Details, every question of the survey and the optional "about you" answers."""

    def __init__(self, page, data=None):
        self.page = page.source_page
        self.definition = StaffSurveyDefinition.for_page(page)
        self.details = ResponseDetailsForm(data, prefix="details", renderer=RENDERER)
        self.steps = staff_step_forms(self.definition, data)
        self.equality = (
            EqualityForm(data, prefix="about_you", renderer=RENDERER)
            if self.definition.has_about_you
            else None
        )

    @property
    def forms(self) -> list[forms.BaseForm]:
        extra = [self.equality] if self.equality is not None else []
        return [self.details, *self.steps, *extra]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]  # validate all, to show every error
        valid = all(results)
        if valid and not has_answers(self.answer_values()) and not self.has_equality_answers():
            self.details.add_error(None, _("Enter at least one answer"))
            return False
        return valid

    def answer_values(self) -> dict[str, Any]:
        return answer_values(self.steps)

    def has_equality_answers(self) -> bool:
        return self.equality is not None and self.equality.has_answers()

    def sections(self) -> list[dict[str, Any]]:
        """Each step's title and bound fields in page order, for the template."""
        sections = []
        for step, form in zip(self.definition.steps, self.steps, strict=True):
            fields, about_you = [], False
            for question, name in form.items:
                if question.type == "about_you":
                    about_you = self.equality is not None
                if name is None:
                    continue
                fields.append(form[name])
                if f"{name}_other" in form.fields:
                    fields.append(form[f"{name}_other"])
            sections.append(
                {"step": step, "fields": fields, "equality": self.equality if about_you else None}
            )
        return sections

    @property
    def error_count(self) -> int:
        return sum(len(form.errors) for form in self.forms)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "A CSV file (UTF-8) or an Excel workbook (.xlsx); the first row names the columns."
        ),
    )
    channel = forms.ChoiceField(
        label=_("How these responses reached us"),
        choices=ResponseDetailsForm.base_fields["channel"].choices,
        initial=Response.Channel.PAPER,
        help_text=_("Used for rows whose 'channel' column is empty or missing."),
    )
    import_again = forms.BooleanField(
        label=_("Import these rows again"),
        required=False,
        help_text=_(
            "Only when rows already imported from another file are different responses "
            "that happen to be the same. The same file is never imported twice."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file"))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file must be smaller than 20 MB"))
        return upload
