"""Arrange a round ready for the matching: pool candidates, recruiting défis, joint
interviews held (rows created directly, as the interview services would)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from eig.candidacies.models import Candidacy
from eig.challenges.models import Challenge
from eig.programmes.models import Round
from eig.selection.enums import InterviewKind, ProposalStatus
from eig.selection.models import Interview, Proposal
from tests.contracts.offers import eig_pay_grid
from tests.factories import (
    AgentFactory,
    CandidacyFactory,
    ChallengeFactory,
    ProgrammeFactory,
    PromotionFactory,
    RoundFactory,
    StaffFactory,
)


@dataclass
class World:
    round: Round
    staff: object
    challenges: dict[str, Challenge] = field(default_factory=dict)
    agents: dict[str, object] = field(default_factory=dict)
    candidacies: dict[str, Candidacy] = field(default_factory=dict)

    def proposal(self, candidate: str, challenge: str) -> Proposal:
        return Proposal.objects.get(
            candidacy=self.candidacies[candidate], challenge=self.challenges[challenge]
        )

    def user(self, candidate: str):
        return self.candidacies[candidate].candidate.user


def world(*, challenges=("x", "y"), candidates=("a", "b"), tracks=None, cap=30, deadline_in=5):
    """Every candidate jointly interviewed for every défi; défis want a product director."""
    eig_pay_grid()
    promotion = PromotionFactory(programme=ProgrammeFactory(), cap=cap)
    round_ = RoundFactory(
        promotion=promotion,
        opens_on=timezone.localdate() - datetime.timedelta(weeks=8),
    )
    round_.ranking_deadline = timezone.localdate() + datetime.timedelta(days=deadline_in)
    round_.save(update_fields=["ranking_deadline"])
    built = World(round=round_, staff=StaffFactory())
    for name in challenges:
        challenge = ChallengeFactory(
            complete=True,
            status="recruiting",
            promotion=promotion,
            wants_product=True,
            wants_tech=True,
            title=f"Défi {name.upper()}",
        )
        built.challenges[name] = challenge
        built.agents[name] = AgentFactory(organisation=challenge.organisation)
    for name in candidates:
        track = (tracks or {}).get(name, "product")
        built.candidacies[name] = CandidacyFactory(
            round=round_,
            status="pool",
            submitted_at=timezone.now() - datetime.timedelta(days=30),
            candidate__track=track,
            candidate__experience_years=12,
        )
    for candidacy in built.candidacies.values():
        for challenge in built.challenges.values():
            Proposal.objects.create(
                candidacy=candidacy, challenge=challenge, status=ProposalStatus.INTERVIEW
            )
            Interview.objects.create(
                candidacy=candidacy,
                challenge=challenge,
                kind=InterviewKind.JOINT,
                starts_at=timezone.now() - datetime.timedelta(days=3),
            )
    return built


def rank_all(built: World, *, candidates: dict, juries: dict, submit: bool = True) -> None:
    """candidates: {"a": ["x", "y"]}; juries: {"x": ["b", "a"]} — saved through the services."""
    from eig.selection.services.matching import candidate_ranking_save, jury_ranking_save

    for name, order in candidates.items():
        candidate_ranking_save(
            round=built.round,
            candidacy=built.candidacies[name],
            proposal_ids=[built.proposal(name, h).pk for h in order],
            submit=submit,
            by=built.user(name),
        )
    for name, order in juries.items():
        jury_ranking_save(
            round=built.round,
            challenge=built.challenges[name],
            proposal_ids=[built.proposal(c, name).pk for c in order],
            submit=submit,
            by=built.agents[name],
        )
