from django import forms
from django.utils.translation import gettext_lazy as _


class EmailLookupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter the person's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


class StaffEraseForm(EmailLookupForm):
    name = forms.CharField(
        label=_("Other name they are known by (optional)"),
        required=False,
        max_length=200,
        help_text=_("Names, phone numbers and postcodes in their records are included anyway."),
    )
    phone = forms.CharField(label=_("Phone number (optional)"), required=False, max_length=40)
    postcode = forms.CharField(label=_("Postcode (optional)"), required=False, max_length=10)
    identity_checked = forms.BooleanField(
        label=_("I have checked who is asking, and that they asked for their data to be erased"),
        error_messages={"required": _("Confirm that you checked who is asking")},
    )


class DeleteMyDataForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and my personal details will be deleted, "
            "and that this cannot be undone"
        ),
        error_messages={"required": _("Tick the box to confirm you want to delete your data")},
        widget=forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
    )
