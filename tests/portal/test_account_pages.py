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
