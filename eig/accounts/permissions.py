"""Who someone is, said once: the roles' predicates and the checks every service makes.

Each app's ``rules.py`` builds its object permissions (django-rules) from these
predicates; views use ``eig.accounts.decorators`` (``staff_required``, ``role_required``);
services call ``require_staff`` or ``require_role`` with their actor before changing
anything, so that a page, the API, a command or the shell all meet the same check.
"""

import rules
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.core.errors import DomainError

# Whoever asks: a signed-in person or an anonymous visitor. ``None`` stands for the
# platform itself (a job, a command) where a service allows it.
type Visitor = User | AnonymousUser


def role_of(user: Visitor | None) -> str | None:
    """The role of a signed-in user; None for an anonymous visitor or no one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "role", None)


def has_role(user: Visitor | None, *roles: str) -> bool:
    return role_of(user) in roles


@rules.predicate
def is_signed_in(user: Visitor | None) -> bool:
    """Anyone signed in, whatever their role."""
    return role_of(user) is not None


@rules.predicate
def is_staff(user: Visitor | None) -> bool:
    """A member of the programme team."""
    return has_role(user, Role.STAFF)


@rules.predicate
def is_candidate(user: Visitor | None) -> bool:
    return has_role(user, Role.CANDIDATE)


@rules.predicate
def is_agent(user: Visitor | None) -> bool:
    return has_role(user, Role.AGENT)


@rules.predicate
def is_reviewer(user: Visitor | None) -> bool:
    return has_role(user, Role.REVIEWER)


@rules.predicate
def is_coach(user: Visitor | None) -> bool:
    return has_role(user, Role.COACH)


def require_role(by: Visitor | None, *roles: str, message: str = "") -> None:
    """Refuse, with a message fit to show, an actor who holds none of ``roles``."""
    if not has_role(by, *roles):
        raise DomainError(message or _("Vous n’avez pas le rôle qu’il faut pour faire cela."))


def require_staff(by: Visitor | None, message: str = "", *, allow_system: bool = False) -> None:
    """Refuse anyone but the programme team (or the platform itself, ``by=None``, where
    ``allow_system`` says a job or the demo data may do it)."""
    if by is None and allow_system:
        return
    default = _("Seule l’équipe du programme peut faire cela.")
    require_role(by, Role.STAFF, message=message or default)
