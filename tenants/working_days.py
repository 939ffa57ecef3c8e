"""Working days of the Russian production calendar, for every term counted in working days.

A working day is a day that is neither a weekend nor a non-working holiday (Labour Code art. 112:
1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November), with the Government's
yearly decree moving days off: a holiday on a weekend moves to a weekday (``9 January 2026``,
from Saturday 3 January), and a Saturday can become a working day (``1 November 2025``, for
Monday 3 November). Both come from the ``holidays`` package, whose Russia calendar follows those
decrees year by year (its ``weekend_workdays`` are the working Saturdays). The decree for a year is
published in the autumn before it; a year the installed ``holidays`` does not know yet counts
only the fixed holidays, so the pin is raised when a new decree appears.

Five-day week: the calendar of the service's staff (Labour Code art. 91), not of six-day schools.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

_ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=32)
def _year_calendar(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """The holidays and the working weekend days of ``year``, read once (with the years around it:
    a decree may move a day off across the new year)."""
    calendar = holidays.country_holidays("RU", years=range(year - 1, year + 2))
    return frozenset(calendar), frozenset(calendar.weekend_workdays)


def working_day_is(day: datetime.date) -> bool:
    holidays_off, weekend_workdays = _year_calendar(day.year)
    if day.weekday() >= 5:
        return day in weekend_workdays
    return day not in holidays_off


def working_days_after(day: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``day`` (``day`` itself is not counted)."""
    current = day
    left = days
    while left > 0:
        current += _ONE_DAY
        if working_day_is(current):
            left -= 1
    return current


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day before ``day`` (``day`` itself is not counted)."""
    current = day
    left = days
    while left > 0:
        current -= _ONE_DAY
        if working_day_is(current):
            left -= 1
    return current
