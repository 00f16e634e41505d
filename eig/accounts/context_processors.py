from typing import Any

from django.http import HttpRequest

from eig.accounts.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation of the person signed in (or of a visitor)."""
    return {"main_navigation": navigation_for(getattr(request, "user", None), request.path)}
