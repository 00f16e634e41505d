"""The object permissions of the défis, shared by the agents', staff and coaches' pages."""

import pytest
from django.contrib.auth.models import AnonymousUser

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Opinion
from eig.challenges.rules import challenge_can
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    ChallengeFactory,
    CoachFactory,
    ReviewerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    agent = AgentFactory()
    coach_asked = CoachFactory()
    return {
        "agent": agent,
        "colleague": AgentFactory(organisation=agent.memberships.get().organisation),
        "other_agent": AgentFactory(),
        "staff": StaffFactory(),
        "coach_asked": coach_asked,
        "other_coach": CoachFactory(),
        "candidate": CandidateFactory(),
        "reviewer": ReviewerFactory(),
        "anonymous": None,
    }


def _challenge(people, status):
    challenge = ChallengeFactory(
        organisation=people["agent"].memberships.get().organisation, status=status
    )
    Opinion.objects.create(challenge=challenge, coach=people["coach_asked"])
    return challenge


def _allowed(people, action, challenge):
    return {
        name
        for name, user in people.items()
        if challenge_can(user or AnonymousUser(), action, challenge)
    }


def test_a_draft_is_seen_by_its_agents_staff_and_the_coach_asked_only(people):
    draft = _challenge(people, ChallengeStatus.DRAFT)

    assert _allowed(people, "view", draft) == {"agent", "colleague", "staff", "coach_asked"}
    assert _allowed(people, "edit", draft) == {"agent", "colleague"}
    assert _allowed(people, "withdraw", draft) == {"agent", "colleague"}
    assert _allowed(people, "download_attachment", draft) == {
        "agent",
        "colleague",
        "staff",
        "coach_asked",
    }
    assert _allowed(people, "instruct", draft) == {"staff"}
    assert _allowed(people, "give_opinion", draft) == {"coach_asked"}


def test_a_selected_defi_is_public_but_no_longer_editable_nor_withdrawable(people):
    selected = _challenge(people, ChallengeStatus.SELECTED)

    assert _allowed(people, "view", selected) == set(people)
    assert _allowed(people, "edit", selected) == set()
    assert _allowed(people, "withdraw", selected) == set()
    assert "candidate" not in _allowed(people, "download_attachment", selected)


def test_changes_requested_reopens_the_file_to_its_agents(people):
    challenge = _challenge(people, ChallengeStatus.CHANGES_REQUESTED)

    assert _allowed(people, "submit", challenge) == {"agent", "colleague"}


def test_an_unknown_rule_is_an_error(people):
    with pytest.raises(KeyError):
        challenge_can(people["agent"], "delete", _challenge(people, ChallengeStatus.DRAFT))
