"""Security headers Django does not set, and a clear page when the database is unreachable.

* ``ContentSecurityPolicyMiddleware`` gives every request a fresh nonce
  (``request.csp_nonce``, put on each ``<script>`` in the templates) and sends a
  ``Content-Security-Policy`` header. Public pages get a strict policy: scripts only
  from this site or carrying the nonce, no inline styles, no framing, forms posting
  only here. The Wagtail admin (under ``/admin/``) builds its pages with inline
  scripts and styles, so it gets a looser policy of its own ('unsafe-inline', no
  nonce: a nonce would make browsers ignore 'unsafe-inline'), still same-origin only.
  ``Permissions-Policy`` turns off device features the portal never uses.
* ``PublicRequestLimitMiddleware`` refuses a public request body larger than
  ``PUBLIC_REQUEST_MAX_BYTES`` (413) or a form with more fields than
  ``PUBLIC_REQUEST_MAX_FIELDS`` (400) before anything reads it, with a page in the
  site's layout and language. Django's own ``DATA_UPLOAD_MAX_*`` limits are larger,
  for staff saving big pages in the admin; ``bad_request`` (``handler400``) explains a
  body over those too.
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
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.defaults import bad_request as django_bad_request
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
            if getattr(request, "is_preview", False):
                # The editor's preview panel frames the page (same origin); Wagtail
                # renders it through the middleware with the page's public URL.
                policy = {**policy, "frame-ancestors": ["'self'"]}
            response[header] = render_policy(policy, nonce)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def request_refused(request, *, too_large: bool) -> HttpResponse:
    """The page for a body too large (413) or with too many fields (400)."""
    return render(
        request,
        "request_refused.html",
        {"too_large": too_large},
        status=413 if too_large else 400,
    )


def csrf_failure(request, reason="", template_name="csrf_failure.html") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form sent without a valid security token (a page open
    too long, cookies cleared or blocked, signed in or out in another tab).

    Nothing from the refused form is kept (it could have been sent by another site),
    but a survey draft saved on earlier pages is still there; the page says so, in the
    site's language, and links back to the form's own address to try again."""
    has_draft = any(key.startswith("consultation-response-") for key in request.session.keys())
    return render(
        request,
        template_name,
        {"retry_url": request.path, "has_draft": has_draft},
        status=403,
    )


class PublicRequestLimitMiddleware:
    """Public forms are small: refuse far bigger bodies before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH") and not request.path_info.startswith(
            _admin_prefix()
        ):
            refused = self._refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _refusal(self, request) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a length it understands
        if length > getattr(settings, "PUBLIC_REQUEST_MAX_BYTES", 1_048_576):
            return request_refused(request, too_large=True)
        if length and _field_count(request) > getattr(settings, "PUBLIC_REQUEST_MAX_FIELDS", 1_000):
            return request_refused(request, too_large=False)
        return None


def _field_count(request) -> int:
    """Fields in a form body (public bodies are small by now, so reading it is cheap)."""
    if request.content_type == "application/x-www-form-urlencoded":
        return request.body.count(b"&") + 1
    boundary = request.content_params.get("boundary", "")
    if request.content_type == "multipart/form-data" and boundary:
        return request.body.count(b"--" + boundary.encode("ascii", "replace")) - 1
    return 0


def bad_request(request, exception, template_name="400.html"):
    """``handler400``: say what happened when a body was over Django's own limits."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        try:
            return request_refused(request, too_large=isinstance(exception, RequestDataTooBig))
        except Exception:  # noqa: BLE001 - never fail while reporting a failure
            logger.exception("Could not draw the request-refused page")
    return django_bad_request(request, exception, template_name=template_name)


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
