"""Who may do what to a défi: one place for the object permissions of the three audiences.

Views, templates and tests ask ``rules.test_rule("challenges.<name>", user, challenge)``
(or ``challenge_can(user, "<name>", challenge)``). The rules are registered in the
rule set of django-rules rather than as Django permissions, so a superuser's
``has_perm`` shortcut never bypasses them.

- ``view``: everyone for a public défi; else the agents of its administration, the
  programme team, a coach asked for an opinion on it;
- ``edit``, ``submit``: the agents of its administration, while it is a draft or
  changes are requested;
- ``withdraw``: the agents of its administration, while it is open (draft → changes
  requested);
- ``download_attachment``: the agents of its administration, the programme team, a
  coach asked for an opinion on it;
- ``instruct``: the programme team;
- ``give_opinion``: a coach asked for an opinion on it.
"""

import rules

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import Visitor, is_staff
from eig.challenges.enums import EDITABLE_STATUSES, OPEN_STATUSES, PUBLIC_STATUSES
from eig.challenges.models import Challenge


@rules.predicate
def is_agent_of(user: Visitor, challenge: Challenge | None) -> bool:
    if challenge is None or not isinstance(user, User) or user.role != Role.AGENT:
        return False
    return challenge.organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_coach_asked(user: Visitor, challenge: Challenge | None) -> bool:
    if challenge is None or not isinstance(user, User) or user.role != Role.COACH:
        return False
    return challenge.opinions.filter(coach=user).exists()


@rules.predicate
def is_public(user: Visitor, challenge: Challenge | None) -> bool:
    return challenge is not None and challenge.status in PUBLIC_STATUSES


@rules.predicate
def is_editable(user: Visitor, challenge: Challenge | None) -> bool:
    return challenge is not None and challenge.status in EDITABLE_STATUSES


@rules.predicate
def is_open(user: Visitor, challenge: Challenge | None) -> bool:
    return challenge is not None and challenge.status in OPEN_STATUSES


RULES = {
    "view": is_public | is_staff | is_agent_of | is_coach_asked,
    "edit": is_agent_of & is_editable,
    "submit": is_agent_of & is_editable,
    "withdraw": is_agent_of & is_open,
    "download_attachment": is_staff | is_agent_of | is_coach_asked,
    "instruct": is_staff,
    "give_opinion": is_coach_asked,
}

for _name, _predicate in RULES.items():
    rules.set_rule(f"challenges.{_name}", _predicate)


def challenge_can(user: Visitor, action: str, challenge: Challenge) -> bool:
    """May ``user`` do ``action`` (a key of ``RULES``) to ``challenge``?"""
    if action not in RULES:
        raise KeyError(f"Unknown challenge rule: {action}")
    return bool(rules.test_rule(f"challenges.{action}", user, challenge))
