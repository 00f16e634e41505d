"""Reads shared by the selection pages: the round board and its aggregates, what a
reviewer may see, the reviews of an application."""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy, Candidate
from eig.programmes.models import Round
from eig.selection.enums import DecisionKind, ReviewStage
from eig.selection.models import Decision, IneligibilityReason, Review, Score

# Reviewers disagree strongly when their means are this far apart (on a 0–5 scale).
DISAGREEMENT_SPREAD = Decimal(2)
TWO_PLACES = Decimal("0.01")


def _round2(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Aggregate:
    """The file scores of an application: one mean per submitted review, then the mean,
    median and spread (max − min) of those means."""

    review_means: list[Decimal]

    @property
    def count(self) -> int:
        return len(self.review_means)

    @property
    def mean(self) -> Decimal | None:
        return _round2(statistics.fmean(self.review_means)) if self.review_means else None

    @property
    def median(self) -> Decimal | None:
        return _round2(statistics.median(self.review_means)) if self.review_means else None

    @property
    def spread(self) -> Decimal | None:
        if len(self.review_means) < 2:
            return None
        return _round2(max(self.review_means) - min(self.review_means))

    @property
    def disagreement(self) -> bool:
        spread = self.spread
        return spread is not None and spread >= DISAGREEMENT_SPREAD


def review_mean(scores: Iterable[Score]) -> Decimal | None:
    values = [score.value for score in scores]
    return _round2(statistics.fmean(values)) if values else None


def aggregate_of(reviews: Iterable[Review]) -> Aggregate:
    means = []
    for review in reviews:
        if review.submitted_at is None or review.stage != ReviewStage.FILE:
            continue
        mean = review_mean(review.scores.all())
        if mean is not None:
            means.append(mean)
    return Aggregate(review_means=means)


@dataclass
class BoardRow:
    candidacy: Candidacy
    screening: Decision | None
    committee: Decision | None
    reviews: list[Review]
    aggregate: Aggregate = field(init=False)

    def __post_init__(self) -> None:
        self.aggregate = aggregate_of(self.reviews)

    @property
    def reviews_done(self) -> int:
        return sum(1 for review in self.reviews if review.submitted_at is not None)

    @property
    def reviews_missing(self) -> bool:
        return reviews_missing(done=self.reviews_done, assigned=len(self.reviews))

    @property
    def withdrawn(self) -> bool:
        return self.candidacy.status == CandidacyStatus.WITHDRAWN


def reviews_missing(*, done: int, assigned: int) -> bool:
    """A file lacks reviews when one assigned to it is not submitted, or none is."""
    return done < max(assigned, 1)


@dataclass(frozen=True)
class ReviewGap:
    """A file that lacks reviews: ``done`` submitted of ``assigned``."""

    candidacy: Candidacy
    done: int
    assigned: int

    def __str__(self) -> str:
        if not self.assigned:
            return f"{self.candidacy.candidate.user} (aucune évaluation attribuée)"
        return f"{self.candidacy.candidate.user} ({self.done} / {self.assigned})"


def review_gaps(candidacies: Iterable[Candidacy]) -> list[ReviewGap]:
    """The files among ``candidacies`` that lack file reviews, in id order (two queries)."""
    ids = [candidacy.pk for candidacy in candidacies]
    counts = {
        row["candidacy_id"]: (row["done"], row["assigned"])
        for row in Review.objects.filter(candidacy_id__in=ids, stage=ReviewStage.FILE)
        .order_by()
        .values("candidacy_id")
        .annotate(assigned=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False)))
    }
    progress = {pk: counts.get(pk, (0, 0)) for pk in ids}
    missing = {
        pk: (done, assigned)
        for pk, (done, assigned) in progress.items()
        if reviews_missing(done=done, assigned=assigned)
    }
    named = Candidacy.objects.select_related("candidate__user").in_bulk(list(missing))
    return [
        ReviewGap(candidacy=named[pk], done=done, assigned=assigned)
        for pk, (done, assigned) in sorted(missing.items())
    ]


def round_list() -> QuerySet[Round]:
    return Round.objects.select_related("promotion").order_by("-opens_on")


def board_candidacies(round_: Round) -> QuerySet[Candidacy]:
    """The round's applications that were submitted (drafts are never shown), but not
    those whose candidate erased their account."""
    return (
        Candidacy.objects.filter(round=round_, anonymised_at__isnull=True)
        .exclude(status=CandidacyStatus.DRAFT)
        .select_related("candidate__user")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("reason")),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(stage=ReviewStage.FILE)
                .select_related("reviewer")
                .prefetch_related("scores"),
            ),
        )
        .order_by("submitted_at", "pk")
    )


def _row(candidacy: Candidacy) -> BoardRow:
    decisions = {decision.kind: decision for decision in candidacy.decisions.all()}
    return BoardRow(
        candidacy=candidacy,
        screening=decisions.get(DecisionKind.SCREENING),
        committee=decisions.get(DecisionKind.COMMITTEE),
        reviews=list(candidacy.reviews.all()),
    )


@dataclass(frozen=True)
class BoardFilters:
    screening: str = ""  # "", "none", or an outcome
    committee: str = ""  # "", "none", or an outcome
    disagreement: bool = False
    sort: str = ""  # "", "mean", "-mean", "median", "-median", "spread", "-spread"


SORTS = ("mean", "median", "spread")


def _matches(row: BoardRow, filters: BoardFilters) -> bool:
    for wanted, decision in (
        (filters.screening, row.screening),
        (filters.committee, row.committee),
    ):
        if wanted == "none" and decision is not None:
            return False
        if wanted and wanted != "none" and (decision is None or decision.outcome != wanted):
            return False
    return not filters.disagreement or row.aggregate.disagreement


def _sorted(rows: list[BoardRow], sort: str) -> list[BoardRow]:
    name = sort.lstrip("-")
    if name not in SORTS:
        return rows
    descending = sort.startswith("-")
    present = [row for row in rows if getattr(row.aggregate, name) is not None]
    absent = [row for row in rows if getattr(row.aggregate, name) is None]
    present.sort(
        key=lambda row: (getattr(row.aggregate, name), -row.candidacy.pk), reverse=descending
    )
    return present + absent


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]  # the applications under examination or decided, filtered
    withdrawn: list[BoardRow]  # withdrawn by their candidate: shown apart, never decided


def board_of(round_: Round, filters: BoardFilters | None = None) -> Board:
    filters = filters or BoardFilters()
    rows = [_row(candidacy) for candidacy in board_candidacies(round_)]
    live = [row for row in rows if not row.withdrawn and _matches(row, filters)]
    return Board(rows=_sorted(live, filters.sort), withdrawn=[row for row in rows if row.withdrawn])


def round_board(round_: Round, filters: BoardFilters | None = None) -> list[BoardRow]:
    """The board's rows, without the withdrawn applications."""
    return board_of(round_, filters).rows


def board_row(candidacy: Candidacy) -> BoardRow:
    return _row(board_candidacies(candidacy.round).get(pk=candidacy.pk))


def active_reasons() -> QuerySet[IneligibilityReason]:
    return IneligibilityReason.objects.filter(is_active=True)


# What a reviewer may see
def reviewer_reviews(user: Any) -> QuerySet[Review]:
    """The file reviews assigned to ``user``, never on a candidate they are in conflict with."""
    return (
        Review.objects.filter(reviewer=user, stage=ReviewStage.FILE)
        .exclude(candidacy__candidate__conflicts__reviewer=user)
        .select_related("candidacy__round__promotion", "candidacy__candidate")
        .order_by("submitted_at", "assigned_at", "pk")
    )


def reviewer_review_get(user: Any, candidacy_pk: int) -> Review:
    review = reviewer_reviews(user).filter(candidacy_id=candidacy_pk).first()
    if review is None:
        raise Http404
    return review


def reviews_visible_besides(review: Review) -> list[Review]:
    """The other file reviews of the application, only once ``review`` is submitted."""
    if review.submitted_at is None:
        return []
    return list(
        Review.objects.filter(candidacy_id=review.candidacy_id, stage=ReviewStage.FILE)
        .exclude(pk=review.pk)
        .filter(submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


def round_candidates_for_conflicts(round_: Round, user: Any) -> list[dict[str, Any]]:
    """The round's candidates by name, and whether ``user`` declared a conflict with them."""
    candidates = (
        Candidate.objects.filter(
            pk__in=Candidacy.objects.filter(round=round_)
            .exclude(status=CandidacyStatus.DRAFT)
            .values("candidate_id")
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    declared = set(user.conflicts.values_list("candidate_id", flat=True))
    return [{"candidate": c, "declared": c.pk in declared} for c in candidates]


def reviewers_for_assignment() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(Q(role="reviewer") | Q(role="staff"), is_active=True)
        .order_by("role", "last_name", "first_name", "pk")
    )
