"""The account pages a signed-in member of the public uses (email addresses, password,
two-step verification), in a real browser at 375 px, in English and Arabic: axe-core
clean, no sideways scrolling."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.browser.axe import AxeLog, require_axe
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"
PAGES = [
    ("email addresses", "/accounts/email/"),
    ("change password", "/accounts/password/change/"),
    ("two-step verification", "/accounts/2fa/"),
    ("set up an authenticator app", "/accounts/2fa/totp/activate/"),
]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_signed_in_account_pages_pass_axe_at_375px(live_server, home_page, chromium, language):
    require_axe()
    user = get_user_model().objects.create_user(
        username="panel-browser", email="sam@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    axe = AxeLog(f"Signed-in account pages, {language}")
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("#id_login", "sam@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main button.nhsuk-button").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/{language}/accounts/reauthenticate/")
    axe.check(page, "confirm it is you")
    page.fill("#id_password", PASSWORD)
    page.locator("main button.nhsuk-button").click()
    page.wait_for_load_state()
    for name, path in PAGES:
        response = page.goto(f"{live_server.url}/{language}{path}")
        assert response is not None and response.status == 200, (path, response.status)
        assert page.locator("main h1").count() == 1
        axe.check(page, name)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at 375px by {overflow}px"
        screenshot(page, f"account-{name.replace(' ', '-')}-{language}-375")
    page.goto(f"{live_server.url}/{language}/accounts/2fa/totp/activate/")
    page.fill("#id_code", "123")
    page.locator("main button.nhsuk-button").click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-error-summary").count() == 1
    axe.check(page, "authenticator code with an error")
    screenshot(page, f"account-authenticator-error-{language}-375")
    context.close()
    axe.assert_clean()
