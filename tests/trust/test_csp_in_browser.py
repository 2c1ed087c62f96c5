"""In a real browser, with the Content-Security-Policy on: public pages and the Wagtail
admin run their scripts without a single policy violation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations_while_loading(browser, url, cookies=(), expect=None):
    """(policy violations seen, whether the page's own script ran); with ``expect``, a
    selector the page must show, so a redirect elsewhere (to sign in) cannot pass."""
    context = browser.new_context()
    if cookies:
        context.add_cookies(list(cookies))
    page = context.new_page()
    page.set_default_timeout(30_000)
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.goto(url, wait_until="networkidle")
    page.evaluate(
        "() => document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective))"
    )
    enhanced = page.evaluate("() => document.body.classList.contains('js-enabled')")
    if expect:
        assert page.url.startswith(url), f"ended on {page.url}"
        page.wait_for_selector(expect, state="attached")
    context.close()
    return seen, enhanced


def test_public_survey_page_runs_its_scripts_without_csp_violations(
    chromium,
    live_server,
    consultation,
):
    seen, enhanced = violations_while_loading(
        chromium, live_server.url + consultation.url + "respond/step/1/"
    )
    assert seen == []
    assert enhanced  # init.mjs ran (it adds js-enabled), so the nonce/self policy allows it


def test_wagtail_page_editor_loads_without_csp_violations(
    chromium,
    live_server,
    consultation,
    client,
):
    from tests.consultations.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    session = client.cookies["sessionid"].value
    cookie = {"name": "sessionid", "value": session, "url": live_server.url}
    seen, _ = violations_while_loading(
        chromium,
        f"{live_server.url}/admin/pages/{consultation.pk}/edit/",
        [cookie],
        expect="form#page-edit-form",
    )
    assert seen == []
