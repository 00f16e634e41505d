from typing import Any

from django.conf import settings
from django.http import HttpRequest

from eig.accounts.navigation import navigation_for


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "DEMO": settings.DEMO,
        "main_navigation": navigation_for(getattr(request, "user", None), request.path),
    }
