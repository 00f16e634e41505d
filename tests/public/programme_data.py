"""Programme settings for the public pages' tests, whatever the data migration already created."""

from decimal import Decimal

from django.utils import timezone

from eig.programmes.models import PayGrid, PayLevel, Programme, Promotion
from eig.programmes.selectors import EIG_PROGRAMME_SLUG

TEST_PROMOTION_NUMBER = 99


def eig_programme_with_settings(*, cap: int = 27) -> Programme:
    """The EIG programme with a promotion of this year and a pay grid in force from today.

    Level 1: 4,321 € + 7 % under 12 years of experience; level 2: 5,432.50 € + 11 % from 12.
    Figures unlike the real ones, so a test can tell they come from the database.
    """
    programme, _ = Programme.objects.get_or_create(
        slug=EIG_PROGRAMME_SLUG, defaults={"name": "Entrepreneur·es d’intérêt général"}
    )
    today = timezone.localdate()
    Promotion.objects.create(
        programme=programme, number=TEST_PROMOTION_NUMBER, year=today.year, cap=cap
    )
    grid = PayGrid.objects.create(programme=programme, name="Grille de test", valid_from=today)
    PayLevel.objects.create(
        grid=grid,
        level=1,
        monthly_net=Decimal("4321.00"),
        variable_rate=Decimal("7.00"),
        min_experience_years=0,
    )
    PayLevel.objects.create(
        grid=grid,
        level=2,
        monthly_net=Decimal("5432.50"),
        variable_rate=Decimal("11.00"),
        min_experience_years=12,
    )
    return programme
