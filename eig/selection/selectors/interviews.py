"""Reads for interviews, proposals to défis and the administration's jury.

Everything a person may see is fetched through a function that takes them: an
interviewer only the interviews they sit on, an agent only the candidates proposed to
a défi of their administration.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy, Choice
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.programmes.enums import CriterionStage, Track
from eig.programmes.models import Criterion, ScoringGrid
from eig.selection.enums import InterviewKind, ProposalStatus, ReviewStage
from eig.selection.models import Interview, Proposal, Review

INTERVIEWER_ROLES = (Role.STAFF, Role.REVIEWER)


def interview_criteria(candidacy: Candidacy) -> list[Criterion]:
    """The interview criteria of the programme's grid in use for this candidacy's round."""
    grid = (
        ScoringGrid.objects.filter(
            programme_id=candidacy.round.promotion.programme_id, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if grid is None:
        return []
    return list(grid.criteria.filter(stage=CriterionStage.INTERVIEW).order_by("position", "pk"))


def interviewer_choices() -> QuerySet[User]:
    return User.objects.filter(role__in=INTERVIEWER_ROLES, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def interview_list_for_staff() -> QuerySet[Interview]:
    return Interview.objects.select_related(
        "candidacy__candidate__user", "challenge__organisation"
    ).prefetch_related("interviewers")


def interviews_of_interviewer(user: User) -> QuerySet[Interview]:
    """The interviews this person sits on (none for anyone else)."""
    if getattr(user, "role", None) not in INTERVIEWER_ROLES:
        return Interview.objects.none()
    my_reviews = Review.objects.filter(
        reviewer=user, stage=ReviewStage.INTERVIEW, interview=OuterRef("pk")
    )
    return (
        Interview.objects.filter(interviewers=user)
        .select_related("candidacy__candidate__user", "challenge__organisation")
        .annotate(
            review_done=Exists(my_reviews.filter(submitted_at__isnull=False)),
            review_expected=Exists(my_reviews),
        )
        .order_by("starts_at", "pk")
    )


def interview_event_sequence(interview: Interview) -> int:
    """How many updates were sent for this interview: the iCalendar SEQUENCE."""
    return event_list_for(interview).filter(action__in=SEQUENCE_ACTIONS).count()


SEQUENCE_ACTIONS = (HistoryAction.INTERVIEW_RESCHEDULED, HistoryAction.INTERVIEW_CANCELLED)


# --- Proposals ---------------------------------------------------------------------


def tracks_wanted(challenge: Challenge) -> list[str]:
    tracks: list[str] = []
    if challenge.wants_product:
        tracks.append(Track.PRODUCT)
    if challenge.wants_tech:
        tracks.append(Track.TECH)
    return tracks


def recruiting_challenges() -> QuerySet[Challenge]:
    return Challenge.objects.filter(status=ChallengeStatus.RECRUITING).select_related(
        "organisation"
    )


@dataclass(frozen=True)
class PoolRow:
    candidacy: Candidacy
    wish_rank: int | None
    proposal: Proposal | None


def pool_rows_for(challenge: Challenge) -> list[PoolRow]:
    """Pool candidates whose track the défi wants: those who wished it first (by rank),
    then the others; with the proposal already made, if any."""
    candidacies = (
        Candidacy.objects.filter(
            status=CandidacyStatus.POOL, candidate__track__in=tracks_wanted(challenge)
        )
        .select_related("candidate__user", "round__promotion")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=Choice.objects.filter(challenge=challenge),
                to_attr="wishes_here",
            ),
            Prefetch(
                "proposals",
                queryset=Proposal.objects.filter(challenge=challenge),
                to_attr="proposals_here",
            ),
        )
        .order_by("candidate__user__last_name", "pk")
    )
    rows = [
        PoolRow(
            candidacy=candidacy,
            wish_rank=candidacy.wishes_here[0].rank if candidacy.wishes_here else None,
            proposal=candidacy.proposals_here[0] if candidacy.proposals_here else None,
        )
        for candidacy in candidacies
    ]
    return sorted(rows, key=lambda row: (row.wish_rank is None, row.wish_rank or 0))


# --- The administration's jury -----------------------------------------------------

JURY_VISIBLE_STATUSES = (
    ProposalStatus.PROPOSED,
    ProposalStatus.INTERVIEW,
    ProposalStatus.RETAINED,
    ProposalStatus.MATCHED,
    ProposalStatus.NOT_MATCHED,
    ProposalStatus.NOT_RETAINED,
)


def jury_challenges(user: User) -> QuerySet[Challenge]:
    """The défis of the agent's administrations with at least one candidate proposed."""
    if getattr(user, "role", None) != Role.AGENT:
        return Challenge.objects.none()
    visible = Proposal.objects.filter(challenge=OuterRef("pk"), status__in=JURY_VISIBLE_STATUSES)
    return (
        Challenge.objects.filter(organisation__memberships__user=user)
        .filter(Exists(visible))
        .select_related("organisation")
        .distinct()
        .order_by("title")
    )


def jury_challenge(user: User, pk: int) -> Challenge:
    """A défi of the agent's administrations (raises Challenge.DoesNotExist otherwise)."""
    if getattr(user, "role", None) != Role.AGENT:
        raise Challenge.DoesNotExist
    return (
        Challenge.objects.filter(organisation__memberships__user=user)
        .select_related("organisation")
        .distinct()
        .get(pk=pk)
    )


def _joint_interviews_held(challenge: Challenge) -> QuerySet[Interview]:
    """The proposal's joint interviews with this défi, not cancelled (for a subquery)."""
    return Interview.objects.filter(
        candidacy=OuterRef("candidacy"),
        challenge=challenge,
        kind=InterviewKind.JOINT,
        cancelled_at__isnull=True,
    )


def _met(challenge: Challenge) -> Exists:
    return Exists(_joint_interviews_held(challenge))


def _joint_interview_at(challenge: Challenge) -> Subquery:
    """When the latest joint interview not cancelled starts (None: none yet)."""
    return Subquery(
        _joint_interviews_held(challenge).order_by("-starts_at").values("starts_at")[:1]
    )


def jury_proposals(challenge: Challenge) -> QuerySet[Proposal]:
    """The candidates proposed to this défi, as its jury sees them."""
    return (
        Proposal.objects.filter(challenge=challenge, status__in=JURY_VISIBLE_STATUSES)
        .select_related("candidacy__candidate__user")
        .annotate(met=_met(challenge), joint_interview_at=_joint_interview_at(challenge))
        .order_by("jury_rank", "proposed_at", "pk")
    )


def jury_proposal(challenge: Challenge, pk: int) -> Proposal:
    return (
        jury_proposals(challenge)
        .select_related("candidacy__round__promotion")
        .prefetch_related("candidacy__candidate__ventures")
        .get(pk=pk)
    )


def joint_interviews(proposal: Proposal) -> QuerySet[Interview]:
    return Interview.objects.filter(
        candidacy_id=proposal.candidacy_id,
        challenge_id=proposal.challenge_id,
        kind=InterviewKind.JOINT,
    ).order_by("starts_at")


def agents_of(challenge: Challenge) -> QuerySet[User]:
    return User.objects.filter(
        Q(memberships__organisation_id=challenge.organisation_id), is_active=True
    ).distinct()
