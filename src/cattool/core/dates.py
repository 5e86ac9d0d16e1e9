"""Human date entry for volunteers in England.

Volunteers type dates however they like ("2/3/2026", "3rd March", "last Friday"), so this
module turns that text into a ``datetime.date`` and explains clearly when it cannot. Numeric
dates are always read day first, as people in England write them. Plain numeric and ISO forms
are handled here without dateparser; dateparser is only imported (lazily, because it is slow to
import) for wordy input. Formatting uses fixed English names so output never depends on the
machine's locale.
"""

import calendar
import re
from datetime import date, datetime, timedelta

from cattool.core.errors import InputError

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "DateInputError",
    "ensure_not_future",
    "format_date_long",
    "format_date_short",
    "format_date_weekday_long",
    "parse_date",
    "parse_past_date",
]

MIN_YEAR = 1900
MAX_YEAR = 2199

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ABBRS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBRS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_EXAMPLES = "Try 2/3/2026 or 2 March 2026."

# Weekday spellings people actually type, mapped to date.weekday() numbers.
_WEEKDAY_WORDS: dict[str, int] = {}
for _i, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAY_WORDS[_name.lower()] = _i
    _WEEKDAY_WORDS[_name[:3].lower()] = _i
_WEEKDAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

# Month spellings, used only to explain why dateparser rejected e.g. "31 February 2026".
_MONTH_WORDS: dict[str, int] = {}
for _i, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_WORDS[_name.lower()] = _i
    _MONTH_WORDS[_name[:3].lower()] = _i
_MONTH_WORDS["sept"] = 9

_WEEKDAY_ALT = "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True))
_MONTH_ALT = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))

_WEEKDAY_RE = re.compile(rf"\b({_WEEKDAY_ALT})\b", re.IGNORECASE)
_RELATIVE_WEEKDAY_RE = re.compile(rf"^(last|next)\s+({_WEEKDAY_ALT})\.?$", re.IGNORECASE)
_BARE_WEEKDAY_RE = re.compile(rf"^(?:this\s+|on\s+)?({_WEEKDAY_ALT})\.?$", re.IGNORECASE)
# Year first: ISO 8601 (2026-03-02), plus the unambiguous 2026/3/2 and 2026.3.2 lookalikes.
_YEAR_FIRST_RE = re.compile(r"^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
# Day first: d/m/yyyy or d/m/yy, with /, . or - (the same separator twice).
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$")
_DAY_MONTH_ONLY_RE = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})$")
_NUMERIC_ONLY_RE = re.compile(r"^[\d\s/.\-]+$")
_WORDY_DATE_RE = re.compile(
    rf"^(?:(?:{_WEEKDAY_ALT})\.?,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"({_MONTH_ALT})\.?,?\s+(\d{{4}})$",
    re.IGNORECASE,
)


class DateInputError(InputError):
    """A date the user typed could not be used; the message is shown to them as-is."""


def _unreadable(text: str) -> DateInputError:
    return DateInputError(f'"{text}" is not a date cattool can read. {_EXAMPLES}')


def _checked_date(text: str, year: int, month: int, day: int, sep: str | None = None) -> date:
    """Build a date from numbers, explaining impossible ones in words a volunteer follows."""
    if not 1 <= month <= 12:
        reason = f"the month must be 1-12, not {month}."
        if sep is not None and 1 <= day <= 12 and 1 <= month <= 31:
            reason += f" Dates are day first: did you mean {month}{sep}{day}{sep}{year}?"
        raise DateInputError(f'"{text}" is not a date: {reason}')
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(text, year)
    days_in_month = calendar.monthrange(year, month)[1]
    if day < 1:
        raise DateInputError(f'"{text}" is not a date: there is no day {day}; days start at 1.')
    if day > days_in_month:
        raise DateInputError(
            f'"{text}" is not a date: {MONTH_NAMES[month - 1]} {year} '
            f"has only {days_in_month} days."
        )
    return date(year, month, day)


def _out_of_range(text: str, year: int) -> DateInputError:
    side = f"before {MIN_YEAR}" if year < MIN_YEAR else f"after {MAX_YEAR}"
    return DateInputError(
        f'"{text}" is not a date cattool can use: the year {year} is {side}. '
        f"Dates must be between {MIN_YEAR} and {MAX_YEAR}."
    )


def _check_range(text: str, d: date) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise _out_of_range(text, d.year)
    return d


def _parse_numeric(text: str, today: date) -> date | None:
    """Handle all-digit input ourselves: dateparser guesses wildly (it reads "1/13" as 2013)."""
    if m := _YEAR_FIRST_RE.match(text):
        return _checked_date(text, int(m[1]), int(m[3]), int(m[4]))
    if m := _DAY_FIRST_RE.match(text):
        day, sep, month, year_text = int(m[1]), m[2], int(m[3]), m[4]
        year = 2000 + int(year_text) if len(year_text) == 2 else int(year_text)
        return _checked_date(text, year, month, day, sep=sep)
    if m := _DAY_MONTH_ONLY_RE.match(text):
        raise DateInputError(f'"{text}" needs a year: try {m[1]}{m[2]}{m[3]}{m[2]}{today.year}.')
    if _NUMERIC_ONLY_RE.match(text):
        raise _unreadable(text)
    return None


def _parse_relative_weekday(text: str, today: date) -> date | None:
    """Handle "last Friday"/"next Friday" ourselves; dateparser drops them with REQUIRE_PARTS."""
    if m := _RELATIVE_WEEKDAY_RE.match(text):
        target = _WEEKDAY_WORDS[m[2].lower()]
        if m[1].lower() == "last":
            # Most recent such weekday strictly before today.
            return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
        # First such weekday strictly after today.
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    if m := _BARE_WEEKDAY_RE.match(text):
        name = WEEKDAY_NAMES[_WEEKDAY_WORDS[m[1].lower()]]
        raise DateInputError(
            f'"{text}" is not a date cattool can read on its own. '
            f'Try "last {name}", "next {name}" or a date such as 2 March 2026.'
        )
    return None


def _explain_wordy_failure(text: str) -> DateInputError:
    """Give a specific reason for "31 February 2026"-style input that dateparser rejected."""
    if m := _WORDY_DATE_RE.match(text):
        day, month, year = int(m[1]), _MONTH_WORDS[m[2].lower()], int(m[3])
        try:
            _checked_date(text, year, month, day)
        except DateInputError as exc:
            return exc
    return _unreadable(text)


def _parse_with_dateparser(text: str, today: date, prefer_past: bool) -> date | None:
    """Read wordy dates; the import is here so that importing this module stays fast."""
    import dateparser

    settings = {
        "DATE_ORDER": "DMY",
        # Noon keeps relative arithmetic clear of any midnight/DST edge.
        "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12),
        # A missing year means this year, unless the caller knows the date is in the past.
        "PREFER_DATES_FROM": "past" if prefer_past else "current_period",
        "RETURN_AS_TIMEZONE_AWARE": False,
        # Reject month-only or year-only text ("March", "2026", "the 45th" -> 1945).
        "REQUIRE_PARTS": ["day"],
    }
    # dateparser knows "Tues" but not "Weds" or "Thurs"; give it the full names.
    text = _WEEKDAY_RE.sub(lambda m: WEEKDAY_NAMES[_WEEKDAY_WORDS[m[1].lower()]], text)
    try:
        result = dateparser.parse(text, languages=["en"], locales=["en-GB"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return None if result is None else result.date()


def _check_leap_day_without_year(text: str, d: date, today: date) -> None:
    """Catch "29 Feb" in a non-leap year: dateparser silently jumps to an earlier leap year."""
    if (d.month, d.day) == (2, 29) and d.year != today.year and re.findall(r"\d+", text) == ["29"]:
        next_leap = next(y for y in range(today.year, today.year + 8) if calendar.isleap(y))
        raise DateInputError(
            f'"{text}" is not a date in {today.year}: February {today.year} has only 28 days. '
            f"Add the year, e.g. 29 February {next_leap}."
        )


def _check_weekday(text: str, d: date) -> None:
    """Catch "Tue 2 Mar 2026": dateparser silently ignores a weekday that disagrees."""
    for m in _WEEKDAY_RE.finditer(text):
        named = _WEEKDAY_WORDS[m[1].lower()]
        if named != d.weekday():
            raise DateInputError(
                f'"{text}" does not add up: {format_date_long(d)} is a '
                f"{WEEKDAY_NAMES[d.weekday()]}, not a {WEEKDAY_NAMES[named]}."
            )


def parse_date(text: str, today: date | None = None, *, prefer_past: bool = False) -> date:
    """Turn what a volunteer typed into a date, or raise DateInputError saying why not.

    ``today`` anchors relative input ("yesterday", "last Friday"); pass it explicitly in tests.
    A date without a year ("3 March") means this year, or with ``prefer_past`` the most recent
    such date on or before today.
    """
    if today is None:
        today = date.today()
    elif isinstance(today, datetime):
        today = today.date()
    text = text.strip()
    if not text:
        raise DateInputError("Please enter a date.")

    numeric = _parse_numeric(text, today)
    if numeric is not None:
        return numeric
    relative = _parse_relative_weekday(text, today)
    if relative is not None:
        return _check_range(text, relative)

    parsed = _parse_with_dateparser(text, today, prefer_past)
    if parsed is None:
        raise _explain_wordy_failure(text)
    _check_range(text, parsed)
    if not prefer_past:
        _check_leap_day_without_year(text, parsed, today)
    _check_weekday(text, parsed)
    return parsed


def ensure_not_future(d: date, today: date | None = None, what: str = "An event") -> None:
    """Refuse a future date for something that has already happened (e.g. a nomination)."""
    if today is None:
        today = date.today()
    if d > today:
        raise DateInputError(
            f"{what} that has happened cannot be dated in the future: "
            f"{format_date_long(d)} is after today ({format_date_long(today)})."
        )


def parse_past_date(text: str, today: date | None = None, what: str = "An event") -> date:
    """Parse a date for something that has happened.

    A date typed without a year means this year. If that is still to come, the date is
    refused with the year spelled out, rather than silently moved to last year: a year's
    slip would put every deadline a year out.
    """
    if today is None:
        today = date.today()
    d = parse_date(text, today)
    if d > today:
        earlier = parse_date(text, today, prefer_past=True)
        if earlier != d and earlier <= today:
            raise DateInputError(
                f'"{text.strip()}" reads as {format_date_long(d)}, which is after today '
                f"({format_date_long(today)}). If you mean last year, type "
                f"{format_date_long(earlier)}."
            )
    ensure_not_future(d, today, what)
    return d


def format_date_short(d: date) -> str:
    """'Mon 2 Mar 2026': compact but unambiguous, and the same on every locale."""
    return f"{WEEKDAY_ABBRS[d.weekday()]} {d.day} {MONTH_ABBRS[d.month - 1]} {d.year}"


def format_date_long(d: date) -> str:
    """'2 March 2026': the form used in letters and documents."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def format_date_weekday_long(d: date) -> str:
    """'Monday 2 March 2026': for deadlines, where the day of the week matters."""
    return f"{WEEKDAY_NAMES[d.weekday()]} {format_date_long(d)}"


def days_phrase(days: int | None, *, future: str = "{n} days") -> str:
    """'tomorrow', 'today', 'yesterday', '3 days ago', or `future` ('12 days', 'in 12 days'):
    how people say it at a meeting."""
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if days > 0:
        return future.format(n=days)
    return f"{-days} days ago"
