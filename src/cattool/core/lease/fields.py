"""The lease records' editable fields and their rules, for the editing registry
(core/editing.py registers them), so the services here and the desktop's generic field
edits behind undo/redo obey exactly the same rules. No writes here.

Each checker raises InputError naming the field; whole-record rules (e.g. an end date
before the start) are in WHOLE_CHECKS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import object_session

from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.core.lease.cat_policy import stage_keys
from cattool.core.lease.facts import (
    BREAK_COLUMNS,
    BREAK_PARTIES,
    CONDITIONS,
    LEASE_COLUMNS,
    LEASE_STATUSES,
    RENT_REVIEW_BASES,
    REPAIRING,
    WHO_PAYS,
)
from cattool.core.lease.model import CatPolicyOverride, Lease, LeaseBreak
from cattool.core.money.format import parse_money

LEASE_FIELDS = (*LEASE_COLUMNS, "landlord_party_id", "tenant_party_id")
BREAK_FIELDS = (*BREAK_COLUMNS, "lease_id")
OVERRIDE_FIELDS = ("stage", "weeks", "source")


def _break_case(row: LeaseBreak) -> int:
    session = object_session(row)
    lease = session.get(Lease, row.lease_id) if session else row.lease
    return lease.case_id if lease else 0


# entity -> (model, fields, case of a row)
RECORDS: dict[str, tuple[type, tuple[str, ...], Callable[[Any], int]]] = {
    "lease": (Lease, LEASE_FIELDS, lambda r: r.case_id),
    "lease_break": (LeaseBreak, BREAK_FIELDS, _break_case),
    "cat_policy_override": (CatPolicyOverride, OVERRIDE_FIELDS, lambda r: r.case_id),
}


def _choice(name: str, choices: Mapping[str, str], blank: bool = True) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if (blank and text == "") or text in choices:
            return text
        raise InputError(f"Unknown {name} {value!r}. Choose one of: {', '.join(choices)}.")

    return check


def _text(name: str, limit: int = 0) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = "" if value is None else str(value)
        if limit and len(text) > limit:
            raise InputError(f"The {name} can be at most {limit} characters.")
        return text

    return check


def _years(name: str, low: int = 1, high: int = 999) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool | float):
            raise InputError(f"The {name} must be a whole number of years.")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InputError(f"The {name} must be a whole number, not {value!r}.") from None
        if not low <= number <= high:
            raise InputError(f"The {name} must be from {low} to {high}, not {number}.")
        return number

    return check


def _required_whole(name: str, low: int, high: int) -> Callable[[Any], int]:
    optional = _years(name, low, high)

    def check(value: Any) -> int:
        number = optional(value)
        if number is None:
            raise InputError(f"Enter the {name} ({low} to {high}).")
        return number

    return check


def _date(what: str) -> Callable[[Any], dt.date | None]:
    def check(value: Any) -> dt.date | None:
        if value is not None and not isinstance(value, dt.date):
            raise InputError(f"{what} must be a date.")
        return value

    return check


def _money(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        try:
            return parse_money(value, name)
        except InputError as exc:
            if name in str(exc):
                raise
            raise InputError(f"The {name}: {exc}") from None

    return check


def _flag(value: Any) -> bool:
    return bool(value)


def _party_id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"A party is chosen by its id, not {value!r}.")
    return value


CHECKS: dict[tuple[str, str], Callable[..., Any]] = {
    ("lease", "status"): _choice("lease status", LEASE_STATUSES, blank=False),
    ("lease", "is_new"): _flag,
    ("lease", "title"): _text("lease's title", 200),
    ("lease", "landlord"): _text("landlord", 200),
    ("lease", "tenant"): _text("tenant", 200),
    ("lease", "landlord_party_id"): _party_id,
    ("lease", "tenant_party_id"): _party_id,
    ("lease", "term_years"): _years("term (years)", 1, 999),
    ("lease", "start_date"): _date("The start date"),
    ("lease", "end_date"): _date("The end date"),
    ("lease", "peppercorn"): _flag,
    ("lease", "rent"): _money("rent"),
    ("lease", "premium"): _money("premium"),
    ("lease", "rent_review_years"): _years("rent review interval (years)", 1, 99),
    ("lease", "rent_review_basis"): _choice("rent review basis", RENT_REVIEW_BASES),
    ("lease", "repairing"): _choice("repairing obligation", REPAIRING),
    ("lease", "building_condition"): _choice("building condition", CONDITIONS),
    ("lease", "insurance_by"): _choice("party who insures", WHO_PAYS),
    ("lease", "insurance_renewal"): _date("The insurance renewal date"),
    ("lease", "legal_costs_by"): _choice("party who pays the legal costs", WHO_PAYS),
    ("lease", "market_value"): _money("market value"),
    ("lease", "price"): _money("price"),
    ("lease", "repair_cycle_years"): _years("repair cycle (years)", 1, 99),
    ("lease", "decoration_cycle_years"): _years("decoration cycle (years)", 1, 99),
    ("lease_break", "party"): _choice("party who may break", BREAK_PARTIES, blank=False),
    ("lease_break", "break_date"): _date("The break date"),
    ("lease_break", "from_year"): _years("first break year", 1, 999),
    ("lease_break", "every_years"): _years("years between breaks", 1, 999),
    ("lease_break", "notice_months"): _required_whole("notice period (months)", 1, 60),
    ("cat_policy_override", "stage"): lambda v: _choice(
        "CAT step", dict.fromkeys(stage_keys()), blank=False
    )(v),
    ("cat_policy_override", "weeks"): _required_whole("weeks for this step", 1, 260),
    ("cat_policy_override", "source"): _text("source"),
}


def _refuse(problems: list[str]) -> None:
    if problems:
        raise InputError(" ".join(problems))


def check_lease(lease: Lease) -> None:
    problems = []
    start, end = lease.start_date, lease.end_date
    if start and end and end <= start:
        problems.append(
            f"The end date ({format_date_long(end)}) must be after the start date "
            f"({format_date_long(start)})."
        )
    if lease.peppercorn and lease.rent:
        problems.append("A peppercorn rent has no amount: clear the rent or the peppercorn.")
    for name in ("rent", "premium", "market_value", "price"):
        value = getattr(lease, name)
        if value is not None and value < 0:
            problems.append(f"The {name.replace('_', ' ')} cannot be negative.")
    _refuse(problems)


def check_break(clause: LeaseBreak) -> None:
    fixed, rolling = clause.break_date is not None, clause.from_year is not None
    if fixed == rolling:
        _refuse(
            [
                "A break clause needs either a break date or the year of the first break "
                "(break_date or from_year), not both."
                if fixed
                else "A break clause needs a break date or the year of the first break "
                "(break_date or from_year)."
            ]
        )
    if clause.every_years is not None and not rolling:
        _refuse(["Years between breaks (every_years) goes with the first break year."])


WHOLE_CHECKS: dict[str, Callable[[Any], None]] = {
    "lease": check_lease,
    "lease_break": check_break,
}
