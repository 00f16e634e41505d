"""Writes to administrations and their members. Each runs in one transaction, locks
what it changes, validates with ``full_clean()`` and records a history line."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.core.errors import DomainError
from eig.core.history import event_record, fields_update
from eig.core.history_actions import HistoryAction
from eig.notifications.services import email_queue
from eig.organisations.enums import MembershipRole
from eig.organisations.models import Membership, Organisation

ORGANISATION_FIELDS = frozenset({"kind", "name", "acronym", "siret"})


def _values(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - ORGANISATION_FIELDS
    if unknown:
        raise ValueError(f"Champs non modifiables : {sorted(unknown)}")
    values = dict(data)
    if "siret" in values:
        # No SIRET is stored as NULL, so that several historical administrations may lack one.
        values["siret"] = values["siret"] or None
    return values


def _lock(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update(of=("self",)).get(pk=organisation.pk)


@transaction.atomic
def organisation_create(*, data: Mapping[str, Any], by: User) -> Organisation:
    require_staff(by)
    organisation = Organisation(**_values(data))
    organisation.full_clean()
    organisation.save()
    event_record(subject=organisation, by=by, action=HistoryAction.CREATED)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, data: Mapping[str, Any], by: User
) -> Organisation:
    require_staff(by)
    locked, _ = fields_update(
        instance=organisation, data=_values(data), by=by, action=HistoryAction.UPDATED
    )
    return locked


def _agent_for(email: str, first_name: str, last_name: str, by: User) -> tuple[User, bool]:
    """The agent account with this e-mail, created (to sign in with ProConnect) if none exists."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email, password=None, role=Role.AGENT, first_name=first_name, last_name=last_name
        )
        event_record(subject=user, by=by, action=HistoryAction.AGENT_CREATED)
        return user, True
    if user.role != Role.AGENT:
        raise DomainError(
            f"L’adresse {user.email} appartient à un compte « {user.get_role_display()} ». "
            "Seul un compte d’agent peut être membre d’une administration."
        )
    return user, False


@transaction.atomic
def organisation_member_add(
    *,
    organisation: Organisation,
    email: str,
    role: str = MembershipRole.AGENT,
    first_name: str = "",
    last_name: str = "",
    by: User,
) -> Membership:
    """Attach the agent with ``email`` to the administration, creating their account if needed.

    The administration is locked so that two people adding the same agent at once
    produce one membership and one clear refusal.
    """
    require_staff(by)
    locked = _lock(organisation)
    user, created = _agent_for(email.strip().lower(), first_name, last_name, by)
    if Membership.objects.filter(organisation=locked, user=user).exists():
        raise DomainError(f"{user.email} est déjà membre de cette administration.")
    membership = Membership(organisation=locked, user=user, role=role)
    membership.full_clean()
    membership.save()
    event_record(
        subject=locked,
        by=by,
        action=HistoryAction.MEMBER_ADDED,
        comment=f"{user.email} ({membership.get_role_display()})"
        + (" — compte créé" if created else ""),
    )
    email_queue(
        to=user.email,
        template="organisation_member_added",
        context={
            "organisation": str(locked),
            "role": str(membership.get_role_display()),
            "sign_in_url": settings.SITE_URL + reverse("accounts:login"),
        },
    )
    return membership


@transaction.atomic
def organisation_member_remove(*, membership: Membership, by: User) -> None:
    """Detach an agent from the administration. Their account stays: they may belong elsewhere."""
    require_staff(by)
    locked = _lock(membership.organisation)
    current = (
        Membership.objects.filter(pk=membership.pk, organisation=locked)
        .select_related("user")
        .first()
    )
    if current is None:
        raise DomainError("Cette personne n’est déjà plus membre de l’administration.")
    email = current.user.email
    current.delete()
    event_record(subject=locked, by=by, action=HistoryAction.MEMBER_REMOVED, comment=email)
