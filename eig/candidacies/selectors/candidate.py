from django.db.models import Q, QuerySet

from eig.accounts.models import User
from eig.candidacies.models import Candidate
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.programmes.enums import Track
from eig.programmes.models import Round


def challenges_open_to(candidate: Candidate, round_: Round) -> QuerySet[Challenge]:
    """The défis recruiting in the round's promotion that want the candidate's track."""
    wanted = Q(wants_product=True) if candidate.track == Track.PRODUCT else Q(wants_tech=True)
    if not candidate.track:
        wanted = Q(pk__in=[])
    return (
        Challenge.objects.filter(status=ChallengeStatus.RECRUITING, promotion=round_.promotion)
        .filter(wanted)
        .select_related("organisation")
        .order_by("title")
    )


def candidate_of(user: User) -> Candidate:
    """The person's profile, or an empty one not saved yet: a page that only shows it
    never writes (the profile is created by the first change, ``candidate_get_or_create``)."""
    return Candidate.objects.filter(user=user).first() or Candidate(user=user)
