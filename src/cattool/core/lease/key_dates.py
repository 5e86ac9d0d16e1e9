"""Every key date of a lease for its whole life (DOMAIN.md §7), as engine Deadlines.

Term end, each rent review (every N years from the start), each break date and the last
day to serve notice for it, repair and decoration cycles, insurance renewals. Pure.

These dates are CONTRACTUAL (they come from the lease), not statutory: every one says so
and names the clause's source as "the lease". Month arithmetic follows
core/rules/calendar.py: an anniversary that does not exist (29 February in a common year)
falls on the month's last day, with a warning to check the lease's own wording.
"""

from __future__ import annotations

import datetime as dt

from cattool.core.dates import format_date_long
from cattool.core.lease.facts import BreakFacts, LeaseFacts
from cattool.core.rules.calendar import Length, add_months, period_end
from cattool.core.rules.engine import DUE_SOON, PASSED, UPCOMING, Deadline

CONTRACTUAL = "The lease (a contractual date agreed in the lease, not a statutory deadline)"
NO_TERM_YEARS = 30  # how far renewals run when the lease has no end date yet
CLAMPED = (
    "The lease started on {start}; that day does not exist in {year}, so this date is the "
    "month's last day. Check the lease's wording (some leases say the 1st of the next month)."
)


def term_end(lease: LeaseFacts) -> tuple[dt.date | None, dt.date | None]:
    """The last day of the term and, where a month end makes it uncertain, the other
    reading (calendar.period_end): the entered end date wins over start + years."""
    if lease.end_date is not None:
        return lease.end_date, None
    if lease.start_date is None or not lease.term_years:
        return None, None
    end = period_end(lease.start_date, Length(lease.term_years, "years"))
    return end.last_day, end.other_reading


def anniversary(start: dt.date, years: int) -> tuple[dt.date, bool]:
    """The same date `years` on (clamped to the month's end; True if clamped)."""
    return add_months(start, 12 * years)


def _status(day: dt.date, today: dt.date, horizon_days: int) -> tuple[str, int]:
    left = (day - today).days
    if left < 0:
        return PASSED, left
    return (DUE_SOON if left <= horizon_days else UPCOMING), left


def _deadline(
    lease: LeaseFacts,
    key: str,
    label: str,
    day: dt.date,
    explanation: str,
    today: dt.date,
    horizon_days: int,
    *,
    who: str = "group",
    warnings: list[str] | None = None,
    rule: str = "",
) -> Deadline:
    status, left = _status(day, today, horizon_days)
    extra = [] if lease.in_force else ["The lease is not signed: this date is only proposed."]
    return Deadline(
        key=f"lease{lease.id}-{key}",
        label=f"{label} ({lease.name})",
        date=day,
        status=status,
        source=CONTRACTUAL,
        explanation=explanation,
        warnings=[*(warnings or []), *extra],
        who=who,
        rule=rule,
        counts_from="lease-start",
        start_date=lease.start_date,
        days_left=left,
    )


def _cycle_years(start: dt.date, every: int, last: dt.date) -> list[tuple[int, dt.date, bool]]:
    """(years, date, clamped) for every `every` years after `start`, up to `last`."""
    found = []
    years = every
    while True:
        day, clamped = anniversary(start, years)
        if day > last:
            return found
        found.append((years, day, clamped))
        years += every


def break_dates(lease: LeaseFacts, clause: BreakFacts, last: dt.date) -> list[dt.date]:
    """Every date the clause lets a party end the lease, up to `last` (the term end)."""
    if clause.break_date is not None:
        return [clause.break_date] if clause.break_date <= last else []
    if lease.start_date is None or not clause.from_year:
        return []
    found = []
    years = clause.from_year
    while True:
        day = anniversary(lease.start_date, years)[0]
        if day > last:
            return found
        found.append(day)
        if not clause.every_years:
            return found
        years += clause.every_years


def notice_deadline(break_on: dt.date, notice_months: int) -> dt.date:
    """The last day to serve notice: `notice_months` before the break date (clamped to
    the month's end, e.g. 31 August less 6 months is 28 or 29 February)."""
    return add_months(break_on, -notice_months)[0]


def lease_key_dates(lease: LeaseFacts, today: dt.date, horizon_days: int = 14) -> list[Deadline]:
    """Every key date of the lease in date order (past ones included, as PASSED)."""
    start = lease.start_date
    end, other = term_end(lease)
    dates: list[Deadline] = []
    if end is not None:
        warnings = []
        if other is not None:
            warnings.append(
                f"Month-end start: the term may instead end on {format_date_long(other)}; "
                "the lease's own end date settles it (enter it to remove this warning)."
            )
        years = f"{lease.term_years}-year " if lease.term_years else ""
        dates.append(
            _deadline(
                lease, "term-end", "Lease term ends", end,
                f"The last day of the {years}term. Talk to the landlord about renewal well "
                "before: a new lease takes months to agree.",
                today, horizon_days, who="both", warnings=warnings,
            )
        )  # fmt: skip
    last = end or (start and anniversary(start, NO_TERM_YEARS)[0])
    if start is not None and last is not None:
        if lease.rent_review_years:
            for years, day, clamped in _cycle_years(start, lease.rent_review_years, last):
                dates.append(
                    _deadline(
                        lease, f"rent-review-{years}", f"Rent review (year {years})", day,
                        f"The lease's rent review every {lease.rent_review_years} years from "
                        f"the start ({format_date_long(start)}): the rent may change from "
                        "this date. Check the basis (open market, index) and prepare figures.",
                        today, horizon_days, who="both",
                        warnings=[_clamped(start, day)] if clamped else [],
                        rule=f"every {lease.rent_review_years} years from the start",
                    )
                )  # fmt: skip
        for every, what in (
            (lease.repair_cycle_years, "repair"),
            (lease.decoration_cycle_years, "decoration"),
        ):
            if every:
                for years, day, clamped in _cycle_years(start, every, last):
                    dates.append(
                        _deadline(
                            lease, f"{what}-{years}", f"{what.capitalize()} due (year {years})",
                            day,
                            f"The lease asks for {what} every {every} years from the start: "
                            "budget and book the work before this date.",
                            today, horizon_days,
                            warnings=[_clamped(start, day)] if clamped else [],
                            rule=f"every {every} years from the start",
                        )
                    )  # fmt: skip
    if last is not None:
        for clause in lease.breaks:
            dates.extend(_break_dates(lease, clause, last, today, horizon_days))
    if lease.insurance_renewal is not None:
        stop = last or anniversary(lease.insurance_renewal, NO_TERM_YEARS)[0]
        renewal, count = lease.insurance_renewal, 0
        who = "landlord" if lease.insurance_by == "landlord" else "group"
        while renewal <= stop:
            dates.append(
                _deadline(
                    lease, f"insurance-{renewal.isoformat()}", "Insurance renewal", renewal,
                    "The buildings insurance renews every year: check the cover and the "
                    "sum insured, and who pays (the lease says who insures).",
                    today, horizon_days, who=who, rule="every year",
                )
            )  # fmt: skip
            count += 1
            renewal = anniversary(lease.insurance_renewal, count)[0]
    dates.sort(key=lambda d: (d.date, d.key))
    return dates


def _clamped(start: dt.date, day: dt.date) -> str:
    return CLAMPED.format(start=format_date_long(start), year=day.year)


def _break_dates(
    lease: LeaseFacts, clause: BreakFacts, last: dt.date, today: dt.date, horizon_days: int
) -> list[Deadline]:
    who = {"landlord": "the landlord", "tenant": "the group", "either": "either party"}.get(
        clause.party, clause.party
    )
    actor = "landlord" if clause.party == "landlord" else "group"
    found = []
    for day in break_dates(lease, clause, last):
        serve_by = notice_deadline(day, clause.notice_months)
        stem = f"break{clause.id}-{day.isoformat()}"
        found.append(
            _deadline(
                lease, stem, f"Break date ({who} may end the lease)", day,
                f"On this date {who} may end the lease, if notice was served in time "
                f"({clause.notice_months} months before).",
                today, horizon_days, who="both", rule="break clause",
            )
        )  # fmt: skip
        found.append(
            _deadline(
                lease, f"{stem}-notice", f"Last day to serve break notice ({who})", serve_by,
                f"To end the lease on {format_date_long(day)}, {who} must serve "
                f"{clause.notice_months} months' written notice by this day. Check the "
                "lease's wording on how notice is served and whether the day itself counts.",
                today, horizon_days, who=actor,
                rule=f"{clause.notice_months} months before the break date",
            )
        )  # fmt: skip
    return found
