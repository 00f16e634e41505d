"""Arrangements for the interviews, proposals and jury tests (no service of another
part is needed: statuses and decisions are set directly)."""

import datetime

from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision
from eig.selection.services.interviews import InterviewPlan
from tests.factories import CandidacyFactory, CandidateProfileFactory, ChallengeFactory


def eligible_candidacy(**kwargs):
    """A submitted application that staff screened eligible."""
    candidacy = CandidacyFactory(
        status=CandidacyStatus.SUBMITTED, submitted_at=timezone.now(), **kwargs
    )
    Decision.objects.create(
        candidacy=candidacy,
        kind=DecisionKind.SCREENING,
        outcome=DecisionOutcome.ELIGIBLE,
        decided_at=timezone.now(),
    )
    return candidacy


def pool_candidacy(track="product", **kwargs):
    profile = CandidateProfileFactory(complete=True, track=track)
    return CandidacyFactory(candidate=profile, status=CandidacyStatus.POOL, **kwargs)


def recruiting_challenge(**kwargs):
    kwargs.setdefault("wants_product", True)
    kwargs.setdefault("wants_tech", False)
    return ChallengeFactory(complete=True, status="recruiting", **kwargs)


def plan(days=7, hour=14, minute=30, **kwargs):
    """An interview ``days`` from now at ``hour``:``minute``, Paris time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    kwargs.setdefault("location", "20 avenue de Ségur, 75007 Paris")
    return InterviewPlan(starts_at=starts_at, duration_minutes=kwargs.pop("duration", 45), **kwargs)


def wish(*, candidacy, challenge, rank):
    from eig.candidacies.models import Choice

    return Choice.objects.create(candidacy=candidacy, challenge=challenge, rank=rank)
