"""The data migration that creates the EIG programme's settings.

Transactional tests (the browser journeys) empty the database after them, so these
tests run the migration's function again — it is idempotent — before checking.
"""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from eig.programmes.enums import CriterionStage
from eig.programmes.models import Criterion, PayGrid, Programme, Promotion, Round
from eig.programmes.selectors import EIG_PROGRAMME_SLUG, pay_level_for_experience

migration = importlib.import_module("eig.programmes.migrations.0003_eig_programme")

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    migration.create_eig_programme(apps, schema_editor=None)
    return Programme.objects.get(slug=EIG_PROGRAMME_SLUG)


def test_the_eig_programme_exists_with_its_default_settings(programme):
    assert programme.name == "Entrepreneur·es d’intérêt général"
    assert programme.retention_unsuccessful_months == 3
    assert programme.retention_consent_months == 24


def test_the_pay_grid_has_two_levels_with_decimal_amounts(programme):
    grid = PayGrid.objects.get(programme=programme, valid_from=datetime.date(2024, 1, 1))
    levels = list(grid.levels.order_by("level"))

    assert [
        (lvl.level, lvl.monthly_net, lvl.variable_rate, lvl.min_experience_years) for lvl in levels
    ] == [
        (1, Decimal("4250.00"), Decimal("6.00"), 0),
        (2, Decimal("5000.00"), Decimal("10.00"), 10),
    ]
    assert all(isinstance(level.monthly_net, Decimal) for level in levels)
    assert levels[0].max_variable_yearly == Decimal("3060.00")
    assert levels[1].max_variable_yearly == Decimal("6000.00")


def test_the_experience_threshold_between_levels_is_ten_years(programme):
    grid = PayGrid.objects.get(programme=programme, valid_from=datetime.date(2024, 1, 1))

    assert pay_level_for_experience(grid, 9).level == 1
    assert pay_level_for_experience(grid, 10).level == 2


def test_the_scoring_grid_has_five_criteria_scored_from_0_to_5(programme):
    criteria = Criterion.objects.filter(grid__programme=programme)

    assert sorted(criteria.filter(stage=CriterionStage.FILE).values_list("label", flat=True)) == [
        "Cohérence du profil",
        "Expérience entrepreneuriale",
    ]
    assert sorted(
        criteria.filter(stage=CriterionStage.INTERVIEW).values_list("label", flat=True)
    ) == [
        "Adaptabilité",
        "Communication",
        "Intérêt pour les thématiques",
    ]
    assert {(c.min_score, c.max_score) for c in criteria} == {(0, 5)}
    assert all(c.description for c in criteria)


def test_the_seventh_promotion_has_a_cap_of_30_and_six_rounds(programme):
    promotion = Promotion.objects.get(programme=programme, number=7)

    assert (promotion.label, promotion.year, promotion.cap) == ("7e promotion", 2024, 30)
    rounds = Round.objects.filter(promotion=promotion).order_by("number")
    assert [r.opens_on.month for r in rounds] == [1, 3, 5, 7, 9, 11]
    assert rounds[0].challenge_deadline == datetime.date(2024, 1, 22)


def test_running_the_migration_again_changes_nothing(programme):
    counts = (PayGrid.objects.count(), Criterion.objects.count(), Round.objects.count())

    migration.create_eig_programme(apps, schema_editor=None)

    assert (PayGrid.objects.count(), Criterion.objects.count(), Round.objects.count()) == counts
    assert Programme.objects.filter(slug=EIG_PROGRAMME_SLUG).count() == 1
