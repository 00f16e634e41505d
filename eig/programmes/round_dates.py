"""The default calendar of the two-monthly rounds, as pure date arithmetic.

Nothing here touches the database, so the data migration that creates the 7th
promotion can use it as well as the round generator. The offsets below are the
defaults the generator proposes; each round's dates stay editable by staff.

- A round opens on the 1st of January, March, May, July, September and November.
- Défis may be submitted for 3 weeks after the opening (``CHALLENGE_DEADLINE_AFTER``).
- Candidates may apply for 5 weeks after the opening (``APPLICATION_DEADLINE_AFTER``).
- The selection committee meets 7 weeks after the opening (``COMMITTEE_AFTER``).
- The EIGs start on the 1st of the month two months after the opening
  (``START_MONTHS_AFTER_OPENING``): a round opened on 1 January starts on 1 March.
- Rounds are numbered 1 to 6 in the promotion's own year, 7 to 12 the year after
  (``first_round_number``).

These dates always satisfy the ``round_dates_in_order`` constraint of ``Round``:
opening ≤ both deadlines ≤ committee ≤ start (7 weeks < the 59 days of the
shortest two-month span).
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

OPENING_MONTHS = (1, 3, 5, 7, 9, 11)
CHALLENGE_DEADLINE_AFTER = datetime.timedelta(weeks=3)
APPLICATION_DEADLINE_AFTER = datetime.timedelta(weeks=5)
COMMITTEE_AFTER = datetime.timedelta(weeks=7)
START_MONTHS_AFTER_OPENING = 2


@dataclass(frozen=True)
class RoundDates:
    number: int
    opens_on: datetime.date
    challenge_deadline: datetime.date
    application_deadline: datetime.date
    committee_on: datetime.date
    starts_on: datetime.date

    def as_fields(self) -> dict[str, datetime.date]:
        """The dates as ``Round`` field values (without the number)."""
        return {
            "opens_on": self.opens_on,
            "challenge_deadline": self.challenge_deadline,
            "application_deadline": self.application_deadline,
            "committee_on": self.committee_on,
            "starts_on": self.starts_on,
        }


def first_of_month_after(day: datetime.date, months: int) -> datetime.date:
    """The 1st of the month ``months`` months after ``day``'s month."""
    return day.replace(day=1) + relativedelta(months=months)


def round_dates_for_opening(number: int, opens_on: datetime.date) -> RoundDates:
    return RoundDates(
        number=number,
        opens_on=opens_on,
        challenge_deadline=opens_on + CHALLENGE_DEADLINE_AFTER,
        application_deadline=opens_on + APPLICATION_DEADLINE_AFTER,
        committee_on=opens_on + COMMITTEE_AFTER,
        starts_on=first_of_month_after(opens_on, START_MONTHS_AFTER_OPENING),
    )


def two_monthly_round_dates(year: int, first_number: int = 1) -> list[RoundDates]:
    """The six rounds of ``year``, numbered from ``first_number`` in calendar order."""
    return [
        round_dates_for_opening(number, datetime.date(year, month, 1))
        for number, month in enumerate(OPENING_MONTHS, start=first_number)
    ]


def first_round_number(promotion_year: int, year: int) -> int:
    """The number of the first round of ``year`` in a promotion of ``promotion_year``.

    Rounds of the promotion's own year are numbered 1 to 6, those of the next year
    7 to 12, and so on, so each generated round has one number whatever the year.
    """
    if year < promotion_year:
        raise ValueError("A promotion has no round before its own year.")
    return (year - promotion_year) * len(OPENING_MONTHS) + 1
