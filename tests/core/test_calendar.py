"""Calendar arithmetic: the worked examples and properties over many dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cattool.core.rules.calendar import (
    Length,
    add_months,
    bank_holiday_name,
    days_in_month,
    parse_length,
    period_end,
    previous_working_day,
    subtract,
)

D = dt.date
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2150, 12, 31))


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        # DOMAIN.md section 6, the worked example.
        (D(2026, 3, 2), "6 weeks", D(2026, 4, 12)),
        (D(2026, 3, 2), "6 months", D(2026, 9, 1)),
        (D(2026, 3, 2), "18 months", D(2027, 9, 1)),
        (D(2026, 3, 2), "12 months", D(2027, 3, 1)),
        (D(2026, 3, 2), "5 years", D(2031, 3, 1)),
        (D(2026, 3, 2), "8 weeks", D(2026, 4, 26)),
        (D(2026, 3, 2), "28 days", D(2026, 3, 29)),
        (D(2026, 3, 2), "1 day", D(2026, 3, 2)),
        # Year ends and leap years.
        (D(2026, 12, 1), "6 weeks", D(2027, 1, 11)),
        (D(2027, 12, 15), "6 months", D(2028, 6, 14)),
        (D(2028, 2, 1), "4 weeks", D(2028, 2, 28)),
        (D(2028, 2, 2), "4 weeks", D(2028, 2, 29)),
        (D(2024, 1, 1), "12 months", D(2024, 12, 31)),
    ],
)
def test_period_end_examples(start: dt.date, length: str, expected: dt.date) -> None:
    end = period_end(start, parse_length(length))
    assert end.last_day == expected
    assert end.other_reading is None


@pytest.mark.parametrize(
    ("start", "length", "earlier", "later"),
    [
        # 31 August + 6 months: there is no 31 February.
        (D(2026, 8, 31), "6 months", D(2027, 2, 27), D(2027, 2, 28)),
        # 29 February + 12 months.
        (D(2028, 2, 29), "12 months", D(2029, 2, 27), D(2029, 2, 28)),
        (D(2028, 2, 29), "5 years", D(2033, 2, 27), D(2033, 2, 28)),
        # Into a leap February.
        (D(2027, 8, 31), "6 months", D(2028, 2, 28), D(2028, 2, 29)),
        # A month-end start whose target month is longer (30 April + 6 months).
        (D(2026, 4, 30), "6 months", D(2026, 10, 29), D(2026, 10, 30)),
        (D(2026, 2, 28), "6 months", D(2026, 8, 27), D(2026, 8, 30)),
    ],
)
def test_month_end_starts_give_the_earlier_date_and_the_other_reading(
    start: dt.date, length: str, earlier: dt.date, later: dt.date
) -> None:
    end = period_end(start, parse_length(length))
    assert end.last_day == earlier
    assert end.other_reading == later
    assert end.last_day < end.other_reading


@given(dates, st.integers(min_value=1, max_value=520))
def test_weeks_count_the_start_as_day_one(start: dt.date, weeks: int) -> None:
    end = period_end(start, Length(weeks, "weeks")).last_day
    assert (end - start).days + 1 == 7 * weeks
    assert end.weekday() == (start.weekday() - 1) % 7


@given(dates, st.integers(min_value=1, max_value=3650))
def test_days_count_the_start_as_day_one(start: dt.date, days: int) -> None:
    assert (period_end(start, Length(days, "days")).last_day - start).days + 1 == days


@given(dates, st.integers(min_value=1, max_value=240))
@settings(max_examples=500)
def test_months_end_the_day_before_the_same_date(start: dt.date, months: int) -> None:
    end = period_end(start, Length(months, "months"))
    following = end.last_day + dt.timedelta(days=1)
    index = start.year * 12 + start.month - 1 + months
    target_year, target_month = divmod(index, 12)
    target_month += 1
    if start.day <= days_in_month(target_year, target_month):
        assert following == D(target_year, target_month, start.day)
    else:
        # No such day: the earlier reading ends the day before the month's last day.
        assert following == D(target_year, target_month, days_in_month(target_year, target_month))
        assert end.other_reading == following
    # Never later than the other reading, and never more than a few days apart.
    if end.other_reading:
        assert 0 < (end.other_reading - end.last_day).days <= 3


@given(dates, st.integers(min_value=1, max_value=20))
def test_years_are_twelve_months(start: dt.date, years: int) -> None:
    assert period_end(start, Length(years, "years")) == period_end(
        start, Length(12 * years, "months")
    )


@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_keeps_the_day_or_clamps_to_month_end(start: dt.date, months: int) -> None:
    moved, clamped = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert clamped == (moved.day != start.day)
    if clamped:
        assert moved.day == days_in_month(moved.year, moved.month)


@given(dates, st.integers(min_value=1, max_value=100))
def test_subtract_weeks_inverts_adding(anchor: dt.date, weeks: int) -> None:
    assert subtract(anchor, Length(weeks, "weeks")) == anchor - dt.timedelta(weeks=weeks)


def test_parse_length_rejects_nonsense() -> None:
    assert parse_length("1 week") == Length(1, "weeks")
    assert str(Length(1, "weeks")) == "1 week"
    for bad in ("six weeks", "6 fortnights", "", "-3 days"):
        with pytest.raises(ValueError, match="not a period length"):
            parse_length(bad)


def test_bank_holidays_for_england() -> None:
    assert bank_holiday_name(D(2026, 12, 25)) is not None
    assert bank_holiday_name(D(2026, 4, 3)) is not None  # Good Friday 2026
    assert bank_holiday_name(D(2026, 4, 6)) is not None  # Easter Monday 2026
    assert bank_holiday_name(D(2026, 3, 17)) is None  # St Patrick's Day: NI only
    assert previous_working_day(D(2026, 4, 6)) == D(2026, 4, 2)  # over Easter
