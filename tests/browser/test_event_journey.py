"""Sign up for an event and cancel, in a real browser, in English and in Arabic
(right to left), with JavaScript on and off."""

import pytest
from django.core import mail

from events.models import EventSignup
from tests.browser.conftest import screenshot
from tests.browser.navigation import press
from tests.events import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def live_event(live_server, home_page):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    return factories.make_event(factories.make_index(home_page), capacity=5)


@pytest.fixture
def arabic_event(live_event, locales):
    from tests.consultations.factories import _translate_parent_chain

    _translate_parent_chain(live_event, locales["ar"])
    translated = live_event.copy_for_translation(locales["ar"])
    translated.title = "مجموعة تركيز: مقدمو الرعاية"
    translated.intro = "أخبرنا بما يساعد مقدمي الرعاية."
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def test_a_person_signs_up_and_cancels_in_english(browser_page, live_server, live_event):
    page = browser_page
    page.goto(live_server.url + live_event.url)
    press(page.get_by_role("button", name="Sign up"))

    press(page.get_by_role("button", name="Book my place"))  # nothing filled in
    summary = page.locator(".nhsuk-error-summary")
    assert summary.get_by_role("link", name="Enter your full name").is_visible()
    assert summary.get_by_role("link", name="Tick the box to agree").is_visible()

    page.get_by_label("Full name").fill("Sam Carer")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Step-free access").check()
    page.locator("#id_consent").check()
    press(page.get_by_role("button", name="Book my place"))

    # The place is shown only through the link emailed to the address (issue #14).
    assert page.get_by_role("heading", name="Check your email").is_visible()
    signup = EventSignup.objects.get()
    assert (signup.status, signup.access_needs) == ("confirmed", ["step_free"])
    assert signup.token in mail.outbox[-1].body
    page.goto(f"{live_server.url}/en/events/place/{signup.token}/")
    assert page.get_by_role("heading", name="Your place is booked").is_visible()

    press(page.get_by_role("button", name="Cancel my place"))
    press(page.get_by_role("button", name="Yes, cancel my place"))
    assert page.get_by_role("heading", name="You have cancelled").is_visible()
    screenshot(page, f"event-cancelled-en-{'js' if page.javascript else 'nojs'}")
    signup.refresh_from_db()
    assert signup.status == "cancelled"


def test_a_person_signs_up_and_cancels_in_arabic_right_to_left(
    browser_page, live_server, arabic_event
):
    page = browser_page
    page.goto(live_server.url + arabic_event.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="مجموعة تركيز: مقدمو الرعاية").is_visible()
    press(page.locator("main a.nhsuk-button"))

    page.locator("#id_name").fill("سارة أحمد")
    page.locator("#id_email").fill("sara@example.org")
    page.locator("#id_access_needs_1").check()  # BSL interpreter
    page.locator("#id_consent").check()
    press(page.locator("main form button[type=submit]"))

    assert page.url.endswith("/sign-up/check-your-email/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    signup = EventSignup.objects.get()
    assert signup.token in mail.outbox[-1].body
    page.goto(f"{live_server.url}/ar/events/place/{signup.token}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#status").is_visible()
    screenshot(page, f"event-booked-ar-{'js' if page.javascript else 'nojs'}")
    assert signup.language == "ar" and signup.name == "سارة أحمد"
    assert signup.event_id == arabic_event.source_page.pk  # counts towards the same places
    assert signup.status == "confirmed"
    assert "مجموعة تركيز" in mail.outbox[-1].subject

    press(page.locator("main a.nhsuk-button--secondary"))
    press(page.locator("main form button[type=submit]"))
    assert page.locator(".nhsuk-panel--confirmation").is_visible()
    signup.refresh_from_db()
    assert signup.status == "cancelled"
