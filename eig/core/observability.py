"""What operators see: one log line per request, JSON in production, errors to Sentry.

Nothing personal leaves in either: the request's log line names the user by id (never an
e-mail) and the URL by its route (``/enquete-alumni/<str:token>/``, never the token);
Sentry events lose request bodies, cookies, headers, local variables and any e-mail
address in their texts.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("eig.requests")

request_id: ContextVar[str] = ContextVar("request_id", default="")
# A request id set by the proxy in front (X-Request-ID) is kept if it looks like one.
INCOMING_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
REDACTED = "[retiré]"


class RequestLogMiddleware:
    """Give each request an id (``X-Request-ID``) and log it once it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        current = incoming if INCOMING_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id.set(current)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            logger.info("request", extra=request_summary(request, response, started))
            return response
        finally:
            request_id.reset(token)


def request_summary(request: HttpRequest, response: HttpResponse, started: float) -> dict[str, Any]:
    user = getattr(request, "user", None)
    match = request.resolver_match
    return {
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "method": request.method,
        "route": "/" + match.route if match else "(aucune)",
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000),
    }


class RequestIdFilter(logging.Filter):
    """Add the current request's id to every log record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def sentry_init(*, dsn: str, environment: str, release: str) -> None:
    import sentry_sdk  # only where SENTRY_DSN is set

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_scrub,  # type: ignore[arg-type]
        before_breadcrumb=breadcrumb_scrub,
    )


def sentry_scrub(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Keep what locates an error (its type, stack, route, user id), drop what is personal."""
    request = event.get("request")
    if request:
        event["request"] = {"method": request.get("method"), "url": _without_query(request)}
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("extra", None)
    if "message" in event:
        event["message"] = email_scrub(event["message"])
    if "logentry" in event:
        event["logentry"] = {"message": email_scrub(str(event["logentry"].get("message", "")))}
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = email_scrub(str(exception.get("value", "")))
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    return event


def breadcrumb_scrub(crumb: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    crumb.pop("data", None)
    if "message" in crumb:
        crumb["message"] = email_scrub(str(crumb["message"]))
    return crumb


def email_scrub(text: str) -> str:
    return EMAIL_ADDRESS.sub(REDACTED, text)


def _without_query(request: dict[str, Any]) -> str:
    return str(request.get("url", "")).split("?", 1)[0]
