"""Where a round stands today, and the order every list of rounds shows them in."""

import datetime

import pytest

from eig.programmes.selectors import RoundPhase, round_phase, rounds_open_first
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
DAY = datetime.timedelta(days=1)


def opening(days: int):
    """A round opening ``days`` from today (applications for five weeks, start at nine)."""
    return RoundFactory(opens_on=TODAY + days * DAY)


def test_a_round_is_upcoming_open_under_way_then_over():
    round_ = opening(0)
    assert round_phase(round_, TODAY - DAY) == RoundPhase.UPCOMING
    assert round_phase(round_, TODAY) == RoundPhase.OPEN
    assert round_phase(round_, round_.application_deadline) == RoundPhase.OPEN
    assert round_phase(round_, round_.application_deadline + DAY) == RoundPhase.UNDER_WAY
    assert round_phase(round_, round_.starts_on) == RoundPhase.UNDER_WAY
    assert round_phase(round_, round_.starts_on + DAY) == RoundPhase.OVER


def test_open_rounds_come_first_then_under_way_then_upcoming_then_over():
    next_year = [opening(days) for days in (360, 60, 120)]
    over = [opening(-400), opening(-200)]
    open_now = opening(-10)
    under_way = opening(-45)  # applications closed ten days ago, start in three weeks
    listed = rounds_open_first([*next_year, *over, open_now, under_way], TODAY)
    assert [item.round for item in listed] == [
        open_now,
        under_way,
        next_year[1],
        next_year[2],
        next_year[0],
        over[1],
        over[0],
    ]
    assert [item.phase_label for item in listed[:3]] == ["Ouverte", "En cours", "À venir"]
    assert listed[-1].phase_label == "Terminée"
    assert [item.is_active for item in listed[:3]] == [True, True, False]
