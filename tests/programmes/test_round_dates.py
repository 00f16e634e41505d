import datetime

import pytest

from eig.programmes.round_dates import (
    first_of_month_after,
    first_round_number,
    two_monthly_round_dates,
)


def test_a_year_has_six_rounds_opening_every_two_months():
    rounds = two_monthly_round_dates(2024)

    assert [r.number for r in rounds] == [1, 2, 3, 4, 5, 6]
    assert [r.opens_on for r in rounds] == [
        datetime.date(2024, month, 1) for month in (1, 3, 5, 7, 9, 11)
    ]


def test_deadlines_committee_and_start_follow_the_opening():
    first = two_monthly_round_dates(2024)[0]

    assert first.challenge_deadline == datetime.date(2024, 1, 22)  # + 3 weeks
    assert first.application_deadline == datetime.date(2024, 2, 5)  # + 5 weeks
    assert first.committee_on == datetime.date(2024, 2, 19)  # + 7 weeks
    assert first.starts_on == datetime.date(2024, 3, 1)  # 1st of the month, two months on


def test_the_november_round_starts_in_january_of_the_next_year():
    last = two_monthly_round_dates(2025)[-1]

    assert last.opens_on == datetime.date(2025, 11, 1)
    assert last.starts_on == datetime.date(2026, 1, 1)


@pytest.mark.parametrize("year", [2024, 2025, 2027, 2028])
def test_every_generated_round_has_its_dates_in_order(year):
    for dates in two_monthly_round_dates(year):
        assert dates.opens_on <= dates.challenge_deadline <= dates.application_deadline
        assert dates.application_deadline <= dates.committee_on <= dates.starts_on


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2024, 1, 15), 2, datetime.date(2024, 3, 1)),
        (datetime.date(2024, 11, 1), 2, datetime.date(2025, 1, 1)),
        (datetime.date(2024, 12, 31), 1, datetime.date(2025, 1, 1)),
        (datetime.date(2024, 5, 1), 0, datetime.date(2024, 5, 1)),
    ],
)
def test_first_of_month_after(day, months, expected):
    assert first_of_month_after(day, months) == expected


def test_rounds_of_the_year_after_the_promotion_are_numbered_7_to_12():
    assert first_round_number(2024, 2024) == 1
    assert first_round_number(2024, 2025) == 7
    assert [r.number for r in two_monthly_round_dates(2025, first_number=7)] == list(range(7, 13))


def test_a_promotion_has_no_round_before_its_year():
    with pytest.raises(ValueError, match="before its own year"):
        first_round_number(2024, 2023)
