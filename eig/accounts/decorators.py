"""Role checks for views: anonymous visitors are sent to sign in, other roles get 403.

The roles' definitions are in ``eig.accounts.permissions``; these decorators keep the
type of the view they wrap (a streamed export stays a ``StreamingHttpResponse``).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import has_role


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind ``role_required``, ``staff_required`` or
    ``login_required``: its user is signed in, so services get a ``User``."""

    user: User


def role_required[V: Callable[..., HttpResponseBase]](*roles: str) -> Callable[[V], V]:
    """Let through the signed-in users whose role is one of ``roles``."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(V, login_required(wrapper))

    return decorate


def staff_required[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """The programme team only."""
    only_staff: Callable[[V], V] = role_required(Role.STAFF)
    return only_staff(view)
