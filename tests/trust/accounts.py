"""People who sign in, for the account tests: a resident and a staff member.

Both have a verified email address (sign-in needs one) and a known password.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission

from tests.consultations.factories import UserFactory

PASSWORD = "correct horse battery staple"


def person(email: str, *, password: str = PASSWORD, **fields):
    user = UserFactory(username=email.split("@")[0], email=email, password=password, **fields)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def staff_member(email: str = "analyst@example.nhs.uk", **fields):
    """Someone in a staff role group (admin access through the group, not ``is_staff``)."""
    user = person(email, **fields)
    group, _created = Group.objects.get_or_create(name="Analysts")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/en/accounts/login/", {"login": email, "password": password})
