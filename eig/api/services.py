"""Writes of the API app: create and revoke tokens."""

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.api.enums import AGENT_SCOPES, Scope
from eig.api.models import ApiToken, secret_hash
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.organisations.models import Organisation

SECRET_PREFIX = "eig_"  # noqa: S105 (a prefix, not a secret)
MAX_LIFETIME = datetime.timedelta(days=366)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def token_create(
    *,
    by: User,
    name: str,
    scope: str,
    expires_on: datetime.date,
    organisation: Organisation | None = None,
) -> CreatedToken:
    """A new token; its secret is returned once and only its hash is kept."""
    if scope not in Scope.values:
        raise DomainError(_("Cette portée n’existe pas."))
    today = timezone.localdate()
    if not today < expires_on <= today + MAX_LIFETIME:
        raise DomainError(_("L’expiration doit être dans le futur, à un an au plus."))
    if not by.is_programme_staff:
        if not by.is_agent or scope not in AGENT_SCOPES:
            raise DomainError(_("Vous ne pouvez créer que des jetons de lecture de vos défis."))
        if organisation is None or not organisation.memberships.filter(user=by).exists():
            raise DomainError(_("Choisissez l’une de vos administrations."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    expires_at = datetime.datetime.combine(
        expires_on, datetime.time.max, tzinfo=timezone.get_current_timezone()
    )
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name,
            prefix=secret[:12],
            key_hash=secret_hash(secret),
            scope=scope,
            organisation=organisation,
            created_by=by,
            expires_at=expires_at,
        )
        event_record(subject=token, by=by, action=HistoryAction.CREATED, changes={"scope": scope})
    return CreatedToken(token=token, secret=secret)


def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update(of=("self",)).get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            event_record(subject=locked, by=by, action=HistoryAction.TOKEN_REVOKED)
    return locked
