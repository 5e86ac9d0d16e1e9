"""Plain, frozen copies of a case's money facts: what the pure functions work on.

The ORM rows (FundingPlan, FundingSource, ShareOffer, ShareApplication) are copied into
these dataclasses once; projections, what-if scenarios and share-offer outcomes then
never touch the database, and a scenario's edits are new copies (dataclasses.replace),
so the originals cannot change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cattool.core.money.vocabulary import (
    ADJUSTABLE,
    DEFAULT_LIKELIHOOD,
    FIXED_LIKELIHOOD,
    SOURCE_KINDS,
)


@dataclass(frozen=True, slots=True)
class Likelihoods:
    """Percent of an amount to expect, by status; None means the default."""

    idea: Decimal | None = None
    applied: Decimal | None = None
    pledged: Decimal | None = None
    awarded: Decimal | None = None

    def of(self, status: str) -> Decimal:
        if status in FIXED_LIKELIHOOD:
            return FIXED_LIKELIHOOD[status]
        value = getattr(self, status, None) if status in ADJUSTABLE else None
        return DEFAULT_LIKELIHOOD.get(status, Decimal(0)) if value is None else value

    def is_default(self, status: str) -> bool:
        return status in ADJUSTABLE and getattr(self, status) is None

    def table(self) -> dict[str, Decimal]:
        """Every status with the likelihood in force."""
        return {status: self.of(status) for status in (*ADJUSTABLE, *FIXED_LIKELIHOOD)}


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """What the group must pay for (FundingPlan); blank lines are None, not zero."""

    purchase_price: Decimal | None = None
    valuation: Decimal | None = None
    fees: Decimal | None = None
    stamp_duty: Decimal | None = None
    refurbishment: Decimal | None = None
    contingency: Decimal | None = None
    working_capital: Decimal | None = None
    minimum_need: Decimal | None = None
    target_need: Decimal | None = None
    maximum_need: Decimal | None = None
    likelihoods: Likelihoods = field(default_factory=Likelihoods)
    tenure: str = ""
    lease_years: int | None = None


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """One source of money in the pipeline (FundingSource)."""

    id: int
    kind: str
    amount: Decimal
    status: str
    funder: str = ""
    fund_name: str = ""
    fund_key: str = ""
    applied_on: dt.date | None = None
    decision_expected: dt.date | None = None
    expected_on: dt.date | None = None
    received_on: dt.date | None = None
    likelihood: Decimal | None = None  # this source's own percent, overriding the status's
    match_percent: Decimal | None = None
    min_lease_years: int | None = None
    incorporation_required: bool = False
    condition_deadline: dt.date | None = None
    conditions_note: str = ""

    @property
    def label(self) -> str:
        """'Architectural Heritage Fund: Project Development Grant', or the kind."""
        parts = [p for p in (self.funder.strip(), self.fund_name.strip()) if p]
        return ": ".join(parts) if parts else SOURCE_KINDS.get(self.kind, self.kind)


PLAN_MONEY_FIELDS = (
    "purchase_price",
    "valuation",
    "fees",
    "stamp_duty",
    "refurbishment",
    "contingency",
    "working_capital",
    "minimum_need",
    "target_need",
    "maximum_need",
)


def plan_facts(row: Any | None) -> PlanFacts:
    """A FundingPlan row (or None: nothing entered yet) as PlanFacts."""
    if row is None:
        return PlanFacts()
    return PlanFacts(
        **{name: getattr(row, name) for name in PLAN_MONEY_FIELDS},
        likelihoods=Likelihoods(
            idea=row.likelihood_idea,
            applied=row.likelihood_applied,
            pledged=row.likelihood_pledged,
            awarded=row.likelihood_awarded,
        ),
        tenure=row.tenure or "",
        lease_years=row.lease_years,
    )


#: A funding source's optional fields when blank: for rows built outside the ORM (the
#: dashboard's stdlib read, a spreadsheet row checked before import).
SOURCE_BLANKS: dict[str, Any] = {
    "funder": "",
    "fund_name": "",
    "fund_key": "",
    "applied_on": None,
    "decision_expected": None,
    "expected_on": None,
    "received_on": None,
    "likelihood": None,
    "match_percent": None,
    "min_lease_years": None,
    "incorporation_required": False,
    "condition_deadline": None,
    "conditions_note": "",
    "note": "",
}


def source_facts(row: Any) -> SourceFacts:
    return SourceFacts(
        id=row.id,
        kind=row.kind,
        amount=row.amount,
        status=row.status,
        funder=row.funder or "",
        fund_name=row.fund_name or "",
        fund_key=row.fund_key or "",
        applied_on=row.applied_on,
        decision_expected=row.decision_expected,
        expected_on=row.expected_on,
        received_on=row.received_on,
        likelihood=row.likelihood,
        match_percent=row.match_percent,
        min_lease_years=row.min_lease_years,
        incorporation_required=bool(row.incorporation_required),
        condition_deadline=row.condition_deadline,
        conditions_note=row.conditions_note or "",
    )


def sources_facts(rows: Iterable[Any]) -> tuple[SourceFacts, ...]:
    return tuple(source_facts(row) for row in rows)
