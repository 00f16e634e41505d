"""Who may do what to an application or a profile: the object permissions, in one place.

Views, templates and tests ask ``candidacy_can(user, "<name>", candidacy)`` (or
``rules.test_rule("candidacies.<name>", user, candidacy)``). Registered in the rule
set of django-rules rather than as Django permissions, so a superuser's ``has_perm``
shortcut never bypasses them. The selection issue adds the reviewers' and juries' rules.

- ``view``: the candidate who owns it, the programme team;
- ``edit``: its candidate, while it is a draft or submitted and its round is open;
- ``submit``: its candidate, while it is a draft and its round is open;
- ``withdraw``: its candidate, at any time while it is under way (not withdrawn, not
  ended by a decision, not hired);
- ``download_cv`` (on a profile): the candidate themselves, the programme team.
"""

import rules
from django.utils import timezone

from eig.accounts.enums import Role
from eig.accounts.permissions import Visitor, is_staff, role_of
from eig.candidacies.enums import EDITABLE_STATUSES
from eig.candidacies.models import Candidacy, Candidate
from eig.candidacies.workflow import CANDIDACY_WORKFLOW


@rules.predicate
def is_its_candidate(user: Visitor, candidacy: Candidacy | None) -> bool:
    if candidacy is None or role_of(user) != Role.CANDIDATE:
        return False
    return bool(candidacy.candidate.user_id == user.pk)


@rules.predicate
def is_round_open(user: Visitor, candidacy: Candidacy | None) -> bool:
    return candidacy is not None and candidacy.round.is_open_for_applications(timezone.localdate())


@rules.predicate
def is_editable(user: Visitor, candidacy: Candidacy | None) -> bool:
    return candidacy is not None and candidacy.status in EDITABLE_STATUSES


@rules.predicate
def is_draft(user: Visitor, candidacy: Candidacy | None) -> bool:
    return candidacy is not None and CANDIDACY_WORKFLOW.allows(candidacy.status, "submit")


# Not withdrawn, nor ended by a decision, nor hired (the contract has its own rules): the
# states the workflow's table lets the candidate withdraw from.


@rules.predicate
def is_under_way(user: Visitor, candidacy: Candidacy | None) -> bool:
    return candidacy is not None and CANDIDACY_WORKFLOW.allows(candidacy.status, "withdraw")


@rules.predicate
def is_the_person(user: Visitor, candidate: Candidate | None) -> bool:
    if candidate is None or role_of(user) != Role.CANDIDATE:
        return False
    return bool(candidate.user_id == user.pk)


RULES = {
    "view": is_its_candidate | is_staff,
    "edit": is_its_candidate & is_editable & is_round_open,
    "submit": is_its_candidate & is_draft & is_round_open,
    "withdraw": is_its_candidate & is_under_way,
}
PROFILE_RULES = {
    "download_cv": is_the_person | is_staff,
}

for _name, _predicate in {**RULES, **PROFILE_RULES}.items():
    rules.set_rule(f"candidacies.{_name}", _predicate)


def candidacy_can(user: Visitor, action: str, candidacy: Candidacy) -> bool:
    """May ``user`` do ``action`` (a key of ``RULES``) to ``candidacy``?"""
    if action not in RULES:
        raise KeyError(f"Unknown candidacy rule: {action}")
    return bool(rules.test_rule(f"candidacies.{action}", user, candidacy))


def candidate_can(user: Visitor, action: str, candidate: Candidate) -> bool:
    """May ``user`` do ``action`` (a key of ``PROFILE_RULES``) to the profile ``candidate``?"""
    if action not in PROFILE_RULES:
        raise KeyError(f"Unknown profile rule: {action}")
    return bool(rules.test_rule(f"candidacies.{action}", user, candidate))
