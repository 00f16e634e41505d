from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Attachment, Opinion
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    CandidacyFactory,
    CandidateProfileFactory,
    ChallengeFactory,
    CoachFactory,
    CriterionFactory,
    PayGridFactory,
    PayLevelFactory,
    PriorityPolicyFactory,
    PromotionFactory,
    ReviewerFactory,
    RoundFactory,
    ScoringGridFactory,
    StaffFactory,
)


@pytest.fixture
def world(db):
    """One user of each role, and the objects the matrix's URLs point at.

    Later issues add the objects their URLs need (a draft défi, a candidacy...).
    """
    world = SimpleNamespace(
        anonymous=None,
        candidate=CandidateFactory(),
        agent=AgentFactory(),
        reviewer=ReviewerFactory(),
        coach=CoachFactory(),
        staff=StaffFactory(),
    )
    _challenges(world)
    _programme_settings(world)
    _organisations(world)
    _candidacies(world)
    return world


def _challenges(world):
    """Défis of the agent's organisation: a draft, a submitted one (a coach's opinion
    asked), a public one; and a priority policy."""
    organisation = world.agent.memberships.get().organisation
    world.draft = ChallengeFactory(organisation=organisation, complete=True)
    world.indicator = world.draft.indicators.get()
    world.draft_attachment = _attachment(world.draft, world.agent)
    world.submitted = ChallengeFactory(
        organisation=organisation, complete=True, status=ChallengeStatus.SUBMITTED
    )
    world.attachment = _attachment(world.submitted, world.agent)
    Opinion.objects.create(challenge=world.submitted, coach=world.coach, requested_by=world.staff)
    world.public = ChallengeFactory(complete=True, status=ChallengeStatus.SELECTED)
    world.policy = PriorityPolicyFactory()


def _attachment(challenge, by):
    attachment = Attachment(challenge=challenge, name="annexe.pdf", size=9, uploaded_by=by)
    attachment.file.save("annexe.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return attachment


def _programme_settings(world):
    """A promotion with a round, an upcoming pay grid version, a scoring grid with a criterion."""
    world.promotion = PromotionFactory()
    world.round = RoundFactory(promotion=world.promotion)
    world.pay_grid = PayGridFactory(programme=world.promotion.programme)
    PayLevelFactory(grid=world.pay_grid)
    world.scoring_grid = ScoringGridFactory(programme=world.promotion.programme)
    world.criterion = CriterionFactory(grid=world.scoring_grid)


def _organisations(world):
    """The agent's organisation and their membership of it."""
    world.membership = world.agent.memberships.select_related("organisation").get()
    world.organisation = world.membership.organisation


def _candidacies(world):
    """The candidate's complete profile (a venture, a CV) and a draft in an open round."""
    world.candidate_profile = CandidateProfileFactory(user=world.candidate, complete=True)
    world.venture = world.candidate_profile.ventures.get()
    world.candidacy = CandidacyFactory(candidate=world.candidate_profile)
    # Another person's submitted application: the programme team sees it, never a draft.
    world.submitted_candidacy = CandidacyFactory(status="submitted", submitted_at=timezone.now())
