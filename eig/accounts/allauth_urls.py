"""django-allauth's URLs, with the account-management pages kept to candidates.

Agents, reviewers, coaches and the programme team sign in with ProConnect: they
have no password or e-mail to manage here, so these pages answer them 403.
The pages of sign-in by code, which the platform does not use, answer 404.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account import urls as allauth_urls
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern

CANDIDATE_ONLY = frozenset(
    {"account_email", "account_change_password", "account_set_password", "account_reauthenticate"}
)

# allauth declares these URLs even when sign-in or re-authentication by code is off.
UNUSED = frozenset(
    {
        "account_confirm_login_code",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
    }
)


def not_used(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def candidates_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go on to the view (which asks them to sign in); other roles get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not getattr(user, "is_candidate", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _guarded(pattern: Any) -> Any:
    if not isinstance(pattern, URLPattern):
        return pattern
    if pattern.name in UNUSED:
        return URLPattern(pattern.pattern, not_used, pattern.default_args, pattern.name)
    if pattern.name in CANDIDATE_ONLY:
        return URLPattern(
            pattern.pattern, candidates_only(pattern.callback), pattern.default_args, pattern.name
        )
    return pattern


urlpatterns = [_guarded(pattern) for pattern in allauth_urls.urlpatterns]
