"""Sign-in rules for the Wagtail admin, and language marks on translated pages.

* ``AdminLoginRedirectMiddleware`` sends Wagtail's own login page to allauth's, so
  staff sign in one way only, with MFA when they have it.
* ``StaffMFAMiddleware`` makes anyone who can use the admin set up two-step
  verification before they use it, when ``PORTAL_REQUIRE_STAFF_MFA`` is on, and lets
  them reach the set-up pages only from a sign-in that included a code emailed to
  them (``portal.accounts``): a stolen password alone cannot enrol an authenticator.
* ``StaffSessionMiddleware`` signs staff out after ``STAFF_SESSION_IDLE_MINUTES``
  without a request, and ends their sessions with the browser ("Remember me" is for
  the public only).
* ``LanguageOfPartsMiddleware`` marks text not yet translated on a translated page
  with its language (``portal.language_of_parts``).
"""

import logging
import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from portal.accounts import SECOND_FACTORS, must_prove_mailbox, proved_mailbox
from portal.language_of_parts import (
    mark_untranslated,
    untranslated_in_listing,
    untranslated_strings,
)

logger = logging.getLogger(__name__)

ADMIN_ACCESS = "wagtailadmin.access_admin"
# MFA pages a signed-in person without a second factor could use to enrol one.
MFA_SIGN_IN_PAGES = {"mfa_authenticate"}


class AdminLoginRedirectMiddleware:
    """Serve ``/admin/login/`` from allauth's sign-in page, keeping ``?next=``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == reverse("wagtailadmin_login"):
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("wagtailadmin_home")
            return redirect_to_login(next_url, login_url=settings.WAGTAILADMIN_LOGIN_URL)
        return self.get_response(request)


class StaffMFAMiddleware:
    """Send staff without two-step verification to set it up before using the admin.

    Staff are signed-in users with Wagtail admin access. Only admin URLs are held
    back, so the MFA set-up pages (under ``/<lang>/accounts/``) and signing out
    stay reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(
                request,
                _("Set up two-step verification before you use the admin."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        if not getattr(settings, "PORTAL_REQUIRE_STAFF_MFA", False):
            return False
        path = request.path_info
        if not path.startswith(reverse("wagtailadmin_home")):
            return False
        if path == reverse("wagtailadmin_logout"):
            return False
        user = request.user
        if not user.is_authenticated or not user.has_perm(ADMIN_ACCESS):
            return False
        return not is_mfa_enabled(user, SECOND_FACTORS)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Keep the MFA set-up pages from staff who signed in with a password alone."""
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        if not name.startswith("mfa_") or name in MFA_SIGN_IN_PAGES:
            return None
        user = request.user
        if not user.is_authenticated or not must_prove_mailbox(user):
            return None
        if proved_mailbox(request, user):
            return None
        logout(request)
        messages.info(
            request,
            _("To set up two-step verification, sign in again: we will email you a code."),
        )
        return redirect_to_login(request.get_full_path(), login_url=settings.LOGIN_URL)


class StaffSessionMiddleware:
    """End staff sessions after ``STAFF_SESSION_IDLE_MINUTES`` idle, and with the browser.

    The time of the last request is kept in the session (written at most once a
    minute); it is also stamped on the request that signs someone in, so a session
    left straight after signing in times out too. allauth sets a "Remember me" expiry
    after signing in, so the browser-session expiry is put back on every response.
    """

    LAST_SEEN = "portal-staff-last-seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        if _is_staff(request):
            last_seen = request.session.get(self.LAST_SEEN)
            if last_seen is not None and now - last_seen > _idle_seconds():
                logout(request)
                messages.info(request, _("You were signed out because you had been inactive."))
        response = self.get_response(request)
        if _is_staff(request):
            last_seen = request.session.get(self.LAST_SEEN)
            if last_seen is None or now - last_seen >= 60:
                request.session[self.LAST_SEEN] = now
            if not request.session.get_expire_at_browser_close():
                request.session.set_expiry(0)
        return response


def _idle_seconds() -> float:
    return 60 * float(getattr(settings, "STAFF_SESSION_IDLE_MINUTES", 30))


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.has_admin_access)


class LanguageOfPartsMiddleware:
    """Mark untranslated text on the pages Wagtail serves (WCAG 3.1.2).

    ``portal.wagtail_hooks`` notes the page being served on the request, and a view
    that lists pages without being one (the site search) notes them as
    ``request.listed_pages``; only full HTML responses are changed, and only where a
    translation still shows text in its source language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = getattr(request, "served_page", None)
        listed = getattr(request, "listed_pages", None)  # set by views such as site search
        if (
            (page is None and not listed)
            or response.streaming
            or response.status_code != 200
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        try:
            if page is not None:
                untranslated = untranslated_strings(page)
            else:
                untranslated = untranslated_in_listing(listed, Locale.get_active().pk)
            if untranslated is None:
                return response
            marked = mark_untranslated(response.content.decode(response.charset), untranslated)
        except Exception:  # the page is served as it is rather than not at all
            logger.exception("Could not mark untranslated text on %s", request.path)
            return response
        if marked is not None:
            response.content = marked.encode(response.charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
