"""Security headers Django does not set, and a clear page when the database is unreachable.

* ``ContentSecurityPolicyMiddleware`` gives every request a fresh nonce
  (``request.csp_nonce``, put on each ``<script>`` in the templates) and sends a
  ``Content-Security-Policy`` header. Public pages get a strict policy: scripts only
  from this site or carrying the nonce, no inline styles, no framing, forms posting
  only here. The Wagtail admin (under ``/admin/``) builds its pages with inline
  scripts and styles, so it gets a looser policy of its own ('unsafe-inline', no
  nonce: a nonce would make browsers ignore 'unsafe-inline'), still same-origin only.
  ``Permissions-Policy`` turns off device features the portal never uses.
* ``DatabaseUnavailableMiddleware`` turns a lost database connection in a view into
  a "503 Service unavailable" page that says what happened to the person's answers;
  ``server_error`` (``handler500``) does the same for one raised outside a view.
  The page is rendered without touching the database (no site settings, no session).

Settings: ``PORTAL_CSP`` and ``PORTAL_CSP_ADMIN`` (directive -> list of sources;
``{nonce}`` is replaced per request), ``PORTAL_CSP_REPORT_ONLY`` (send
``Content-Security-Policy-Report-Only`` instead, to try a policy out).
"""

from __future__ import annotations

import logging
import secrets
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

NONCE_PLACEHOLDER = "{nonce}"

PUBLIC_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce-{nonce}'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    # The NHS.UK frontend's CSS loads the Frutiger web fonts from the NHS's own host.
    "font-src": ["'self'", "https://assets.nhs.uk"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Wagtail's admin renders inline <script> and style="" attributes, previews pages in
# a same-origin iframe, shows Gravatar pictures and checks for new Wagtail releases.
ADMIN_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "www.gravatar.com"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "https://releases.wagtail.io"],
    "media-src": ["'self'", "blob:"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
DATABASE_ERRORS = (OperationalError, InterfaceError)


def make_nonce() -> str:
    return secrets.token_urlsafe(18)


def render_policy(policy: dict[str, list[str]], nonce: str) -> str:
    return "; ".join(
        " ".join([directive, *(source.replace(NONCE_PLACEHOLDER, nonce) for source in sources)])
        for directive, sources in policy.items()
    )


def _admin_prefix() -> str:
    try:
        return reverse("wagtailadmin_home")
    except Exception:  # noqa: BLE001 - no admin URLs (e.g. a test urlconf): nothing is admin
        return "/admin/"


class ContentSecurityPolicyMiddleware:
    """A nonce per request, and the CSP header (strict in public, looser in the admin)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = make_nonce()
        request.csp_nonce = nonce
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "PORTAL_CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if header not in response:
            in_admin = request.path_info.startswith(_admin_prefix())
            policy = (
                getattr(settings, "PORTAL_CSP_ADMIN", ADMIN_POLICY)
                if in_admin
                else getattr(settings, "PORTAL_CSP", PUBLIC_POLICY)
            )
            response[header] = render_policy(policy, nonce)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def database_unavailable(request=None) -> HttpResponse:
    """The 503 page, rendered without the database (no context processors run)."""
    body = loader.get_template("503.html").render({"request_path": getattr(request, "path", "")})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain explanation when a view loses the database connection.

    The respond journey saves each step and the final submission in a transaction,
    so a connection lost part-way leaves nothing half-saved; the page says so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
            return database_unavailable(request)
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: the 503 page for a lost database, Django's 500 page otherwise."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return database_unavailable(request)
    try:
        return django_server_error(request, template_name=template_name)
    except Exception:  # noqa: BLE001 - never fail while reporting a failure
        return HttpResponseServerError("Server error", content_type="text/plain")
