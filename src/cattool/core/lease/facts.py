"""Plain copies of the lease rows and the lease vocabularies.

The pure modules (key_dates, checks, cat_policy) work on these, so they are testable
without a database, and the standard-library fast readers (core/fastread.py) can build
them from sqlite3 rows without importing SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

NEGOTIATING, SIGNED, ENDED = "negotiating", "signed", "ended"
LEASE_STATUSES: dict[str, str] = {
    NEGOTIATING: "Being negotiated (not signed)",
    SIGNED: "Signed: in force",
    ENDED: "Ended",
}
RENT_REVIEW_BASES: dict[str, str] = {
    "none": "No rent review",
    "open-market": "Open market rent (up or down)",
    "cpi": "Index-linked (CPI)",
    "rpi": "Index-linked (RPI)",
    "fixed": "Fixed increases",
    "upward-only": "Upward-only (the rent can only rise)",
}
UPWARD_ONLY = "upward-only"
REPAIRING: dict[str, str] = {
    "full": "Full repairing: the group repairs everything, structure and roof included",
    "internal": "Internal repairs only: the landlord keeps the structure and roof",
    "schedule-of-condition": "Limited by a schedule of condition: no better than it was",
    "landlord": "The landlord repairs",
}
FULL_REPAIRING = "full"
CONDITIONS: dict[str, str] = {"good": "Good", "fair": "Fair", "poor": "Poor"}
POOR = "poor"
WHO_PAYS: dict[str, str] = {
    "landlord": "The landlord",
    "tenant": "The group (tenant)",
    "shared": "Shared",
}
BREAK_PARTIES: dict[str, str] = {
    "landlord": "The landlord only",
    "tenant": "The group (tenant) only",
    "either": "Either party",
}


@dataclass(frozen=True, slots=True)
class BreakFacts:
    id: int
    party: str  # landlord, tenant, either
    notice_months: int
    break_date: dt.date | None = None
    from_year: int | None = None
    every_years: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class LeaseFacts:
    """One lease's terms, detached from any session. Undervalue and term end derived."""

    id: int
    case_id: int
    status: str = NEGOTIATING
    is_new: bool = True
    title: str = ""
    landlord: str = ""
    tenant: str = ""
    premises: str = ""
    plan_path: str = ""
    term_years: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    peppercorn: bool = False
    rent: Decimal | None = None
    premium: Decimal | None = None
    rent_review_years: int | None = None
    rent_review_basis: str = ""
    repairing: str = ""
    schedule_of_condition: str = ""
    building_condition: str = ""
    insurance_by: str = ""
    insurance_renewal: dt.date | None = None
    user_clause: str = ""
    alienation: str = ""
    overage: str = ""
    service_charge: str = ""
    legal_costs_by: str = ""
    rate_relief: str = ""
    conditions_precedent: str = ""
    market_value: Decimal | None = None
    price: Decimal | None = None
    repair_cycle_years: int | None = None
    decoration_cycle_years: int | None = None
    note: str = ""
    breaks: tuple[BreakFacts, ...] = field(default_factory=tuple)

    @property
    def undervalue(self) -> Decimal | None:
        """Market value less the price (General Disposal Consent 2003); None if unknown."""
        if self.market_value is None or self.price is None:
            return None
        return self.market_value - self.price

    @property
    def in_force(self) -> bool:
        """Signed and not ended: its key dates are reminded (DOMAIN.md §7)."""
        return self.status == SIGNED

    @property
    def name(self) -> str:
        return self.title or self.premises.split("\n")[0][:60] or f"Lease {self.id}"


# The columns LeaseFacts copies (every lease column but the ids and version).
LEASE_COLUMNS = tuple(
    name for name in LeaseFacts.__dataclass_fields__ if name not in ("id", "case_id", "breaks")
)
BREAK_COLUMNS = ("party", "notice_months", "break_date", "from_year", "every_years", "note")


def break_facts(row: Any) -> BreakFacts:
    return BreakFacts(row.id, **{name: getattr(row, name) for name in BREAK_COLUMNS})


def lease_facts(row: Any) -> LeaseFacts:
    """A Lease row (or anything with its attributes, and `breaks`) as LeaseFacts."""
    values = {name: getattr(row, name) for name in LEASE_COLUMNS}
    breaks = tuple(break_facts(b) for b in getattr(row, "breaks", ()))
    return LeaseFacts(row.id, row.case_id, breaks=breaks, **values)
