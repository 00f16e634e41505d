"""django-axes: who a failed sign-in is counted against."""

from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail tried, from allauth's credentials or else from the sign-in form, lower-cased."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login")
    return str(value).strip().lower() if value else None
