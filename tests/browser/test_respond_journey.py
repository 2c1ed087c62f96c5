"""Answer a consultation survey in a real browser, with and without JavaScript."""

import pytest
from django.core import mail

from consultations.models import Answer, Response
from tests.browser.conftest import screenshot
from tests.browser.navigation import press
from tests.consultations.factories import option_id, question_id

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def live_consultation(live_server, consultation, settings):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    return consultation


def answer_first_step(page, travel_label, priority_label, agree_label="Agree"):
    page.get_by_label(travel_label, exact=True).check()
    page.get_by_label(priority_label, exact=True).check()
    page.get_by_label(agree_label, exact=True).check()
    page.locator("textarea").first.fill("Buses to Northwick Park are too slow.")


def test_a_person_answers_in_english_and_polish_and_both_count_together(
    browser_page, live_server, live_consultation, locales
):
    from tests.consultations.factories import translate_consultation

    polish = translate_consultation(live_consultation, locales["pl"])
    page = browser_page

    page.goto(live_server.url + live_consultation.url)
    press(page.get_by_role("button", name="Start now"))
    answer_first_step(page, "Bus", "Shorter waits")
    press(page.get_by_role("button", name="Continue"))
    page.get_by_role("group", name="Have you used a walk-in").get_by_label("No").check()
    press(page.get_by_role("button", name="Continue"))
    press(page.get_by_role("button", name="Continue"))  # your details: individual by default
    press(page.get_by_role("button", name="Submit response"))
    assert page.get_by_role("heading", name="Response submitted").is_visible()

    page.goto(live_server.url + polish.url + "respond/step/1/")
    answer_first_step(page, "Autobusem", "Krótsze oczekiwanie", "Zgadzam się")
    press(page.locator("main form button[type=submit]").first)
    walk_in = page.get_by_role("group", name="Czy w ostatnim roku korzystałeś")
    walk_in.locator("input[value=no]").check()
    press(page.locator("main form button[type=submit]").first)
    press(page.locator("main form button[type=submit]").first)
    press(page.locator("main form button[type=submit]").first)
    screenshot(page, "confirmation-pl")
    assert page.locator("#reference").is_visible()

    responses = Response.objects.submitted()
    assert sorted(responses.values_list("language", flat=True)) == ["en", "pl"]
    travel = Answer.objects.filter(question_id=question_id(live_consultation, "travel"))
    assert set(travel.values_list("option_id", flat=True)) == {
        option_id(live_consultation, "travel", "Bus")
    }
    assert travel.count() == 2


def test_save_and_resume_then_edit_until_close(browser_page, live_server, live_consultation):
    page = browser_page
    page.goto(live_server.url + live_consultation.url + "respond/step/1/")
    answer_first_step(page, "Car", "Clear information")
    press(page.get_by_role("button", name="Save and come back later"))
    page.get_by_label("Email address").fill("sam@example.org")
    press(page.get_by_role("button", name="Email me a link"))
    assert page.get_by_role("heading", name="Check your email").is_visible()

    link = next(line for line in mail.outbox[-1].body.splitlines() if "/resume/" in line)
    resumed = page.context.browser.new_context().new_page()
    resumed.goto(link)
    assert resumed.get_by_role("heading", name="Your local services").is_visible()
    resumed.get_by_role("group", name="Have you used a walk-in").get_by_label("No").check()
    press(resumed.get_by_role("button", name="Continue"))
    resumed.get_by_label("Email me a copy of my answers").check()
    press(resumed.get_by_role("button", name="Continue"))
    press(resumed.get_by_role("button", name="Submit response"))
    reference = resumed.locator("#reference").inner_text()
    stored = Response.objects.get(reference=reference)
    assert stored.status == Response.Status.SUBMITTED

    copy = mail.outbox[-1]
    assert reference in copy.subject
    edit_link = next(line for line in copy.body.splitlines() if "/resume/" in line)
    editor = page.context.browser.new_context().new_page()
    editor.goto(edit_link)
    assert editor.get_by_role("heading", name="Check your answers before sending them").is_visible()
    press(editor.get_by_role("link", name="Change How do you usually travel to hospital?"))
    editor.get_by_label("Walking", exact=True).check()
    press(editor.get_by_role("button", name="Continue"))
    press(editor.get_by_role("button", name="Save changes"))

    assert Response.objects.count() == 1
    travel = Answer.objects.get(question_id=question_id(live_consultation, "travel"))
    assert travel.option_id == option_id(live_consultation, "travel", "Walking")
