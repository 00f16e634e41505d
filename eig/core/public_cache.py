"""Open data files served from the shared cache, with ``ETag`` and ``Last-Modified``.

An open data file is the same for everyone, so it is generated at most once a minute per
address (``PUBLIC_FILE_SECONDS``, in the shared cache: one generation for every web
process), then served as stored. A client that sends back the ``ETag`` (or the
``Last-Modified`` date) it was given gets a 304 without a body. A minute is what the
figures may lag behind a change: simpler than having every service that touches a défi,
a contract or a measurement invalidate six files, and short enough for open data.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

PUBLIC_FILE_SECONDS = 60
CHUNK = 64 * 1024
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Link", "Access-Control-Allow-Origin")


def _stored(response: HttpResponseBase) -> dict[str, Any]:
    body = b"".join(response) if response.streaming else response.content  # type: ignore[attr-defined]
    return {
        "body": body,
        "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        "etag": quote_etag(hashlib.sha256(body).hexdigest()[:32]),
        "last_modified": int(timezone.now().timestamp()),
        "streaming": response.streaming,
    }


def _response(stored: dict[str, Any]) -> HttpResponseBase:
    # A file that was streamed is streamed again (in chunks), so a large one never sits
    # whole in a response object the middleware might copy.
    body = stored["body"]
    response: HttpResponseBase = (
        StreamingHttpResponse(body[i : i + CHUNK] for i in range(0, len(body), CHUNK))
        if stored["streaming"]
        else HttpResponse(body)
    )
    for name, value in stored["headers"].items():
        response[name] = value
    response["ETag"] = stored["etag"]
    response["Last-Modified"] = http_date(stored["last_modified"])
    patch_cache_control(response, public=True, max_age=PUBLIC_FILE_SECONDS)
    return response


def public_file[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Serve ``view``'s file from the shared cache, answering conditional requests."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = "public-file:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        stored = cache.get(key)
        if stored is None:
            generated = view(request, *args, **kwargs)
            if generated.status_code != 200:
                return generated
            stored = _stored(generated)
            cache.set(key, stored, PUBLIC_FILE_SECONDS)
        response = _response(stored)
        not_modified = get_conditional_response(
            request,
            etag=stored["etag"],
            last_modified=stored["last_modified"],
            response=cast(HttpResponse, response),
        )
        return not_modified or response

    return wrapper  # type: ignore[return-value]
