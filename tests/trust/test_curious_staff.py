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


# --- looking at lists of people leaves a trace -------------------------------------------
def entries(action, model):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.filter(
        action=action, content_type=ContentType.objects.get_for_model(model)
    )


@pytest.fixture
def event_with_two_people(home_page):
    from events import signups
    from tests.events import factories

    event = factories.make_event(factories.make_index(home_page), capacity=1)
    signups.sign_up(event, factories.details(1, access_needs=["bsl"]))
    signups.sign_up(event, factories.details(2))
    return event


def test_opening_the_attendee_list_is_audit_logged(client, member_of, event_with_two_people):
    from events.models import EventSignup

    user = member_of(roles.PANEL_ADMINISTRATORS)
    response = client.get(f"/admin/events/{event_with_two_people.pk}/")
    assert response.status_code == 200

    logged = entries("privacy.view_personal_data", EventSignup)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in EventSignup.objects.values_list("pk", flat=True)
    )
    assert {entry.user_id for entry in logged} == {user.pk}
    assert not logged.filter(label__icontains="person").exists()  # no names in the log


def test_exporting_the_attendees_is_audit_logged(client, member_of, event_with_two_people):
    from events.models import EventSignup

    user = member_of(roles.PANEL_ADMINISTRATORS)
    response = client.get(f"/admin/events/{event_with_two_people.pk}/export.csv")
    assert b"person2@example.org" in b"".join(response.streaming_content)

    logged = entries("privacy.export", EventSignup)
    assert logged.count() == 2 and {entry.user_id for entry in logged} == {user.pk}


def test_browsing_the_panel_member_list_is_audit_logged(client, member_of):
    from citizens_panel.models import Member

    shown = MemberFactory.create_batch(3)
    user = member_of(roles.PANEL_ADMINISTRATORS)
    response = client.get("/admin/snippets/citizens_panel/member/")
    assert response.status_code == 200 and shown[0].name in response.content.decode()

    logged = entries("privacy.view_personal_data", Member)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(str(m.pk) for m in shown)
    assert {entry.user_id for entry in logged} == {user.pk}
