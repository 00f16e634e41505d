import datetime

from django.utils import timezone

from eig.programmes.models import PayGrid, PayLevel, Programme, Promotion, Round

EIG_PROGRAMME_SLUG = "eig"


def current_programme() -> Programme | None:
    return Programme.objects.filter(slug=EIG_PROGRAMME_SLUG).first()


def current_promotion(programme: Programme) -> Promotion | None:
    """The promotion of the current year, or else the latest one."""
    year = timezone.localdate().year
    promotions = Promotion.objects.filter(programme=programme)
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
