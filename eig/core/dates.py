"""Plausible dates: every date a person types falls in a window, or gets a French message.

A date picker accepts « 01/01/0001 »; nothing in the programme happens then. Each date
input names its window, counted in days from today (in Europe/Paris), so that it never
goes stale: a measurement is taken between the programme's start and today, an offer
starts within a year before or two years after today, and so on. Forms use
``eig.core.forms.PlausibleDateField`` (a model form gets it for every date field of its
model); anything else that takes a date as input calls ``plausible_date_validate``.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.core.templatetags.eig_french import french_date

# The programme began in 2016 (its first promotion was recruited for 2017): no date of
# its life comes before.
PROGRAMME_START = datetime.date(2016, 1, 1)
YEAR = 366


@dataclass(frozen=True)
class DateWindow:
    """From ``first`` to ``last`` days after today (negative: before); ``first`` None
    means from the programme's start."""

    first: int | None = None
    last: int = 3 * YEAR

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        day = today or timezone.localdate()
        first = PROGRAMME_START if self.first is None else day + datetime.timedelta(self.first)
        return first, day + datetime.timedelta(self.last)


# The programme's settings (rounds, pay grids) and anything else without a window of
# its own: from the programme's start to three years ahead.
PROGRAMME_LIFE = DateWindow()
# What was observed: from the programme's start to today (never in the future).
UP_TO_TODAY = DateWindow(last=0)
# What is planned around now: an offer's start, an interview (a year back, two ahead).
AROUND_NOW = DateWindow(first=-YEAR, last=2 * YEAR)
# A deadline or an expiry: from today to a year ahead.
COMING_YEAR = DateWindow(first=0, last=YEAR)


def _bound(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return _("aujourd’hui")
    if day == today + datetime.timedelta(days=1):
        return _("demain")
    return _("le %(day)s") % {"day": french_date(day)}


def plausible_date_message(window: DateWindow, today: datetime.date | None = None) -> str:
    day = today or timezone.localdate()
    first, last = window.bounds(day)
    message = _("Indiquez une date entre %(first)s et %(last)s.") % {
        "first": _bound(first, day),
        "last": _bound(last, day),
    }
    if last == day:
        message = message[:-1] + _(" : elle ne peut pas être dans le futur.")
    return message


def plausible_date_validate(value: datetime.date, window: DateWindow = PROGRAMME_LIFE) -> None:
    """Refuse ``value`` outside ``window`` with a French message naming the window."""
    today = timezone.localdate()
    first, last = window.bounds(today)
    if not first <= value <= last:
        raise ValidationError(plausible_date_message(window, today), code="implausible_date")
