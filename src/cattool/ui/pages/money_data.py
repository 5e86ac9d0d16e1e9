"""What the Money page reads, in one short session: the summary (need, totals, gap, the
projection at the moratorium's end), the plan and sources as frozen facts (so what-ifs and
other dates are worked out without the database), the burn-up series and the deadline.

Everything here is plain data detached from the session; `read_money` touches no Qt
object, so it can run on a worker thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.dates import format_date_long
from cattool.core.money.facts import PlanFacts, SourceFacts, source_facts
from cattool.core.money.format import ZERO, format_money
from cattool.core.money.plan import acquisition_cost, total_costs
from cattool.core.money.projection import BurnUpPoint, burn_up
from cattool.core.money.queries import (
    MoneySummary,
    case_burn_up,
    funding_facts,
    money_summary,
)
from cattool.core.money.scenario import Edit, apply_scenario
from cattool.core.money.vocabulary import STATUS_LABELS, STATUSES
from cattool.core.queries import find_case


@dataclass(frozen=True)
class DeadlineMark:
    """The statutory deadline to draw on the chart."""

    date: dt.date
    label: str  # e.g. "Full moratorium ends"
    provisional: bool


def deadline_text(mark: DeadlineMark) -> str:
    """'Full moratorium ends 1 September 2026 (provisional)'."""
    words = f"{mark.label} {format_date_long(mark.date)}"
    return words + (" (provisional)" if mark.provisional else "")


@dataclass(frozen=True)
class SourceRow:
    """One funding source as the table shows it: its facts and its note."""

    facts: SourceFacts
    note: str = ""

    @property
    def id(self) -> int:
        return self.facts.id

    def value(self, name: str) -> Any:
        return self.note if name == "note" else getattr(self.facts, name)


@dataclass(frozen=True)
class MoneyData:
    case_id: int
    summary: MoneySummary
    plan_id: int | None
    plan: PlanFacts
    sources: tuple[SourceRow, ...]
    points: tuple[BurnUpPoint, ...]
    deadline: DeadlineMark | None

    @property
    def source_facts(self) -> tuple[SourceFacts, ...]:
        return tuple(row.facts for row in self.sources)

    def source(self, source_id: int) -> SourceRow | None:
        return next((row for row in self.sources if row.id == source_id), None)


def read_money(session: Session, case_id: int, today: dt.date) -> MoneyData:
    """Everything the Money page shows for one case."""
    from cattool.core.model import FundingSource

    case = find_case(session, case_id)
    summary = money_summary(session, case_id, today)
    plan, _ = funding_facts(session, case)
    rows = session.scalars(
        select(FundingSource).where(FundingSource.case_id == case.id).order_by(FundingSource.id)
    ).all()
    sources = tuple(SourceRow(source_facts(row), row.note or "") for row in rows)
    points, deadline = case_burn_up(session, case_id, today)
    mark = None
    if deadline is not None and deadline.date is not None:
        mark = DeadlineMark(deadline.date, deadline.label, deadline.provisional)
    plan_id = case.funding_plan.id if case.funding_plan is not None else None
    return MoneyData(case.id, summary, plan_id, plan, sources, tuple(points), mark)


def series_to(
    data: MoneyData, end: dt.date, today: dt.date, edits: list[Edit] | None = None
) -> list[BurnUpPoint]:
    """The burn-up series from today to `end` (after `edits`, when given), worked out from
    the facts already read: no database."""
    plan, sources = data.plan, data.source_facts
    if edits:
        plan, sources = apply_scenario(plan, sources, edits)
    return burn_up(plan, sources, today, max(end, today))


def totals_text(summary: MoneySummary) -> str:
    """'Received £20,000 · Awarded (secured) £50,000 · Pledged £30,000 · …' (only the
    statuses with money)."""
    parts = [
        f"{STATUS_LABELS[status]} {format_money(summary.totals.get(status, ZERO))}"
        for status in STATUSES
        if summary.totals.get(status, ZERO) > 0
    ]
    return " · ".join(parts) if parts else "No funding sources recorded yet."


def gap_text(summary: MoneySummary) -> str:
    """'Need £240,000 (minimum £200,000). Secured or received £70,000: gap £170,000.'"""
    need = summary.need
    if need.target <= 0:
        return "No need recorded yet: enter the price and the other costs under Funding plan."
    minimum = f" (minimum {format_money(need.minimum)})" if 0 < need.minimum < need.target else ""
    have = summary.secured + summary.received
    start = f"Need {format_money(need.target)}{minimum}. Secured or received {format_money(have)}"
    if summary.surplus > 0:
        return f"{start}: {format_money(summary.surplus)} more than the need."
    return f"{start}: gap {format_money(summary.gap)}."


def need_defaults(plan: PlanFacts) -> dict[str, Decimal]:
    """What each need is when the group leaves it blank (the form's placeholders)."""
    total = total_costs(plan)
    target = plan.target_need if plan.target_need is not None else total
    minimum = (
        plan.minimum_need if plan.minimum_need is not None else min(acquisition_cost(plan), target)
    )
    return {
        "target_need": total,
        "minimum_need": min(acquisition_cost(plan), target),
        "maximum_need": max(target, minimum),
    }
