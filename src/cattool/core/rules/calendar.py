"""Calendar arithmetic for statutory periods (DOMAIN.md section 6).

Periods "beginning with" a date count that date as day 1. For months and years the last
day is the day before the same calendar date N months on. Where that date does not exist
(31 August + 6 months) or the start is a month end, no authority fixes the answer: we
return the earlier reading and the other one, so the caller can warn.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

ONE_DAY = dt.timedelta(days=1)
_LENGTH = re.compile(r"^\s*(\d+)\s+(day|week|month|year)s?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Length:
    amount: int
    unit: str  # "days", "weeks", "months" or "years"

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"

    def in_months(self) -> int:
        return self.amount * 12 if self.unit == "years" else self.amount


# The longest period any rule may have: beyond this a value is a typing slip.
_MAXIMUM = {"days": 36_500, "weeks": 5_200, "months": 1_200, "years": 100}


def parse_length(text: str) -> Length:
    match = _LENGTH.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a period length like '6 weeks' or '5 years'")
    length = Length(int(match.group(1)), match.group(2).lower() + "s")
    if not 1 <= length.amount <= _MAXIMUM[length.unit]:
        raise ValueError(
            f"{text!r} is not a usable period length: it must be between 1 and "
            f"{_MAXIMUM[length.unit]} {length.unit}"
        )
    return length


def days_in_month(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def add_months(start: dt.date, months: int) -> tuple[dt.date, bool]:
    """The same calendar date `months` on, clamped to the month's end; True if clamped."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = days_in_month(year, month)
    if start.day > last:
        return dt.date(year, month, last), True
    return dt.date(year, month, start.day), False


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """The last day of a period, and the later reading where month ends make it uncertain."""

    last_day: dt.date
    other_reading: dt.date | None = None


def period_end(start: dt.date, length: Length) -> PeriodEnd:
    """Last day of a period of `length` beginning with `start` (start is day 1)."""
    if length.unit == "days":
        return PeriodEnd(start + dt.timedelta(days=length.amount - 1))
    if length.unit == "weeks":
        return PeriodEnd(start + dt.timedelta(days=7 * length.amount - 1))
    target, clamped = add_months(start, length.in_months())
    month_last = dt.date(target.year, target.month, days_in_month(target.year, target.month))
    if clamped:
        # 31 Aug + 6 months: no 31 Feb. Earlier reading: the day before the month's last
        # day; later reading: the month's last day (the day before 1 March).
        return PeriodEnd(month_last - ONE_DAY, month_last)
    start_is_month_end = start.day == days_in_month(start.year, start.month)
    if start_is_month_end and target != month_last:
        # 30 April + 6 months: the "month end to month end" reading runs to 30 October.
        return PeriodEnd(target - ONE_DAY, month_last - ONE_DAY)
    return PeriodEnd(target - ONE_DAY)


def subtract(anchor: dt.date, length: Length) -> dt.date:
    """`anchor` moved back by `length` (used for "act by N weeks before" planning dates)."""
    if length.unit == "days":
        return anchor - dt.timedelta(days=length.amount)
    if length.unit == "weeks":
        return anchor - dt.timedelta(days=7 * length.amount)
    return add_months(anchor, -length.in_months())[0]


@cache
def _bank_holidays(year: int) -> dict[dt.date, str]:
    # Imported lazily: the holidays package costs ~80 ms, which start-up does not need.
    import holidays

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year).items())


def bank_holiday_name(day: dt.date) -> str | None:
    """England-and-Wales bank holiday on `day`, from the bundled `holidays` data."""
    return _bank_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and bank_holiday_name(day) is None


def previous_working_day(day: dt.date) -> dt.date:
    day -= ONE_DAY
    while not is_working_day(day):
        day -= ONE_DAY
    return day
