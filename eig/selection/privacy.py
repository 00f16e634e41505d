"""What the selection keeps about a person that their erasure must clear: the free texts
written about them. Scores and decisions stay, anonymous, for the round's statistics."""

from eig.candidacies.models import Candidate
from eig.selection.models import Conflict, Decision, Proposal, Review, Score


def selection_texts_erase(candidate: Candidate) -> None:
    candidacies = candidate.candidacies.all()
    Decision.objects.filter(candidacy__in=candidacies).update(comment="")
    Review.objects.filter(candidacy__in=candidacies).update(comment="")
    Score.objects.filter(review__candidacy__in=candidacies).update(comment="")
    Proposal.objects.filter(candidacy__in=candidacies).update(jury_opinion="")
    Conflict.objects.filter(candidate=candidate).update(reason="")
