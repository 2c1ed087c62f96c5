"""Fixtures for the consultations tests (``home_page`` and ``locales`` come from tests/)."""

import pytest

from tests.consultations import factories


@pytest.fixture
def consultation_index(home_page):
    """The English "Consultations" listing under the home page."""
    return factories.make_index_page(home_page)


@pytest.fixture
def consultation(consultation_index):
    """A published, open English consultation with ``factories.standard_survey()``."""
    return factories.make_consultation(consultation_index)


@pytest.fixture
def polish_consultation(consultation, locales):
    """The Polish translation of ``consultation``: same block ids, Polish texts."""
    return factories.translate_consultation(consultation, locales["pl"])


@pytest.fixture
def areas(db):
    """Two boroughs with their ONS codes and a postcode district each."""
    return {
        "harrow": factories.AreaFactory(
            name="Harrow", slug="harrow", ons_code="E09000015", postcode_districts="HA1 HA2"
        ),
        "brent": factories.AreaFactory(
            name="Brent", slug="brent", ons_code="E09000005", postcode_districts="NW10 HA0"
        ),
    }


@pytest.fixture
def staff_user(db):
    """A staff member with Wagtail admin access but no extra permissions."""
    from django.contrib.auth.models import Permission

    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def superuser(db):
    return factories.SuperuserFactory()
