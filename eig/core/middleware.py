"""Middleware shared by every app."""

from collections.abc import Callable

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

PRIVATE_PATH_PREFIXES = ("/enquete-alumni/",)


class PrivateCacheControlMiddleware:
    """Keep every page of a signed-in person, and every private file, out of shared caches.

    One rule for the whole site rather than a header set view by view: a page or a
    file that depends on who asks (profile, staff lists, contracts, exports) must
    never be stored by a proxy or the browser's disk cache. Anonymous pages reached
    through a private link (the alumni survey's token) are treated alike, and so is
    every file response, since files are only ever served through views that check
    who asks.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Read before the view too: the sign-out response was asked for by a signed-in person.
        was_authenticated = _is_authenticated(request)
        response = self.get_response(request)
        if (
            was_authenticated
            or _is_authenticated(request)
            or isinstance(response, FileResponse)
            or request.path.startswith(PRIVATE_PATH_PREFIXES)
        ):
            _mark_private(response)
        return response


def _is_authenticated(request: HttpRequest) -> bool:
    # Without a session cookie nobody is signed in (except on the sign-in response
    # itself, whose session was just modified): skip the session read, so public
    # pages do not gain a "Vary: Cookie" they do not need.
    session = getattr(request, "session", None)
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES or (
        session is not None and session.modified
    )
    if not has_session:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _mark_private(response: HttpResponseBase) -> None:
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, private=True, no_store=True)
