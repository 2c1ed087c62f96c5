"""Fixtures for the themes tests; consultation fixtures are shared from tests/consultations."""

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
from themes.models import Theme, ThemeFrame

ANALYST_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("themes", "add_theme"),
    ("themes", "change_theme"),
    ("themes", "delete_theme"),
    ("themes", "view_theme"),
    ("themes", "add_coding"),
    ("themes", "change_coding"),
    ("themes", "view_coding"),
    ("portal_search", "explore_feedback"),
]


def grant(user, permissions):
    for app_label, codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def analyst(db):
    """A member of staff who may edit themes, code and search feedback."""
    return grant(StaffUserFactory(), ANALYST_PERMISSIONS)


@pytest.fixture
def second_analyst(db):
    return grant(StaffUserFactory(), ANALYST_PERMISSIONS)


@pytest.fixture
def answer(consultation):  # noqa: F811 - the fixture imported above
    """make(text, **response fields) -> the free-text Answer to the "why" question."""

    def make(text, **fields):
        response = make_response(consultation, {question_id(consultation, "why"): text}, **fields)
        return response.answers.get(question_id=question_id(consultation, "why"))

    return make


@pytest.fixture
def frame(consultation):  # noqa: F811
    return ThemeFrame.for_page(consultation)


@pytest.fixture
def themes(frame):
    """Three themes: Transport (with a sub-theme Parking) and Waiting times."""
    transport = Theme.objects.create(frame=frame, name="Transport", colour="#005eb8")
    parking = Theme.objects.create(frame=frame, name="Parking", parent=transport, colour="#007f3b")
    waits = Theme.objects.create(frame=frame, name="Waiting times", colour="#330072")
    return {"transport": transport, "parking": parking, "waits": waits}


def why(consultation):  # noqa: F811
    return question_id(consultation, "why")
