"""Nothing a person submits is lost: two different people who happen to give the same
answers are two responses (duplicate detection is for one person pressing twice)."""

import pytest
from django.test import Client

from consultations.models import Response
from tests.consultations.test_respond import (
    answer_step_one,
    answer_step_two,
    complete_journey,
    details,
    url,
)

pytestmark = pytest.mark.django_db


def test_two_people_giving_the_same_answers_make_two_responses(consultation):
    for _person in range(2):
        done = complete_journey(Client(), consultation)
        assert done.status_code == 302 and done.url.endswith("respond/done/")
    assert Response.objects.submitted().count() == 2


def test_one_person_pressing_submit_twice_makes_one_response(client, consultation):
    """Two presses of "Submit" leave the browser before either answer comes back, so both
    requests carry the same session: the one that still names the person's draft."""
    assert answer_step_one(client, consultation).status_code == 302
    assert answer_step_two(client, consultation).status_code == 302
    assert details(client, consultation).status_code == 302
    session_at_the_press = dict(client.session.items())
    check = url(consultation, "respond/check/")

    first = client.post(check)
    session = client.session
    for key in list(session.keys()):
        del session[key]
    session.update(session_at_the_press)
    session.save()
    second = client.post(check)

    assert first.status_code == second.status_code == 302
    assert first["Location"].endswith("respond/done/")
    assert second["Location"].endswith("respond/done/")  # reached the submit code again
    stored = Response.objects.submitted().get()
    assert stored.reference in client.get(second["Location"]).content.decode()
