"""Arrange a round under selection: submitted applications, reviewers, a file grid.

Applications are put in the submitted state directly: the submission rules are
tested with the candidacies; here only the selection that follows matters.
"""

from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.selection.models import IneligibilityReason, Review
from tests.factories import (
    CandidacyFactory,
    CandidateFactory,
    CandidateProfileFactory,
    CriterionFactory,
    ProgrammeFactory,
    PromotionFactory,
    ReviewerFactory,
    RoundFactory,
    ScoringGridFactory,
)


def selection_round(*, anonymous: bool = False):
    """A round of the EIG programme whose active grid has two file criteria."""
    programme = ProgrammeFactory()
    promotion = PromotionFactory(programme=programme)
    round_ = RoundFactory(promotion=promotion, anonymous_file_review=anonymous)
    if not programme.scoring_grids.filter(is_active=True).exists():
        grid = ScoringGridFactory(programme=programme)
        CriterionFactory(grid=grid, label="Cohérence du profil", position=1)
        CriterionFactory(grid=grid, label="Expérience entrepreneuriale", position=2)
        CriterionFactory(grid=grid, stage="interview", label="Communication", position=3)
    return round_


def submitted(round_, *, first_name: str = "Alex", last_name: str = "Martin", **profile):
    user = CandidateFactory(first_name=first_name, last_name=last_name)
    candidate = CandidateProfileFactory(user=user, complete=True, **profile)
    return CandidacyFactory(
        candidate=candidate,
        round=round_,
        status=CandidacyStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def a_reason() -> IneligibilityReason:
    reason, _ = IneligibilityReason.objects.get_or_create(
        label="Pas d’expérience entrepreneuriale", defaults={"position": 1}
    )
    return reason


def file_reviewed(candidacy, *, done: bool = True) -> Review:
    """One file review of ``candidacy`` by a new reviewer, submitted unless ``done`` is
    false (its scores do not matter to the committee's checks)."""
    return Review.objects.create(
        candidacy=candidacy,
        reviewer=ReviewerFactory(),
        stage="file",
        submitted_at=timezone.now() if done else None,
    )
