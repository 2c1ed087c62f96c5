"""The editor's preview can be framed by the admin, and staff can try a survey (draft or
live) in test mode without anything being saved or counted."""

import pytest
from django.test import RequestFactory

from consultations.models import Answer, Response
from tests.consultations.factories import option_id, question_id

pytestmark = pytest.mark.django_db


def test_url(page, route=""):
    return f"/admin/survey-test/{page.pk}/{route}"


test_url.__test__ = False  # a helper, not a test


def preview_of(page, user):
    request = RequestFactory().get(f"/admin/pages/{page.pk}/edit/preview/")
    request.user = user
    return page.make_preview_request(request, page.default_preview_mode)


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if "frame-ancestors" in part)


# --- preview ------------------------------------------------------------------------
def test_the_editor_preview_may_be_framed_by_the_admin(consultation, superuser):
    response = preview_of(consultation, superuser)
    assert response.status_code == 200
    assert frame_ancestors(response) == "frame-ancestors 'self'"


def test_the_public_page_still_refuses_every_frame(client, consultation):
    response = client.get(consultation.url)
    assert frame_ancestors(response) == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_start_now_in_the_preview_leads_to_test_mode(consultation, superuser):
    html = preview_of(consultation, superuser).content.decode()
    assert f'href="/admin/survey-test/{consultation.pk}/"' in html
    assert f'href="{consultation.url}respond/"' not in html
    assert "Start now (test mode)" in html


# --- test mode -------------------------------------------------------------------
def walk_the_survey(client, page):
    start = client.get(test_url(page))
    assert start.status_code == 302
    assert start["Location"] == test_url(page, "step/1/")
    step_one = client.get(test_url(page, "step/1/"))
    assert "Test mode: answers are not saved" in step_one.content.decode()
    answered = client.post(
        test_url(page, "step/1/"),
        {
            f"q_{question_id(page, 'travel')}": option_id(page, "travel", "Bus"),
            f"q_{question_id(page, 'priorities')}": [
                option_id(page, "priorities", "Care closer to home")
            ],
            f"q_{question_id(page, 'agree-merge')}": "4",
            f"q_{question_id(page, 'why')}": "Because the buses are slow.",
        },
    )
    assert answered["Location"] == test_url(page, "step/2/")
    answered = client.post(
        test_url(page, "step/2/"),
        {
            f"q_{question_id(page, 'postcode')}": "HA1 2AB",
            f"q_{question_id(page, 'used-walk-in')}": "no",
            "eq-age_band": "35-44",
        },
    )
    # Step 3 shows only after a 'yes': skipped, as in the real journey.
    assert answered["Location"] == test_url(page, "your-details/")
    details = client.post(
        test_url(page, "your-details/"), {"respondent_type": "individual", "email": ""}
    )
    assert details["Location"] == test_url(page, "check/")
    return client.get(test_url(page, "check/")).content.decode()


def test_staff_walk_a_survey_in_test_mode_and_nothing_is_saved(client, consultation, superuser):
    client.force_login(superuser)
    check = walk_the_survey(client, consultation)
    assert "Because the buses are slow." in check
    assert "Care closer to home" in check
    assert "Test mode: answers are not saved" in check
    finished = client.post(test_url(consultation, "check/"))
    assert finished["Location"] == test_url(consultation, "done/")
    assert "Nothing you answered was saved" in client.get(finished["Location"]).content.decode()
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_a_wrong_answer_in_test_mode_is_shown_on_its_question(client, consultation, superuser):
    client.force_login(superuser)
    client.get(test_url(consultation))
    page = client.post(
        test_url(consultation, "step/1/"),
        {f"q_{question_id(consultation, 'agree-merge')}": "4"},
    )
    assert page.status_code == 200
    assert "nhsuk-error-message" in page.content.decode()


def test_a_draft_that_is_not_live_can_be_tested(client, consultation, superuser):
    consultation.unpublish()
    client.force_login(superuser)
    assert client.get(consultation.url or "/consultations/x/").status_code == 404
    check = walk_the_survey(client, consultation)
    assert "Because the buses are slow." in check
    assert Response.objects.count() == 0


def test_someone_who_cannot_edit_the_page_cannot_test_it(client, consultation, staff_user):
    client.force_login(staff_user)
    # Wagtail's admin turns "permission denied" into a redirect to the dashboard.
    for route in ("", "step/1/", "check/"):
        refused = client.get(test_url(consultation, route))
        assert refused.status_code == 302
        assert refused["Location"] == "/admin/"
