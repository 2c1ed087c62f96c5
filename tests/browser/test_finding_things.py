"""Finding things by links alone (issue #15), in a real browser over the demo site.

From /en/ a person reaches a consultation, a policy draft, an outcome, an event, the
Citizens' Panel and search by clicking, never by typing an address; the header's
search box works without JavaScript; the language switcher says when a page is not
translated. The new pages pass axe in English and Arabic, and nothing scrolls
sideways at 375px. Screenshots at 1280 and 375px go to test-artifacts/screenshots/.
"""

import pytest

from tests.browser.axe import AxeLog, require_axe
from tests.browser.conftest import SCREENSHOTS, save_screenshot
from tests.browser.navigation import press

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def desktop(request, chromium):
    context = chromium.new_context(java_script_enabled=request.param, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.javascript = request.param
    yield page
    context.close()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def h1(page) -> str:
    return page.locator("main h1").first.inner_text().strip()


def home(page):
    """Back to the home page by the header's logo link."""
    press(page.locator("a.nhsuk-header__service-logo"))
    assert page.url.endswith("/en/")


def test_from_the_home_page_to_everything_by_clicking(live_demo, desktop):
    page = desktop
    page.goto(live_demo.url("/en/"))

    # A consultation: the home page's "Have your say now" list.
    press(page.locator("#open-now a", has_text="A single commissioning organisation"))
    assert h1(page) == "A single commissioning organisation for North West London"
    assert page.locator("#time-to-complete").is_visible()
    home(page)

    # ... and the survey the home page's text mentions.
    press(page.get_by_role("link", name="answer our short survey"))
    assert "/consultations/single-commissioner/" in page.url

    # A policy draft: header menu, then the listing.
    press(page.locator(".nhsuk-header__navigation a", has_text="Policy drafts"))
    assert h1(page) == "Policy drafts"
    press(page.locator("main .nhsuk-card__link").first)
    assert h1(page).startswith("Draft policy:")
    home(page)

    # An outcome: the home page's cards.
    press(page.locator("#find-your-way a", has_text="You said, we did"))
    press(page.locator("main .nhsuk-card__link").first)
    assert "what we did" in h1(page)
    home(page)

    # An event: header menu, then the first one coming up.
    press(page.locator(".nhsuk-header__navigation a", has_text="Events"))
    press(page.locator("main .nhsuk-card__link").first)
    assert page.get_by_role("heading", level=1).is_visible()
    assert "/events/" in page.url and not page.url.endswith("/events/")
    home(page)

    # The Citizens' Panel.
    press(page.locator(".nhsuk-header__navigation a", has_text="Citizens' Panel"))
    assert "/panel/join/" in page.url
    home(page)

    # Search from the header box: type, press Enter (no button click needed).
    box = page.get_by_label("Search this site").first
    box.fill("knee")
    with page.expect_navigation():
        box.press("Enter")
    assert "/en/search/?q=knee" in page.url
    assert page.locator("main h2", has_text="result").first.is_visible()
    press(page.locator("main ul.nhsuk-list a").first)
    assert "knee" in h1(page).lower()


def test_an_area_page_leads_to_what_is_happening_there(live_demo, desktop):
    page = desktop
    page.goto(live_demo.url("/en/"))
    press(page.get_by_role("link", name="Brent", exact=True))
    assert h1(page) == "Brent"
    press(page.locator("#open-consultations ~ ul a.nhsuk-card__link").first)
    assert page.locator("main .nhsuk-tag", has_text="Open").first.is_visible()


def test_the_language_switcher_says_when_a_page_is_not_translated(live_demo, desktop):
    from wagtail.models import Locale

    from portal.models import HomePage, StandardPage

    english_home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    only_english = english_home.get_children().filter(slug="only-in-english").first()
    if only_english is None:
        only_english = english_home.add_child(
            instance=StandardPage(title="Only in English", slug="only-in-english")
        )
        only_english.save_revision().publish()
    page = desktop
    page.goto(live_demo.url("/en/only-in-english/"))
    press(page.locator(".portal-language-switcher a[hreflang=pl]"))
    assert "/pl/not-translated/" in page.url
    assert page.locator("html").get_attribute("lang") == "pl"
    press(page.locator("main a[href='/en/only-in-english/']"))
    assert h1(page) == "Only in English"
    press(page.locator(".portal-language-switcher a[hreflang=ar]"))
    press(page.locator("main a[href='/ar/']"))
    assert page.locator("html").get_attribute("dir") == "rtl"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_new_pages_pass_axe_and_fit_a_phone(live_demo, phone, language):
    require_axe()
    axe = AxeLog(f"Navigation pages, {language}")
    problems = []
    for name, path in [
        ("home page", "/"),
        ("policy drafts", "/consultations/policy-drafts/"),
        ("area page", "/brent/"),
        ("consultation", "/consultations/single-commissioner/"),
        ("not translated", "/not-translated/?from=/en/"),
    ]:
        for viewport in (PHONE, DESKTOP):
            phone.set_viewport_size(viewport)
            response = phone.goto(live_demo.url(f"/{language}{path}"))
            assert response.status == 200, path
            axe.check(phone, f"{name} at {viewport['width']}px")
            overflow = phone.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{path} at {viewport['width']}px scrolls sideways by {overflow}px")
            slug = name.replace(" ", "-")
            save_screenshot(phone, f"navigation-{slug}-{language}-{viewport['width']}")
            if name == "home page":
                header = phone.locator("header.nhsuk-header")
                name_png = f"navigation-header-{language}-{viewport['width']}.png"
                header.screenshot(path=str(SCREENSHOTS / name_png))
    axe.assert_clean()
    assert not problems, problems
