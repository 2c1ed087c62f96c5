import ipaddress

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health import run_checks
from portal.ratelimits import client_address

ADMIN_ACCESS = "wagtailadmin.access_admin"


def sees_health_detail(request) -> bool:
    """The machine itself (loopback, read through the trusted proxy hops) or signed-in staff."""
    try:
        if ipaddress.ip_address(client_address(request)).is_loopback:
            return True
    except ValueError:
        pass
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.has_perm(ADMIN_ACCESS))


@never_cache
@require_GET
def healthz(request):
    """200 when every configured part answers, 503 when one does not.

    Everyone gets the status; the machine itself and staff also get which parts failed
    and what each check found (what runs where is no business of a stranger's).
    """
    checks = run_checks()
    failing = sorted(name for name, result in checks.items() if not result["ok"])
    body = {"status": "ok" if not failing else "unavailable"}
    if sees_health_detail(request):
        body.update(failing=failing, checks=checks)
    return JsonResponse(body, status=503 if failing else 200)


@require_GET
def not_translated(request):
    """Where the language switcher leads when a page has no translation into this
    language: says so, in this language, with links to this language's home page and
    back to the page (``portal.language_switch``)."""
    from django.utils.translation import get_language

    from portal import language_switch

    back = language_switch.safe_return_path(request, request.GET.get("from", ""))
    back_language = ""
    if back:
        back_language = back.lstrip("/").split("/", 1)[0]
        if back_language not in dict(settings.LANGUAGES):
            back_language = ""
    return render(
        request,
        "portal/not_translated.html",
        {
            "language_name": language_switch.language_name(get_language()),
            "home_url": f"/{get_language()}/",
            "back_url": back,
            "back_language": back_language,
            "back_language_name": language_switch.language_name(back_language)
            if back_language
            else "",
        },
    )
