"""Funds raised against target, per case: the dashboard's money column.

Its own module because the dashboard reads it for every case at once, so it has a
standard-library path (a current SQLite file, like `core.fastread`) besides the
SQLAlchemy one; both hand the same rows to `plan.position`, so the figure is the one
the Money page shows (secured or received, against the target need).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from cattool.core.fastread import connect_current
from cattool.core.money.facts import PLAN_MONEY_FIELDS, SOURCE_BLANKS, plan_facts, source_facts
from cattool.core.money.format import format_money as money
from cattool.core.money.plan import position

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class FundsRaised:
    raised: Decimal  # awarded or received
    target: Decimal  # the target need (the group's, else the sum of the costs)
    minimum_met: bool

    @property
    def share(self) -> float | None:
        """Raised as a fraction of the target (None when there is no target yet)."""
        return float(self.raised / self.target) if self.target > ZERO else None

    @property
    def short(self) -> Decimal:
        return max(self.target - self.raised, ZERO)

    def text(self) -> str:
        """'£120,000 of £240,000 (50%)', or what is known when there is no target."""
        if self.target <= ZERO:
            return f"{money(self.raised, pence=False)} (no target yet)"
        percent = int(self.raised * 100 / self.target)
        return (
            f"{money(self.raised, pence=False)} of {money(self.target, pence=False)} ({percent}%)"
        )

    def sentence(self) -> str:
        """The tooltip: what the figure counts and what is still to find."""
        if self.target <= ZERO:
            return (
                f"{money(self.raised, pence=False)} secured or received; "
                "no costs or target entered yet (Money page)."
            )
        tail = (
            f"{money(self.short, pence=False)} still to find."
            if self.short > ZERO
            else "The target is met."
        )
        return (
            f"{money(self.raised, pence=False)} of the {money(self.target, pence=False)} "
            f"target secured or received: {tail}"
        )


def funds_raised(plan_row: Any | None, source_rows: Iterable[Any]) -> FundsRaised:
    """From a FundingPlan-like row (or None) and FundingSource-like rows."""
    found = position(plan_facts(plan_row), [source_facts(row) for row in source_rows])
    return FundsRaised(found.in_hand_or_secured, found.need.target, found.minimum_met)


# ---------------------------------------------------------------- reading

_PLAN_COLUMNS = ("case_id", *PLAN_MONEY_FIELDS)
_LIKELIHOODS = ("likelihood_idea", "likelihood_applied", "likelihood_pledged", "likelihood_awarded")
_SOURCE_COLUMNS = ("case_id", "id", "kind", "amount", "status")


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _by_case(
    plans: dict[int, Any], sources: dict[int, list[Any]], wanted: Collection[int] | None
) -> dict[int, FundsRaised]:
    """Only cases with a plan or a source: a case with neither shows no money yet."""
    ids = set(plans) | set(sources)
    if wanted is not None:
        ids &= set(wanted)
    return {case_id: funds_raised(plans.get(case_id), sources.get(case_id, ())) for case_id in ids}


def read_funds_raised(
    path: Path | None, case_ids: Collection[int] | None = None
) -> dict[int, FundsRaised] | None:
    """Every case's funds raised from a current SQLite file, or None (take the store)."""
    conn = connect_current(path)
    if conn is None:
        return None
    try:
        plans: dict[int, Any] = {}
        for row in conn.execute(f"SELECT {', '.join(_PLAN_COLUMNS)} FROM funding_plan"):
            values = dict(zip(_PLAN_COLUMNS, row, strict=True))
            case_id = values.pop("case_id")
            plans[case_id] = SimpleNamespace(
                **{name: _decimal(value) for name, value in values.items()},
                **dict.fromkeys(_LIKELIHOODS),
                tenure="",
                lease_years=None,
            )
        sources: dict[int, list[Any]] = defaultdict(list)
        for case_id, source_id, kind, amount, status in conn.execute(
            f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM funding_source"
        ):
            sources[case_id].append(
                SimpleNamespace(
                    id=source_id,
                    kind=kind,
                    amount=_decimal(amount),
                    status=status,
                    **SOURCE_BLANKS,
                )
            )
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return _by_case(plans, sources, case_ids)


def funds_raised_by_case(
    session: Session, case_ids: Collection[int] | None = None
) -> dict[int, FundsRaised]:
    """The same through SQLAlchemy (a server database, or a file needing migration)."""
    from sqlalchemy import select

    from cattool.core.model import FundingPlan, FundingSource

    plans = {row.case_id: row for row in session.scalars(select(FundingPlan))}
    sources: dict[int, list[Any]] = defaultdict(list)
    for row in session.scalars(select(FundingSource)):
        sources[row.case_id].append(row)
    return _by_case(plans, sources, case_ids)
