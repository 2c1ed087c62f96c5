"""The next person at a shared computer (a library, a GP waiting room) presses Back or
opens the browser's cache: pages that show someone's details are never stored there
(``Cache-Control: no-store``, issue #14)."""

import pytest

from citizens_panel import membership
from consultations import services
from consultations.models import Response, ResponseContact
from events import signups
from portal.models import User
from tests.citizens_panel.factories import MemberFactory
from tests.consultations.factories import make_consultation, make_index_page
from tests.events import factories as event_factories

pytestmark = pytest.mark.django_db


def assert_not_stored(response, url):
    assert response.status_code == 200, (url, response.status_code)
    assert "no-store" in response.get("Cache-Control", ""), url


def test_every_respond_page_with_a_persons_answers_or_details_is_not_stored(client, home_page):
    page = make_consultation(make_index_page(home_page))
    response = Response.objects.create(consultation=page, status=Response.Status.DRAFT)
    ResponseContact.objects.create(response=response, name="Sam Jones", email="sam@example.org")
    resume = f"{page.url}resume/{services.resume_token(response)}/"
    assert "no-store" in client.get(resume).get("Cache-Control", "")

    for route in ("respond/step/1/", "respond/your-details/", "respond/check/", "respond/save/"):
        assert_not_stored(client.get(page.url + route), route)
    session = client.session
    session[services.DONE_SESSION_KEY.format(page_id=page.pk)] = str(response.uuid)
    session.save()
    assert_not_stored(client.get(page.url + "respond/done/"), "respond/done/")


def test_an_event_place_and_its_sign_up_form_are_not_stored(client, home_page):
    event = event_factories.make_event(event_factories.make_index(home_page))
    signup = signups.sign_up(event, event_factories.details(1)).signup

    for url in (
        event.url + "sign-up/",
        event.url + "sign-up/check-your-email/",
        f"/en/events/place/{signup.token}/",
        f"/en/events/place/{signup.token}/cancel/",
    ):
        assert_not_stored(client.get(url), url)


def test_panel_membership_pages_are_not_stored(client, home_page):
    pending = MemberFactory(status="pending", name="Pat Pending")
    confirm = f"/en/panel/confirm/{membership.confirmation_token(pending)}/"
    assert_not_stored(client.get(confirm), confirm)

    user = User.objects.create_user("asha", "asha@example.org", "pw-123-long-enough")
    MemberFactory(user=user, email=user.email, name="Asha Patel")
    client.force_login(user)
    for url in ("/en/panel/membership/", "/en/panel/membership/leave/", "/en/accounts/responses/"):
        assert_not_stored(client.get(url), url)
