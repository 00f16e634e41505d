"""Builders for the instruction tests: défis brought to a status through the services."""

import datetime

from django.utils import timezone

from eig.challenges.models import Challenge
from eig.challenges.services import challenges as services
from eig.programmes.selectors import round_open_for_challenges
from tests.factories import AgentFactory, ChallengeFactory, RoundFactory


def ensure_open_round():
    """A round open for défis today (the one the data migration made, or a new one)."""
    current = round_open_for_challenges()
    if current is not None:
        return current
    return RoundFactory(opens_on=timezone.localdate() - datetime.timedelta(days=1))


def submitted_challenge(*, agent=None, **fields) -> Challenge:
    """A complete défi of the agent's organisation, submitted by the agent."""
    agent = agent or AgentFactory()
    organisation = agent.memberships.get().organisation
    challenge = ChallengeFactory(organisation=organisation, complete=True, **fields)
    ensure_open_round()
    return services.challenge_submit(challenge=challenge, by=agent)


def agent_of(challenge: Challenge):
    return challenge.organisation.memberships.select_related("user").first().user
