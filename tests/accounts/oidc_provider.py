"""A local OpenID Connect provider (oidc-provider-mock) standing in for ProConnect in tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import oidc_provider_mock
from django.utils.csp import CSP


def proconnect_identity(*, sub: str, email: str, siret: str = "", **claims: Any):
    """An identity as ProConnect describes it (given_name, usual_name, siret...)."""
    values = {"email": email, "given_name": "Claire", "usual_name": "Agent", **claims}
    if siret:
        values["siret"] = siret
    return oidc_provider_mock.User(sub=sub, claims=values)


@contextmanager
def local_provider(settings, identities) -> Iterator[str]:
    """Serve the provider in a thread and point the OIDC settings at it; yields its URL."""
    with oidc_provider_mock.run_server_in_thread(
        port=0, user_claims=identities, require_nonce=True
    ) as server:
        url = f"http://localhost:{server.server_port}"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{url}/oauth2/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{url}/oauth2/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{url}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{url}/jwks"
        settings.OIDC_RP_SCOPES = "openid email profile given_name usual_name siret"
        csp = dict(settings.SECURE_CSP)
        csp["form-action"] = [CSP.SELF, url]
        settings.SECURE_CSP = csp
        yield url
