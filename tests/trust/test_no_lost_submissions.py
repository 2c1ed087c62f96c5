"""Nothing a person submits is lost: two different people who happen to give the same
answers are two responses (duplicate detection is for one person pressing twice)."""

import pytest
from django.test import Client

from consultations.models import Response
from tests.consultations.test_respond import complete_journey

pytestmark = pytest.mark.django_db


def test_two_people_giving_the_same_answers_make_two_responses(consultation):
    for _person in range(2):
        done = complete_journey(Client(), consultation)
        assert done.status_code == 302 and done.url.endswith("respond/done/")
    assert Response.objects.submitted().count() == 2


def test_one_person_pressing_submit_twice_makes_one_response(client, consultation):
    complete_journey(client, consultation)
    client.post(consultation.url + "respond/check/")
    assert Response.objects.submitted().count() == 1
