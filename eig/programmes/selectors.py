import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from eig.programmes.enums import CriterionStage
from eig.programmes.models import (
    Criterion,
    PayGrid,
    PayLevel,
    Programme,
    Promotion,
    Round,
    ScoringGrid,
)
from eig.programmes.round_dates import RoundDates, first_round_number, two_monthly_round_dates

EIG_PROGRAMME_SLUG = "eig"


def current_programme() -> Programme | None:
    return Programme.objects.filter(slug=EIG_PROGRAMME_SLUG).first()


def current_promotion(programme: Programme, today: datetime.date | None = None) -> Promotion | None:
    """The promotion of the current year, or else the latest one (never a side
    promotion of the imported history, which shares its year with its main one)."""
    year = (today or timezone.localdate()).year
    promotions = Promotion.objects.filter(programme=programme, parent__isnull=True)
    return promotions.filter(year=year).first() or promotions.first()


def pay_grid_in_force(programme: Programme, on: datetime.date | None = None) -> PayGrid | None:
    day = on or timezone.localdate()
    return PayGrid.objects.filter(programme=programme, valid_from__lte=day).first()


def current_pay_levels(programme: Programme) -> list[PayLevel]:
    grid = pay_grid_in_force(programme)
    return list(grid.levels.order_by("level")) if grid else []


def pay_level_for_experience(grid: PayGrid, years: int) -> PayLevel:
    """The highest level whose experience threshold the person reaches."""
    level = grid.levels.filter(min_experience_years__lte=years).order_by("-level").first()
    if level is None:
        level = grid.levels.order_by("level").first()
    if level is None:
        raise PayLevel.DoesNotExist(f"La grille « {grid} » n’a aucun niveau.")
    return level


def round_open_for_challenges(on: datetime.date | None = None) -> Round | None:
    day = on or timezone.localdate()
    return (
        Round.objects.filter(opens_on__lte=day, challenge_deadline__gte=day)
        .select_related("promotion")
        .order_by("challenge_deadline")
        .first()
    )


def round_open_for_applications(on: datetime.date | None = None) -> Round | None:
    day = on or timezone.localdate()
    return (
        Round.objects.filter(opens_on__lte=day, application_deadline__gte=day)
        .select_related("promotion")
        .order_by("application_deadline")
        .first()
    )


# Where a round stands today, for the lists of rounds: the open ones first


class RoundPhase(StrEnum):
    OPEN = "open"  # applications open
    UNDER_WAY = "under_way"  # applications closed, selection and recruitment until the start
    UPCOMING = "upcoming"
    OVER = "over"


ROUND_PHASE_LABELS = {
    RoundPhase.OPEN: gettext_lazy("Ouverte"),
    RoundPhase.UNDER_WAY: gettext_lazy("En cours"),
    RoundPhase.UPCOMING: gettext_lazy("À venir"),
    RoundPhase.OVER: gettext_lazy("Terminée"),
}


def round_phase(round_: Round, today: datetime.date) -> RoundPhase:
    if today < round_.opens_on:
        return RoundPhase.UPCOMING
    if today <= round_.application_deadline:
        return RoundPhase.OPEN
    if today <= round_.starts_on:
        return RoundPhase.UNDER_WAY
    return RoundPhase.OVER


@dataclass(frozen=True)
class ListedRound:
    round: Round
    phase: RoundPhase

    @property
    def phase_label(self) -> str:
        return str(ROUND_PHASE_LABELS[self.phase])

    @property
    def is_active(self) -> bool:
        return self.phase in (RoundPhase.OPEN, RoundPhase.UNDER_WAY)


def _orienting_key(listed: ListedRound) -> tuple[int, int, int]:
    round_ = listed.round
    if listed.phase == RoundPhase.OPEN:
        return 0, round_.application_deadline.toordinal(), round_.number
    if listed.phase == RoundPhase.UNDER_WAY:
        return 1, round_.committee_on.toordinal(), round_.number
    if listed.phase == RoundPhase.UPCOMING:
        return 2, round_.opens_on.toordinal(), round_.number
    return 3, -round_.opens_on.toordinal(), -round_.number


def rounds_open_first(
    rounds: Iterable[Round], today: datetime.date | None = None
) -> list[ListedRound]:
    """The rounds as the lists show them: open for applications first (nearest deadline
    first), then those under selection, then the upcoming ones (soonest first), then
    those that are over (latest first). The same order on every list of rounds."""
    day = today or timezone.localdate()
    listed = [ListedRound(round=round_, phase=round_phase(round_, day)) for round_ in rounds]
    return sorted(listed, key=_orienting_key)


# Staff pages


class PayGridStatus(StrEnum):
    IN_FORCE = "in_force"
    UPCOMING = "upcoming"
    REPLACED = "replaced"


PAY_GRID_STATUS_LABELS = {
    PayGridStatus.IN_FORCE: gettext_lazy("En vigueur"),
    PayGridStatus.UPCOMING: gettext_lazy("À venir"),
    PayGridStatus.REPLACED: gettext_lazy("Remplacée"),
}


@dataclass(frozen=True)
class PayGridVersion:
    grid: PayGrid
    levels: list[PayLevel]
    status: PayGridStatus

    @property
    def status_label(self) -> str:
        return str(PAY_GRID_STATUS_LABELS[self.status])

    @property
    def editable(self) -> bool:
        return self.status == PayGridStatus.UPCOMING


def pay_grid_versions(
    programme: Programme, on: datetime.date | None = None
) -> list[PayGridVersion]:
    """Every version of the pay grid, newest first, with its levels (two queries)."""
    day = on or timezone.localdate()
    grids = list(
        PayGrid.objects.filter(programme=programme)
        .prefetch_related(Prefetch("levels", queryset=PayLevel.objects.order_by("level")))
        .order_by("-valid_from")
    )
    in_force = next((grid for grid in grids if grid.valid_from <= day), None)
    versions = []
    for grid in grids:
        if grid.valid_from > day:
            status = PayGridStatus.UPCOMING
        elif grid == in_force:
            status = PayGridStatus.IN_FORCE
        else:
            status = PayGridStatus.REPLACED
        versions.append(PayGridVersion(grid=grid, levels=list(grid.levels.all()), status=status))
    return versions


def pay_grid_version(grid: PayGrid, on: datetime.date | None = None) -> PayGridVersion:
    return next(v for v in pay_grid_versions(grid.programme, on) if v.grid.pk == grid.pk)


def pay_grid_starting_point(programme: Programme) -> list[PayLevel]:
    """The levels a new version starts from: those in force, or else the latest version's."""
    grid = pay_grid_in_force(programme) or PayGrid.objects.filter(programme=programme).first()
    return list(grid.levels.order_by("level")) if grid else []


def promotion_list(programme: Programme) -> QuerySet[Promotion]:
    return Promotion.objects.filter(programme=programme).annotate(round_count=Count("rounds"))


def round_list(promotion: Promotion) -> QuerySet[Round]:
    return Round.objects.filter(promotion=promotion).order_by("opens_on", "number")


@dataclass(frozen=True)
class RoundPlan:
    dates: RoundDates
    exists: bool


def rounds_generation_preview(promotion: Promotion, year: int) -> list[RoundPlan]:
    """What ``rounds_generate`` would do: the six rounds, and which numbers already exist."""
    existing = set(promotion.rounds.values_list("number", flat=True))
    return [
        RoundPlan(dates=dates, exists=dates.number in existing)
        for dates in two_monthly_round_dates(year, first_round_number(promotion.year, year))
    ]


def scoring_grid_list(programme: Programme) -> QuerySet[ScoringGrid]:
    return ScoringGrid.objects.filter(programme=programme).annotate(
        file_criteria=Count("criteria", filter=Q(criteria__stage=CriterionStage.FILE)),
        interview_criteria=Count("criteria", filter=Q(criteria__stage=CriterionStage.INTERVIEW)),
    )


def criteria_by_stage(grid: ScoringGrid) -> list[tuple[str, list[Criterion]]]:
    criteria = list(grid.criteria.order_by("stage", "position", "pk"))
    return [
        (str(stage.label), [c for c in criteria if c.stage == stage]) for stage in CriterionStage
    ]
