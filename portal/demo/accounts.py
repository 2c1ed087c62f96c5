"""The demo administrator, who signs in with a password generated on first run."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.nhs.uk"


def new_password() -> str:
    return secrets.token_urlsafe(15)


def _admin_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")


def load(context) -> str:
    user_model = get_user_model()
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    created = user is None
    password = None
    if created:
        password = new_password()
        user = user_model.objects.create_superuser(
            username=ADMIN_USERNAME, email=ADMIN_EMAIL, password=password
        )
    elif context.reset_admin_password:
        password = new_password()
        user.set_password(password)
        user.save(update_fields=["password"])

    # allauth signs people in by email and wants it verified first.
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )

    if password is None:
        context.say(
            f"Admin login: {_admin_url()}  user {ADMIN_USERNAME} ({user.email}) already "
            "exists; password unchanged (run with --reset-admin-password for a new one)"
        )
        return "admin account already there"

    context.say(
        f"Admin login: {_admin_url()}  email/username {user.email} / {ADMIN_USERNAME}  "
        f"password {password}",
        style="SUCCESS",
    )
    return "admin account created" if created else "admin password reset"
