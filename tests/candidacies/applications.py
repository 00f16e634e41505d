"""Builders for the programme team's and the personal data tests: applications as the
programme team finds them (submitted, withdrawn), with their person, profile and wishes."""

from django.utils import timezone

from eig.candidacies.models import Candidacy, Choice
from tests.factories import (
    CandidacyFactory,
    CandidateFactory,
    CandidateProfileFactory,
    ChallengeFactory,
    open_round,
)


def recruiting_challenge(round_, **kwargs):
    return ChallengeFactory(
        complete=True, status="recruiting", promotion=round_.promotion, **kwargs
    )


def application(
    *,
    round_=None,
    status="submitted",
    first_name="Camille",
    last_name="Martin",
    email=None,
    phone="",
    track="product",
    years=12,
    skills="Produit, recherche utilisateur",
    challenges=(),
    profile=None,
    **fields,
) -> Candidacy:
    """A complete profile (a venture, a CV) with an application in ``round_``; pass
    ``profile`` for another application of the same person."""
    if profile is None:
        extra = {"email": email} if email else {}
        user = CandidateFactory(first_name=first_name, last_name=last_name, **extra)
        profile = CandidateProfileFactory(
            user=user,
            complete=True,
            track=track,
            experience_years=years,
            skills=skills,
            phone=phone,
        )
    if status != "draft":
        fields.setdefault("submitted_at", timezone.now())
    if status == "withdrawn":
        fields.setdefault("withdrawn_at", timezone.now())
    candidacy = CandidacyFactory(
        candidate=profile, round=round_ or open_round(), status=status, **fields
    )
    for rank, challenge in enumerate(challenges, start=1):
        Choice.objects.create(candidacy=candidacy, challenge=challenge, rank=rank)
    return candidacy
