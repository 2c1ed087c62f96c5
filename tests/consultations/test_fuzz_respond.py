"""Whatever is posted to the public survey forms, nothing breaks and no garbage is stored."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.models import Answer
from tests.consultations.factories import question_id

pytestmark = pytest.mark.django_db

ROUTES = ["respond/step/1/", "respond/step/2/", "respond/step/3/", "respond/your-details/"]

text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "0", "-1", "99999999999999999999", "yes", "no", "on", "\x00"]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(ROUTES), data=st.data())
def test_posting_anything_to_the_survey_never_errors(client, consultation, route, data):
    known = [f"q_{q.id}" for q in consultation.survey_definition.questions] + [
        "respondent_type",
        "organisation_size",
        "email",
        "postcode",
        "eq-age_band",
        "eq-ethnicity",
    ]
    names = data.draw(
        st.lists(st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=40)), max_size=8)
    )
    payload = {name: data.draw(st.one_of(text, st.lists(text, max_size=3))) for name in names}
    payload = {k: v for k, v in payload.items() if "\x00" not in k}

    response = client.post(consultation.url + route, payload)

    assert response.status_code < 500
    valid_ids = {q.id for q in consultation.survey_definition.questions}
    assert set(Answer.objects.values_list("question_id", flat=True)) <= valid_ids
    travel = question_id(consultation, "travel")
    valid_options = {o.id for o in consultation.survey_definition.question(travel).options}
    stored = set(Answer.objects.filter(question_id=travel).values_list("option_id", flat=True))
    assert stored <= valid_options
