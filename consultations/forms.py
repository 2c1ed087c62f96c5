"""Forms for the respondent journey, built from the survey definition.

One form per step; every field is named ``q_<block id>`` so a posted value can
only ever reach a question that exists on the page (anything else is ignored).
Error messages follow the NHS.UK pattern and name the question.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations import postcodes
from consultations.answers import likert_choices
from consultations.models import EqualityMonitoring, Response
from consultations.survey import Question, Step, SurveyDefinition

HONEYPOT_FIELD = "website"


def field_name(question: Question) -> str:
    return f"q_{question.id}"


class DateInputWidget(forms.MultiWidget):
    """NHS.UK date input: day, month and year boxes."""

    template_name = "components/forms/widgets/date_input.html"

    def __init__(self, attrs=None):
        number = {"inputmode": "numeric", "class": "nhsuk-input nhsuk-date-input__input"}
        super().__init__(
            [
                forms.TextInput({**number, "class": number["class"] + " nhsuk-input--width-2"}),
                forms.TextInput({**number, "class": number["class"] + " nhsuk-input--width-2"}),
                forms.TextInput({**number, "class": number["class"] + " nhsuk-input--width-4"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, *, question: Question, number: int | None = None, **kwargs):
        self.question = question
        self.number = number
        fields = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1900 or year > 2100:
                raise ValueError
            return datetime.date(year, month, day)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(
                _say(
                    self.question,
                    self.number,
                    _("The date in question %(number)s must be a real date, for example 27 3 2007"),
                    quoted=_("%(question)s must be a real date, for example 27 3 2007"),
                ),
                code="invalid_date",
            ) from exc


class RankingWidget(forms.MultiWidget):
    """One "rank" drop-down per option, each labelled with its option."""

    template_name = "components/forms/widgets/ranking.html"

    def __init__(self, widgets, labels, attrs=None):
        self.labels = labels
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return value or [None] * len(self.labels)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.labels, strict=False):
            subwidget["option_label"] = label
        return context


class RankingField(forms.MultiValueField):
    """Give each option a rank; ranks must be different. Cleans to option ids in order."""

    def __init__(self, *, question: Question, number: int | None = None, **kwargs):
        self.question = question
        self.number = number
        count = len(question.options)
        rank_choices = [("", "–")] + [(str(n), str(n)) for n in range(1, count + 1)]
        fields = [forms.ChoiceField(choices=rank_choices, required=False) for _ in question.options]
        widgets = [
            forms.Select(choices=rank_choices, attrs={"class": "nhsuk-select"})
            for _ in question.options
        ]
        kwargs["widget"] = RankingWidget(widgets, [o.label for o in question.options])
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return []
        ranks = {}
        for option, rank in zip(self.question.options, data_list, strict=False):
            if rank:
                ranks[option.id] = int(rank)
        if len(set(ranks.values())) != len(ranks):
            raise forms.ValidationError(
                _say(
                    self.question,
                    self.number,
                    _("Give each option in question %(number)s a different number"),
                    quoted=_("Give each option in ‘%(question)s’ a different number"),
                ),
                code="duplicate_rank",
            )
        if self.required and len(ranks) != len(self.question.options):
            raise forms.ValidationError(
                _say(
                    self.question,
                    self.number,
                    _("Put every option in question %(number)s in order"),
                    quoted=_("Put every option in ‘%(question)s’ in order"),
                ),
                code="incomplete_rank",
            )
        return [option_id for option_id, _rank in sorted(ranks.items(), key=lambda kv: kv[1])]


class AnswerTextField(forms.CharField):
    """Free text whose line breaks count as one character each.

    Browsers send a line break as CR LF (two characters) but count it as one in the
    textarea, as the character counter does: the length is checked on what the
    person saw, with every line break made a single LF."""

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


def _say(question: Question, number: int | None, numbered, verb=None, quoted=None, **params):
    """An error naming the question: by its number on the step in the public journey
    ("Enter your answer to question 2": short, and the question is right above it),
    by its text where nothing shows numbers (staff entering paper responses)."""
    if number is not None:
        return numbered % {"number": number, **params}
    if verb is not None:
        return _("%(verb)s ‘%(question)s’") % {"verb": verb, "question": question.text}
    return quoted % {"question": question.text, "q": question.text, **params}


def _messages(question: Question, number: int | None, numbered, verb) -> dict:
    return {
        "required": _say(question, number, numbered, verb),
        "invalid_choice": _say(
            question,
            number,
            _("Select a valid answer to question %(number)s"),
            quoted=_("Select a valid answer for ‘%(question)s’"),
        ),
    }


def rating_choices(value) -> list[tuple[int, str]]:
    """1 to the highest score; the first and last carry the meanings staff gave them."""
    scale = value.get("scale") or 5
    meanings = {1: (value.get("low_label") or "").strip()}
    meanings[scale] = (value.get("high_label") or "").strip()
    return [(n, f"{n} – {meanings[n]}" if meanings.get(n) else str(n)) for n in range(1, scale + 1)]


def build_field(question: Question, number: int | None = None) -> forms.Field | None:
    """The Django form field for one question (None for blocks with no answer).

    ``number``: the question's number on its step, shown above it and used in its
    error messages ("Enter your answer to question 2"); without it they quote it."""
    value = question.value
    common = {
        "label": question.text,
        "help_text": value.get("hint", ""),
        "required": question.required,
    }
    kind = question.type
    if kind in ("short_text", "long_text"):
        max_length = value.get("max_length") or (200 if kind == "short_text" else 2000)
        widget = (
            forms.Textarea(attrs={"rows": 5, "class": "nhsuk-textarea"})
            if kind == "long_text"
            else forms.TextInput(attrs={"class": "nhsuk-input"})
        )
        messages = _messages(
            question, number, _("Enter your answer to question %(number)s"), _("Answer")
        )
        messages["max_length"] = _say(
            question,
            number,
            _("Your answer to question %(number)s must be %(limit)s characters or fewer"),
            quoted=_("Your answer to ‘%(question)s’ must be %(limit)s characters or fewer"),
            limit=max_length,
        )
        return AnswerTextField(
            max_length=max_length, widget=widget, error_messages=messages, strip=True, **common
        )
    if kind == "single_choice":
        widget = forms.Select if value.get("widget") == "select" else forms.RadioSelect
        choices = [(o.id, o.label) for o in question.options]
        if widget is forms.Select:
            choices = [("", _("Select an option")), *choices]
        return forms.ChoiceField(
            choices=choices,
            widget=widget,
            error_messages=_messages(
                question,
                number,
                _("Select an answer to question %(number)s"),
                _("Select an answer for"),
            ),
            **common,
        )
    if kind == "multiple_choice":
        return forms.MultipleChoiceField(
            choices=[(o.id, o.label) for o in question.options],
            widget=forms.CheckboxSelectMultiple,
            error_messages=_messages(
                question,
                number,
                _("Select at least one answer to question %(number)s"),
                _("Select at least one answer for"),
            ),
            **common,
        )
    if kind == "likert":
        return forms.TypedChoiceField(
            choices=likert_choices(bool(value.get("include_dont_know"))),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages=_messages(
                question,
                number,
                _("Select how much you agree, in question %(number)s"),
                _("Select how much you agree with"),
            ),
            **common,
        )
    if kind == "rating":
        return forms.TypedChoiceField(
            choices=rating_choices(value),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages=_messages(
                question,
                number,
                _("Select a score for question %(number)s"),
                _("Select a score for"),
            ),
            **common,
        )
    if kind == "ranking":
        return RankingField(
            question=question,
            number=number,
            error_messages=_messages(
                question,
                number,
                _("Put every option in question %(number)s in order"),
                _("Put in order"),
            ),
            **common,
        )
    if kind == "number":
        limits = {
            "min_value": value.get("min_value"),
            "max_value": value.get("max_value"),
        }
        messages = _messages(
            question, number, _("Enter a number for question %(number)s"), _("Enter a number for")
        )
        messages["invalid"] = _say(
            question,
            number,
            _("The answer to question %(number)s must be a number"),
            quoted=_("‘%(question)s’ must be a number"),
        )
        messages["min_value"] = _say(
            question,
            number,
            _("The answer to question %(number)s must be %(limit)s or more"),
            quoted=_("‘%(question)s’ must be %%(limit_value)s or more"),
            limit="%(limit_value)s",
        )
        messages["max_value"] = _say(
            question,
            number,
            _("The answer to question %(number)s must be %(limit)s or less"),
            quoted=_("‘%(question)s’ must be %%(limit_value)s or less"),
            limit="%(limit_value)s",
        )
        field_class = forms.IntegerField if value.get("whole_number") else forms.DecimalField
        extra = {} if field_class is forms.IntegerField else {"max_digits": 12, "decimal_places": 4}
        return field_class(
            widget=forms.TextInput(
                attrs={"class": "nhsuk-input nhsuk-input--width-10", "inputmode": "decimal"}
            ),
            error_messages=messages,
            **limits,
            **extra,
            **common,
        )
    if kind == "date":
        return DateInputField(
            question=question,
            number=number,
            error_messages=_messages(
                question, number, _("Enter a date for question %(number)s"), _("Enter a date for")
            ),
            **common,
        )
    if kind == "postcode":
        return PostcodeField(
            widget=forms.TextInput(
                attrs={"class": "nhsuk-input nhsuk-input--width-10", "autocomplete": "postal-code"}
            ),
            error_messages=_messages(
                question,
                number,
                _("Enter a postcode for question %(number)s"),
                _("Enter a postcode for"),
            ),
            **common,
        )
    if kind == "yes_no":
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda v: v == "yes",
            widget=forms.RadioSelect,
            error_messages=_messages(
                question,
                number,
                _("Select yes or no for question %(number)s"),
                _("Select yes or no for"),
            ),
            **common,
        )
    if kind == "consent":
        return forms.BooleanField(
            error_messages={
                "required": _say(
                    question,
                    number,
                    _("Tick the box to agree, in question %(number)s"),
                    quoted=_("Tick the box to agree: ‘%(q)s’"),
                )
            },
            **common,
        )
    return None


class PostcodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _("Enter a real postcode, like SW1A 1AA")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        normalised = postcodes.normalise(value)
        if normalised is None:
            raise forms.ValidationError(
                _("Enter a real postcode, like SW1A 1AA"), code="invalid_postcode"
            )
        return normalised


class StepForm(forms.Form):
    """The questions of one step that are visible given the answers so far.

    A question whose show-if rule depends on another question *on the same step*
    is always in the form: without JavaScript the person sees it with a note saying
    when to answer it; with JavaScript it is shown and hidden as they answer. On the
    server, its answer (and any error) only counts when the rule is met by what was
    posted.
    """

    def __init__(
        self,
        *args,
        definition: SurveyDefinition,
        step: Step,
        answers: dict[str, Any],
        saving: bool = False,
        numbered: bool = False,
        **kwargs,
    ):
        self.definition = definition
        self.step = step
        self.answers = answers
        self.items = []  # (question, field name or None) in page order
        self.conditions = {}  # question id -> {"field", "value", "question", "answer"}
        # Each answerable question's number on the step, counted whether or not its
        # show-if rule hides it, so "question 3" is the same question whatever is shown.
        # ``numbered``: the page shows these numbers, and errors name questions by them.
        self.numbered = numbered
        self.numbers = {
            q.id: n for n, q in enumerate((q for q in step.questions if q.takes_answer), start=1)
        }
        initial = {}
        super().__init__(*args, **kwargs)
        same_step_ids = {q.id for q in step.questions}
        for question in step.questions:
            condition = self._same_step_condition(question, same_step_ids)
            if condition is None and not definition.rule_met(question.show_if, answers):
                continue
            if condition is not None:
                self.conditions[question.id] = condition
            number = self.numbers[question.id] if numbered and question.takes_answer else None
            field = build_field(question, number) if question.takes_answer else None
            name = None
            if field is not None:
                if saving:
                    # "Save and come back later": keep what is there, answered or not.
                    field.required = False
                name = field_name(question)
                self.fields[name] = field
                initial_value = self._initial(question, answers.get(question.id))
                if initial_value is not None:
                    initial[name] = initial_value
                if question.type == "multiple_choice" and question.value.get("allow_other"):
                    other = answers.get(question.id) or {}
                    self.fields[f"{name}_other"] = forms.CharField(
                        label=_("Other, please specify"),
                        required=False,
                        max_length=500,
                        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
                    )
                    initial[f"{name}_other"] = (
                        other.get("other", "") if isinstance(other, dict) else ""
                    )
            self.items.append((question, name))
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.initial = {**initial, **self.initial}

    def _same_step_condition(self, question: Question, same_step_ids: set[str]):
        """How the browser can tell whether to show a question ruled by this step."""
        rule = question.show_if
        if rule is None:
            return None
        target = self.definition.question_by_reference(rule.question_reference)
        if target is None or target.id not in same_step_ids or target.id == question.id:
            return None
        if target.type in ("single_choice", "multiple_choice"):
            value = self.definition._expected_option_id(rule, target) or ""
            shown_answer = target.option_label(value) or rule.answer
        elif target.type == "yes_no":
            value = "yes" if rule.answer.casefold() in ("yes", "true", "1") else "no"
            shown_answer = _("Yes") if value == "yes" else _("No")
        else:
            value, shown_answer = "", rule.answer
        return {
            "field": field_name(target),
            "value": value,
            "question": target.text,
            "answer": shown_answer,
        }

    @staticmethod
    def _initial(question: Question, value: Any):
        if value is None:
            return None
        if question.type == "multiple_choice":
            return value.get("options", []) if isinstance(value, dict) else value
        if question.type == "yes_no":
            return "yes" if value else "no"
        if question.type == "ranking":
            ranks = {option_id: str(rank) for rank, option_id in enumerate(value, start=1)}
            return [ranks.get(o.id, "") for o in question.options]
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        for question, name in self.items:
            if question.type == "multiple_choice" and name in self.fields:
                other = (cleaned.get(f"{name}_other") or "").strip()
                if other and question.value.get("allow_other") and self._errors.get(name):
                    # "Other" alone is a full answer to a required question.
                    self._errors.pop(name)
                    cleaned[name] = []
        if self.conditions:
            posted = {**self.answers, **self._values(cleaned)}
            for question, name in self.items:
                if question.id in self.conditions and not self.definition.rule_met(
                    question.show_if, posted
                ):
                    # Not shown for these answers: whatever was typed there does not count.
                    for key in (name, f"{name}_other"):
                        self._errors.pop(key, None)
                        cleaned[key] = None
        return cleaned

    def _values(self, cleaned) -> dict[str, Any]:
        values = {}
        for question, name in self.items:
            if name is None:
                continue
            value = cleaned.get(name)
            if question.type == "multiple_choice":
                value = {
                    "options": list(value or []),
                    "other": (cleaned.get(f"{name}_other") or "").strip(),
                }
            values[question.id] = value
        return values

    def answer_values(self) -> dict[str, Any]:
        """{question id: canonical value} for the questions on this step."""
        return self._values(self.cleaned_data)


EQUALITY_FIELDS = [
    "age_band",
    "sex",
    "gender_same_as_sex",
    "ethnicity",
    "disability",
    "carer",
    "religion",
    "sexual_orientation",
    "pregnancy",
]
EQUALITY_RADIO_FIELDS = ("sex", "gender_same_as_sex", "disability", "carer", "pregnancy")


EQUALITY_QUESTIONS = {
    "age_band": _("What is your age?"),
    "sex": _("What is your sex?"),
    "gender_same_as_sex": _(
        "Is the gender you identify with the same as your sex registered at birth?"
    ),
    "ethnicity": _("What is your ethnic group?"),
    "disability": _(
        "Are your day-to-day activities limited because of a health problem or disability "
        "which has lasted, or is expected to last, at least 12 months?"
    ),
    "carer": _(
        "Do you look after, or give any help or support to, anyone because of a long-term "
        "physical or mental health condition, illness or problems related to old age?"
    ),
    "religion": _("What is your religion?"),
    "sexual_orientation": _("Which of the following best describes your sexual orientation?"),
    "pregnancy": _("Are you pregnant, or have you given birth in the last 26 weeks?"),
}


class EqualityForm(forms.ModelForm):
    """The optional "about you" questions; every answer may be left blank."""

    class Meta:
        model = EqualityMonitoring
        fields = EQUALITY_FIELDS
        widgets = dict.fromkeys(EQUALITY_RADIO_FIELDS, forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            field.label = EQUALITY_QUESTIONS[name]
            if isinstance(field.widget, forms.RadioSelect):
                field.choices = [c for c in field.choices if c[0] != ""]
            else:
                field.choices = [("", _("Select an answer"))] + [
                    c for c in field.choices if c[0] != ""
                ]
                field.widget.attrs["class"] = "nhsuk-select"

    def has_answers(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)


class YourDetailsForm(forms.Form):
    """Who is responding, and whether they want a copy: the last step of every survey."""

    respondent_type = forms.ChoiceField(
        label=_("Are you responding as an individual or on behalf of an organisation?"),
        choices=Response.RespondentType.choices,
        widget=forms.RadioSelect,
        initial=Response.RespondentType.INDIVIDUAL,
        error_messages={
            "required": _(
                "Select whether you are responding as an individual or for an organisation"
            )
        },
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    organisation_role = forms.CharField(
        label=_("Your role in the organisation"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    organisation_size = forms.IntegerField(
        label=_("About how many people does the organisation speak for?"),
        required=False,
        min_value=1,
        max_value=100_000_000,
        widget=forms.TextInput(
            attrs={"class": "nhsuk-input nhsuk-input--width-10", "inputmode": "numeric"}
        ),
        error_messages={
            "invalid": _("How many people the organisation speaks for must be a whole number")
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_(
            "We will only use this to send you a copy of your answers and, "
            "if you ask, news of the outcome."
        ),
        widget=forms.EmailInput(
            attrs={"class": "nhsuk-input", "autocomplete": "email", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    postcode = PostcodeField(
        label=_("Your postcode"),
        required=False,
        help_text=_("This helps us see which areas we have heard from."),
        widget=forms.TextInput(
            attrs={"class": "nhsuk-input nhsuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )
    wants_copy = forms.BooleanField(label=_("Email me a copy of my answers"), required=False)
    wants_updates = forms.BooleanField(
        label=_("Email me when the outcome is published"), required=False
    )

    def __init__(self, *args, email_on_record: bool = False, saving: bool = False, **kwargs):
        # Through an emailed link the address on record is not shown, and an empty
        # email field keeps it: asking for a copy then needs no address typed again.
        self.email_on_record = email_on_record
        # "Save and come back later" keeps what is there: nothing is demanded yet.
        self.saving = saving
        super().__init__(*args, **kwargs)
        # Asked, and needed, only of someone responding for an organisation: it sits
        # under that choice, so it is not marked "(optional)".
        self.fields["organisation_name"].required_when_shown = True
        if saving:
            self.fields["respondent_type"].required = False

    def clean(self):
        cleaned = super().clean()
        if self.saving:
            if not cleaned.get("respondent_type"):
                cleaned["respondent_type"] = Response.RespondentType.INDIVIDUAL
            return cleaned
        if cleaned.get(
            "respondent_type"
        ) == Response.RespondentType.ORGANISATION and not cleaned.get("organisation_name"):
            self.add_error("organisation_name", _("Enter the name of the organisation"))
        wants_email = cleaned.get("wants_copy") or cleaned.get("wants_updates")
        if wants_email and not cleaned.get("email") and not self.email_on_record:
            self.add_error(
                "email", _("Enter your email address so we can send you what you asked for")
            )
        return cleaned


class ResumeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will send you a link to come back to your answers."),
        widget=forms.EmailInput(
            attrs={"class": "nhsuk-input", "autocomplete": "email", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


class DraftCommentForm(forms.Form):
    """A comment on one section of a policy draft, or on the whole draft."""

    section = forms.ChoiceField(
        label=_("Which part of the draft is your comment about?"),
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
        error_messages={"invalid_choice": _("Select a part of the draft from the list")},
    )
    text = AnswerTextField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "nhsuk-textarea"}),
        help_text=_(
            "Do not include personal details such as your name, address or health details."
        ),
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _("Your comment must be 5000 characters or fewer"),
        },
    )
    respondent_type = forms.ChoiceField(
        label=_("Are you commenting as an individual or for an organisation?"),
        widget=forms.RadioSelect,
        initial="individual",
        error_messages={"required": _("Select who you are commenting as")},
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation or professional body"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    display_name = forms.CharField(
        label=_("Name to show with your comment"),
        required=False,
        max_length=100,
        help_text=_("Leave empty to comment anonymously."),
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Only if you want us to tell you when the final policy is published."),
        widget=forms.EmailInput(attrs={"class": "nhsuk-input", "autocomplete": "email"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )

    def __init__(self, *args, version, **kwargs):
        from consultations.models import DraftComment

        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The whole draft"))] + [
            (section["id"], f"{number}. {section['heading']}")
            for number, section in enumerate(version.sections, start=1)
        ]
        self.fields["section"].required = False
        self.fields["respondent_type"].choices = DraftComment.RespondentType.choices
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("respondent_type") in ("organisation", "professional") and not cleaned.get(
            "organisation_name"
        ):
            self.add_error(
                "organisation_name", _("Enter the name of the organisation or professional body")
            )
        return cleaned
