"""Who may do what with administrations and their members (django-rules, autodiscovered)."""

from typing import Any

import rules

from eig.accounts.permissions import Visitor, is_staff


@rules.predicate
def is_member(user: Visitor, organisation: Any) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(organisation.memberships.filter(user=user).exists())


MANAGE_ORGANISATIONS = "organisations.manage_organisations"
VIEW_ORGANISATION = "organisations.view_organisation"

rules.add_perm(MANAGE_ORGANISATIONS, is_staff)
rules.add_perm(VIEW_ORGANISATION, is_staff | is_member)
