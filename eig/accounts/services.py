"""Account writes: candidates who sign up, people who sign in with ProConnect."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.selectors import user_for_proconnect
from eig.core.errors import DomainError
from eig.core.history import changed_fields, event_record
from eig.core.history_actions import HistoryAction
from eig.organisations.models import Membership, Organisation


@dataclass(frozen=True)
class ProConnectIdentity:
    """What ProConnect tells us about the person signing in."""

    sub: str
    email: str
    first_name: str = ""
    last_name: str = ""
    siret: str = ""


@dataclass(frozen=True)
class ProConnectSignIn:
    user: User
    created: bool
    membership: Membership | None


def candidate_register(*, user: User) -> User:
    """Save a person who signed up with e-mail and password: always a candidate."""
    with transaction.atomic():
        user.email = user.email.strip().lower()
        user.role = Role.CANDIDATE
        user.full_clean(exclude=["password"])
        user.save()
        event_record(
            subject=user,
            by=user,
            action=HistoryAction.ACCOUNT_CREATED,
            comment=_("Inscription par e-mail"),
        )
    return user


def proconnect_sign_in(*, identity: ProConnectIdentity) -> ProConnectSignIn:
    """Find or create the account of a person coming back from ProConnect.

    The account is found by ProConnect identifier, then by e-mail (whatever the
    case). A new person becomes an agent. A candidate account is never taken
    over: candidates sign in with their e-mail and password.
    """
    with transaction.atomic():
        user = user_for_proconnect(sub=identity.sub, email=identity.email, lock=True)
        created = user is None
        if user is None:
            user = _agent_create(identity=identity)
        else:
            _check_may_use_proconnect(user=user, identity=identity)
            _user_update(user=user, identity=identity)
        membership = agent_attach_by_siret(user=user, siret=identity.siret)
    return ProConnectSignIn(user=user, created=created, membership=membership)


def agent_attach_by_siret(*, user: User, siret: str) -> Membership | None:
    """Attach an agent who belongs to no administration yet to the one of this SIRET.

    Nothing happens when the agent already belongs to an administration, or when
    no administration known to the programme has this SIRET.
    """
    if user.role != Role.AGENT or not siret:
        return None
    organisation = Organisation.objects.filter(siret=siret).first()
    if organisation is None or Membership.objects.filter(user=user).exists():
        return None
    with transaction.atomic():
        membership = Membership(user=user, organisation=organisation)
        membership.full_clean()
        membership.save()
        event_record(
            subject=organisation,
            by=user,
            action=HistoryAction.MEMBER_ATTACHED,
            comment=_("%(person)s rattaché·e automatiquement par ProConnect (SIRET %(siret)s)")
            % {"person": user.full_name or user.email, "siret": siret},
        )
    return membership


def _agent_create(*, identity: ProConnectIdentity) -> User:
    user = User(
        email=identity.email,
        first_name=identity.first_name,
        last_name=identity.last_name,
        role=Role.AGENT,
        proconnect_sub=identity.sub,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    event_record(
        subject=user,
        by=user,
        action=HistoryAction.ACCOUNT_CREATED,
        comment=_("Première connexion avec ProConnect"),
    )
    return user


def _check_may_use_proconnect(*, user: User, identity: ProConnectIdentity) -> None:
    if not user.signs_in_with_proconnect:
        raise DomainError(
            _(
                "L’adresse %(email)s est celle d’un compte candidat·e : ce compte se "
                "connecte avec son e-mail et son mot de passe, pas avec ProConnect."
            )
            % {"email": user.email}
        )
    if user.proconnect_sub and user.proconnect_sub != identity.sub:
        raise DomainError(
            _(
                "Ce compte est déjà associé à une autre identité ProConnect. Écrivez à "
                "l’équipe du programme pour le faire vérifier."
            )
        )
    if not user.is_active:
        raise DomainError(
            _("Ce compte est désactivé. Écrivez à l’équipe du programme si c’est une erreur.")
        )


def _user_update(*, user: User, identity: ProConnectIdentity) -> None:
    data = {"proconnect_sub": identity.sub}
    if identity.first_name:
        data["first_name"] = identity.first_name
    if identity.last_name:
        data["last_name"] = identity.last_name
    email_taken = User.objects.filter(email__iexact=identity.email).exclude(pk=user.pk).exists()
    if not email_taken:
        data["email"] = identity.email
    changes = changed_fields(user, data)
    if not changes:
        return
    for name, value in data.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changes))
    if "proconnect_sub" in changes:
        event_record(
            subject=user,
            by=user,
            action=HistoryAction.PROCONNECT_LINKED,
            comment=_("Compte relié à ProConnect à la première connexion"),
        )
