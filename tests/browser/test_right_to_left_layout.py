"""Right-to-left pages on a phone (375 px): chevrons, lists and English fallback text.

An Arabic reader follows the page from the right: "Back" and the breadcrumbs point
the way they read, bullets and numbers indent from the right, and a paragraph still
in English keeps its full stop at its end. Screenshots are kept in
test-artifacts/screenshots/ (rtl-*.png) for a person to look at.
"""

import pytest

from tests.browser import axe
from tests.browser.conftest import save_screenshot

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def style(locator, prop: str, pseudo: str | None = None) -> str:
    return locator.evaluate(
        "(el, [prop, pseudo]) => getComputedStyle(el, pseudo).getPropertyValue(prop)",
        [prop, pseudo],
    )


def box(locator):
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right}; }"
    )


def test_the_back_link_chevron_points_right_on_an_arabic_phone(live_demo, phone):
    phone.goto(live_demo.url("/ar/consultations/young-peoples-health/respond/step/2/"))
    if "/step/2/" not in phone.url:  # the second step shows only after the first
        phone.goto(live_demo.url("/ar/consultations/young-peoples-health/respond/step/1/"))
    back = phone.locator("a.nhsuk-back-link").first
    assert back.is_visible()
    assert style(back, "padding-right") != "0px" and style(back, "padding-left") == "0px"
    assert style(back, "right", "::before") == "0px", "the chevron sits at the right end"
    # rotate(45deg) (pointing right), not the left-to-right rotate(225deg): the matrix's
    # first value is cos(45°) > 0 for the right-to-left chevron, cos(225°) < 0 otherwise.
    matrix = style(back, "transform", "::before")
    assert matrix.startswith("matrix(0.7"), matrix
    save_screenshot(phone, "rtl-ar-back-link-375")


def test_breadcrumb_back_link_and_lists_are_mirrored_on_an_arabic_phone(live_demo, phone):
    phone.goto(live_demo.url("/ar/consultations/single-commissioner/"))
    crumb_back = phone.locator(".nhsuk-breadcrumb a.nhsuk-back-link")
    assert crumb_back.is_visible(), "on a phone the breadcrumbs show as one back link"
    assert style(crumb_back, "right", "::before") == "0px"
    save_screenshot(phone, "rtl-ar-consultation-375")

    phone.goto(live_demo.url("/ar/"))  # the home page lists events and areas
    lists = phone.locator("main ul.nhsuk-list--bullet, main ul:not([class]), main ol:not([class])")
    assert lists.count() > 0, "the page has a bulleted list"
    first = lists.first
    assert style(first, "padding-right") == "20px" and style(first, "padding-left") == "0px"
    item = first.locator("li").first
    # The bullet hangs in the padding on the right: the item's text ends before it.
    assert box(item)["right"] < box(first)["right"] - 10
    save_screenshot(phone, "rtl-ar-home-375")

    # A list without bullets starts at the right edge, like the text above it (the
    # browser's own 40px start padding is on the right in a right-to-left page).
    phone.goto(live_demo.url("/ar/search/?q=NHS"))
    results = phone.locator("main ul.nhsuk-list").first
    assert style(results, "padding-right") == "0px"
    heading = phone.locator("main h1").first
    assert abs(box(results.locator("li").first)["right"] - box(heading)["right"]) < 2


def test_english_fallback_keeps_its_full_stop_at_the_end_and_axe_is_clean(live_demo, phone):
    """Text still in English on an Arabic page reads left to right, inside the
    right-to-left page, and the page still passes axe."""
    axe.require_axe()
    phone.goto(live_demo.url("/ar/"))
    log = axe.AxeLog("right-to-left pages at 375 px")
    pages = ["/ar/", "/ar/consultations/single-commissioner/", "/ar/search/?q=NHS"]
    english_checked = 0
    for path in pages:
        phone.goto(live_demo.url(path))
        assert phone.locator("html").get_attribute("dir") == "rtl"
        english = phone.locator("[lang=en]")
        for index in range(min(english.count(), 5)):
            part = english.nth(index)
            assert style(part, "direction") == "ltr", part.evaluate("el => el.outerHTML")
            english_checked += 1
        log.check(phone, f"rtl 375 {path}")
        save_screenshot(phone, "rtl-ar" + path.replace("/", "-").replace("?", "-") + "375")
    log.save()
    assert not log.failures(), log.failures()
    assert english_checked > 0, "the demo's Arabic pages show some English fallback"
