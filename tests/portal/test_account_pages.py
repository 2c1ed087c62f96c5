"""Account pages (allauth) in NHS.UK style and sentence case, never showing usernames."""

from __future__ import annotations

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

# allauth's own title-case wording, none of which may reach a page.
TITLE_CASE = [
    "Sign In",
    "Sign Up",
    "Signup",
    "Sign Out",
    "Remember Me",
    "Password Reset",
    "Reset My Password",
    "Forgot Password",
    "Change Password",
    "Confirm Email Address",
    "Verify Your Email Address",
    "Bad Token",
    "New Password",
    "Password (again)",
    "Enter Sign-In Code",
    "Two-Factor Authentication",
    "Email Addresses",
    "Add Email",
    "Make Primary",
    "Re-send Verification",
    "Set Password",
    "Confirm Access",
    "Authenticator App",
    "Recovery Codes",
    "Activate Authenticator",
    "Deactivate Authenticator",
    "Forgot Password?",
]
USERNAME = "panel-0123456789abcdef0123"


@pytest.fixture
def person(home_page):
    user = get_user_model().objects.create_user(
        username=USERNAME, email="sam@example.org", password="a long enough passphrase 42"
    )
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    return user, address


def main_of(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return title + main


def assert_nhs_style(html: str, *, form=True) -> None:
    for wording in TITLE_CASE:
        assert wording not in html, wording
    assert USERNAME not in html
    assert "placeholder=" not in html
    if form:
        assert 'class="nhsuk-button"' in html
    if re.search(r'<input(?![^>]*type="hidden")', html):
        assert "nhsuk-input" in html or "nhsuk-checkboxes__input" in html
        assert "nhsuk-label" in html


@pytest.mark.parametrize(
    "path",
    [
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
    ],
)
def test_entrance_pages_use_nhs_components_and_sentence_case(client, home_page, path):
    html = main_of(client.get(path))
    assert_nhs_style(html)
    assert "nhsuk-form-group" in html


def test_sign_in_says_remember_me_and_links_a_password_reset(client, home_page):
    html = main_of(client.get("/en/accounts/login/"))
    assert "Remember me" in html
    assert "Forgotten your password?" in html
    assert 'autocomplete="email"' in html


def test_sign_in_errors_use_the_nhs_error_summary(client, home_page):
    html = main_of(client.post("/en/accounts/login/", {"login": "", "password": ""}))
    assert "nhsuk-error-summary" in html
    assert_nhs_style(html)


def test_information_pages_after_a_form_are_sentence_case(client, home_page):
    for path in ("/en/accounts/password/reset/done/", "/en/accounts/confirm-email/"):
        html = main_of(client.get(path))
        assert_nhs_style(html, form=False)
        assert "Check your email" in html


def test_password_reset_link_pages(client, person):
    user, _address = person
    bad = main_of(client.get("/en/accounts/password/reset/key/x-set-password/", follow=True))
    assert_nhs_style(bad, form=False)
    assert "This link does not work" in bad
    key = default_token_generator.make_token(user)
    response = client.get(
        f"/en/accounts/password/reset/key/{user_pk_to_url_str(user)}-{key}/", follow=True
    )
    html = main_of(response)
    assert_nhs_style(html)
    assert "Choose a new password" in html and "New password" in html
    done = main_of(client.get("/en/accounts/password/reset/key/done/"))
    assert_nhs_style(done, form=False)


def test_email_confirmation_never_shows_the_internal_username(client, person):
    _user, address = person
    key = EmailConfirmationHMAC(address).key
    html = main_of(client.get(f"/en/accounts/confirm-email/{key}/"))
    assert_nhs_style(html)
    assert "sam@example.org" in html
    expired = main_of(client.get("/en/accounts/confirm-email/not-a-key/"))
    assert_nhs_style(expired, form=False)
    assert "This link does not work" in expired


def test_sign_out_page_and_message_shown_once_with_the_email(client, person):
    user, address = person
    address.verified = True
    address.save()
    response = client.post(
        "/en/accounts/login/",
        {"login": "sam@example.org", "password": "a long enough passphrase 42"},
        follow=True,
    )
    html = response.content.decode()
    assert USERNAME not in html
    signed_in = [m for m in re.findall(r'role="status".*?</div>', html, re.S) if "signed in" in m]
    assert len(signed_in) == 1, signed_in
    assert "sam@example.org" in signed_in[0]
    logout = main_of(client.get("/en/accounts/logout/"))
    assert_nhs_style(logout)
    assert "Sign out" in logout


def test_panel_pages_show_each_message_once(client, person):
    from citizens_panel.models import Member

    user, address = person
    address.verified = True
    address.save()
    Member.objects.create(user=user, email=user.email, status=Member.Status.ACTIVE)
    client.force_login(user)
    html = client.post("/en/panel/membership/", {"action": "pause"}, follow=True)
    assert html.content.decode().count("Your membership is paused.") == 1


def test_the_title_case_check_can_fail():
    with pytest.raises(AssertionError):
        assert_nhs_style('<h1>Sign In</h1><button class="nhsuk-button">Sign In</button>')


def test_staff_sign_in_code_and_authenticator_pages_are_sentence_case(client, settings, home_page):
    from allauth.mfa.models import Authenticator

    from tests.trust.accounts import sign_in, staff_member

    settings.PORTAL_REQUIRE_STAFF_MFA = True
    staff_member("dpo@example.nhs.uk")
    code_page = client.get(sign_in(client, "dpo@example.nhs.uk")["Location"])
    html = main_of(code_page)
    assert_nhs_style(html)
    assert "Enter your sign-in code" in html

    other = client.__class__()
    staff = staff_member("lead@example.nhs.uk")
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    html = main_of(other.get(sign_in(other, "lead@example.nhs.uk")["Location"]))
    assert_nhs_style(html)
    assert "Enter the code from your authenticator app" in html


# --- Pages a signed-in person uses to manage their account ---------------------------


@pytest.fixture
def signed_in(client, person):
    """A member of the public, signed in with their password and just confirmed it."""
    user, address = person
    address.verified = True
    address.save()
    response = client.post(
        "/en/accounts/login/",
        {"login": "sam@example.org", "password": "a long enough passphrase 42"},
    )
    assert response.status_code == 302, response.status_code
    # allauth asks again before any authenticator change, whatever the sign-in was
    response = client.post(
        "/en/accounts/reauthenticate/", {"password": "a long enough passphrase 42"}
    )
    assert response.status_code == 302, response.status_code
    return user


def error_on_field(html: str, field_id: str) -> None:
    """The error summary links to the field, and the field's group is in error."""
    assert "nhsuk-error-summary" in html
    assert f'href="#{field_id}"' in html
    before_field = html[: html.index(f'id="{field_id}"')]
    group = before_field[before_field.rindex('<div class="nhsuk-form-group') :]
    assert group.startswith('<div class="nhsuk-form-group nhsuk-form-group--error"'), field_id
    assert "nhsuk-error-message" in group, field_id


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/accounts/email/", "Your email addresses"),
        ("/en/accounts/password/change/", "Change your password"),
        ("/en/accounts/2fa/", "Two-step verification"),
        ("/en/accounts/2fa/totp/activate/", "Set up an authenticator app"),
    ],
)
def test_account_management_pages_use_nhs_components_and_sentence_case(
    client, signed_in, path, heading
):
    html = main_of(client.get(path))
    assert_nhs_style(html, form=path != "/en/accounts/2fa/")
    assert f"<h1>{heading}</h1>" in html
    assert "sam@example.org" in html or path != "/en/accounts/email/"


def test_email_page_shows_each_address_as_radios_and_the_privacy_link(client, signed_in):
    html = main_of(client.get("/en/accounts/email/"))
    assert "Confirmed" in html
    assert "nhsuk-radios__input" not in html  # one address: nothing to choose between
    EmailAddress.objects.create(user=signed_in, email="sam.work@example.org")
    html = main_of(client.get("/en/accounts/email/"))
    assert_nhs_style(html)
    assert html.count('class="nhsuk-radios__input"') == 2
    assert "Not confirmed yet" in html
    assert "Confirmed" in html and "Main address" in html
    assert 'name="action_add"' in html
    # it collects a new address: say how we use it (and link the notice, when there is one)
    assert 'data-privacy-purpose="account"' in html


def test_adding_a_bad_email_address_reshows_the_form_with_the_error(client, signed_in):
    response = client.post("/en/accounts/email/", {"action_add": "", "email": "not an email"})
    html = main_of(response)
    assert_nhs_style(html)
    error_on_field(html, "id_email")
    assert 'value="not an email"' in html
    assert "<title>Error:" in response.content.decode()


def test_a_wrong_current_password_reshows_the_change_form_with_the_error(client, signed_in):
    html = main_of(
        client.post(
            "/en/accounts/password/change/",
            {"oldpassword": "wrong", "password1": "another long one 77", "password2": "x"},
        )
    )
    assert_nhs_style(html)
    error_on_field(html, "id_oldpassword")
    assert "Current password" in html


def test_a_person_without_a_password_can_set_one(client, person):
    user, address = person
    address.verified = True
    address.save()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    html = main_of(client.get("/en/accounts/password/set/"))
    assert_nhs_style(html)
    assert "<h1>Set a password</h1>" in html
    html = main_of(
        client.post("/en/accounts/password/set/", {"password1": "short", "password2": "other"})
    )
    assert_nhs_style(html)
    error_on_field(html, "id_password1")


def test_confirm_it_is_you_before_setting_up_an_authenticator(client, person):
    user, address = person
    address.verified = True
    address.save()
    client.force_login(user)  # no password given in this session
    response = client.get("/en/accounts/2fa/totp/activate/", follow=True)
    html = main_of(response)
    assert_nhs_style(html)
    assert "<h1>Confirm it is you</h1>" in html
    wrong = main_of(client.post("/en/accounts/reauthenticate/", {"password": "wrong"}))
    assert_nhs_style(wrong)
    error_on_field(wrong, "id_password")


def test_a_wrong_authenticator_code_reshows_the_set_up_form(client, signed_in):
    html = main_of(client.post("/en/accounts/2fa/totp/activate/", {"code": "123"}))
    assert_nhs_style(html)
    error_on_field(html, "id_code")
    assert "QR code for your authenticator app" in html


def test_pages_once_an_authenticator_is_on(client, signed_in):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(signed_in, generate_totp_secret())
    RecoveryCodes.activate(signed_in)
    index = main_of(client.get("/en/accounts/2fa/"))
    assert_nhs_style(index, form=False)
    assert "Turn off the authenticator app" in index
    assert "You have 10 of 10 recovery codes left." in index
    for path, heading in [
        ("/en/accounts/2fa/totp/deactivate/", "Turn off the authenticator app"),
        ("/en/accounts/2fa/recovery-codes/", "Recovery codes"),
        ("/en/accounts/2fa/recovery-codes/generate/", "Get new recovery codes"),
        ("/en/accounts/2fa/reauthenticate/", "Confirm it is you"),
    ]:
        html = main_of(client.get(path))
        assert_nhs_style(html, form="/recovery-codes/" not in path or "generate" in path)
        assert f"<h1>{heading}</h1>" in html, path
    wrong = main_of(client.post("/en/accounts/2fa/reauthenticate/", {"code": "000000"}))
    assert_nhs_style(wrong)
    error_on_field(wrong, "id_code")


def test_the_error_on_field_check_can_fail():
    page = '<div class="nhsuk-form-group"><a href="#id_email"></a><input id="id_email"></div>'
    with pytest.raises(AssertionError):
        error_on_field('<div class="nhsuk-error-summary">' + page, "id_email")
