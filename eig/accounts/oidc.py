"""ProConnect: the sign-in of agents, reviewers, coaches and the programme team.

mozilla-django-oidc runs the OpenID Connect code flow (state, nonce and PKCE);
this module decides who the person is (``ProConnectBackend``) and where they go
once signed in (``ProConnectCallbackView``).
"""

import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from eig.accounts.models import User
from eig.accounts.selectors import agent_is_attached
from eig.accounts.services import ProConnectIdentity, proconnect_sign_in
from eig.core.errors import DomainError

# The SIRET ProConnect sent at the last sign-in, shown on the "not attached" page.
SIRET_SESSION_KEY = "proconnect_siret"
_REFUSED = "_proconnect_refused"
_SIRET = "_proconnect_siret"
NAME_MAX_LENGTH = 150


def identity_from_claims(claims: dict[str, Any]) -> ProConnectIdentity:
    """Read ProConnect's claims (given_name, usual_name, siret...) into an identity."""
    sub = str(claims.get("sub") or "").strip()
    email = str(claims.get("email") or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    if not sub or not email:
        raise DomainError(
            _(
                "ProConnect n’a pas transmis votre identifiant ou une adresse e-mail valide : "
                "la connexion est impossible. Réessayez ou écrivez à l’équipe du programme."
            )
        )
    last_name = claims.get("usual_name") or claims.get("family_name") or ""
    return ProConnectIdentity(
        sub=sub,
        email=email,
        first_name=str(claims.get("given_name") or "").strip()[:NAME_MAX_LENGTH],
        last_name=str(last_name).strip()[:NAME_MAX_LENGTH],
        siret=re.sub(r"\s", "", str(claims.get("siret") or "")),
    )


def refuse(request: HttpRequest, message: str) -> None:
    """Tell the person why ProConnect could not sign them in (shown on the sign-in page)."""
    setattr(request, _REFUSED, True)
    messages.error(request, message, fail_silently=True)


class ProConnectBackend(OIDCAuthenticationBackend):
    """Find or create the account of the person ProConnect vouches for."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce: the password forms never reach the provider.
        if request is None or "nonce" not in kwargs:
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        try:
            identity = identity_from_claims(claims)
            result = proconnect_sign_in(identity=identity)
        except DomainError as error:
            refuse(self.request, error.message)
            return None
        setattr(self.request, _SIRET, identity.siret)
        return result.user


class ProConnectAuthenticationRequestView(OIDCAuthenticationRequestView):
    """Send the person to ProConnect (state, nonce and PKCE kept in the session)."""


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    """Back from ProConnect: sign in, then go to one's space or to the attachment page."""

    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)

    @property
    def success_url(self) -> str:
        if self.user.is_agent and not agent_is_attached(self.user):
            return reverse("accounts:not_attached")
        url: str = super().success_url
        return url

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        self.request.session[SIRET_SESSION_KEY] = getattr(self.request, _SIRET, "")
        return response

    def login_failure(self) -> HttpResponse:
        if not getattr(self.request, _REFUSED, False):
            messages.error(
                self.request,
                _(
                    "La connexion avec ProConnect n’a pas abouti. Réessayez ; si le problème "
                    "persiste, écrivez à l’équipe du programme."
                ),
            )
        response: HttpResponse = super().login_failure()
        return response


def proconnect_logout_url(id_token: str) -> str:
    """Where to send a person signed in with ProConnect so they are signed out there too."""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": get_random_string(32),
            "post_logout_redirect_uri": settings.SITE_URL + reverse(settings.LOGOUT_REDIRECT_URL),
        }
    )
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
