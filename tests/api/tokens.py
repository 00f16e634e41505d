"""Tokens for the API tests, created through the service as staff or agents do."""

import datetime

from django.utils import timezone

from eig.api.services import token_create
from tests.factories import StaffFactory


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def token_secret(scope: str, *, organisation=None, by=None) -> str:
    created = token_create(
        by=by or StaffFactory(),
        name=f"Jeton {scope}",
        scope=scope,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        organisation=organisation,
    )
    return created.secret
