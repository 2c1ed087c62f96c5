"""allauth's forms with sentence-case labels and no placeholders (``ACCOUNT_FORMS``).

The account pages (``templates/account/``) draw every field with the NHS.UK field
component; these subclasses only change the words: "Email address" rather than
"Email", "Remember me" rather than "Remember Me", and no placeholder text (the NHS.UK
design system asks for labels and hints, never placeholders).
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

EMAIL = _("Email address")


def sentence_case(form, labels: dict) -> None:
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sentence_case(
            self, {"login": EMAIL, "password": _("Password"), "remember": _("Remember me")}
        )
        if "login" in self.fields:
            self.fields["login"].widget.attrs["autocomplete"] = "email"
        if "password" in self.fields:
            self.fields["password"].help_text = ""  # the page links "Forgotten your password?"


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sentence_case(
            self,
            {
                "email": EMAIL,
                "password1": _("Create a password"),
                "password2": _("Enter the password again"),
            },
        )


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sentence_case(self, {"email": EMAIL})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sentence_case(
            self,
            {"password1": _("New password"), "password2": _("Enter the new password again")},
        )


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sentence_case(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("Enter the new password again"),
            },
        )


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sentence_case(
            self, {"password1": _("Password"), "password2": _("Enter the password again")}
        )


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sentence_case(self, {"email": EMAIL})


def user_display(user) -> str:
    """How allauth names a person in its messages: their email, never the username."""
    return getattr(user, "email", "") or str(_("your account"))
