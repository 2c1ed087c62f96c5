"""Privacy at collection, the account pages, panel membership links and the event and
draft fixes, in a real browser: axe-core clean in English and Arabic, and saved as
screenshots at 375 px (phone) and 1024 px (desktop) for people to look at."""

import pytest

from tests.browser.axe import AxeLog, require_axe
from tests.browser.conftest import save_screenshot

PAGES = [
    ("account sign in", "/accounts/login/"),
    ("account create", "/accounts/signup/"),
    ("account password reset", "/accounts/password/reset/"),
    ("account check your email", "/accounts/password/reset/done/"),
    ("account bad reset link", "/accounts/password/reset/key/x-set-password/"),
    ("panel join (privacy block)", "/panel/join/"),
    ("panel manage: ask for a link", "/panel/membership/"),
    ("panel manage: bad link", "/panel/membership/link/not-a-token/"),
    ("privacy notice", "/privacy-notice/"),
    ("accessibility statement", "/accessibility-statement/"),
    ("events list (places left)", "/events/"),
    ("invitation-only event", "/events/head-teachers-focus-group/"),
    ("event sign-up (privacy block)", "/events/carers-focus-group/sign-up/"),
    ("policy draft (closing date, section links)", "/consultations/benign-skin-lesions/"),
]
ENGLISH_ONLY = [
    ("policy draft what changed", "/consultations/knee-arthroscopy/changes/1/"),
]
SCREENSHOTS = {
    "account sign in": "account-sign-in",
    "account create": "account-create",
    "panel join (privacy block)": "panel-join",
    "panel manage: ask for a link": "panel-manage-link",
    "events list (places left)": "events-list",
    "invitation-only event": "event-invitation-only",
    "policy draft (closing date, section links)": "policy-draft",
    "privacy notice": "privacy-notice",
    "accessibility statement": "accessibility-statement",
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_privacy_account_panel_event_and_draft_pages_pass_axe(live_demo, chromium, language):
    require_axe()
    axe = AxeLog(f"Privacy, account, panel link, event and draft pages, {language}")
    for width, device in [(375, "375"), (1024, "desktop")]:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        pages = PAGES + (ENGLISH_ONLY if language == "en" else [])
        for name, path in pages:
            response = page.goto(live_demo.url(f"/{language}{path}"))
            expected = 404 if "bad link" in name else 200
            assert response is not None and response.status == expected, (path, response.status)
            if device == "375":
                axe.check(page, name)
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth"
                    " - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{path} scrolls sideways at 375px by {overflow}px"
            if name in SCREENSHOTS:
                save_screenshot(page, f"privacy-{language}-{SCREENSHOTS[name]}-{device}")
        context.close()
    axe.assert_clean()
