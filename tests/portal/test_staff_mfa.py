"""Staff sign in through allauth, and must set up two-step verification when it is required."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user():
    user = get_user_model().objects.create_user(
        username="comms", email="comms@example.nhs.uk", password="not-used-here"
    )
    group = Group.objects.create(name="Admin users")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


@pytest.fixture
def member_of_public():
    return get_user_model().objects.create_user(
        username="resident", email="resident@example.org", password="not-used-here"
    )


def with_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def test_staff_without_mfa_are_sent_to_set_it_up(client, settings, staff_user):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(staff_user)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_an_authenticator_app_reach_the_admin(client, settings, staff_user):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(with_totp(staff_user))

    assert client.get("/admin/").status_code == 200


def test_staff_without_mfa_can_still_sign_out(client, settings, staff_user):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(staff_user)

    response = client.post("/admin/logout/")

    assert response["Location"] != reverse("mfa_activate_totp")
    assert "_auth_user_id" not in client.session


def test_mfa_setup_page_is_not_held_back(client, settings, staff_user):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(staff_user)

    response = client.get(reverse("mfa_activate_totp"))

    # Never round in a loop. A session signed in without the code emailed to staff who
    # have no second factor yet (force_login here) is sent to sign in again first; the
    # whole way through is in tests/trust/test_stolen_staff_password.py.
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_activate_totp")
    assert response["Location"].startswith(reverse("account_login"))


def test_members_of_the_public_are_not_asked_for_mfa(client, settings, member_of_public):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(member_of_public)

    response = client.get("/admin/")

    assert reverse("mfa_activate_totp") not in response.get("Location", "")


def test_nobody_is_asked_for_mfa_when_it_is_not_required(client, settings, staff_user):
    settings.PORTAL_REQUIRE_STAFF_MFA = False
    client.force_login(staff_user)

    assert client.get("/admin/").status_code == 200


def test_signed_out_visitors_to_the_admin_get_the_portal_sign_in_page(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/"


def test_wagtails_own_login_page_hands_over_to_the_portal_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/pages/"
