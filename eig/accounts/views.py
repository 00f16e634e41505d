from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts import selectors
from eig.accounts.decorators import AuthenticatedRequest, role_required
from eig.accounts.enums import Role
from eig.accounts.oidc import SIRET_SESSION_KEY, proconnect_logout_url
from eig.selection.selectors.matching import candidate_matching_round


def safe_next(request: HttpRequest) -> str:
    """The ``next`` parameter when it points inside this site, else an empty string."""
    url = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


def url_with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@require_safe
def login_choice(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:dashboard")
    context = {
        "title": _("Se connecter"),
        "proconnect_url": url_with_next("oidc_authentication_init", next_url),
        "password_login_url": url_with_next("account_login", next_url),
        "signup_url": url_with_next("account_signup", next_url),
    }
    return render(request, "accounts/login_choice.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    id_token = request.session.get("oidc_id_token")
    auth_logout(request)
    if id_token and settings.OIDC_OP_LOGOUT_ENDPOINT:
        return redirect(proconnect_logout_url(id_token))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_safe
@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "title": _("Mon espace"),
        "links": selectors.dashboard_links_for(user),
        "account_links": selectors.dashboard_links_for(user, selectors.ACCOUNT),
    }
    if user.role == Role.AGENT:
        context["organisations"] = list(selectors.organisations_of(user))
    if user.role == Role.CANDIDATE:
        context["matching_round"] = candidate_matching_round(user)
    return render(request, "accounts/dashboard.html", context)


@require_safe
@role_required(Role.AGENT)
def not_attached(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "title": _("Rattachement à une administration"),
        "siret": request.session.get(SIRET_SESSION_KEY, ""),
        "organisations": list(selectors.organisations_of(request.user)),
        "contact_email": settings.EIG_CONTACT_EMAIL,
    }
    return render(request, "accounts/not_attached.html", context)
