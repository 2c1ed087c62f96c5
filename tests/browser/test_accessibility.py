"""axe-core finds no WCAG 2.2 A/AA problem on any public page type, in English and Arabic.

Each test walks many pages in one browser tab over the demo site (loaded once for
the module), runs axe-core on each page and form state, and also checks what axe
cannot: the page's ``lang`` and ``dir``, the language links' own ``lang``, and that
nothing scrolls sideways on a phone (WCAG 1.4.10 reflow). What was checked is
printed and appended to ``test-artifacts/axe-report.txt``.
"""

import re

import pytest
from django.core import mail

from tests.browser.axe import AxeLog, require_axe
from tests.browser.conftest import save_screenshot
from tests.browser.navigation import press

pytestmark = [pytest.mark.browser]

LANGUAGES = ["en", "ar"]

PAGE_TYPES = [
    ("home page", "/"),
    ("standard page", "/about-us/"),
    ("area page", "/brent/"),
    ("consultation index", "/consultations/"),
    ("consultation (open)", "/consultations/single-commissioner/"),
    ("consultation (closed, with results)", "/consultations/gp-access/"),
    ("feedback page", "/consultations/share-your-feedback/"),
    ("policy draft", "/consultations/benign-skin-lesions/"),
    ("you said, we did index", "/you-said-we-did/"),
    ("you said, we did page", "/you-said-we-did/gp-access/"),
    ("site search (results)", "/search/?q=GP"),
    ("site search (no results)", "/search/?q=zzqxwv"),
    ("site search (empty)", "/search/"),
    ("account sign in", "/accounts/login/"),
    ("panel join (empty)", "/panel/join/"),
    ("page not found", "/no-such-page/"),
]


class PageProblems:
    """What axe does not check: language, direction and reflow."""

    def __init__(self):
        self.problems: list[str] = []

    def check(self, page, language: str) -> None:
        facts = page.evaluate(
            """() => ({
                lang: document.documentElement.lang,
                dir: document.documentElement.dir,
                overflow: document.documentElement.scrollWidth
                    - document.documentElement.clientWidth,
                switcher: [...document.querySelectorAll('.portal-language-switcher a')]
                    .filter(a => !a.lang || !a.hreflang || !a.dir).length,
            })"""
        )
        where = page.url
        expected_dir = "rtl" if language in ("ar", "ur") else "ltr"
        if facts["lang"] != language:
            self.problems.append(f"{where}: <html lang={facts['lang']!r}>, not {language!r}")
        if facts["dir"] != expected_dir:
            self.problems.append(f"{where}: <html dir={facts['dir']!r}>, not {expected_dir!r}")
        if facts["overflow"] > 0:
            self.problems.append(f"{where}: scrolls sideways by {facts['overflow']}px at 390px")
        if facts["switcher"]:
            self.problems.append(f"{where}: {facts['switcher']} language links without lang/dir")

    def assert_none(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def visit(page, url):
    response = page.goto(url)
    assert response is not None
    return response


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_type_passes_axe(live_demo, tab, language):
    require_axe()
    axe = AxeLog(f"Public page types, {language}")
    other = PageProblems()
    for name, path in PAGE_TYPES:
        response = visit(tab, live_demo.url(f"/{language}{path}"))
        expected = 404 if name == "page not found" else 200
        assert response.status == expected, f"{path}: HTTP {response.status}"
        axe.check(tab, name)
        other.check(tab, language)

    if language == "en":  # the demo has these in English only
        draft = "/en/consultations/knee-arthroscopy/"
        for name, path in [
            ("policy draft (changes)", "changes/1/"),
            ("policy draft (v1)", "version/1/"),
        ]:
            assert visit(tab, live_demo.url(draft + path)).status == 200
            axe.check(tab, name)
            other.check(tab, language)

    axe.assert_clean()
    other.assert_none()


def submit(page):
    """Press the form's first button and wait for the page the server sends back.

    A click returns as soon as it is dispatched; checking the page before the
    answer arrives would look at the old page."""
    press(page.locator("main form button[type=submit]").first)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_state_passes_axe(live_demo, tab, language):
    """Empty, with errors and confirmation, for every public form."""
    require_axe()
    axe = AxeLog(f"Form states, {language}")
    other = PageProblems()
    page = tab

    def check(state):
        axe.check(page, state)
        other.check(page, language)

    # A multi-step survey with show-if steps, rating and ranking questions.
    survey = f"/{language}/consultations/young-peoples-health/respond/"
    visit(page, live_demo.url(survey + "step/1/"))
    check("survey step (empty)")
    submit(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    check("survey step (with errors)")
    page.locator("input[type=radio]").nth(2).check()  # 19 to 24: shows the next step
    page.locator("input[type=radio][value=yes]").check()
    submit(page)
    check("survey step (shown by an earlier answer)")
    page.locator("input[type=radio]").first.check()
    submit(page)
    ranks = page.locator("main select")
    ranks.nth(0).select_option("1")
    ranks.nth(1).select_option("1")
    submit(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    check("survey step (ranking with errors)")
    ranks.nth(1).select_option("2")
    submit(page)
    check("your details (empty)")
    page.locator("input[type=email]").first.fill("not an email")
    page.locator("input[type=checkbox]").first.check()
    submit(page)
    if page.locator(".nhsuk-error-summary").count():
        check("your details (with errors)")
        page.locator("input[type=email]").first.fill("young@example.org")
        submit(page)
    assert "/respond/check/" in page.url
    check("check your answers")
    submit(page)
    assert "/respond/done/" in page.url
    check("confirmation")

    # Save and come back later: empty, with errors, sent.
    visit(page, live_demo.url(survey + "step/1/"))
    page.locator("input[type=radio]").first.check()
    page.locator("input[type=radio][value=no]").check()
    press(page.locator("button[name=save_and_return]"))
    assert "/respond/save/" in page.url
    check("save and come back (empty)")
    submit(page)
    check("save and come back (with errors)")
    page.locator("input[type=email]").fill("later@example.org")
    submit(page)
    check("save and come back (email sent)")

    # General feedback: errors.
    visit(page, live_demo.url(f"/{language}/consultations/share-your-feedback/respond/step/1/"))
    submit(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    check("feedback form (with errors)")

    # A comment on a policy draft: errors, then sent.
    visit(page, live_demo.url(f"/{language}/consultations/benign-skin-lesions/"))
    comment = page.locator("form[action$='/comment/']")
    press(comment.locator("button[type=submit]"))
    assert page.locator(".nhsuk-error-summary").is_visible()
    check("policy draft comment (with errors)")
    comment = page.locator("form[action$='/comment/']")
    comment.locator("textarea").fill("Please say how long the wait will be.")
    comment.locator("input[type=radio]").first.check()
    press(comment.locator("button[type=submit]"))
    assert page.locator(".nhsuk-error-summary").count() == 0
    check("policy draft comment (sent)")

    # Joining the Citizens' Panel: errors, then sent.
    visit(page, live_demo.url(f"/{language}/panel/join/"))
    submit(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    check("panel join (with errors)")
    page.locator("input[name=name]").fill("Nadia Rahman")
    page.locator("input[name=email]").fill(f"nadia-{language}@example.org")
    page.locator("input[name=postcode]").fill("HA1 2AB")
    page.locator("input[name=consent]").check()
    submit(page)
    assert "/panel/join/check-your-email/" in page.url
    check("panel join (sent)")

    # Signing in with a wrong password.
    visit(page, live_demo.url(f"/{language}/accounts/login/"))
    page.locator("input[name=login]").fill("nobody@example.org")
    page.locator("input[name=password]").fill("wrong password")
    submit(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.locator("input[name=password]").input_value() == ""  # never sent back
    check("account sign in (with errors)")

    axe.assert_clean()
    other.assert_none()


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_pages_and_sign_up_states_pass_axe(live_demo, tab, language):
    """Events listing, an event, sign-up (empty, errors), booked, cancel and cancelled."""
    require_axe()
    page = tab
    if visit(page, live_demo.url(f"/{language}/events/")).status == 404:
        pytest.skip("the demo site has no events page in this language")
    axe = AxeLog(f"Events, {language}")
    other = PageProblems()

    def check(state):
        axe.check(page, state)
        other.check(page, language)

    check("events listing")
    press(page.locator("main a[href*='/carers-focus-group/']").first)
    check("event page")
    press(page.locator("main a[href$='/sign-up/']").first)
    check("event sign-up (empty)")
    submit(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    check("event sign-up (with errors)")
    email = f"carer-{language}@example.org"
    page.locator("input[name=name]").fill("Sam Carer")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=consent]").check()
    submit(page)
    assert page.locator(".nhsuk-error-summary").count() == 0
    check("event sign-up (booked)")

    message = next(m for m in reversed(mail.outbox) if email in m.to)
    place = next(line.strip() for line in message.body.splitlines() if "/place/" in line)
    visit(page, live_demo.url(re.sub(r"^https?://[^/]+", "", place)))
    check("your place")
    press(page.locator("main a[href$='/cancel/']").first)
    check("cancel your place")
    submit(page)
    check("place cancelled")

    axe.assert_clean()
    other.assert_none()


SCREENSHOT_PAGES = [
    ("home", "/"),
    ("consultation", "/consultations/single-commissioner/"),
    ("survey-step", "/consultations/young-peoples-health/respond/step/1/"),
    ("policy-draft", "/consultations/benign-skin-lesions/"),
    ("you-said-we-did", "/you-said-we-did/gp-access/"),
    ("panel-join", "/panel/join/"),
    ("search", "/search/?q=GP"),
]


def test_key_pages_are_saved_as_screenshots_in_english_arabic_and_bengali(live_demo, chromium):
    """PNGs in test-artifacts/screenshots/, phone and desktop, for people to look at."""
    saved = []
    for width, device in [(390, "phone"), (1024, "desktop")]:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for language in ("en", "ar", "bn"):
            for name, path in SCREENSHOT_PAGES:
                response = visit(page, live_demo.url(f"/{language}{path}"))
                assert response.status == 200, f"/{language}{path}: HTTP {response.status}"
                html = page.locator("html")
                assert html.get_attribute("lang") == language
                assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
                saved.append(save_screenshot(page, f"{language}-{name}-{device}"))
        context.close()
    assert all(path.stat().st_size > 10_000 for path in saved)
    print(f"{len(saved)} screenshots in {saved[0].parent}")


FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    const before = label ? getComputedStyle(label, '::before') : null;
    return {
        tag: el.tagName, id: el.id, name: el.name || '', text: (el.innerText || '').trim(),
        visible: style.outlineStyle !== 'none' && style.outlineWidth !== '0px'
            || style.boxShadow !== 'none'
            || (before && before.boxShadow !== 'none'),
    };
}"""


def tab_until(page, selector, limit=80):
    """Press Tab until ``selector`` has focus; every stop on the way must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        assert focused is not None, "focus left the page"
        assert focused["visible"], f"no visible focus on {focused}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return focused
    raise AssertionError(f"Tab never reached {selector}")


def test_a_survey_can_be_completed_with_the_keyboard_alone(live_demo, tab):
    """Tab, arrows, Space and Enter only: visible focus, error summary links to fields."""
    page = tab
    page.goto(live_demo.url("/en/consultations/young-peoples-health/"))
    page.wait_for_selector("body.js-enabled")
    tab_until(page, "main a[href$='/respond/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/respond/step/1/")

    # Send the step empty: the error summary takes focus and links to each field.
    page.wait_for_selector("body.js-enabled")
    tab_until(page, "main form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_selector(".nhsuk-error-summary")
    assert page.evaluate("document.activeElement.classList.contains('nhsuk-error-summary')")
    links = page.locator(".nhsuk-error-summary a")
    assert links.count() == 2
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href").lstrip("#")
        assert page.locator(f"#{target}").count() == 1, f"error links to missing #{target}"
        group = page.locator(f"#{target}").locator("xpath=ancestor::fieldset[1]")
        described = group.get_attribute("aria-describedby") or ""
        errors = [i for i in described.split() if i.endswith("-error")]
        assert errors and page.locator(f"#{errors[0]}").is_visible(), "error tied to its group"
    tab_until(page, ".nhsuk-error-summary li:first-child a")
    page.keyboard.press("Enter")
    first_target = links.nth(0).get_attribute("href").lstrip("#")
    assert page.evaluate("document.activeElement.id") == first_target

    # Answer with arrows and Space: 19 to 24 (shows the next step), then Yes.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_until(page, "input[type=radio][value=yes]")
    page.keyboard.press("Space")
    tab_until(page, "main form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_url("**/respond/step/2/")

    tab_until(page, "input[type=radio]")
    page.keyboard.press("Space")
    tab_until(page, "main form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_url("**/respond/step/3/")

    tab_until(page, "main textarea")
    page.keyboard.type("Typed with the keyboard only.")
    tab_until(page, "main form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_url("**/respond/your-details/")
    tab_until(page, "main form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_url("**/respond/check/")
    assert "Typed with the keyboard only." in page.locator("main").inner_text()
    assert "19 to 24" in page.locator("main").inner_text()
    tab_until(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/respond/done/")
    assert page.locator("#reference").is_visible()


LABEL_PROBLEMS = """() => {
    const fields = document.querySelectorAll(
        'main input:not([type=hidden]), main select, main textarea');
    return [...fields].filter(el => !el.closest('[aria-hidden=true]')).flatMap(el => {
        const out = [];
        if (!el.labels || el.labels.length === 0) out.push(`${el.name}: no label`);
        const group = el.closest('.nhsuk-form-group');
        const hint = group && group.querySelector(
            ':scope > .nhsuk-hint, :scope > fieldset > .nhsuk-hint');
        if (hint && hint.id) {
            const owner = el.closest('fieldset') || el;
            const ids = (owner.getAttribute('aria-describedby') || '').split(' ');
            if (!ids.includes(hint.id)) out.push(`${el.name}: hint ${hint.id} not tied`);
        }
        return out;
    });
}"""


def test_labels_hints_and_languages_are_tied_to_what_they_describe(live_demo, tab):
    page = tab
    for language in ("en", "ar"):
        page.goto(live_demo.url(f"/{language}/consultations/single-commissioner/respond/"))
        page.locator("input[type=radio]").first.check()
        submit(page)  # to "About you"
        problems = page.evaluate(LABEL_PROBLEMS)
        assert problems == [], problems
        submit(page)  # to "About your response", where the postcode is asked (once)
        # Every input, select and textarea has a label; hints are read with the field.
        problems = page.evaluate(LABEL_PROBLEMS)
        assert problems == [], problems
        hinted = page.locator("input[aria-describedby$='-hint']")
        assert hinted.count() >= 1, "the email and postcode hints are tied to them"
        # Question texts may still be in English on a translated page: each label and
        # legend takes its direction from its own text, so "?" stays at the end.
        fields = ".nhsuk-form-group legend, .nhsuk-form-group label, .nhsuk-form-group .nhsuk-hint"
        undirected = page.locator(fields).evaluate_all(
            "els => els.filter(e => e.dir !== 'auto').map(e => e.outerHTML.slice(0, 120))"
        )
        assert undirected == []

    # Links to other languages are marked up in their own language and direction.
    page.goto(live_demo.url("/en/"))
    arabic = page.locator(".portal-language-switcher a[hreflang=ar]")
    assert arabic.get_attribute("lang") == "ar" and arabic.get_attribute("dir") == "rtl"
    page.goto(live_demo.url("/ar/"))
    english = page.locator(".portal-language-switcher a[hreflang=en]")
    assert english.get_attribute("lang") == "en" and english.get_attribute("dir") == "ltr"


STAFF_PAGES = [
    ("feedback explorer", "/admin/feedback-explorer/?q=interpreter"),
    ("results", "/admin/consultation-results/"),
    ("results summary", "/admin/consultation-results/{consultation}/"),
    ("enter a paper response", "/admin/consultation-results/{consultation}/enter/"),
    ("import responses", "/admin/consultation-results/{consultation}/import/"),
    ("themes", "/admin/themes/"),
    ("theme frame", "/admin/themes/{consultation}/"),
    ("coding screen", "/admin/themes/{consultation}/code/"),
    ("second-analyst check", "/admin/themes/{consultation}/check/"),
    ("feedback reports", "/admin/feedback-reports/"),
    ("feedback report", "/admin/feedback-reports/{consultation}/"),
    ("comments to moderate", "/admin/draft-comments/"),
    ("personal data requests", "/admin/personal-data/"),
    ("events", "/admin/events/"),
    ("panel representativeness", "/admin/citizens-panel/"),
    ("panel samples", "/admin/citizens-panel/samples/"),
    ("draw a panel sample", "/admin/citizens-panel/samples/new/"),
]


def test_staff_pages_pass_axe(live_demo, chromium):
    """Our staff pages' content (inside Wagtail's admin, whose own frame is Wagtail's)."""
    from allauth.account.models import EmailAddress

    from consultations.models import ConsultationPage
    from tests.consultations.factories import SuperuserFactory

    require_axe()
    axe = AxeLog("Staff pages, en")
    consultation = ConsultationPage.objects.get(locale__language_code="en", slug="gp-access").pk
    staff = SuperuserFactory(email="axe-lead@example.nhs.uk")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        visit(page, live_demo.url("/en/accounts/login/"))
        page.locator("input[name=login]").fill(staff.email)
        page.locator("input[name=password]").fill("correct horse battery staple")
        submit(page)
        for name, path in STAFF_PAGES:
            response = visit(page, live_demo.url(path.format(consultation=consultation)))
            assert response.status == 200, f"{path}: HTTP {response.status}"
            axe.check(page, name, within="main")
    finally:
        context.close()
    axe.assert_clean()
