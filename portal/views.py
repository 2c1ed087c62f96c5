from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health import run_checks


@never_cache
@require_GET
def healthz(request):
    """200 when every configured part answers, 503 naming the ones that do not."""
    checks = run_checks()
    failing = sorted(name for name, result in checks.items() if not result["ok"])
    body = {"status": "ok" if not failing else "unavailable", "failing": failing, "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)
