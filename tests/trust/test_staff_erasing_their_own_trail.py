"""Staff deleting their own accounts from the public "your data" page (issue #14, medium).

``/<lang>/your-data/delete/`` refused only ``is_staff`` users, but staff roles come
from groups (``manage.py setup_roles``), so analysts, data protection officers and the
rest could delete their own accounts and with them the record of who ran data requests
and who coded what. Anyone who can use the Wagtail admin, by a group or a permission of
their own, is now sent to the data protection officer instead, and leaving the
Citizens' Panel no longer deletes a staff member's account either.
"""

import pytest
from django.contrib.auth.models import Permission

from citizens_panel import membership
from portal.models import User
from tests.citizens_panel.factories import MemberFactory
from tests.trust.accounts import person, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(home_page):
    return staff_member("analyst@example.nhs.uk")


def test_an_analyst_cannot_delete_their_own_account(client, analyst):
    client.force_login(analyst)

    page = client.get("/en/your-data/")
    form = client.get("/en/your-data/delete/")
    posted = client.post("/en/your-data/delete/", {"confirm": "on"})

    assert "Ask the data protection officer" in page.content.decode()
    assert form.status_code == posted.status_code == 403
    assert User.objects.filter(pk=analyst.pk).exists()


def test_someone_given_admin_access_directly_cannot_either(client, home_page):
    user = person("editor@example.nhs.uk")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)

    assert client.post("/en/your-data/delete/", {"confirm": "on"}).status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_a_member_of_the_public_still_can(client, home_page):
    resident = person("resident@example.org")
    client.force_login(resident)

    assert client.post("/en/your-data/delete/", {"confirm": "on"}).status_code == 200
    assert not User.objects.filter(pk=resident.pk).exists()


def test_leaving_the_panel_keeps_a_staff_members_account(analyst):
    member = MemberFactory(user=analyst, email=analyst.email)

    membership.leave(member)

    assert User.objects.filter(pk=analyst.pk).exists()


def test_an_erasure_request_for_a_role_users_address_keeps_their_account(analyst):
    """An officer erasing an address must not delete the account of staff whose role
    comes from a group (``is_staff`` is false for them): that account signs coding and
    data requests."""
    from privacy import dsr

    dsr.erase(analyst.email)

    assert User.objects.filter(pk=analyst.pk).exists()
