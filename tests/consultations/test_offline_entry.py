"""Staff typing in responses that came by post, email, phone, at events or on paper."""

import pytest
from django.contrib.auth.models import Permission

from consultations.answers import load_answers
from consultations.models import EqualityMonitoring, Response
from tests.consultations.factories import option_id, question_id

pytestmark = pytest.mark.django_db


def entry_url(page):
    return f"/admin/consultation-results/{page.pk}/enter/"


def field(page, step_number, reference, suffix=""):
    return f"step{step_number}-q_{question_id(page, reference)}{suffix}"


@pytest.fixture
def paper_response(consultation, areas):
    """A posted offline entry form, as staff would fill it in from a paper form."""
    page = consultation
    return {
        "details-channel": "paper",
        "details-language": "pl",
        "details-respondent_type": "individual",
        "details-area": str(areas["brent"].pk),
        "details-submitted_at": "14/03/2025",
        field(page, 1, "travel"): option_id(page, "travel", "Walking"),
        field(page, 1, "priorities"): [
            option_id(page, "priorities", "Shorter waits"),
            option_id(page, "priorities", "Clear information"),
        ],
        field(page, 1, "priorities", "_other"): "Interpreters",
        field(page, 1, "agree-merge"): "2",
        field(page, 1, "why"): "The bus takes an hour.",
        field(page, 2, "used-walk-in"): "no",
        # Online this step is hidden after "no"; on paper people answer it anyway.
        field(page, 3, "visit-rating"): "5",
        "about_you-age_band": "65-74",
    }


def test_staff_see_every_question_on_one_page_including_conditional_ones(
    client, superuser, consultation
):
    client.force_login(superuser)

    html = client.get(entry_url(consultation)).content.decode()

    assert "How do you usually travel to hospital?" in html
    assert "How would you rate your last visit?" in html  # step 3, shown only after "yes" online
    assert "Online, this step is shown only when ‘used-walk-in’ is ‘yes’." in html
    assert 'name="about_you-age_band"' in html
    assert 'value="online"' not in html  # staff entries never claim to be online


def test_a_paper_response_is_saved_as_submitted_with_its_channel_and_who_entered_it(
    client, superuser, consultation, paper_response, areas
):
    client.force_login(superuser)

    response = client.post(entry_url(consultation), paper_response)

    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.status == Response.Status.SUBMITTED
    assert saved.channel == Response.Channel.PAPER
    assert saved.entered_by == superuser
    assert saved.language == "pl"
    assert saved.area == areas["brent"]
    assert saved.consultation_id == consultation.pk
    assert saved.submitted_at.date().isoformat() == "2025-03-14"
    answers = load_answers(saved)
    assert answers[question_id(consultation, "travel")] == option_id(
        consultation, "travel", "Walking"
    )
    assert answers[question_id(consultation, "priorities")]["other"] == "Interpreters"
    assert answers[question_id(consultation, "used-walk-in")] is False
    assert answers[question_id(consultation, "visit-rating")] == 5
    assert EqualityMonitoring.objects.get(response=saved).age_band == "65-74"
    follow = client.get(response["Location"])
    assert saved.reference in follow.content.decode()


def test_the_area_comes_from_the_postcode_answer_when_staff_leave_it_empty(
    client, superuser, consultation, paper_response, areas
):
    paper_response["details-area"] = ""
    paper_response[field(consultation, 2, "postcode")] = "ha1 2ab"
    client.force_login(superuser)

    client.post(entry_url(consultation), paper_response)

    saved = Response.objects.get()
    assert saved.area == areas["harrow"]
    assert load_answers(saved)[question_id(consultation, "postcode")] == "HA1 2AB"


def test_wrong_answers_are_shown_next_to_their_questions_and_nothing_is_saved(
    client, superuser, consultation, paper_response
):
    paper_response[field(consultation, 1, "why")] = "x" * 501
    paper_response[field(consultation, 2, "postcode")] = "not a postcode"
    client.force_login(superuser)

    response = client.post(entry_url(consultation), paper_response)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your answer to ‘Tell us why you think this.’ must be 500 characters or fewer" in html
    assert "Enter a real postcode, like SW1A 1AA" in html
    assert Response.objects.count() == 0


def test_an_empty_form_is_not_saved(client, superuser, consultation):
    client.force_login(superuser)

    response = client.post(entry_url(consultation), {"details-channel": "phone"})

    assert response.status_code == 200
    assert "Enter at least one answer" in response.content.decode()
    assert Response.objects.count() == 0


def test_an_organisation_response_needs_the_organisations_name(
    client, superuser, consultation, paper_response
):
    paper_response["details-respondent_type"] = "organisation"
    client.force_login(superuser)

    response = client.post(entry_url(consultation), paper_response)

    assert "Enter the name of the organisation" in response.content.decode()
    assert Response.objects.count() == 0


def test_staff_who_may_only_read_results_cannot_enter_responses(
    client, staff_user, consultation, paper_response
):
    staff_user.user_permissions.add(Permission.objects.get(codename="view_results"))
    client.force_login(staff_user)

    response = client.post(entry_url(consultation), paper_response)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert Response.objects.count() == 0


def test_staff_with_the_add_permission_can_enter_responses(
    client, staff_user, consultation, paper_response
):
    staff_user.user_permissions.add(
        Permission.objects.get(codename="add_response", content_type__app_label="consultations")
    )
    client.force_login(staff_user)

    client.post(entry_url(consultation), paper_response)

    assert Response.objects.get().entered_by == staff_user
