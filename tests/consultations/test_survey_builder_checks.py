"""The survey builder refuses a survey the respond journey could not follow, with each
message on the field to change (block ``clean()``), and a closing date before the
opening date (page ``clean()``)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations.blocks import SurveyStreamBlock
from tests.consultations import factories
from tests.consultations.factories import options, question, show_if, step

pytestmark = pytest.mark.django_db


def clean(raw):
    block = SurveyStreamBlock()
    return block.clean(block.to_python(raw))


def errors_of(raw) -> dict:
    """The errors as the editor receives them (JSON, keyed by step and field)."""
    with pytest.raises(ValidationError) as caught:
        clean(raw)
    return caught.value.as_json_data()


def question_field_error(errors, step_index, question_index, field, sub=None):
    data = errors["blockErrors"][step_index]["blockErrors"]["questions"]["blockErrors"][
        question_index
    ]["blockErrors"][field]
    if sub is not None:
        data = data["blockErrors"][sub]
    return first_message(data)


def first_message(data) -> str:
    if isinstance(data, dict):
        data = data["messages"]
    return data[0] if isinstance(data, list) else data


def test_the_standard_survey_is_accepted():
    assert len(clean(factories.standard_survey())) == 3


def test_two_questions_with_the_same_reference_are_refused_on_the_second():
    raw = [
        step(
            "One",
            [
                question("short_text", "First?", reference="gp", max_length=100),
                question("short_text", "Second?", reference="gp", max_length=100),
            ],
        )
    ]
    errors = errors_of(raw)
    message = question_field_error(errors, 0, 1, "reference")
    assert "already has the reference ‘gp’" in message
    assert 0 not in errors["blockErrors"][0]["blockErrors"]["questions"]["blockErrors"]


def test_a_show_if_naming_a_question_that_does_not_exist_is_refused():
    raw = [
        step(
            "One",
            [
                question("yes_no", "Used it?", reference="used"),
                question(
                    "short_text",
                    "Which?",
                    reference="which",
                    condition=show_if("usd", "yes"),
                    max_length=100,
                ),
            ],
        )
    ]
    message = question_field_error(errors_of(raw), 0, 1, "show_if", "question")
    assert "No question in this survey has the reference ‘usd’" in message
    assert "‘used’" in message  # the references that can be used


def test_a_show_if_naming_a_later_question_is_refused():
    raw = [
        step(
            "One",
            [
                question(
                    "short_text",
                    "Which?",
                    condition=show_if("used", "yes"),
                    max_length=100,
                ),
                question("yes_no", "Used it?", reference="used"),
            ],
        )
    ]
    message = question_field_error(errors_of(raw), 0, 0, "show_if", "question")
    assert "‘used’ comes later" in message


def test_a_step_shown_by_a_question_in_the_same_step_is_refused():
    raw = [
        step(
            "One",
            [question("yes_no", "Used it?", reference="used")],
            condition=show_if("used", "yes"),
        )
    ]
    errors = errors_of(raw)
    message = first_message(
        errors["blockErrors"][0]["blockErrors"]["show_if"]["blockErrors"]["question"]
    )
    assert "not in an earlier step" in message


def test_a_show_if_answer_that_matches_no_option_is_refused_listing_the_options():
    raw = [
        step(
            "One",
            [
                question(
                    "single_choice",
                    "Travel?",
                    reference="travel",
                    options=options("Bus", "Car"),
                    widget="radios",
                )
            ],
        ),
        step(
            "Two",
            [
                question(
                    "short_text",
                    "Which route?",
                    condition=show_if("travel", "Buss"),
                    max_length=100,
                )
            ],
        ),
    ]
    message = question_field_error(errors_of(raw), 1, 0, "show_if", "answer")
    assert "‘Buss’ is not an answer to that question" in message
    assert "‘Bus’, ‘Car’" in message


def test_a_show_if_answer_matching_an_option_in_another_case_is_accepted():
    raw = [
        step(
            "One",
            [
                question(
                    "single_choice",
                    "Travel?",
                    reference="travel",
                    options=options("Bus", "Car"),
                    widget="radios",
                )
            ],
        ),
        step(
            "Two",
            [question("short_text", "Which route?", max_length=100)],
            condition=show_if("travel", "bus"),
        ),
    ]
    assert len(clean(raw)) == 2


def test_a_yes_no_rule_must_say_yes_or_no():
    raw = [
        step(
            "One",
            [
                question("yes_no", "Used it?", reference="used"),
                question("short_text", "Which?", condition=show_if("used", "true"), max_length=100),
            ],
        )
    ]
    message = question_field_error(errors_of(raw), 0, 1, "show_if", "answer")
    assert "Choose one of: ‘yes’, ‘no’" in message


def test_a_show_if_with_a_question_but_no_answer_is_refused():
    raw = [
        step(
            "One",
            [
                question("yes_no", "Used it?", reference="used"),
                question("short_text", "Which?", condition=show_if("used", ""), max_length=100),
            ],
        )
    ]
    message = question_field_error(errors_of(raw), 0, 1, "show_if", "answer")
    assert "Say which answer shows this" in message


def test_a_rating_rule_names_a_point_on_its_scale():
    raw = [
        step(
            "One",
            [
                question(
                    "rating", "Rate it", reference="rate", scale=5, low_label="", high_label=""
                ),
                question(
                    "short_text", "Why so low?", condition=show_if("rate", "7"), max_length=100
                ),
            ],
        )
    ]
    message = question_field_error(errors_of(raw), 0, 1, "show_if", "answer")
    assert "‘1’, ‘2’, ‘3’, ‘4’, ‘5’" in message


def test_closing_before_opening_is_refused_on_the_closing_date(consultation):
    consultation.opens_at = timezone.now()
    consultation.closes_at = consultation.opens_at - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        consultation.full_clean()
    assert caught.value.message_dict["closes_at"] == [
        "The closing date must be after the opening date."
    ]


def test_closing_after_opening_is_accepted(consultation):
    consultation.opens_at = timezone.now()
    consultation.closes_at = consultation.opens_at + datetime.timedelta(days=30)
    consultation.full_clean()


def test_on_a_translation_a_rule_names_the_option_in_the_source_language(
    consultation, polish_consultation
):
    """Show-if rules are synchronised from the English page: on the Polish page's editor
    form they are checked against the English options, not the Polish texts."""
    from consultations.models import ConsultationPage
    from consultations.survey_checks import SurveyPageForm, source_survey

    assert ConsultationPage.base_form_class is SurveyPageForm
    raw = list(polish_consultation.survey.raw_data)
    raw[2]["value"]["show_if"] = show_if("travel", "Bus")  # English text, Polish options
    with pytest.raises(ValidationError):
        clean(raw)  # against the Polish options ("Autobusem") alone it would not match
    token = source_survey.set(consultation.survey)
    try:
        assert len(clean(raw)) == 3
    finally:
        source_survey.reset(token)
