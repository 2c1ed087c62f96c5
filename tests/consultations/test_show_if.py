"""Show-if rules: evaluated on the server, enhanced in the browser."""

import pytest

from consultations.models import Answer, Response
from tests.consultations import factories
from tests.consultations.factories import question_id
from tests.consultations.test_respond import answer_step_one, answer_step_two, details, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def same_step_survey(consultation_index):
    survey = [
        factories.step(
            "Walk-in centres",
            [
                factories.question("yes_no", "Have you used a walk-in centre?", reference="used"),
                factories.question(
                    "short_text",
                    "Which walk-in centre?",
                    reference="which",
                    condition=factories.show_if("used", "yes"),
                    max_length=100,
                ),
            ],
        )
    ]
    return factories.make_consultation(consultation_index, title="Walk-in", survey=survey)


def test_without_javascript_a_same_step_question_shows_when_to_answer_it(client, same_step_survey):
    html = client.get(url(same_step_survey, "respond/step/1/")).content.decode()
    assert "Which walk-in centre?" in html
    assert "Answer this if you answered ‘Yes’ to ‘Have you used a walk-in centre?’." in html
    assert f'data-show-if-field="q_{question_id(same_step_survey, "used")}"' in html
    assert 'data-show-if-value="yes"' in html


def test_a_same_step_question_is_required_only_when_its_rule_is_met(client, same_step_survey):
    used, which = question_id(same_step_survey, "used"), question_id(same_step_survey, "which")
    refused = client.post(url(same_step_survey, "respond/step/1/"), {f"q_{used}": "yes"})
    assert refused.status_code == 200
    assert "Enter your answer to question 2" in refused.content.decode()

    accepted = client.post(
        url(same_step_survey, "respond/step/1/"),
        {f"q_{used}": "no", f"q_{which}": "Typed before changing my mind"},
    )
    assert accepted.status_code == 302
    assert not Answer.objects.filter(question_id=which).exists()


def test_answers_to_steps_hidden_by_a_changed_answer_are_not_submitted(client, consultation):
    answer_step_one(client, consultation)
    answer_step_two(client, consultation, used_walk_in="yes")
    rating = question_id(consultation, "visit-rating")
    client.post(url(consultation, "respond/step/3/"), {f"q_{rating}": "4"})
    assert Answer.objects.filter(question_id=rating).exists()

    answer_step_two(client, consultation, used_walk_in="no")
    details(client, consultation)
    client.post(url(consultation, "respond/check/"))

    assert Response.objects.get().status == Response.Status.SUBMITTED
    assert not Answer.objects.filter(question_id=rating).exists()
