"""Authentication of the API by bearer token, scopes and the per-token rate limit."""

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from eig.api.models import ApiToken, secret_hash

call_logger = logging.getLogger("eig.api.calls")

MAX_SECRET_LENGTH = 200


class TokenAuth(HttpBearer):
    """``Authorization: Bearer eig_…``; a valid token of another scope is refused (403)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        if not token or len(token) > MAX_SECRET_LENGTH:
            return None
        found = (
            ApiToken.objects.usable()
            .select_related("organisation")
            .filter(key_hash=secret_hash(token))
            .first()
        )
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]
        if found.scope != self.scope:
            raise AuthorizationError
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """``EIG_API_RATE`` calls per token, counted in the shared cache (all processes)."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(rate=settings.EIG_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read at each call, so that the setting can change without a restart of ninja.
        self.rate = settings.EIG_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return f"eig_api_throttle_{token.pk}"


class ApiCallLogMiddleware:
    """Log each call made with a token: its id (never its value), method, path, status."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        token = getattr(request, "api_token", None)
        if isinstance(token, ApiToken):
            call_logger.info(
                "api call token=%s method=%s path=%s status=%s",
                token.pk,
                request.method,
                request.path,
                response.status_code,
            )
        return response
