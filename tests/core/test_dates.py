"""Tests for cattool.core.dates: every call passes ``today`` so nothing depends on the clock."""

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cattool.core.dates import (
    MAX_YEAR,
    MIN_YEAR,
    DateInputError,
    ensure_not_future,
    format_date_long,
    format_date_short,
    format_date_weekday_long,
    parse_date,
    parse_past_date,
)

TODAY = date(2026, 3, 5)  # a Thursday
SUPPORTED_DATES = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
DATEPARSER_SETTINGS = settings(max_examples=200, deadline=None)


def test_today_is_a_thursday() -> None:
    assert TODAY.weekday() == 3


# --- DateInputError -----------------------------------------------------------------------------


def test_date_input_error_is_a_value_error_with_plain_message() -> None:
    err = DateInputError("anything at all")
    assert isinstance(err, ValueError)
    assert str(err) == "anything at all"


# --- empty input --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\t", "  \n "])
def test_empty_input_asks_for_a_date(text: str) -> None:
    with pytest.raises(DateInputError, match=r"^Please enter a date\.$"):
        parse_date(text, today=TODAY)


# --- ISO ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("  2026-03-02  ", date(2026, 3, 2)),
        ("2024-02-29", date(2024, 2, 29)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2199-12-31", date(2199, 12, 31)),
        ("2026-3-2", date(2026, 3, 2)),
        ("2026/03/02", date(2026, 3, 2)),
    ],
)
def test_iso_and_year_first(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-30", "February 2026 has only 28 days."),
        ("2025-02-29", "February 2025 has only 28 days."),
        ("2026-04-31", "April 2026 has only 30 days."),
        ("2026-13-01", "the month must be 1-12, not 13."),
        ("2026-00-10", "the month must be 1-12, not 0."),
        ("2026-01-00", "there is no day 0; days start at 1."),
    ],
)
def test_impossible_iso_dates_explain_why(text: str, reason: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    assert str(info.value).startswith(f'"{text}" is not a date: ')
    assert reason in str(info.value)


def test_iso_month_error_does_not_suggest_day_first_swap() -> None:
    with pytest.raises(DateInputError) as info:
        parse_date("2026-13-01", today=TODAY)
    assert "did you mean" not in str(info.value)


# --- UK day-first numerics ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2/3/2026", date(2026, 3, 2)),
        ("02/03/2026", date(2026, 3, 2)),
        ("2/3/26", date(2026, 3, 2)),
        ("2.3.26", date(2026, 3, 2)),
        ("2.3.2026", date(2026, 3, 2)),
        ("2-3-2026", date(2026, 3, 2)),
        ("2-3-26", date(2026, 3, 2)),
        ("2 / 3 / 2026", date(2026, 3, 2)),
        ("13/1/2026", date(2026, 1, 13)),
        ("31/12/99", date(2099, 12, 31)),
        ("1/1/00", date(2000, 1, 1)),
        ("29/2/2024", date(2024, 2, 29)),
        ("29/2/2000", date(2000, 2, 29)),
    ],
)
def test_day_first_numeric(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_day_first_is_always_day_first_even_when_both_could_be_months() -> None:
    assert parse_date("2/3/2026", today=TODAY) == date(2026, 3, 2)
    assert parse_date("3/2/2026", today=TODAY) == date(2026, 2, 3)
    assert parse_date("12/11/2026", today=TODAY) == date(2026, 11, 12)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/2/2026", "February 2026 has only 28 days."),
        ("29/2/2027", "February 2027 has only 28 days."),
        ("29/2/1900", "February 1900 has only 28 days."),
        ("30/2/2024", "February 2024 has only 29 days."),
        ("31/4/2026", "April 2026 has only 30 days."),
        ("31.6.26", "June 2026 has only 30 days."),
        ("0/1/2026", "there is no day 0; days start at 1."),
        ("1/13/2026", "the month must be 1-12, not 13."),
        ("1/0/2026", "the month must be 1-12, not 0."),
        ("13/13/2026", "the month must be 1-12, not 13."),
    ],
)
def test_impossible_day_first_dates_explain_why(text: str, reason: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert message.startswith(f'"{text}" is not a date: ')
    assert reason in message


def test_exact_message_for_31_february() -> None:
    with pytest.raises(DateInputError) as info:
        parse_date("31/2/2026", today=TODAY)
    assert str(info.value) == '"31/2/2026" is not a date: February 2026 has only 28 days.'


def test_month_over_12_suggests_the_day_first_reading() -> None:
    with pytest.raises(DateInputError, match=r"did you mean 13/1/2026\?"):
        parse_date("1/13/2026", today=TODAY)
    with pytest.raises(DateInputError, match=r"did you mean 25\.12\.2026\?"):
        parse_date("12.25.2026", today=TODAY)


def test_month_over_12_with_day_over_12_gives_no_suggestion() -> None:
    with pytest.raises(DateInputError) as info:
        parse_date("13/13/2026", today=TODAY)
    assert "did you mean" not in str(info.value)


def test_day_and_month_without_year_asks_for_the_year() -> None:
    with pytest.raises(DateInputError) as info:
        parse_date("2/3", today=TODAY)
    assert str(info.value) == '"2/3" needs a year: try 2/3/2026.'


@pytest.mark.parametrize(
    "text",
    ["12", "1/13", "2/3/202", "2/3/20266", "123/4/2026", "2/3-2026", "2026", "20260302", "1-2-3-4"],
)
def test_other_numeric_input_is_rejected_not_guessed(text: str) -> None:
    # dateparser would happily read "1/13" as 1 March 2013 and "12" as the 12th of this month.
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    assert f'"{text}"' in str(info.value)


@pytest.mark.parametrize("text", ["1/1/1899", "31/12/2200", "1899-12-31", "2200-01-01"])
def test_numeric_dates_out_of_range(text: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert f'"{text}"' in message
    assert "between 1900 and 2199" in message


# --- wordy dates via dateparser -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3rd March 2026", date(2026, 3, 3)),
        ("3 March", date(2026, 3, 3)),
        ("Mon 2 Mar 2026", date(2026, 3, 2)),
        ("Mon 2 Mar", date(2026, 3, 2)),
        ("yesterday", date(2026, 3, 4)),
        ("today", date(2026, 3, 5)),
        ("last Friday", date(2026, 2, 27)),
        ("2 days ago", date(2026, 3, 3)),
        ("1st Sept 2026", date(2026, 9, 1)),
        ("tomorrow", date(2026, 3, 6)),
        ("next Friday", date(2026, 3, 6)),
        # A few more everyday spellings.
        ("Yesterday", date(2026, 3, 4)),
        ("  TODAY  ", date(2026, 3, 5)),
        ("2 March 2026", date(2026, 3, 2)),
        ("02 March 2026", date(2026, 3, 2)),
        ("2nd of March 2026", date(2026, 3, 2)),
        ("March 2nd 2026", date(2026, 3, 2)),
        ("Monday 2 March 2026", date(2026, 3, 2)),
        ("Mon, 2 Mar 2026", date(2026, 3, 2)),
        ("Monday 2nd March", date(2026, 3, 2)),
        ("1 Sep 2026", date(2026, 9, 1)),
        ("a week ago", date(2026, 2, 26)),
        ("in 3 weeks", date(2026, 3, 26)),
        ("day before yesterday", date(2026, 3, 3)),
        ("2 March 2026 at 5pm", date(2026, 3, 2)),
        ("1 January 1900", date(1900, 1, 1)),
        ("31 December 2199", date(2199, 12, 31)),
    ],
)
def test_wordy_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_date_without_year_means_this_year_even_if_later() -> None:
    assert parse_date("7 Mar", today=TODAY) == date(2026, 3, 7)
    assert parse_date("1 Sept", today=TODAY) == date(2026, 9, 1)
    assert parse_date("20 Dec", today=TODAY) == date(2026, 12, 20)


@pytest.mark.parametrize("text", ["29 Feb", "Feb 29", "29th February"])
def test_leap_day_without_year_in_a_non_leap_year(text: str) -> None:
    # dateparser alone would silently return 29 February 2024.
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    assert str(info.value) == (
        f'"{text}" is not a date in 2026: February 2026 has only 28 days. '
        "Add the year, e.g. 29 February 2028."
    )


def test_leap_day_without_year_in_a_leap_year() -> None:
    assert parse_date("29 Feb", today=date(2028, 1, 10)) == date(2028, 2, 29)


def test_today_may_be_a_datetime() -> None:
    assert parse_date("yesterday", today=datetime(2026, 3, 5, 23, 59)) == date(2026, 3, 4)


def test_today_defaults_to_the_real_date_without_breaking_absolute_input() -> None:
    assert parse_date("2026-03-02") == date(2026, 3, 2)
    assert parse_date("2 March 2026") == date(2026, 3, 2)


@pytest.mark.parametrize(
    "text",
    ["blah", "the 45th", "45th", "March", "2026 March", "2 mar 2026 xyz", "hello 5"],
)
def test_unreadable_text_names_the_input(text: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    assert str(info.value).startswith(f'"{text}" is not a date')


def test_exact_unreadable_message() -> None:
    with pytest.raises(DateInputError) as info:
        parse_date("blah", today=TODAY)
    assert str(info.value) == (
        '"blah" is not a date cattool can read. Try 2/3/2026 or 2 March 2026.'
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("32 March 2026", "March 2026 has only 31 days."),
        ("31 Feb 2026", "February 2026 has only 28 days."),
        ("29 February 2027", "February 2027 has only 28 days."),
        ("31st April 2026", "April 2026 has only 30 days."),
        ("0 March 2026", "there is no day 0"),
    ],
)
def test_impossible_wordy_dates_explain_why(text: str, reason: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert message.startswith(f'"{text}" is not a date')
    assert reason in message


@pytest.mark.parametrize(
    "text", ["2 March 1850", "1 Jan 0001", "31 December 1899", "200 years ago"]
)
def test_wordy_dates_out_of_range(text: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert f'"{text}"' in message
    assert "before 1900" in message


def test_wordy_date_after_2199() -> None:
    with pytest.raises(DateInputError, match="after 2199"):
        parse_date("1 January 2200", today=TODAY)


# --- weekday names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actual", "named"),
    [
        ("Tue 2 Mar 2026", "Monday", "Tuesday"),
        ("Tuesday 2 March 2026", "Monday", "Tuesday"),
        ("2 Mar 2026 Tue", "Monday", "Tuesday"),
        ("Sun 1 Jan 2026", "Thursday", "Sunday"),
        ("Fri 2 Mar", "Monday", "Friday"),
    ],
)
def test_weekday_that_disagrees_with_the_date_is_an_error(
    text: str, actual: str, named: str
) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert f'"{text}"' in message
    assert f"is a {actual}, not a {named}" in message


def test_exact_weekday_mismatch_message() -> None:
    with pytest.raises(DateInputError) as info:
        parse_date("Tue 2 Mar 2026", today=TODAY)
    assert str(info.value) == (
        '"Tue 2 Mar 2026" does not add up: 2 March 2026 is a Monday, not a Tuesday.'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tues 3 Mar 2026", date(2026, 3, 3)),
        ("Weds 4 Mar 2026", date(2026, 3, 4)),  # dateparser alone cannot read "Weds"
        ("Thurs 5 Mar 2026", date(2026, 3, 5)),  # ... nor "Thurs"
        ("Thur 5 March", date(2026, 3, 5)),
        ("wed. 4 march 2026", date(2026, 3, 4)),
    ],
)
def test_longer_weekday_abbreviations(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_longer_weekday_abbreviations_are_checked_too() -> None:
    with pytest.raises(DateInputError, match="is a Wednesday, not a Thursday"):
        parse_date("Thurs 4 Mar 2026", today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last Monday", date(2026, 3, 2)),
        ("last Wednesday", date(2026, 3, 4)),
        ("last Thursday", date(2026, 2, 26)),  # strictly before today, so a week ago
        ("last Friday", date(2026, 2, 27)),
        ("last Sun", date(2026, 3, 1)),
        ("next Thursday", date(2026, 3, 12)),  # strictly after today, so in a week
        ("next Friday", date(2026, 3, 6)),
        ("next Mon", date(2026, 3, 9)),
        ("next wednesday", date(2026, 3, 11)),
        ("LAST  FRIDAY", date(2026, 2, 27)),
        ("next Thurs", date(2026, 3, 12)),
    ],
)
def test_last_and_next_weekday(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@given(today=SUPPORTED_DATES.filter(lambda d: date(1901, 1, 1) < d < date(2199, 12, 1)))
def test_last_and_next_weekday_properties(today: date) -> None:
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    for index, name in enumerate(names):
        last = parse_date(f"last {name}", today=today)
        nxt = parse_date(f"next {name}", today=today)
        assert last.weekday() == index == nxt.weekday()
        assert 1 <= (today - last).days <= 7
        assert 1 <= (nxt - today).days <= 7


@pytest.mark.parametrize("text", ["Friday", "fri", "this Friday", "on Friday"])
def test_bare_weekday_is_ambiguous_and_suggests_last_or_next(text: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert f'"{text}"' in message
    assert '"last Friday"' in message
    assert '"next Friday"' in message


# --- formatting ---------------------------------------------------------------------------------


def test_format_date_short() -> None:
    assert format_date_short(date(2026, 3, 2)) == "Mon 2 Mar 2026"
    assert format_date_short(date(2026, 9, 1)) == "Tue 1 Sep 2026"
    assert format_date_short(date(2026, 12, 31)) == "Thu 31 Dec 2026"


def test_format_date_long() -> None:
    assert format_date_long(date(2026, 3, 2)) == "2 March 2026"
    assert format_date_long(date(1900, 1, 1)) == "1 January 1900"


def test_format_date_weekday_long() -> None:
    assert format_date_weekday_long(date(2026, 3, 2)) == "Monday 2 March 2026"
    assert format_date_weekday_long(date(2026, 3, 8)) == "Sunday 8 March 2026"


def test_formatting_accepts_datetimes() -> None:
    moment = datetime(2026, 3, 2, 17, 30)
    assert format_date_short(moment) == "Mon 2 Mar 2026"
    assert format_date_long(moment) == "2 March 2026"


# --- future dates -------------------------------------------------------------------------------


def test_ensure_not_future_allows_today_and_earlier() -> None:
    ensure_not_future(TODAY, TODAY)
    ensure_not_future(TODAY - timedelta(days=1), TODAY)
    ensure_not_future(date(1900, 1, 1), TODAY)


def test_ensure_not_future_rejects_tomorrow() -> None:
    with pytest.raises(DateInputError) as info:
        ensure_not_future(date(2026, 3, 6), TODAY)
    assert str(info.value) == (
        "An event that has happened cannot be dated in the future: "
        "6 March 2026 is after today (5 March 2026)."
    )


def test_ensure_not_future_names_what() -> None:
    with pytest.raises(DateInputError, match=r"^The nomination that has happened"):
        ensure_not_future(date(2027, 1, 1), TODAY, what="The nomination")


def test_parse_past_date() -> None:
    assert parse_past_date("yesterday", TODAY) == date(2026, 3, 4)
    assert parse_past_date("today", TODAY) == TODAY
    assert parse_past_date("2/3/2026", TODAY) == date(2026, 3, 2)
    with pytest.raises(DateInputError, match="6 March 2026 is after today"):
        parse_past_date("tomorrow", TODAY)
    with pytest.raises(DateInputError, match="is after today"):
        parse_past_date("6/3/2026", TODAY)


def test_parse_past_date_reads_a_missing_year_as_this_year_and_never_guesses_back() -> None:
    assert parse_past_date("3 March", TODAY) == date(2026, 3, 3)
    assert parse_past_date("5 March", TODAY) == date(2026, 3, 5)
    # Still to come this year: refused with the year spelled out, never moved silently.
    with pytest.raises(DateInputError, match="If you mean last year, type 7 March 2025"):
        parse_past_date("7 Mar", TODAY)
    with pytest.raises(DateInputError, match="20 December 2025"):
        parse_past_date("20 Dec", TODAY)
    with pytest.raises(DateInputError, match="29 February"):
        parse_past_date("29 Feb", TODAY)
    assert parse_past_date("20 Dec 2025", TODAY) == date(2025, 12, 20)


def test_parse_past_date_still_reports_parse_errors() -> None:
    with pytest.raises(DateInputError, match='"31/2/2026" is not a date'):
        parse_past_date("31/2/2026", TODAY)


# --- property tests -----------------------------------------------------------------------------


@given(d=SUPPORTED_DATES)
def test_iso_round_trip(d: date) -> None:
    assert parse_date(d.isoformat(), today=TODAY) == d


@given(d=SUPPORTED_DATES, sep=st.sampled_from(["/", ".", "-"]), pad=st.booleans())
def test_day_first_round_trip(d: date, sep: str, pad: bool) -> None:
    text = (
        f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"
        if pad
        else f"{d.day}{sep}{d.month}{sep}{d.year}"
    )
    assert parse_date(text, today=TODAY) == d


@given(d=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_two_digit_year_round_trip(d: date) -> None:
    assert parse_date(f"{d.day}/{d.month}/{d.year % 100:02d}", today=TODAY) == d


@given(
    day=st.integers(min_value=0, max_value=99),
    month=st.integers(min_value=0, max_value=99),
    year=st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR),
)
def test_numeric_parse_is_exact_or_explained(day: int, month: int, year: int) -> None:
    text = f"{day}/{month}/{year}"
    try:
        expected = date(year, month, day)
    except ValueError:
        with pytest.raises(DateInputError, match=f'^"{text}" is not a date: '):
            parse_date(text, today=TODAY)
    else:
        assert parse_date(text, today=TODAY) == expected


@DATEPARSER_SETTINGS
@given(d=SUPPORTED_DATES)
def test_long_format_round_trip(d: date) -> None:
    assert parse_date(format_date_long(d), today=TODAY) == d


@DATEPARSER_SETTINGS
@given(d=SUPPORTED_DATES)
def test_short_format_round_trip(d: date) -> None:
    assert parse_date(format_date_short(d), today=TODAY) == d


@DATEPARSER_SETTINGS
@given(d=SUPPORTED_DATES)
def test_weekday_long_format_round_trip(d: date) -> None:
    assert parse_date(format_date_weekday_long(d), today=TODAY) == d


@DATEPARSER_SETTINGS
@given(d=SUPPORTED_DATES, shift=st.integers(min_value=1, max_value=6))
def test_short_format_with_wrong_weekday_is_rejected(d: date, shift: int) -> None:
    wrong = format_date_short(d).replace(
        format_date_short(d)[:3], format_date_short(d + timedelta(days=shift))[:3], 1
    )
    with pytest.raises(DateInputError, match="does not add up"):
        parse_date(wrong, today=TODAY)


@DATEPARSER_SETTINGS
@given(text=st.text(max_size=30))
def test_any_text_gives_a_date_or_a_date_input_error(text: str) -> None:
    try:
        result = parse_date(text, today=TODAY)
    except DateInputError as exc:
        assert str(exc)
    else:
        assert MIN_YEAR <= result.year <= MAX_YEAR


# --- start-up speed -----------------------------------------------------------------------------


def test_importing_dates_does_not_import_dateparser() -> None:
    code = (
        "import sys\n"
        "import cattool.core.dates\n"
        "assert 'dateparser' not in sys.modules, 'dateparser imported at module load'\n"
        "cattool.core.dates.parse_date('2/3/2026')\n"
        "cattool.core.dates.parse_date('2026-03-02')\n"
        "assert 'dateparser' not in sys.modules, 'dateparser imported for numeric input'\n"
        "cattool.core.dates.parse_date('2 March 2026')\n"
        "assert 'dateparser' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
