"""Public panel forms (NHS.UK markup through ``{% nhs_field %}``) and the staff import form."""

import zipfile

from django import forms
from django.utils.translation import gettext_lazy as _

from citizens_panel import choices
from citizens_panel.models import Member
from consultations import postcodes

PROFILE_QUESTIONS = {
    "age_band": _("What is your age?"),
    "sex": _("What is your sex?"),
    "gender_identity": _(
        "Is the gender you identify with the same as your sex registered at birth?"
    ),
    "ethnic_group": _("What is your ethnic group?"),
    "disability": _(
        "Do you have any physical or mental health conditions or illnesses lasting or "
        "expected to last 12 months or more that reduce your ability to carry out "
        "day-to-day activities?"
    ),
    "long_term_condition": _("Do you have a long-term health condition?"),
    "carer": _(
        "Do you look after, or give any help or support to, anyone because they have "
        "long-term physical or mental health conditions or illnesses, or problems related "
        "to old age?"
    ),
    "main_language": _("What is your main language?"),
    "religion": _("What is your religion?"),
    "sexual_orientation": _("Which of the following best describes your sexual orientation?"),
}
RADIO_FIELDS = ["age_band", "sex", "gender_identity", "disability", "long_term_condition", "carer"]


class ProfileFormMixin:
    """Every profile question optional, each with "Prefer not to say"."""

    def setup_profile(self):
        for name, question in PROFILE_QUESTIONS.items():
            field = self.fields[name]
            field.required = False
            field.label = question
            options = [c for c in field.choices if c[0] != ""]
            if name in RADIO_FIELDS:
                field.widget = forms.RadioSelect()
                field.choices = options
            else:
                field.choices = [("", _("Select an answer")), *options]
                field.widget.attrs["class"] = "nhsuk-select"
        self.fields["ways_to_take_part"] = forms.MultipleChoiceField(
            label=_("How would you like to take part?"),
            help_text=_("Select all that apply."),
            choices=choices.WAYS_TO_TAKE_PART,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=getattr(self.instance, "ways_to_take_part", None),
        )
        self.fields["access_needs"].label = _("Do you have any access needs?")
        self.fields["access_needs"].help_text = _(
            "For example large print, an interpreter, step-free access or a hearing loop."
        )
        self.fields["access_needs"].widget.attrs.update({"class": "nhsuk-textarea", "rows": 3})


class MemberDetailsForm(ProfileFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "email", "phone", "postcode", *PROFILE_QUESTIONS, "access_needs"]
        labels = {
            "name": _("Full name"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "postcode": _("Postcode"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_profile()
        for name in ("name", "email", "phone", "postcode"):
            self.fields[name].widget.attrs["class"] = "nhsuk-input"
        self.fields["name"].required = True
        self.fields["email"].required = True
        self.fields["postcode"].required = True
        self.fields["postcode"].help_text = _("We use it only to know which borough you live in.")
        self.fields["postcode"].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-10"

    def clean_postcode(self):
        value = postcodes.normalise(self.cleaned_data.get("postcode", ""))
        if value is None:
            raise forms.ValidationError(_("Enter a real postcode, like HA1 2AB"))
        return value


class JoinForm(MemberDetailsForm):
    consent = forms.BooleanField(
        label=choices.CONSENT_WORDING,
        error_messages={"required": _("Tick the box to agree, or you cannot join the panel")},
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))  # honeypot


class ProfileForm(MemberDetailsForm):
    """What a member can change themselves (their email is their account's)."""

    class Meta(MemberDetailsForm.Meta):
        fields = [f for f in MemberDetailsForm.Meta.fields if f != "email"]

    def __init__(self, *args, **kwargs):
        super(MemberDetailsForm, self).__init__(*args, **kwargs)
        self.setup_profile()
        for name in ("name", "phone", "postcode"):
            self.fields[name].widget.attrs["class"] = "nhsuk-input"
        self.fields["postcode"].required = True


class ManageLinkForm(forms.Form):
    """Ask for an emailed link to manage your membership (no password needed)."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address you joined the panel with."),
        widget=forms.EmailInput(attrs={"class": "nhsuk-input", "autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("One member per row; every row is imported, or none."),
    )

    def clean_file(self):
        """A .csv in UTF-8 or an .xlsx workbook, under 20 MB (read before anything is imported)."""
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file must be smaller than 20 MB"))
        if name.endswith(".xlsx"):
            readable = zipfile.is_zipfile(upload)
        else:
            try:
                upload.read().decode("utf-8-sig")
                readable = True
            except UnicodeDecodeError:
                readable = False
        upload.seek(0)
        if not readable:
            raise forms.ValidationError(
                _("This file cannot be read: save it as CSV (UTF-8) or Excel (.xlsx) and try again")
            )
        return upload
