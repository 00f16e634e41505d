from django.utils import timezone

from eig.candidacies import privacy
from eig.selection.enums import DecisionKind, DecisionOutcome, ReviewStage
from eig.selection.models import Conflict, Decision, Review
from tests.factories import CandidacyFactory, ReviewerFactory, StaffFactory


def test_erasing_an_account_clears_what_reviewers_and_the_committee_wrote(db):
    candidacy = CandidacyFactory(status="submitted")
    candidate = candidacy.candidate
    reviewer, staff = ReviewerFactory(), StaffFactory()
    written = f"Le parcours de {candidate.user.last_name} est remarquable."
    Review.objects.create(
        candidacy=candidacy, reviewer=reviewer, stage=ReviewStage.FILE, comment=written
    )
    Decision.objects.create(
        candidacy=candidacy,
        kind=DecisionKind.SCREENING,
        outcome=DecisionOutcome.ELIGIBLE,
        comment=written,
        decided_by=staff,
        decided_at=timezone.now(),
    )
    Conflict.objects.create(reviewer=reviewer, candidate=candidate, reason=written)

    privacy.account_erase(user=candidate.user, by=staff)

    assert not Review.objects.filter(comment__contains=written).exists()
    assert not Decision.objects.filter(comment__contains=written).exists()
    assert not Conflict.objects.filter(reason__contains=written).exists()
    assert Decision.objects.filter(candidacy=candidacy).exists()


def test_an_erased_person_s_application_leaves_the_round_board(db):
    from eig.selection.selectors.review import board_candidacies

    candidacy = CandidacyFactory(status="submitted")
    assert list(board_candidacies(candidacy.round)) == [candidacy]
    privacy.account_erase(user=candidacy.candidate.user, by=StaffFactory())
    assert list(board_candidacies(candidacy.round)) == []
