"""Arrange a round under selection: submitted applications, reviewers, a file grid.

Applications are put in the submitted state directly: the submission rules are
tested with the candidacies; here only the selection that follows matters.
"""

import datetime

from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.selection.models import IneligibilityReason, Review
from eig.selection.services.reviews import file_scores_refresh
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
    _scoring_grid(programme)
    return round_


def _scoring_grid(programme) -> None:
    if not programme.scoring_grids.filter(is_active=True).exists():
        grid = ScoringGridFactory(programme=programme)
        CriterionFactory(grid=grid, label="Cohérence du profil", position=1)
        CriterionFactory(grid=grid, label="Expérience entrepreneuriale", position=2)
        CriterionFactory(grid=grid, stage="interview", label="Communication", position=3)


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


def rounds_around_today():
    """A promotion's rounds as the lists meet them: next year's six (no applications yet),
    one over with its decisions published, one under way and one open for applications,
    each of the last two with submitted applications. Created in that order, which is
    the reverse of the order the lists must show."""
    today = timezone.localdate()
    programme = ProgrammeFactory()
    _scoring_grid(programme)
    promotion = PromotionFactory(programme=programme)
    next_year = [
        RoundFactory(promotion=promotion, opens_on=today + datetime.timedelta(days=200 + 60 * n))
        for n in range(6)
    ]
    over = RoundFactory(promotion=promotion, opens_on=today - datetime.timedelta(days=300))
    decided = submitted(over)
    Candidacy.objects.filter(pk=decided.pk).update(status=CandidacyStatus.POOL)
    under_way = RoundFactory(promotion=promotion, opens_on=today - datetime.timedelta(days=45))
    submitted(under_way)
    open_now = RoundFactory(promotion=promotion, opens_on=today - datetime.timedelta(days=10))
    return {"next_year": next_year, "over": over, "under_way": under_way, "open": open_now}


def file_reviewed(candidacy, *, done: bool = True) -> Review:
    """One file review of ``candidacy`` by a new reviewer, submitted unless ``done`` is
    false (its scores do not matter to the committee's checks)."""
    review = Review.objects.create(
        candidacy=candidacy,
        reviewer=ReviewerFactory(),
        stage="file",
        status="submitted" if done else "assigned",
        submitted_at=timezone.now() if done else None,
    )
    # Made without the review services: their figures on the board are kept by hand.
    file_scores_refresh(candidacy_ids=[candidacy.pk])
    return review
