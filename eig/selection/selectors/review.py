"""Reads shared by the selection pages: the round board and its aggregates, what a
reviewer may see, the reviews of an application."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.paginator import Page
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
    Sum,
)
from django.http import Http404

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.candidacies.cv_text import known_values_of, redact
from eig.candidacies.enums import CandidacyStatus, CvTextStatus
from eig.candidacies.models import Candidacy, Candidate
from eig.candidacies.selectors.staff import name_key
from eig.core.pagination import page_get
from eig.programmes.models import Round
from eig.programmes.selectors import ListedRound, rounds_open_first
from eig.selection.enums import DecisionKind, DecisionOutcome, ReviewStage
from eig.selection.models import Conflict, Decision, IneligibilityReason, Review, Score
from eig.selection.scores import (
    DISAGREEMENT_SPREAD,
    Aggregate,
    FileReview,
    disagrees,
)
from eig.selection.scores import aggregate_of as aggregate_of_file_reviews
from eig.selection.scores import review_mean as mean_of_values


def review_mean(scores: Iterable[Score]) -> Decimal | None:
    return mean_of_values(score.value for score in scores)


def aggregate_of(reviews: Iterable[Review]) -> Aggregate:
    """The figures of an application from its reviews (prefetched with their scores)."""
    return aggregate_of_file_reviews(
        FileReview(
            submitted=review.submitted_at is not None,
            values=tuple(score.value for score in review.scores.all()),
        )
        for review in reviews
        if review.stage == ReviewStage.FILE
    )


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
    """Every round, open and current ones first, with its counts (two queries). The
    review counts are the columns the review services keep on each application
    (``file_reviews_assigned``, ``file_reviews_submitted``): the reviews table is not read."""
    screened = Decision.objects.filter(candidacy=OuterRef("pk"), kind=DecisionKind.SCREENING)
    # Withdrawn applications are no longer under way: the board shows them apart.
    under_way = ~Q(status__in=(CandidacyStatus.DRAFT, CandidacyStatus.WITHDRAWN))
    counts = {
        round_id: (total, to_screen, assigned or 0, submitted or 0)
        for round_id, total, to_screen, assigned, submitted in Candidacy.objects.filter(
            anonymised_at__isnull=True
        )
        .annotate(screened=Exists(screened))
        .order_by()
        .values("round_id")
        .annotate(
            total=Count("pk", filter=under_way),
            to_screen=Count("pk", filter=Q(status=CandidacyStatus.SUBMITTED, screened=False)),
            assigned=Sum("file_reviews_assigned"),
            submitted=Sum("file_reviews_submitted"),
        )
        .values_list("round_id", "total", "to_screen", "assigned", "submitted")
    }
    progress = []
    for listed in rounds_open_first(Round.objects.select_related("promotion"), today):
        total, to_screen, assigned, submitted = counts.get(listed.round.pk, (0, 0, 0, 0))
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


def board_applications(round_: Round) -> QuerySet[Candidacy]:
    """The round's applications that were submitted (drafts are never shown), but not
    those whose candidate erased their account."""
    return Candidacy.objects.filter(round=round_, anonymised_at__isnull=True).exclude(
        status=CandidacyStatus.DRAFT
    )


def board_candidacies(round_: Round) -> QuerySet[Candidacy]:
    """The board's applications as model instances with their decisions and reviews: for
    the page of one application (the board itself reads plain values, see
    ``board_page``)."""
    return (
        board_applications(round_)
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


def board_row(candidacy: Candidacy) -> BoardRow:
    return _row(board_candidacies(candidacy.round).get(pk=candidacy.pk))


@dataclass(frozen=True)
class BoardFilters:
    screening: str = ""  # "", "none", or an outcome
    committee: str = ""  # "", "none", or an outcome
    disagreement: bool = False
    sort: str = ""  # "", "mean", "-mean", "median", "-median", "spread", "-spread"


# The board's sorts, on the figures the review services keep on the application.
SORT_COLUMNS = {
    "mean": "file_score_mean",
    "median": "file_score_median",
    "spread": "file_score_spread",
}
SORTS = tuple(SORT_COLUMNS)


def _ordering(sort: str) -> list[Any]:
    """Applications without the figure last; ties by id (descending sorts) or by id
    reversed (ascending ones), as the board always sorted them."""
    column = SORT_COLUMNS.get(sort.lstrip("-"))
    if column is None:
        return ["submitted_at", "pk"]
    if sort.startswith("-"):
        return [F(column).desc(nulls_last=True), "pk"]
    return [F(column).asc(nulls_last=True), "-pk"]


def _decided(kind: str, outcome: str = "") -> Exists:
    decisions = Decision.objects.filter(candidacy=OuterRef("pk"), kind=kind)
    return Exists(decisions.filter(outcome=outcome) if outcome else decisions)


def board_selection(round_: Round, filters: BoardFilters | None = None) -> QuerySet[Candidacy]:
    """The applications under examination or decided that the board lists under
    ``filters``, in its order (withdrawn ones are shown apart): the rows of its pages,
    and what a bulk decision on « toute la sélection filtrée » decides on."""
    filters = filters or BoardFilters()
    selection = board_applications(round_).exclude(status=CandidacyStatus.WITHDRAWN)
    for wanted, kind in (
        (filters.screening, DecisionKind.SCREENING),
        (filters.committee, DecisionKind.COMMITTEE),
    ):
        if wanted == "none":
            selection = selection.filter(~_decided(kind))
        elif wanted:
            selection = selection.filter(_decided(kind, wanted))
    if filters.disagreement:
        selection = selection.filter(file_score_spread__gte=DISAGREEMENT_SPREAD)
    return selection.order_by(*_ordering(filters.sort))


@dataclass(frozen=True)
class BoardDecision:
    """A decision as a board row shows it."""

    outcome: str
    label: str
    reason: str  # the ineligibility reason's label, or ""
    published: bool
    decided_at: datetime.datetime  # its version (``screening.decision_version``)


@dataclass(frozen=True)
class BoardLine:
    """One application on the board, from plain values: what its row shows."""

    pk: int
    name: str
    status: str
    status_label: str
    withdrawn_at: datetime.datetime | None
    reviews_assigned: int
    reviews_done: int
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None
    screening: BoardDecision | None = None
    committee: BoardDecision | None = None

    @property
    def disagreement(self) -> bool:
        return disagrees(self.spread)

    @property
    def reviews_missing(self) -> bool:
        return reviews_missing(done=self.reviews_done, assigned=self.reviews_assigned)


LINE_FIELDS = (
    "pk",
    "status",
    "withdrawn_at",
    "candidate__user__first_name",
    "candidate__user__last_name",
    "candidate__user__email",
    "file_reviews_assigned",
    "file_reviews_submitted",
    "file_score_mean",
    "file_score_median",
    "file_score_spread",
)


def _lines(rows: Iterable[dict[str, Any]]) -> list[BoardLine]:
    """Rows of values with their decisions (one query for all of them); each label is
    translated once per call, not once per row."""
    rows = list(rows)
    outcomes = {value: str(label) for value, label in DecisionOutcome.choices}
    statuses = {value: str(label) for value, label in CandidacyStatus.choices}
    decisions: dict[tuple[int, str], BoardDecision] = {
        (decision["candidacy_id"], decision["kind"]): BoardDecision(
            outcome=decision["outcome"],
            label=outcomes.get(decision["outcome"], decision["outcome"]),
            reason=decision["reason__label"] or "",
            published=decision["published_at"] is not None,
            decided_at=decision["decided_at"],
        )
        for decision in Decision.objects.filter(
            candidacy_id__in=[row["pk"] for row in rows]
        ).values("candidacy_id", "kind", "outcome", "reason__label", "published_at", "decided_at")
    }
    return [
        BoardLine(
            pk=row["pk"],
            name=f"{row['candidate__user__first_name']} {row['candidate__user__last_name']}".strip()
            or row["candidate__user__email"],
            status=row["status"],
            status_label=statuses.get(row["status"], row["status"]),
            withdrawn_at=row["withdrawn_at"],
            reviews_assigned=row["file_reviews_assigned"],
            reviews_done=row["file_reviews_submitted"],
            mean=row["file_score_mean"],
            median=row["file_score_median"],
            spread=row["file_score_spread"],
            screening=decisions.get((row["pk"], DecisionKind.SCREENING)),
            committee=decisions.get((row["pk"], DecisionKind.COMMITTEE)),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class BoardPage:
    page: Page[Any]  # of the filtered selection; its rows are ``lines``
    lines: list[BoardLine]
    withdrawn: list[BoardLine]  # withdrawn by their candidate: shown apart, never decided
    withdrawn_total: int


def board_page(round_: Round, filters: BoardFilters | None = None, number: Any = None) -> BoardPage:
    """Page ``number`` of the board (``settings.PAGE_SIZE`` rows; a page out of range gives
    the last one), and the first withdrawn applications: a few queries whatever the
    size of the round."""
    selection = board_selection(round_, filters)
    # Counted on the applications alone: the rows' values join every candidate and account.
    page = page_get(selection.values(*LINE_FIELDS), number, count=selection.count())
    withdrawn_rows = list(
        board_applications(round_)
        .filter(status=CandidacyStatus.WITHDRAWN)
        .order_by("submitted_at", "pk")
        .values(*LINE_FIELDS)[: settings.PAGE_SIZE + 1]
    )
    withdrawn_total = len(withdrawn_rows)
    if withdrawn_total > settings.PAGE_SIZE:
        withdrawn_rows = withdrawn_rows[: settings.PAGE_SIZE]
        withdrawn_total = (
            board_applications(round_).filter(status=CandidacyStatus.WITHDRAWN).count()
        )
    lines = _lines([*page.object_list, *withdrawn_rows])
    shown = len(page.object_list)
    return BoardPage(
        page=page,
        lines=lines[:shown],
        withdrawn=lines[shown:],
        withdrawn_total=withdrawn_total,
    )


def active_reasons() -> QuerySet[IneligibilityReason]:
    return IneligibilityReason.objects.filter(is_active=True)


# What a reviewer may see
def reviewer_reviews(user: User) -> QuerySet[Review]:
    """The file reviews assigned to ``user``, never on a candidate they are in conflict with."""
    return (
        Review.objects.filter(reviewer=user, stage=ReviewStage.FILE)
        .exclude(candidacy__candidate__conflicts__reviewer=user)
        .select_related("candidacy__round__promotion", "candidacy__candidate")
        # Those to do first, on every database (PostgreSQL puts nulls last otherwise).
        .order_by(F("submitted_at").asc(nulls_first=True), "assigned_at", "pk")
    )


def reviewer_review_list(user: User) -> QuerySet[Review]:
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


def reviewer_rounds(user: User, today: datetime.date | None = None) -> list[ReviewerRound]:
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


def reviewer_review_get(user: User, candidacy_pk: int) -> Review:
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


def reviewer_conflicts(user: User) -> QuerySet[Conflict]:
    """The conflicts declared for ``user`` (by them or by staff), newest first."""
    return (
        Conflict.objects.filter(reviewer=user)
        .select_related("candidate__user")
        .order_by("-created_at", "-pk")
    )


def reviewers_for_assignment() -> QuerySet[User]:
    return User.objects.filter(role__in=(Role.REVIEWER, Role.STAFF), is_active=True).order_by(
        "role", "last_name", "first_name", "pk"
    )
