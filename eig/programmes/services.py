"""Writes to the programme's settings. Each runs in one transaction, locks what it
changes, validates with ``full_clean()`` and records a history line."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.core.errors import DomainError
from eig.core.french import plural
from eig.core.history import changed_fields, event_record, fields_update
from eig.core.history_actions import HistoryAction
from eig.core.money import euros, percent
from eig.programmes.models import (
    Criterion,
    PayGrid,
    PayLevel,
    Programme,
    Promotion,
    Round,
    ScoringGrid,
)
from eig.programmes.round_dates import first_round_number, two_monthly_round_dates

PROGRAMME_FIELDS = frozenset(
    {
        "max_choices",
        "reviews_per_candidacy",
        "retention_unsuccessful_months",
        "retention_consent_months",
        "impact_min_answers",
    }
)
PROMOTION_FIELDS = frozenset({"number", "label", "year", "cap"})
ROUND_FIELDS = frozenset(
    {
        "number",
        "opens_on",
        "challenge_deadline",
        "application_deadline",
        "committee_on",
        "starts_on",
        "ranking_deadline",
        "anonymous_file_review",
    }
)
CRITERION_FIELDS = frozenset(
    {"stage", "label", "description", "position", "min_score", "max_score"}
)


def _pick(data: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Champs non modifiables : {sorted(unknown)}")
    return dict(data)


def _lock[M: models.Model](instance: M) -> M:
    return type(instance)._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)


# Programme


@transaction.atomic
def programme_update(*, programme: Programme, data: Mapping[str, Any], by: User) -> Programme:
    require_staff(by)
    return fields_update(
        instance=programme,
        data=_pick(data, PROGRAMME_FIELDS),
        by=by,
        action=HistoryAction.SETTINGS_UPDATED,
    )[0]


# Promotions


@transaction.atomic
def promotion_create(*, programme: Programme, data: Mapping[str, Any], by: User) -> Promotion:
    require_staff(by)
    promotion = Promotion(programme=programme, **_pick(data, PROMOTION_FIELDS))
    promotion.full_clean()
    promotion.save()
    event_record(subject=promotion, by=by, action=HistoryAction.CREATED)
    return promotion


@transaction.atomic
def promotion_update(*, promotion: Promotion, data: Mapping[str, Any], by: User) -> Promotion:
    require_staff(by)
    return fields_update(
        instance=promotion, data=_pick(data, PROMOTION_FIELDS), by=by, action=HistoryAction.UPDATED
    )[0]


# Rounds


@transaction.atomic
def round_create(*, promotion: Promotion, data: Mapping[str, Any], by: User) -> Round:
    require_staff(by)
    new_round = Round(promotion=promotion, **_pick(data, ROUND_FIELDS))
    new_round.full_clean()
    new_round.save()
    event_record(subject=new_round, by=by, action=HistoryAction.CREATED)
    return new_round


@transaction.atomic
def round_update(*, round: Round, data: Mapping[str, Any], by: User) -> Round:
    require_staff(by)
    return fields_update(
        instance=round, data=_pick(data, ROUND_FIELDS), by=by, action=HistoryAction.UPDATED
    )[0]


@transaction.atomic
def rounds_generate(*, promotion: Promotion, year: int, by: User | None) -> list[Round]:
    """Create the six two-monthly rounds of ``year`` (see ``round_dates``): numbered 1 to 6
    in the promotion's own year, 7 to 12 the year after.

    A number the promotion already has is skipped, so running it twice creates
    nothing the second time. The promotion is locked meanwhile, so two people
    generating at once cannot both create the same round.
    """
    require_staff(by, allow_system=True)
    locked = _lock(promotion)
    if year < locked.year:
        raise DomainError(
            f"La {locked} date de {locked.year} : elle n’a pas de session avant cette année-là."
        )
    existing = set(locked.rounds.values_list("number", flat=True))
    created = []
    for dates in two_monthly_round_dates(year, first_round_number(locked.year, year)):
        if dates.number in existing:
            continue
        new_round = Round(promotion=locked, number=dates.number, **dates.as_fields())
        new_round.full_clean()
        new_round.save()
        event_record(
            subject=new_round,
            by=by,
            action=HistoryAction.ROUND_GENERATED,
            comment=f"Créée par le générateur des sessions de l’année {year}.",
        )
        created.append(new_round)
    if created:
        event_record(
            subject=locked,
            by=by,
            action=HistoryAction.ROUNDS_GENERATED,
            comment=f"Sessions {', '.join(str(r.number) for r in created)} créées pour {year}.",
        )
    return created


# Pay grids


@dataclass(frozen=True)
class PayLevelData:
    monthly_net: Decimal
    variable_rate: Decimal
    min_experience_years: int


def _check_levels(levels: Sequence[PayLevelData]) -> list[PayLevelData]:
    """The levels sorted by experience threshold; level 1 must start at 0 years."""
    if not levels:
        raise DomainError("Une grille de rémunération doit compter au moins un niveau.")
    ordered = sorted(levels, key=lambda level: level.min_experience_years)
    thresholds = [level.min_experience_years for level in ordered]
    if len(set(thresholds)) != len(thresholds):
        raise DomainError("Deux niveaux ne peuvent pas commencer au même nombre d’années.")
    if thresholds[0] != 0:
        raise DomainError(
            "Le premier niveau doit s’appliquer dès 0 année d’expérience, "
            "pour que chaque personne recrutée ait un niveau."
        )
    return ordered


def _save_levels(grid: PayGrid, levels: Sequence[PayLevelData]) -> None:
    for number, data in enumerate(_check_levels(levels), start=1):
        level = PayLevel(
            grid=grid,
            level=number,
            monthly_net=data.monthly_net,
            variable_rate=data.variable_rate,
            min_experience_years=data.min_experience_years,
        )
        level.full_clean()
        level.save()


def _levels_summary(levels: Sequence[PayLevelData]) -> str:
    return " ; ".join(
        f"niveau {number} : {euros(data.monthly_net)} net/mois, {percent(data.variable_rate)}, "
        + plural(data.min_experience_years, "dès {n} an", "dès {n} ans")
        for number, data in enumerate(_check_levels(levels), start=1)
    )


def _check_not_retroactive(valid_from: datetime.date) -> None:
    if valid_from < timezone.localdate():
        raise DomainError(
            "Une nouvelle version ne peut pas s’appliquer à une date passée : "
            "choisissez aujourd’hui ou une date à venir."
        )


@transaction.atomic
def pay_grid_create(
    *,
    programme: Programme,
    name: str,
    valid_from: datetime.date,
    levels: Sequence[PayLevelData],
    by: User,
) -> PayGrid:
    """Add a version of the pay grid. Existing versions stay as they are."""
    require_staff(by)
    _check_not_retroactive(valid_from)
    _check_levels(levels)
    _lock(programme)
    grid = PayGrid(programme=programme, name=name, valid_from=valid_from)
    grid.full_clean()
    grid.save()
    _save_levels(grid, levels)
    event_record(subject=grid, by=by, action=HistoryAction.CREATED, comment=_levels_summary(levels))
    return grid


@transaction.atomic
def pay_grid_update(
    *,
    grid: PayGrid,
    name: str,
    valid_from: datetime.date,
    levels: Sequence[PayLevelData],
    by: User,
) -> PayGrid:
    """Change a version not yet in force. Once in force, a version is never edited:
    contracts keep its amounts; create a new version instead."""
    require_staff(by)
    locked = _lock(grid)
    if locked.is_in_force_since(timezone.localdate()):
        raise DomainError(
            "Cette grille est déjà en vigueur : elle ne peut plus être modifiée. "
            "Créez une nouvelle version."
        )
    _check_not_retroactive(valid_from)
    _check_levels(levels)
    changes = changed_fields(locked, {"name": name, "valid_from": valid_from})
    locked.name, locked.valid_from = name, valid_from
    locked.full_clean()
    locked.save(update_fields=["name", "valid_from"])
    locked.levels.all().delete()
    _save_levels(locked, levels)
    event_record(
        subject=locked,
        by=by,
        action=HistoryAction.UPDATED,
        changes=changes,
        comment=_levels_summary(levels),
    )
    return locked


# Scoring grids


@transaction.atomic
def criterion_create(*, grid: ScoringGrid, data: Mapping[str, Any], by: User) -> Criterion:
    require_staff(by)
    criterion = Criterion(grid=grid, **_pick(data, CRITERION_FIELDS))
    criterion.full_clean()
    criterion.save()
    event_record(subject=criterion, by=by, action=HistoryAction.CREATED)
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, data: Mapping[str, Any], by: User) -> Criterion:
    require_staff(by)
    return fields_update(
        instance=criterion, data=_pick(data, CRITERION_FIELDS), by=by, action=HistoryAction.UPDATED
    )[0]
