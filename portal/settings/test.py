"""Test settings: the same as dev, with fast hashing and outbox email."""

from .dev import *  # noqa: F403 - settings modules build on the base on purpose

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
ACCOUNT_RATE_LIMITS = False
# Tests run Celery tasks in-process unless a test starts a real worker
# (tests/integration), which switches this off for its own duration.
CELERY_TASK_ALWAYS_EAGER = True
# Likewise Wagtail's own jobs (search index, reference index) and wagtail-localize's
# run in-process; tests of the Celery hand-off set TASKS themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_localize.tasks.ImmediateBackend"}
# Submitting a response does not encode its answers (seconds per test on a busy
# machine); tests of the vector cache switch it on.
THEMES_EMBED_ON_SUBMIT = False

# Developers running a few tests at a time can keep the SQLite test database in a
# file between runs: TEST_SQLITE_NAME=/tmp/mine.sqlite3 pytest --reuse-db ...
# (migrations are then applied only when new ones appear).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_file = env("TEST_SQLITE_NAME", default="")  # noqa: F405
    if _test_file:
        DATABASES["default"]["TEST"] = {"NAME": _test_file}  # noqa: F405
