"""The public sign-up form (NHS.UK markup through ``{% nhs_field %}``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.choices import ACCESS_NEEDS, CONSENT_WORDING


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send your place, reminders and a link to cancel here."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("In case we need to reach you on the day."),
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Do you need any of these to take part?"),
        help_text=_("Select all that apply."),
        choices=ACCESS_NEEDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_details = forms.CharField(
        label=_("Tell us more about what you need"),
        help_text=_("For example which language, or your dietary needs."),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={"required": _("Tick the box to agree, or we cannot give you a place")},
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))  # honeypot

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email", "phone"):
            self.fields[name].widget.attrs["class"] = "nhsuk-input"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(
            {"autocomplete": "tel", "class": "nhsuk-input nhsuk-input--width-20"}
        )

    def clean(self):
        data = super().clean()
        needs = data.get("access_needs") or []
        if {"language", "dietary", "other"} & set(needs) and not data.get("access_details"):
            self.add_error(
                "access_details",
                _("Tell us which language, diet or other need, so we can arrange it"),
            )
        return data
