"""Conflicts of interest, assignment of file reviews (by hand or planned), and the
reviewers' scores."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy, Candidate
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.workflow import transition_apply
from eig.programmes.enums import CriterionStage
from eig.programmes.models import Criterion, Round, ScoringGrid
from eig.selection.enums import DecisionKind, DecisionOutcome, Recommendation, ReviewStage
from eig.selection.models import Conflict, Decision, Review, Score
from eig.selection.scores import file_scores_by_candidacy
from eig.selection.selectors.review import round_candidates_named
from eig.selection.workflows import REVIEW_WITHDRAWABLE, REVIEW_WORKFLOW

REVIEWER_ROLES = (Role.REVIEWER, Role.STAFF)
CONFLICT_MESSAGE = (
    "Cette personne a déclaré un conflit d’intérêts avec la personne candidate : "
    "elle ne peut pas évaluer ce dossier."
)
NO_SUCH_NAME_MESSAGE = (
    "Aucune candidature de cette session ne porte exactement ce nom. Vérifiez le prénom "
    "et le nom complets."
)


# Conflicts
@transaction.atomic
def conflict_declare(*, reviewer: User, candidate: Candidate, reason: str, by: User) -> Conflict:
    """A reviewer (for themselves) or staff (for anyone) records a conflict. Unsubmitted
    file reviews of that reviewer on that candidate are withdrawn at once."""
    if getattr(reviewer, "role", None) not in REVIEWER_ROLES:
        raise DomainError("Seul·es les évaluateur·rices déclarent des conflits d’intérêts.")
    if by.pk != reviewer.pk:
        require_staff(by)
    if not reason.strip():
        raise DomainError("Précisez la nature du lien.")
    conflict = Conflict(
        reviewer=reviewer, candidate=candidate, reason=reason.strip(), declared_by=by
    )
    conflict.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            conflict.save()
    except IntegrityError as error:
        raise DomainError("Ce conflit d’intérêts est déjà déclaré.") from error
    withdrawn = dict(
        Review.objects.filter(
            reviewer=reviewer, candidacy__candidate=candidate, status__in=REVIEW_WITHDRAWABLE
        ).values_list("pk", "candidacy_id")
    )
    withdrawn_ids = list(withdrawn)
    Review.objects.filter(pk__in=withdrawn_ids).delete()
    file_scores_refresh(candidacy_ids=withdrawn.values())
    event_record(
        subject=conflict,
        by=by,
        action=HistoryAction.CONFLICT_DECLARED,
        comment=conflict.reason,
        changes={"reviews_withdrawn": len(withdrawn_ids)},
    )
    return conflict


@transaction.atomic
def conflict_declare_by_name(
    *, reviewer: User, round_: Round, name: str, reason: str, by: User
) -> list[Conflict]:
    """A reviewer declares a link with a person they name, without seeing the round's
    candidates: every application of the round under exactly that name gets the conflict
    (homonyms too: the reviewer cannot tell them apart, and reviewing none is safe)."""
    named = round_candidates_named(round_, name)
    if not named:
        raise DomainError(NO_SUCH_NAME_MESSAGE)
    declared = set(
        Conflict.objects.filter(reviewer=reviewer, candidate__in=named).values_list(
            "candidate_id", flat=True
        )
    )
    new = [candidate for candidate in named if candidate.pk not in declared]
    if not new:
        raise DomainError("Ce conflit d’intérêts est déjà déclaré.")
    return [
        conflict_declare(reviewer=reviewer, candidate=candidate, reason=reason, by=by)
        for candidate in new
    ]


def conflict_pairs(
    reviewer_ids: Iterable[int], candidacies: Iterable[Candidacy]
) -> set[tuple[int, int]]:
    """(reviewer id, candidacy id) pairs that must never meet."""
    by_candidate: dict[int, list[int]] = {}
    for candidacy in candidacies:
        by_candidate.setdefault(candidacy.candidate_id, []).append(candidacy.pk)
    rows = Conflict.objects.filter(
        reviewer_id__in=list(reviewer_ids), candidate_id__in=list(by_candidate)
    ).values_list("reviewer_id", "candidate_id")
    return {
        (reviewer_id, candidacy_id)
        for reviewer_id, candidate_id in rows
        for candidacy_id in by_candidate[candidate_id]
    }


# Assignment
def _require_eligible(candidacy: Candidacy) -> None:
    eligible = Decision.objects.filter(
        candidacy=candidacy, kind=DecisionKind.SCREENING, outcome=DecisionOutcome.ELIGIBLE
    ).exists()
    if not eligible:
        raise DomainError("Seules les candidatures recevables sont évaluées.")


@transaction.atomic
def review_assign(*, candidacy: Candidacy, reviewer: User, by: User) -> Review:
    require_staff(by)
    if getattr(reviewer, "role", None) not in REVIEWER_ROLES or not reviewer.is_active:
        raise DomainError("Cette personne n’est pas évaluatrice.")
    locked = Candidacy.objects.select_for_update(of=("self",)).get(pk=candidacy.pk)
    _require_eligible(locked)
    if Conflict.objects.filter(reviewer=reviewer, candidate_id=locked.candidate_id).exists():
        raise DomainError(CONFLICT_MESSAGE)
    if Review.objects.filter(candidacy=locked, reviewer=reviewer, stage=ReviewStage.FILE).exists():
        raise DomainError("Cette personne évalue déjà ce dossier.")
    review = Review.objects.create(
        candidacy=locked, reviewer=reviewer, stage=ReviewStage.FILE, assigned_by=by
    )
    file_scores_refresh(candidacy_ids=[locked.pk])
    event_record(subject=locked, by=by, action=HistoryAction.REVIEW_ASSIGNED, comment=str(reviewer))
    return review


@transaction.atomic
def review_unassign(*, review: Review, by: User) -> None:
    require_staff(by)
    locked = Review.objects.select_for_update(of=("self",)).get(pk=review.pk)
    if locked.status not in REVIEW_WITHDRAWABLE:
        raise DomainError("Cette évaluation est rendue : elle ne peut plus être retirée.")
    event_record(
        subject=locked.candidacy,
        by=by,
        action=HistoryAction.REVIEW_UNASSIGNED,
        comment=str(locked.reviewer),
    )
    locked.delete()
    file_scores_refresh(candidacy_ids=[locked.candidacy_id])


@dataclass(frozen=True)
class AssignmentPlan:
    pairs: list[tuple[int, int]]  # (candidacy id, reviewer id) to create
    loads: dict[int, int]  # reviewer id -> assignments once the plan is saved
    short: dict[int, int]  # candidacy id -> reviews still missing (not enough reviewers)


def assignment_plan_compute(
    *,
    candidacy_ids: Iterable[int],
    reviewer_ids: Iterable[int],
    existing: Mapping[int, set[int]],
    current_loads: Mapping[int, int],
    conflicts: set[tuple[int, int]],
    per_candidacy: int,
) -> AssignmentPlan:
    """Greedy balanced plan: each application gets reviewers until it has ``per_candidacy``,
    picking the reviewer with the fewest assignments (ties by id), never one in conflict
    nor one already assigned. Pure: the same inputs give the same plan."""
    reviewers = sorted(set(reviewer_ids))
    loads = {reviewer: current_loads.get(reviewer, 0) for reviewer in reviewers}
    pairs: list[tuple[int, int]] = []
    short: dict[int, int] = {}
    for candidacy in sorted(set(candidacy_ids)):
        assigned = set(existing.get(candidacy, set()))
        missing = per_candidacy - len(assigned)
        while missing > 0:
            candidates = [
                reviewer
                for reviewer in reviewers
                if reviewer not in assigned and (reviewer, candidacy) not in conflicts
            ]
            if not candidates:
                short[candidacy] = missing
                break
            chosen = min(candidates, key=lambda reviewer: (loads[reviewer], reviewer))
            pairs.append((candidacy, chosen))
            assigned.add(chosen)
            loads[chosen] += 1
            missing -= 1
    return AssignmentPlan(pairs=pairs, loads=loads, short=short)


def eligible_candidacies(round_: Round) -> list[Candidacy]:
    return list(
        Candidacy.objects.filter(
            round=round_,
            anonymised_at__isnull=True,
            decisions__kind=DecisionKind.SCREENING,
            decisions__outcome=DecisionOutcome.ELIGIBLE,
        )
        .exclude(status=CandidacyStatus.WITHDRAWN)
        .order_by("pk")
    )


def assignment_plan_for_round(*, round_: Round, reviewer_ids: Iterable[int]) -> AssignmentPlan:
    reviewer_ids = list(reviewer_ids)
    candidacies = eligible_candidacies(round_)
    existing: dict[int, set[int]] = {}
    for candidacy_id, reviewer_id in Review.objects.filter(
        candidacy__in=candidacies, stage=ReviewStage.FILE
    ).values_list("candidacy_id", "reviewer_id"):
        existing.setdefault(candidacy_id, set()).add(reviewer_id)
    current_loads: dict[int, int] = {}
    for reviewer_id in Review.objects.filter(
        candidacy__round=round_, stage=ReviewStage.FILE, reviewer_id__in=reviewer_ids
    ).values_list("reviewer_id", flat=True):
        current_loads[reviewer_id] = current_loads.get(reviewer_id, 0) + 1
    return assignment_plan_compute(
        candidacy_ids=[candidacy.pk for candidacy in candidacies],
        reviewer_ids=reviewer_ids,
        existing=existing,
        current_loads=current_loads,
        conflicts=conflict_pairs(reviewer_ids, candidacies),
        per_candidacy=round_.promotion.programme.reviews_per_candidacy,
    )


def assignable_reviewers(reviewer_ids: Iterable[int]) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(pk__in=list(reviewer_ids), role__in=REVIEWER_ROLES, is_active=True)
        .order_by("pk")
    )


@transaction.atomic
def assignment_apply(*, round_: Round, reviewer_ids: Iterable[int], by: User) -> AssignmentPlan:
    """Save the plan, computed again under lock so that what exists is never doubled."""
    require_staff(by)
    Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    reviewers = assignable_reviewers(reviewer_ids)
    plan = assignment_plan_for_round(round_=round_, reviewer_ids=[r.pk for r in reviewers])
    Review.objects.bulk_create(
        [
            Review(
                candidacy_id=candidacy_id,
                reviewer_id=reviewer_id,
                stage=ReviewStage.FILE,
                assigned_by=by,
            )
            for candidacy_id, reviewer_id in plan.pairs
        ]
    )
    file_scores_refresh(candidacy_ids=[candidacy_id for candidacy_id, _reviewer in plan.pairs])
    event_record(
        subject=round_,
        by=by,
        action=HistoryAction.REVIEWS_ASSIGNED_AUTOMATICALLY,
        changes={"assigned": len(plan.pairs)},
    )
    return plan


# Scores
@dataclass(frozen=True)
class ScoreInput:
    value: int | None
    comment: str


def file_criteria(round_: Round) -> list[Criterion]:
    """The file criteria of the programme's grid in use (the oldest active one)."""
    grid = (
        ScoringGrid.objects.filter(programme_id=round_.promotion.programme_id, is_active=True)
        .order_by("pk")
        .first()
    )
    if grid is None:
        return []
    return list(grid.criteria.filter(stage=CriterionStage.FILE).order_by("position", "pk"))


@transaction.atomic
def review_save(
    *,
    review: Review,
    by: User,
    scores: Mapping[int, ScoreInput],
    recommendation: str,
    comment: str,
    submit: bool,
) -> Review:
    """Save a file review as a draft, or submit it (then it is locked)."""
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("candidacy__round__promotion")
        .get(pk=review.pk)
    )
    _require_open_to(locked, by)
    criteria = file_criteria(locked.candidacy.round)
    if recommendation and recommendation not in Recommendation.values:
        raise DomainError("Recommandation inconnue.")
    _scores_write(locked, criteria, scores)
    fields: dict[str, Any] = {"recommendation": recommendation, "comment": comment.strip()}
    if submit:
        _require_complete(criteria, scores, recommendation)
        fields["submitted_at"] = timezone.now()
    saved = transition_apply(
        workflow=REVIEW_WORKFLOW,
        instance=locked,
        name="submit" if submit else "save_draft",
        by=by,
        extra_fields=fields,
    )
    if submit:
        file_scores_refresh(candidacy_ids=[locked.candidacy_id])
    return saved


def _require_open_to(review: Review, by: User) -> None:
    """Only its reviewer changes a review, never on a file they are in conflict with, and
    never once it is submitted."""
    if review.reviewer_id != by.pk:
        raise DomainError("Cette évaluation n’est pas la vôtre.")
    if Conflict.objects.filter(reviewer=by, candidate_id=review.candidacy.candidate_id).exists():
        raise DomainError(CONFLICT_MESSAGE)
    if not REVIEW_WORKFLOW.allows(review.status, "submit"):
        raise DomainError("Cette évaluation est déjà rendue : elle ne peut plus être modifiée.")


@transaction.atomic
def review_submit(*, review: Review, by: User) -> Review:
    """Submit the saved draft, once its reviewer confirmed: then it is locked for good."""
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("candidacy__round__promotion")
        .get(pk=review.pk)
    )
    _require_open_to(locked, by)
    criteria = file_criteria(locked.candidacy.round)
    saved = {
        score.criterion_id: ScoreInput(value=score.value, comment=score.comment)
        for score in locked.scores.all()
    }
    _require_complete(criteria, saved, locked.recommendation)
    submitted = transition_apply(
        workflow=REVIEW_WORKFLOW,
        instance=locked,
        name="submit",
        by=by,
        extra_fields={"submitted_at": timezone.now()},
    )
    file_scores_refresh(candidacy_ids=[locked.candidacy_id])
    return submitted


def _scores_write(
    review: Review, criteria: list[Criterion], scores: Mapping[int, ScoreInput]
) -> None:
    for criterion in criteria:
        given = scores.get(criterion.pk)
        if given is None or given.value is None:
            Score.objects.filter(review=review, criterion=criterion).delete()
            continue
        if not criterion.min_score <= given.value <= criterion.max_score:
            raise DomainError(
                f"« {criterion.label} » : la note va de {criterion.min_score} "
                f"à {criterion.max_score}."
            )
        Score.objects.update_or_create(
            review=review,
            criterion=criterion,
            defaults={"value": given.value, "comment": given.comment.strip()},
        )


def _require_complete(
    criteria: list[Criterion], scores: Mapping[int, ScoreInput], recommendation: str
) -> None:
    missing = [
        criterion.label
        for criterion in criteria
        if (given := scores.get(criterion.pk)) is None
        or given.value is None
        or not given.comment.strip()
    ]
    if missing:
        raise DomainError(
            "Pour rendre l’évaluation, notez et commentez chaque critère : "
            + ", ".join(missing)
            + "."
        )
    if not recommendation:
        raise DomainError("Pour rendre l’évaluation, donnez votre recommandation.")


# The board's figures
FILE_SCORE_FIELDS = [
    "file_reviews_assigned",
    "file_reviews_submitted",
    "file_score_mean",
    "file_score_median",
    "file_score_spread",
]


def file_scores_refresh(*, candidacy_ids: Iterable[int]) -> None:
    """Write again the file-review figures of these applications (``eig.selection.scores``)
    from their file reviews. Call it in the transaction that changed a file review: it
    locks the applications first (in id order), so that two reviews submitted at once
    are both counted by the second (three queries, whatever the number)."""
    ids = sorted(set(candidacy_ids))
    if not ids:
        return
    candidacies = list(
        Candidacy.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .only("pk", *FILE_SCORE_FIELDS)
    )
    figures = file_scores_by_candidacy(
        ids,
        (
            (review_id, candidacy_id, submitted_at is not None)
            for review_id, candidacy_id, submitted_at in Review.objects.filter(
                candidacy_id__in=ids, stage=ReviewStage.FILE
            ).values_list("pk", "candidacy_id", "submitted_at")
        ),
        Score.objects.filter(
            review__candidacy_id__in=ids,
            review__stage=ReviewStage.FILE,
            review__submitted_at__isnull=False,
        )
        .order_by("review_id", "pk")
        .values_list("review_id", "value"),
    )
    for candidacy in candidacies:
        of = figures[candidacy.pk]
        candidacy.file_reviews_assigned = of.reviews_assigned
        candidacy.file_reviews_submitted = of.reviews_submitted
        candidacy.file_score_mean = of.mean
        candidacy.file_score_median = of.median
        candidacy.file_score_spread = of.spread
    # Derived figures, not a change by anyone: ``updated_at`` stays as it was.
    Candidacy.objects.bulk_update(candidacies, FILE_SCORE_FIELDS, batch_size=1_000)
