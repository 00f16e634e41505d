"""Who may score an interview, and who sits on a défi's jury.

Registered in django-rules under ``selection.*`` (like ``eig/candidacies/rules.py``);
found by its autodiscovery (a ``rules.py`` in each app). Views and services ask
through ``interview_rule``.

- ``score_interview`` (on a Review): its reviewer, who sits on the interview, while
  the interview is not cancelled and the review not yet submitted;
- ``jury_view`` (on a Proposal): an agent of the défi's administration, while the
  proposal is not withdrawn;
- ``jury_decide`` (on a Proposal): the same, once the candidate met the jury in a
  joint interview.
"""

from typing import Any

import rules

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import Visitor
from eig.organisations.models import Membership
from eig.selection.enums import InterviewKind, ProposalStatus
from eig.selection.models import Interview, Proposal, Review
from eig.selection.workflows import REVIEW_WORKFLOW


@rules.predicate
def is_its_interviewer(user: Visitor, review: Review | None) -> bool:
    if review is None or review.reviewer_id != user.pk:
        return False
    interview = review.interview
    if interview is None:
        return False
    return interview.cancelled_at is None and interview.interviewers.filter(pk=user.pk).exists()


@rules.predicate
def is_not_submitted(user: Visitor, review: Review | None) -> bool:
    return review is not None and REVIEW_WORKFLOW.allows(review.status, "interview_submit")


@rules.predicate
def is_agent_of_its_organisation(user: Visitor, proposal: Proposal | None) -> bool:
    if proposal is None or not isinstance(user, User) or user.role != Role.AGENT:
        return False
    if proposal.status == ProposalStatus.WITHDRAWN:
        return False
    return Membership.objects.filter(
        user=user, organisation_id=proposal.challenge.organisation_id
    ).exists()


@rules.predicate
def has_met_the_jury(user: Visitor, proposal: Proposal | None) -> bool:
    return (
        proposal is not None
        and Interview.objects.filter(
            candidacy_id=proposal.candidacy_id,
            challenge_id=proposal.challenge_id,
            kind=InterviewKind.JOINT,
            cancelled_at__isnull=True,
        ).exists()
    )


RULES = {
    "score_interview": is_its_interviewer & is_not_submitted,
    "jury_view": is_agent_of_its_organisation,
    "jury_decide": is_agent_of_its_organisation & has_met_the_jury,
}

for _name, _predicate in RULES.items():
    rules.set_rule(f"selection.{_name}", _predicate)


def interview_rule(user: Visitor, action: str, obj: Any) -> bool:
    if action not in RULES:
        raise KeyError(f"Unknown selection rule: {action}")
    return bool(rules.test_rule(f"selection.{action}", user, obj))
