"""Finishing a response on the demo site, in a real browser (issue 15, "Finishing").

The demo site is loaded once for the module (``live_demo``). Each test uses its own
consultation or answers, so they do not depend on each other. Screenshots of what
the person sees (390 px and 375 px wide) go to test-artifacts/screenshots/.
"""

import re

import pytest
from django.core import mail

from tests.browser.axe import check_page, describe, require_axe
from tests.browser.conftest import save_screenshot
from tests.browser.navigation import press

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 812}


def axe_clean(page, state):
    """axe-core finds no WCAG 2.2 A/AA problem on what the page shows now."""
    require_axe()
    result = check_page(page, state)
    assert not result.violations, describe(result.violations)


def submit(page):
    press(page.locator("main form button[type=submit]").first)


def consultation(slug):
    from consultations.models import ConsultationPage

    return ConsultationPage.objects.get(slug=slug, locale__language_code="en")


def young_step_three(live_demo, page, language="en"):
    """The young people's survey, answered as a 13-year-old up to "Your health"."""
    page.goto(live_demo.url(f"/{language}/consultations/young-peoples-health/respond/step/1/"))
    page.locator("input[type=radio]").nth(0).check()  # 13 to 15
    page.locator("input[type=radio][value=yes]").check()
    submit(page)
    assert "/respond/step/3/" in page.url


def test_a_rating_question_shows_what_its_end_scores_mean(live_demo, tab):
    page = tab
    young_step_three(live_demo, page)
    rating = page.get_by_role("group", name="How would you rate the help")
    assert rating.get_by_label("1 – Very poor", exact=True).is_visible()
    assert rating.get_by_label("5 – Very good", exact=True).is_visible()
    assert rating.get_by_label("3", exact=True).is_visible()
    page.set_viewport_size(PHONE)
    save_screenshot(page, "finishing-rating-end-labels-375")


def test_text_with_line_breaks_up_to_the_counter_limit_is_accepted(live_demo, tab):
    page = tab
    young_step_three(live_demo, page)
    box = page.locator("main textarea")
    # 1000 characters as the counter counts them (19 line breaks, one each).
    lines = ["a" * 49] * 19 + ["b" * 50]
    text = "\n".join(lines)
    assert len(text) == 1000
    box.fill(text)
    counter = page.locator(".nhsuk-character-count__status, .nhsuk-character-count__message")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nhsuk-character-count__status')]"
        ".some(e => /\\b0\\b/.test(e.textContent))"
    )
    assert "0 characters remaining" in " ".join(counter.all_inner_texts())
    page.set_viewport_size(PHONE)
    save_screenshot(page, "finishing-counter-at-limit-375")
    submit(page)
    assert "/respond/your-details/" in page.url, page.locator("main").inner_text()[:500]

    from consultations.models import Answer

    stored = Answer.objects.filter(value_text__startswith="a" * 49).latest("pk")
    assert len(stored.value_text) == 1000
    assert "\r" not in stored.value_text


def test_the_young_peoples_survey_can_be_saved_half_done_and_resumed(
    live_demo, browser_page, chromium
):
    from django.core.cache import cache
    from wagtail.models import Site

    page = browser_page
    # The demo's Site record names another port, as under `PORT=8080 make run`.
    site = Site.objects.get(is_default_site=True)
    live_port = site.port
    site.port = 8000
    site.save()
    cache.clear()
    try:
        page.goto(live_demo.url("/en/consultations/young-peoples-health/respond/step/1/"))
        page.locator("input[type=radio]").nth(1).check()  # 16 to 18; GP question left empty
        press(page.locator("button[name=save_and_return]"))
        assert "/respond/save/" in page.url, "saving a half-done step asks for nothing"
        assert page.locator(".nhsuk-error-summary").count() == 0
        email = f"half-done-{'js' if page.javascript else 'nojs'}@example.org"
        page.locator("input[type=email]").fill(email)
        submit(page)
        assert page.get_by_role("heading", name="Check your email").is_visible()
    finally:
        site.port = live_port
        site.save()
        cache.clear()

    message = next(m for m in reversed(mail.outbox) if email in m.to)
    link = next(line.strip() for line in message.body.splitlines() if "/resume/" in line)
    assert link.startswith(live_demo.server.url + "/en/"), link  # the address in use
    other_device = chromium.new_context(viewport=PHONE)
    resumed = other_device.new_page()
    resumed.goto(link)
    assert "/respond/step/1/" in resumed.url, "back at the step still missing an answer"
    assert resumed.locator("input[type=radio]").nth(1).is_checked(), "what was typed is kept"
    save_screenshot(resumed, f"finishing-resumed-half-done-375-js-{page.javascript}")
    other_device.close()


def test_check_your_answers_lists_everything_and_a_copy_can_be_printed(live_demo, tab, chromium):
    page = tab
    page.goto(live_demo.url("/en/consultations/single-commissioner/respond/step/1/"))
    page.locator("input[type=radio]").nth(1).check()  # Agree
    page.locator("main textarea").fill("Keep a local voice in every borough (copy test).")
    submit(page)
    # Step 2: "About you" only: the postcode is asked once, on the next page.
    assert page.locator("main input[autocomplete=postal-code]").count() == 0
    page.get_by_label("What is your age?").select_option(label="35 to 44")
    submit(page)
    assert "/respond/your-details/" in page.url
    page.locator("input[name=name]").fill("Sam Okafor")
    page.locator("input[name=postcode]").fill("HA1 2AB")
    submit(page)
    assert "/respond/check/" in page.url
    main = page.locator("main")
    text = main.inner_text()
    for shown in (
        "What is your age?",
        "35 to 44",
        "Sam Okafor",
        "HA1 2AB",
        "Email me a copy of my answers",
        "Email me when the outcome is published",
        "copy test",
    ):
        assert shown in text, shown
    rows = main.locator(".nhsuk-summary-list__row").count()
    assert main.locator(".nhsuk-summary-list__actions a").count() == rows, "each has Change"
    axe_clean(page, "check your answers, with About you and contact details")
    page.set_viewport_size(PHONE)
    save_screenshot(page, "finishing-check-your-answers-375")

    submit(page)
    assert "/respond/done/" in page.url
    reference = page.locator("#reference").inner_text().strip()
    press(page.get_by_role("link", name="Print or save a copy of your answers"))
    assert "/respond/your-answers/" in page.url
    assert page.get_by_role("button", name="Print this page").is_visible()
    assert reference in page.locator("main").inner_text()
    assert "Sam Okafor" in page.locator("main").inner_text()
    save_screenshot(page, "finishing-your-answers-375")
    axe_clean(page, "printable copy of your answers")
    page.emulate_media(media="print")
    assert not page.locator("header.nhsuk-header").is_visible()
    assert not page.get_by_role("button", name="Print this page").is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your answers as a text file").click()
    download = download_info.value
    assert download.suggested_filename == f"your-answers-{reference}.txt"
    content = open(download.path(), encoding="utf-8").read()
    assert reference in content and "copy test" in content

    # Without JavaScript the page is the same plain page, with no dead button.
    no_js = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    stranger = no_js.new_page()
    stranger.goto(page.url)
    assert "/respond/your-answers/" not in stranger.url, "another browser gets nothing"
    assert "Sam Okafor" not in stranger.content()
    no_js.close()


def test_the_copy_page_works_without_javascript(live_demo, chromium):
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_demo.url("/en/consultations/share-your-feedback/respond/step/1/"))
    page.locator("main input[type=text]").first.fill("Northwick Park outpatients")
    page.locator("input[type=radio]").nth(3).check()
    page.locator("main textarea").fill("Kind staff; the letter came late (no-JS copy).")
    submit(page)
    submit(page)  # your details
    submit(page)  # send
    assert "/respond/done/" in page.url
    press(page.get_by_role("link", name="Print or save a copy of your answers"))
    assert "no-JS copy" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Print this page").count() == 0 or not (
        page.get_by_role("button", name="Print this page").is_visible()
    )
    save_screenshot(page, "finishing-your-answers-no-js-375")
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_lost_session_shows_a_page_saying_what_to_do(live_demo, tab, language):
    page = tab
    start = live_demo.url(f"/{language}/consultations/single-commissioner/respond/step/1/")
    page.goto(start)
    page.locator("input[type=radio]").nth(1).check()
    typed = f"A long answer I would hate to type again ({language})."
    page.locator("main textarea").fill(typed)
    page.context.clear_cookies()  # the session and its security token are lost
    submit(page)
    # What was typed is shown again to copy (kept in this tab while the form was sent).
    rescued = page.locator("#typed-rescue textarea")
    assert rescued.input_value() == typed
    assert page.locator("html").get_attribute("lang") == language
    body = page.locator("main").inner_text()
    assert "CSRF" not in page.content()
    assert page.locator("header.nhsuk-header").is_visible()
    axe_clean(page, "form refused: lost session")
    page.set_viewport_size(PHONE)
    save_screenshot(page, f"finishing-lost-session-{language}-375")
    if language == "en":
        assert "Sorry, we could not accept that form" in body
    press(page.locator("#retry-link"))
    assert page.url == start


def test_errors_are_short_and_name_the_question_by_number(live_demo, tab):
    page = tab
    page.set_viewport_size(PHONE)
    page.goto(live_demo.url("/en/consultations/single-commissioner/respond/step/1/"))
    submit(page)
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    link = summary.get_by_role("link", name="Select how much you agree, in question 1")
    assert link.is_visible()
    words = len(summary.inner_text().split())
    assert words < 15, summary.inner_text()
    assert page.get_by_text("Question 1", exact=True).is_visible()
    axe_clean(page, "step with short numbered errors")
    save_screenshot(page, "finishing-short-errors-375")


def test_the_organisation_name_is_asked_only_of_an_organisation(live_demo, browser_page):
    page = browser_page
    page.goto(live_demo.url("/en/consultations/share-your-feedback/respond/step/1/"))
    page.locator("main input[type=text]").first.fill("Ealing Hospital")
    page.locator("input[type=radio]").nth(2).check()
    page.locator("main textarea").fill(f"Organisation test {page.javascript}.")
    submit(page)
    name = page.locator("label[for=id_organisation_name]")
    assert "optional" not in name.inner_text()
    if page.javascript:
        assert not name.is_visible(), "hidden until 'on behalf of an organisation' is chosen"
    page.get_by_label("On behalf of an organisation").check()
    assert name.is_visible()
    submit(page)
    assert (
        page.locator(".nhsuk-error-summary")
        .get_by_text("Enter the name of the organisation")
        .is_visible()
    )
    page.set_viewport_size(PHONE)
    save_screenshot(page, f"finishing-organisation-name-375-js-{page.javascript}")
    page.get_by_label("Name of the organisation").fill("Ealing Carers")
    submit(page)
    assert "/respond/check/" in page.url
    assert "Ealing Carers" in page.locator("main").inner_text()


def test_a_closed_consultation_with_an_outcome_says_it_has_been_read(live_demo, tab):
    page = tab
    page.goto(live_demo.url("/en/consultations/gp-access/"))
    text = page.locator("main").inner_text()
    assert "read every response" not in text
    assert "We have read the responses" in text
    assert re.search(r"/you-said-we-did/", page.locator("#not-open a").get_attribute("href"))
