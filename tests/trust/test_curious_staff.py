"""A member of staff looks at people's details their role does not need, or looks
without leaving a trace (issue #14): the panel member chooser is permission-checked,
and the attendee list, its CSV and the panel member list are audit-logged."""

import pytest
from django.contrib.auth.models import Group

from privacy import roles
from tests.citizens_panel.factories import MemberFactory
from tests.consultations.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/citizens_panel/member/"


@pytest.fixture
def member_of(client, home_page):
    roles.setup_roles()

    def sign_in(group_name):
        user = StaffUserFactory()
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return sign_in


# --- the panel member chooser ----------------------------------------------------------
def test_an_analyst_cannot_open_the_panel_member_chooser(client, member_of):
    member = MemberFactory(name="Victoria Owner")
    member_of(roles.ANALYSTS)

    for url in (
        CHOOSER,
        CHOOSER + "results/?q=Victoria",
        CHOOSER + f"chosen/{member.pk}/",
        CHOOSER + f"chosen-multiple/?id={member.pk}",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Victoria" not in response.content.decode(), url


def test_a_panel_administrator_still_chooses_members(client, member_of):
    MemberFactory(name="Victoria Owner")
    member_of(roles.PANEL_ADMINISTRATORS)

    response = client.get(CHOOSER + "results/?q=Victoria")
    assert response.status_code == 200
    assert "Victoria Owner" in response.content.decode()
