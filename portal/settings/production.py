"""Production: refuses to start without a real secret, database and hosts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403 - settings modules build on the base on purpose
from .base import STATIC_ROOT, env

DEBUG = False

for _required in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
    if not env(_required, default=""):
        raise ImproperlyConfigured(
            f"{_required} must be set in production (see README, 'Configuration')."
        )

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The image collects static files at build time (docker/collectstatic.sh).
STATIC_ROOT = env.path("STATIC_ROOT", default=STATIC_ROOT)
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
PORTAL_REQUIRE_STAFF_MFA = env.bool("PORTAL_REQUIRE_STAFF_MFA", default=True)
