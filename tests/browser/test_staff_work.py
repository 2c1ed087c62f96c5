"""Staff in a real browser: the admin home's dashboard, and settling a coding disagreement."""

import pytest
from django.contrib.auth.models import Group

from tests.browser.conftest import save_screenshot
from tests.browser.navigation import press

pytestmark = pytest.mark.browser


def lead_account(email):
    from allauth.account.models import EmailAddress

    from privacy import roles
    from tests.consultations.factories import StaffUserFactory

    user = StaffUserFactory(email=email, username=email, first_name="Lee", last_name="Lead")
    user.groups.add(Group.objects.get(name=roles.ENGAGEMENT_LEADS))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(page, live_demo, email):
    page.goto(live_demo.url("/en/accounts/login/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("correct horse battery staple")
    press(page.locator("main form button[type=submit]").first)


def test_engagement_lead_sees_todays_work_on_the_admin_home(live_demo, chromium):
    lead_account("dashboard-lead@example.nhs.uk")
    for width, name in ((1280, "desktop"), (375, "phone")):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            sign_in(page, live_demo, "dashboard-lead@example.nhs.uk")
            page.goto(live_demo.url("/admin/"))
            panel = page.locator("#staff-dashboard-section")
            assert panel.is_visible()
            for key in ("consultations", "responses", "comments", "reports"):
                assert page.locator(f"#dashboard-{key}").count() == 1, key
            assert "closing in the next 14 days" in panel.inner_text()
            save_screenshot(page, f"admin-dashboard-{name}")
            if name == "desktop":
                press(page.locator("#dashboard-comments a").last)
                assert "/admin/draft-comments/" in page.url
        finally:
            context.close()


def test_an_engagement_lead_settles_a_disagreement_between_two_analysts(live_demo, chromium):
    from consultations.models import ConsultationPage
    from themes import agreement
    from themes.models import ThemeFrame

    lead_account("settle-lead@example.nhs.uk")
    page_id = ConsultationPage.objects.get(locale__language_code="en", slug="gp-access").pk
    frame = ThemeFrame.for_page(ConsultationPage.objects.get(pk=page_id))
    open_before = [r for r in agreement.disagreements(frame) if r["item"].settled_at is None]
    assert open_before, "the demo's second analyst disagreed on some items"

    for width, name in ((1280, "desktop"), (375, "phone")):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            sign_in(page, live_demo, "settle-lead@example.nhs.uk")
            page.goto(live_demo.url(f"/admin/themes/{page_id}/check/"))
            press(page.locator("main a", has_text="where the two analysts differ"))
            assert (
                page.locator("main h1, header h1")
                .first.inner_text()
                .strip()
                .startswith("Disagreements to settle")
            )
            save_screenshot(page, f"admin-disagreements-{name}")
            if name == "desktop":
                section = page.locator("main section", has=page.locator("form")).first
                assert "First analyst" in section.inner_text()
                assert "Second analyst" in section.inner_text()
                first = section.locator("form")
                boxes = first.locator("input[name=themes]")
                boxes.first.check()
                press(first.locator("button[type=submit]"))
                assert "Settled." in page.locator("body").inner_text()
                save_screenshot(page, "admin-disagreements-settled")
        finally:
            context.close()
    settled = [r for r in agreement.disagreements(frame) if r["item"].settled_at is not None]
    assert len(settled) == 1 and settled[0]["item"].settled_by.email == "settle-lead@example.nhs.uk"
