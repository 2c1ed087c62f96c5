"""Every question type renders on the public survey step, with its label tied to it."""

import pytest

from tests.consultations import factories

pytestmark = pytest.mark.django_db


def test_ranking_and_date_questions_render_on_a_survey_step(client, consultation_index):
    survey = [
        factories.step(
            "Dates and priorities",
            [
                factories.question("date", "When did you last see your GP?", reference="seen"),
                factories.question(
                    "ranking",
                    "Put these in order",
                    reference="order",
                    options=factories.options("Waiting times", "Opening hours"),
                    required=False,
                ),
            ],
        )
    ]
    page = factories.make_consultation(consultation_index, title="Every type", survey=survey)

    response = client.get(page.url + "respond/step/1/")

    # The two widgets use the project's templates (templates/components/forms/widgets/):
    # Django's default form renderer does not look there, FORM_RENDERER =
    # "django.forms.renderers.TemplatesSetting" (with "django.forms" installed) does.
    assert response.status_code == 200
    content = response.content.decode()
    assert "nhsuk-date-input" in content
    assert content.count("<select") == 2
    assert "Waiting times" in content and "Opening hours" in content
