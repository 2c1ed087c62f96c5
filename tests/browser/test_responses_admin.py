"""An engagement lead finds a response by its reference from the admin search box,
opens it, withdraws it with a reason, and the results summary counts one fewer."""

import re

import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.navigation import press

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def _lead():
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from privacy.roles import ENGAGEMENT_LEADS
    from tests.consultations.factories import StaffUserFactory

    lead = StaffUserFactory(
        username="browser-lead", email="browser-lead@example.nhs.uk", first_name="Lee"
    )
    lead.groups.add(Group.objects.get(name=ENGAGEMENT_LEADS))
    EmailAddress.objects.create(user=lead, email=lead.email, verified=True, primary=True)
    return lead


def _submitted_total(page) -> int:
    text = page.locator("main").inner_text()
    return int(re.search(r"(\d[\d,]*) submitted responses?", text).group(1).replace(",", ""))


def test_a_lead_finds_a_response_from_the_search_box_and_withdraws_it(live_demo, chromium):
    from consultations.models import ConsultationPage, Response

    consultation = ConsultationPage.objects.get(locale__language_code="en", slug="gp-access")
    response = (
        Response.objects.filter(consultation=consultation, status=Response.Status.SUBMITTED)
        .order_by("pk")
        .first()
    )
    lead = _lead()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(live_demo.url("/en/accounts/login/"))
        page.locator("input[name=login]").fill(lead.email)
        page.locator("input[name=password]").fill(PASSWORD)
        press(page.locator("main form button[type=submit]").first)

        page.goto(live_demo.url(f"/admin/consultation-results/{consultation.pk}/"))
        before = _submitted_total(page)

        # The admin's own search box, in the sidebar.
        page.goto(live_demo.url("/admin/"))
        search = page.locator("#menu-search-q")
        search.fill(response.reference)
        with page.expect_navigation():
            search.press("Enter")
        press(page.get_by_role("link", name="Responses").last)
        assert response.reference in page.locator("main").inner_text()
        save_screenshot(page, "responses-list-search-1280")

        press(page.get_by_role("link", name=response.reference))
        assert "Answers, in the order of the survey" in page.locator("main").inner_text()
        save_screenshot(page, "response-whole-1280")

        press(page.get_by_role("link", name="Withdraw this response"))
        page.get_by_label("Why is it being withdrawn?").fill("The person asked us to.")
        save_screenshot(page, "response-withdraw-1280")
        press(page.get_by_role("button", name="Withdraw response"))
        assert "is withdrawn" in page.locator("body").inner_text()
        save_screenshot(page, "response-withdrawn-1280")

        page.goto(live_demo.url(f"/admin/consultation-results/{consultation.pk}/"))
        assert _submitted_total(page) == before - 1

        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(live_demo.url(f"/admin/responses/?consultation={consultation.pk}"))
        save_screenshot(page, "responses-list-375")
        page.goto(live_demo.url(f"/admin/responses/inspect/{response.pk}/"))
        save_screenshot(page, "response-whole-375")
    finally:
        context.close()
    response.refresh_from_db()
    assert response.status == Response.Status.WITHDRAWN
    assert response.withdrawn_reason == "The person asked us to."
