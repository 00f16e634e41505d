"""Who may do what with the programme's settings (django-rules, autodiscovered)."""

from typing import Any

import rules

from eig.accounts.enums import Role


@rules.predicate
def is_programme_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.STAFF)


MANAGE_SETTINGS = "programmes.manage_settings"

rules.add_perm(MANAGE_SETTINGS, is_programme_staff)
