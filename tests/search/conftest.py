"""Fixtures for the search tests; consultation fixtures are shared from tests/consultations."""

import pytest
from django.contrib.auth.models import Permission

from tests.consultations.conftest import (  # noqa: F401 - fixtures re-used here
    areas,
    consultation,
    consultation_index,
    polish_consultation,
    staff_user,
)
from tests.consultations.factories import StaffUserFactory, make_response, question_id


@pytest.fixture
def analyst(db):
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="explore_feedback"),
    )
    return user


@pytest.fixture
def answer(consultation):  # noqa: F811 - the fixture imported above
    """Submit a response with a free-text answer to ``consultation`` (indexed on commit)."""

    def make(text, **fields):
        return make_response(consultation, {question_id(consultation, "why"): text}, **fields)

    return make
