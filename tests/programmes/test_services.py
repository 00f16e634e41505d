import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.programmes import services
from eig.programmes.models import PayGrid, Promotion, Round
from eig.programmes.services import PayLevelData
from tests.factories import (
    CriterionFactory,
    PayGridFactory,
    PayLevelFactory,
    ProgrammeFactory,
    PromotionFactory,
    RoundFactory,
    ScoringGridFactory,
)

pytestmark = pytest.mark.django_db

LEVELS = [
    PayLevelData(Decimal("4400.00"), Decimal("6.00"), 0),
    PayLevelData(Decimal("5200.00"), Decimal("10.00"), 10),
]


# Programme


def test_programme_update_saves_and_records_what_changed(staff):
    programme = ProgrammeFactory()
    programme.max_choices = 3
    programme.save()

    services.programme_update(programme=programme, data={"max_choices": 5}, by=staff)

    programme.refresh_from_db()
    assert programme.max_choices == 5
    event = event_list_for(programme).get()
    assert (event.action, event.actor, event.changes) == (
        HistoryAction.SETTINGS_UPDATED,
        staff,
        {"max_choices": [3, 5]},
    )


def test_programme_update_without_change_records_nothing(staff):
    programme = ProgrammeFactory()

    services.programme_update(
        programme=programme, data={"max_choices": programme.max_choices}, by=staff
    )

    assert not event_list_for(programme).exists()


def test_retention_cannot_exceed_what_the_cnil_recommends(staff):
    programme = ProgrammeFactory()

    with pytest.raises(ValidationError) as error:
        services.programme_update(
            programme=programme, data={"retention_unsuccessful_months": 6}, by=staff
        )

    assert "3 mois" in str(error.value.message_dict["retention_unsuccessful_months"])


def test_programme_update_refuses_fields_that_are_not_settings(staff):
    with pytest.raises(ValueError, match="slug"):
        services.programme_update(programme=ProgrammeFactory(), data={"slug": "x"}, by=staff)


# Promotions


def test_promotion_create_records_history(staff):
    promotion = services.promotion_create(
        programme=ProgrammeFactory(),
        data={"number": 42, "label": "42e promotion", "year": 2050, "cap": 30},
        by=staff,
    )

    assert event_list_for(promotion).get().action == HistoryAction.CREATED


def test_a_promotion_number_is_unique_in_the_programme(staff):
    existing = PromotionFactory()

    with pytest.raises(ValidationError, match="déjà une promotion portant ce numéro"):
        services.promotion_create(
            programme=existing.programme,
            data={"number": existing.number, "label": "", "year": 2050, "cap": 30},
            by=staff,
        )


def test_a_promotion_cap_is_at_least_one(staff):
    promotion = PromotionFactory()

    with pytest.raises(ValidationError) as error:
        services.promotion_update(promotion=promotion, data={"cap": 0}, by=staff)

    assert "cap" in error.value.message_dict


# Rounds


def test_rounds_generate_creates_the_six_rounds_of_the_year_with_history(staff):
    promotion = PromotionFactory(year=2027)

    created = services.rounds_generate(promotion=promotion, year=2027, by=staff)

    assert [r.number for r in created] == [1, 2, 3, 4, 5, 6]
    assert created[2].opens_on == datetime.date(2027, 5, 1)
    assert created[2].starts_on == datetime.date(2027, 7, 1)
    assert {e.action for r in created for e in event_list_for(r)} == {HistoryAction.ROUND_GENERATED}
    assert event_list_for(promotion).get().action == HistoryAction.ROUNDS_GENERATED


def test_rounds_generate_is_idempotent_and_keeps_existing_rounds(staff):
    promotion = PromotionFactory(year=2027)
    kept = RoundFactory(promotion=promotion, number=2, opens_on=datetime.date(2027, 3, 15))

    first = services.rounds_generate(promotion=promotion, year=2027, by=staff)
    second = services.rounds_generate(promotion=promotion, year=2027, by=staff)

    assert [r.number for r in first] == [1, 3, 4, 5, 6]
    assert second == []
    kept.refresh_from_db()
    assert kept.opens_on == datetime.date(2027, 3, 15)
    assert Round.objects.filter(promotion=promotion).count() == 6
    assert event_list_for(promotion).count() == 1


def test_rounds_of_the_following_year_get_their_own_numbers(staff):
    promotion = PromotionFactory(year=2027)
    services.rounds_generate(promotion=promotion, year=2027, by=staff)

    created = services.rounds_generate(promotion=promotion, year=2028, by=staff)

    assert [r.number for r in created] == [7, 8, 9, 10, 11, 12]
    assert created[0].opens_on == datetime.date(2028, 1, 1)


def test_rounds_cannot_be_generated_before_the_promotion_year(staff):
    promotion = PromotionFactory(year=2027)

    with pytest.raises(DomainError, match="pas de session avant"):
        services.rounds_generate(promotion=promotion, year=2026, by=staff)
    assert not promotion.rounds.exists()


def test_rounds_generate_accepts_no_actor_for_demo_data():
    created = services.rounds_generate(promotion=PromotionFactory(), year=2026, by=None)

    assert event_list_for(created[0]).get().actor is None


def test_round_update_explains_which_date_is_out_of_order(staff):
    round_ = RoundFactory()

    with pytest.raises(ValidationError) as error:
        services.round_update(
            round=round_,
            data={"committee_on": round_.application_deadline - datetime.timedelta(days=1)},
            by=staff,
        )

    assert error.value.message_dict == {
        "committee_on": [
            "Le comité de sélection doit se tenir le jour de la date limite "
            "des candidatures ou après."
        ]
    }


def test_round_update_records_the_changed_dates(staff):
    round_ = RoundFactory()
    new_start = round_.starts_on + datetime.timedelta(days=7)

    services.round_update(round=round_, data={"starts_on": new_start}, by=staff)

    assert event_list_for(round_).get().changes == {
        "starts_on": [str(round_.starts_on), str(new_start)]
    }


def test_round_numbers_are_unique_in_a_promotion(staff):
    existing = RoundFactory()
    dates = {
        "opens_on": existing.opens_on,
        "challenge_deadline": existing.challenge_deadline,
        "application_deadline": existing.application_deadline,
        "committee_on": existing.committee_on,
        "starts_on": existing.starts_on,
    }

    with pytest.raises(ValidationError, match="déjà une session portant ce numéro"):
        services.round_create(
            promotion=existing.promotion, data={"number": existing.number, **dates}, by=staff
        )


# Pay grids


@time_machine.travel(datetime.date(2026, 6, 1))
def test_pay_grid_create_adds_a_version_and_keeps_the_previous_one(staff):
    previous = PayLevelFactory(grid__valid_from=datetime.date(2025, 2, 1)).grid

    grid = services.pay_grid_create(
        programme=previous.programme,
        name="Grille 2027",
        valid_from=datetime.date(2027, 1, 1),
        levels=list(reversed(LEVELS)),
        by=staff,
    )

    assert [
        (lvl.level, lvl.monthly_net, lvl.min_experience_years) for lvl in grid.levels.all()
    ] == [
        (1, Decimal("4400.00"), 0),
        (2, Decimal("5200.00"), 10),
    ]
    assert previous.levels.get().monthly_net == Decimal("4250.00")
    event = event_list_for(grid).get()
    assert event.action == HistoryAction.CREATED
    assert "niveau 2 : 5\u202f200,00\u00a0€ net/mois" in event.comment


@time_machine.travel(datetime.date(2026, 6, 1))
def test_a_new_version_cannot_apply_to_the_past(staff):
    with pytest.raises(DomainError, match="date passée"):
        services.pay_grid_create(
            programme=ProgrammeFactory(),
            name="Rétroactive",
            valid_from=datetime.date(2026, 5, 31),
            levels=LEVELS,
            by=staff,
        )


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ([], "au moins un niveau"),
        ([PayLevelData(Decimal(4000), Decimal(5), 2)], "dès 0 année"),
        (
            [
                PayLevelData(Decimal(4000), Decimal(5), 0),
                PayLevelData(Decimal(5000), Decimal(5), 0),
            ],
            "même nombre d’années",
        ),
    ],
)
def test_pay_grid_levels_must_cover_everyone_once(staff, levels, message):
    with pytest.raises(DomainError, match=message):
        services.pay_grid_create(
            programme=ProgrammeFactory(),
            name="Grille",
            valid_from=datetime.date(2099, 1, 1),
            levels=levels,
            by=staff,
        )
    assert not PayGrid.objects.filter(name="Grille").exists()


@time_machine.travel(datetime.date(2026, 6, 1))
def test_a_version_in_force_is_never_edited_in_place(staff):
    grid = PayLevelFactory(grid__valid_from=datetime.date(2026, 6, 1)).grid

    with pytest.raises(DomainError, match="déjà en vigueur"):
        services.pay_grid_update(
            grid=grid, name="Autre", valid_from=datetime.date(2026, 7, 1), levels=LEVELS, by=staff
        )
    assert grid.levels.get().monthly_net == Decimal("4250.00")


@time_machine.travel(datetime.date(2026, 6, 1))
def test_an_upcoming_version_can_still_be_changed(staff):
    grid = PayLevelFactory(grid__valid_from=datetime.date(2026, 9, 1)).grid

    services.pay_grid_update(
        grid=grid,
        name="Grille rectifiée",
        valid_from=datetime.date(2026, 10, 1),
        levels=LEVELS,
        by=staff,
    )

    grid.refresh_from_db()
    assert (grid.name, grid.valid_from) == ("Grille rectifiée", datetime.date(2026, 10, 1))
    assert grid.levels.count() == 2
    assert event_list_for(grid).get().changes["valid_from"] == ["2026-09-01", "2026-10-01"]


def test_two_versions_cannot_start_on_the_same_day(staff):
    existing = PayGridFactory(valid_from=datetime.date(2099, 1, 1))

    with pytest.raises(ValidationError):
        services.pay_grid_create(
            programme=existing.programme,
            name="Doublon",
            valid_from=existing.valid_from,
            levels=LEVELS,
            by=staff,
        )


# Criteria


def test_criterion_create_and_update_record_history(staff):
    grid = ScoringGridFactory()

    criterion = services.criterion_create(
        grid=grid,
        data={"stage": "interview", "label": "Leadership", "description": "", "position": 4},
        by=staff,
    )
    services.criterion_update(criterion=criterion, data={"label": "Sens du leadership"}, by=staff)

    assert [e.action for e in event_list_for(criterion)] == [
        HistoryAction.CREATED,
        HistoryAction.UPDATED,
    ]
    assert (criterion.min_score, criterion.max_score) == (0, 5)


def test_a_criterion_scale_cannot_be_empty(staff):
    criterion = CriterionFactory()

    with pytest.raises(ValidationError) as error:
        services.criterion_update(
            criterion=criterion, data={"min_score": 3, "max_score": 3}, by=staff
        )

    assert error.value.message_dict["max_score"] == [
        "La note maximale doit être supérieure à la note minimale."
    ]


def test_the_current_promotion_is_never_a_side_promotion():
    import datetime

    from eig.programmes.selectors import current_promotion
    from tests.factories import ProgrammeFactory, PromotionFactory

    programme = ProgrammeFactory()
    main = PromotionFactory(programme=programme, number=3, year=2019)
    # A side promotion alone in its year (possible: its year is its own).
    side = Promotion.objects.create(
        programme=programme, number=3, year=2020, parent=main, label="3 – DIG (annexe)"
    )

    assert current_promotion(programme, today=datetime.date(2019, 6, 1)) == main
    in_2020 = current_promotion(programme, today=datetime.date(2020, 6, 1))
    assert in_2020 is not None
    assert in_2020 != side
    assert in_2020.parent is None
