"""In the Wagtail editor, in a real browser: the survey builder shows its errors on the
field, the live preview panel shows the page, and staff try the survey in test mode."""

import pytest

from consultations.models import Answer, Response
from tests.browser.conftest import save_screenshot
from tests.consultations.factories import SuperuserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_tab(chromium, live_server, client):
    client.force_login(SuperuserFactory())
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_a_show_if_naming_an_unknown_question_is_refused_on_the_field(
    editor_tab, live_server, consultation
):
    page = editor_tab
    page.goto(f"{live_server.url}/admin/pages/{consultation.pk}/edit/")
    page.get_by_role("tab", name="Survey").click()
    assert page.get_by_text("Every survey ends with “About your response”").is_visible()
    # Step 1, question 4 ("Tell us why you think this.") shown only if "travel-mode" is "Bus".
    rule = page.locator('input[name="survey-0-value-questions-3-value-show_if-question"]')
    answer = page.locator('input[name="survey-0-value-questions-3-value-show_if-answer"]')
    # The answer field suggests the named question's options.
    rule.fill("travel")
    answer.focus()
    suggested = answer.evaluate("el => [...el.list.options].map(o => o.value)")
    assert suggested == ["Bus", "Car", "Walking"]
    rule.fill("travel-mode")
    answer.fill("Bus")
    page.get_by_role("tab", name="Content").click()
    page.locator('input[name="opens_at"]').fill("2027-02-01 09:00")
    page.locator('input[name="closes_at"]').fill("2027-01-31 17:00")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")

    closes = page.locator('[data-field-wrapper]:has(input[name="closes_at"])')
    closes.get_by_text("The closing date must be after the opening date.").wait_for()
    save_screenshot(page, "builder-closing-before-opening")
    page.get_by_role("tab", name="Survey").click()
    show_if = page.locator(
        '[data-contentpath="show_if"]:has(input[name="survey-0-value-questions-3-value-show_if-question"])'
    )
    message = show_if.get_by_text("No question in this survey has the reference ‘travel-mode’")
    message.wait_for()
    assert message.is_visible()
    message.scroll_into_view_if_needed()
    save_screenshot(page, "builder-show-if-unknown-question")
    consultation.refresh_from_db()
    assert consultation.closes_at is None, "nothing was saved"


def test_the_preview_panel_shows_the_page_and_test_mode_saves_nothing(
    editor_tab, live_server, consultation
):
    page = editor_tab
    page.goto(f"{live_server.url}/admin/pages/{consultation.pk}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    frame = page.frame_locator("#w-preview-iframe")
    start = frame.get_by_role("button", name="Start now (test mode)")
    start.wait_for()
    save_screenshot(page, "editor-preview-panel")

    page.goto(f"{live_server.url}/admin/survey-test/{consultation.pk}/")
    assert page.get_by_text("Test mode: answers are not saved").is_visible()
    assert page.get_by_role("button", name="Save and come back later").count() == 0
    page.get_by_label("Bus").check()
    page.get_by_label("Care closer to home").check()
    page.get_by_label("Agree", exact=True).check()
    save_screenshot(page, "test-mode-step-1")
    page.get_by_role("button", name="Continue").click()
    page.locator("input[type=radio][value=no]").first.check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # "About your response"
    assert page.get_by_text("Care closer to home").is_visible()
    save_screenshot(page, "test-mode-check")
    page.get_by_role("button", name="Finish the test").click()
    page.get_by_text("Nothing you answered was saved or counted").wait_for()
    page.set_viewport_size({"width": 375, "height": 800})
    save_screenshot(page, "test-mode-done-375")
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
