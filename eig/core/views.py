from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from eig.core.health import health_checks


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Public health: 200 when every check holds, 503 with the reasons otherwise."""
    checks = health_checks()
    reasons = [check.reason for check in checks.values() if not check.ok]
    body = {
        "status": "erreur" if reasons else "ok",
        "reasons": reasons,
        "checks": {name: {"ok": check.ok, **check.detail} for name, check in checks.items()},
    }
    return JsonResponse(
        body, status=503 if reasons else 200, json_dumps_params={"ensure_ascii": False}
    )
