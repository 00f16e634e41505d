"""Reads shared by the selection pages: the round board and its aggregates, what a
reviewer may see, the reviews of an application."""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404

from eig.candidacies.cv_text import known_values_of, redact
from eig.candidacies.enums import CandidacyStatus, CvTextStatus
from eig.candidacies.models import Candidacy, Candidate
from eig.candidacies.staff_selectors import name_key
from eig.programmes.models import Round
from eig.programmes.selectors import ListedRound, rounds_open_first
from eig.selection.enums import DecisionKind, ReviewStage
from eig.selection.models import Conflict, Decision, IneligibilityReason, Review, Score

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


@dataclass(frozen=True)
class RoundProgress:
    """A round in the programme team's list, with where its selection stands."""

    listed: ListedRound
    applications: int = 0  # submitted and not withdrawn, as the board counts them
    to_screen: int = 0  # still submitted, with no screening decision yet
    reviews_assigned: int = 0
    reviews_submitted: int = 0


def rounds_for_selection(today: datetime.date | None = None) -> list[RoundProgress]:
    """Every round, open and current ones first, with its counts (three queries)."""
    screened = Decision.objects.filter(candidacy=OuterRef("pk"), kind=DecisionKind.SCREENING)
    applications = {
        round_id: (total, to_screen)
        for round_id, total, to_screen in Candidacy.objects.filter(anonymised_at__isnull=True)
        # Withdrawn applications are no longer under way: the board shows them apart.
        .exclude(status__in=(CandidacyStatus.DRAFT, CandidacyStatus.WITHDRAWN))
        .annotate(screened=Exists(screened))
        .order_by()
        .values("round_id")
        .annotate(
            total=Count("pk"),
            to_screen=Count("pk", filter=Q(status=CandidacyStatus.SUBMITTED, screened=False)),
        )
        .values_list("round_id", "total", "to_screen")
    }
    reviews = {
        round_id: (assigned, submitted)
        for round_id, assigned, submitted in Review.objects.filter(
            stage=ReviewStage.FILE, candidacy__anonymised_at__isnull=True
        )
        .order_by()
        .values("candidacy__round_id")
        .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False)))
        .values_list("candidacy__round_id", "assigned", "submitted")
    }
    progress = []
    for listed in rounds_open_first(Round.objects.select_related("promotion"), today):
        total, to_screen = applications.get(listed.round.pk, (0, 0))
        assigned, submitted = reviews.get(listed.round.pk, (0, 0))
        progress.append(
            RoundProgress(
                listed=listed,
                applications=total,
                to_screen=to_screen,
                reviews_assigned=assigned,
                reviews_submitted=submitted,
            )
        )
    return progress


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
        # Those to do first, on every database (PostgreSQL puts nulls last otherwise).
        .order_by(F("submitted_at").asc(nulls_first=True), "assigned_at", "pk")
    )


def reviewer_review_list(user: Any) -> QuerySet[Review]:
    """The reviewer's home: their file reviews with only what a row shows (the file's
    number, its round and promotion, whether a draft was saved), those to do first."""
    return (
        reviewer_reviews(user)
        .select_related(None)
        .select_related("candidacy__round__promotion")
        .annotate(
            drafted=ExpressionWrapper(
                ~Q(recommendation="") | ~Q(comment=""), output_field=BooleanField()
            )
        )
        .only(
            "pk",
            "candidacy_id",
            "submitted_at",
            "candidacy__round__number",
            "candidacy__round__promotion__label",
            "candidacy__round__promotion__number",
            "candidacy__round__promotion__year",
        )
    )


@dataclass(frozen=True)
class ReviewerRound:
    """A round in a reviewer's space: its applications still under selection, and theirs."""

    listed: ListedRound
    applications: int = 0
    reviews_to_do: int = 0
    reviews_done: int = 0


def reviewer_rounds(user: Any, today: datetime.date | None = None) -> list[ReviewerRound]:
    """The rounds whose applications ``user`` could still be given (submitted and not yet
    decided), or where they have reviews to do: open and current ones first, so that
    conflicts are declared before the assignment (three queries)."""
    applications = dict(
        Candidacy.objects.filter(status=CandidacyStatus.SUBMITTED, anonymised_at__isnull=True)
        .order_by()
        .values("round_id")
        .annotate(count=Count("pk"))
        .values_list("round_id", "count")
    )
    mine = {
        round_id: (to_do, done)
        for round_id, to_do, done in reviewer_reviews(user)
        .order_by()
        .values("candidacy__round_id")
        .annotate(
            to_do=Count("pk", filter=Q(submitted_at__isnull=True)),
            done=Count("pk", filter=Q(submitted_at__isnull=False)),
        )
        .values_list("candidacy__round_id", "to_do", "done")
    }
    round_ids = set(applications) | {pk for pk, (to_do, _done) in mine.items() if to_do}
    rounds = Round.objects.filter(pk__in=round_ids).select_related("promotion")
    rows = []
    for listed in rounds_open_first(rounds, today):
        to_do, done = mine.get(listed.round.pk, (0, 0))
        rows.append(
            ReviewerRound(
                listed=listed,
                applications=applications.get(listed.round.pk, 0),
                reviews_to_do=to_do,
                reviews_done=done,
            )
        )
    return rows


def reviewer_review_get(user: Any, candidacy_pk: int) -> Review:
    review = reviewer_reviews(user).filter(candidacy_id=candidacy_pk).first()
    if review is None:
        raise Http404
    return review


@dataclass(frozen=True)
class ReviewVenture:
    """A venture as the reviewer reads it; in a blind round, never its name."""

    name: str  # "" in a blind round
    role: str
    start_year: int
    end_year: int | None
    team_size: int
    outcome: str
    description: str  # "" when withheld
    description_withheld: bool


@dataclass(frozen=True)
class ReviewFile:
    """What the reviewer reads of the application. In a blind round (the round's
    ``anonymous_file_review``) the ventures' names are withheld, so are the descriptions
    marked identifying, and every free text is redacted (``eig.candidacies.cv_text``):
    the CV is given as its redacted text (``cv_status`` says why when it cannot be)."""

    blind: bool
    skills: str
    motivation: str
    ventures: list[ReviewVenture]
    cv_text: str = ""
    cv_status: str = ""  # blind round only: "" without a CV, else a CvTextStatus


def review_file(candidacy: Candidacy) -> ReviewFile:
    candidate = candidacy.candidate
    blind = candidacy.round.anonymous_file_review
    ventures = list(candidate.ventures.all())
    known = (
        known_values_of(candidate, venture_names=[venture.name for venture in ventures])
        if blind
        else None
    )

    def shown(text: str) -> str:
        return redact(text, known) if known is not None and text else text

    rows = [
        ReviewVenture(
            name="" if blind else venture.name,
            role=str(venture.get_role_display()),
            start_year=venture.start_year,
            end_year=venture.end_year,
            team_size=venture.team_size,
            outcome=str(venture.get_outcome_display()),
            description=""
            if blind and not venture.description_shown_in_blind_review
            else shown(venture.description),
            description_withheld=blind
            and bool(venture.description)
            and not venture.description_shown_in_blind_review,
        )
        for venture in ventures
    ]
    cv_status, cv_text = "", ""
    if blind and candidate.cv:
        # A CV uploaded before texts were extracted waits for ``manage.py prepare_cv_texts``.
        cv_status = str(candidate.cv_text_status or CvTextStatus.PENDING)
        cv_text = shown(candidate.cv_text) if cv_status == CvTextStatus.READY else ""
    return ReviewFile(
        blind=blind,
        skills=shown(candidate.skills),
        motivation=shown(candidacy.motivation),
        ventures=rows,
        cv_text=cv_text,
        cv_status=cv_status,
    )


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


def round_candidates_named(round_: Round, name: str) -> list[Candidate]:
    """The round's candidates whose full name is exactly ``name``, first name then last
    name or the other way round, regardless of case, accents, spaces and punctuation.

    Never a partial match: a reviewer declaring conflicts learns only whether a person
    they already know by name applied, so that blind review holds (one query; the names
    compared here are never shown)."""
    wanted = name_key(name, "")
    if not wanted:
        return []
    candidates = (
        Candidate.objects.filter(
            pk__in=Candidacy.objects.filter(round=round_, anonymised_at__isnull=True)
            .exclude(status=CandidacyStatus.DRAFT)
            .values("candidate_id")
        )
        .select_related("user")
        .order_by("pk")
    )
    return [
        candidate
        for candidate in candidates
        if wanted
        in {
            name_key(candidate.user.first_name, candidate.user.last_name),
            name_key(candidate.user.last_name, candidate.user.first_name),
        }
    ]


def reviewer_conflicts(user: Any) -> QuerySet[Conflict]:
    """The conflicts declared for ``user`` (by them or by staff), newest first."""
    return (
        Conflict.objects.filter(reviewer=user)
        .select_related("candidate__user")
        .order_by("-created_at", "-pk")
    )


def reviewers_for_assignment() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(Q(role="reviewer") | Q(role="staff"), is_active=True)
        .order_by("role", "last_name", "first_name", "pk")
    )
