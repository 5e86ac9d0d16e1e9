"""The lease read side: everything the Lease/CAT page, the documents and
`cattool lease` show, read once and detached from the session (`lease_report`), and
the plain rows the deadline lists need (`case_leases`, `case_cat_overrides`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cattool.core.lease.cat_policy import CatPolicy, CatProgress, cat_progress, policy_for
from cattool.core.lease.checks import CaseContext, FundingCondition, LeaseCheck, lease_checks
from cattool.core.lease.deadlines import CatOverrides
from cattool.core.lease.facts import LeaseFacts, lease_facts
from cattool.core.lease.key_dates import lease_key_dates, term_end
from cattool.core.lease.model import CatPolicyOverride, Lease
from cattool.core.model import FundingSource
from cattool.core.rules.engine import Deadline, EventFact

# Stages in which the asset is on the list of assets of community value.
LISTED_STAGES = frozenset(
    {
        "listed",
        "under-review",
        "under-appeal",
        "interim-moratorium",
        "full-moratorium",
        "protected-period",
        "sale-agreed",
    }
)


def case_leases(session: Session, case_id: int) -> list[LeaseFacts]:
    rows = session.scalars(
        select(Lease)
        .where(Lease.case_id == case_id)
        .order_by(Lease.id)
        .options(selectinload(Lease.breaks))
    )
    return [lease_facts(row) for row in rows]


def case_cat_overrides(session: Session, case_id: int) -> dict[str, tuple[int, str]]:
    rows = session.execute(
        select(CatPolicyOverride.stage, CatPolicyOverride.weeks, CatPolicyOverride.source).where(
            CatPolicyOverride.case_id == case_id
        )
    )
    return {stage: (weeks, source) for stage, weeks, source in rows}


def all_leases(session: Session) -> dict[int, list[LeaseFacts]]:
    """Every lease by case (for the portfolio snapshot)."""
    found: dict[int, list[LeaseFacts]] = {}
    rows = session.scalars(select(Lease).order_by(Lease.id).options(selectinload(Lease.breaks)))
    for row in rows:
        found.setdefault(row.case_id, []).append(lease_facts(row))
    return found


def all_cat_overrides(session: Session) -> dict[int, CatOverrides]:
    found: dict[int, dict[str, tuple[int, str]]] = {}
    rows = session.execute(
        select(
            CatPolicyOverride.case_id,
            CatPolicyOverride.stage,
            CatPolicyOverride.weeks,
            CatPolicyOverride.source,
        )
    )
    for case_id, stage, weeks, source in rows:
        found.setdefault(case_id, {})[stage] = (weeks, source)
    return found


@dataclass(frozen=True, slots=True)
class LeaseView:
    """One lease with what is derived from it."""

    lease: LeaseFacts
    term_end: dt.date | None
    undervalue: Decimal | None
    checks: tuple[LeaseCheck, ...]
    key_dates: tuple[Deadline, ...]

    def to_json(self) -> dict:
        terms = {
            name: (str(value) if isinstance(value, Decimal) else value)
            for name, value in (
                (n, getattr(self.lease, n)) for n in self.lease.__dataclass_fields__
            )
            if name != "breaks"
        }
        for name, value in terms.items():
            if isinstance(value, dt.date):
                terms[name] = value.isoformat()
        terms["breaks"] = [
            {
                "id": b.id,
                "party": b.party,
                "notice_months": b.notice_months,
                "break_date": b.break_date.isoformat() if b.break_date else None,
                "from_year": b.from_year,
                "every_years": b.every_years,
                "note": b.note,
            }
            for b in self.lease.breaks
        ]
        return {
            "terms": terms,
            "term_end": self.term_end.isoformat() if self.term_end else None,
            "undervalue": str(self.undervalue) if self.undervalue is not None else None,
            "checks": [c.to_json() for c in self.checks],
            "key_dates": [d.to_json() for d in self.key_dates],
        }


@dataclass(frozen=True, slots=True)
class LeaseReport:
    case_id: int
    case_name: str
    reference: str | None
    today: dt.date
    leases: tuple[LeaseView, ...]
    policy: CatPolicy
    cat: CatProgress

    def to_json(self) -> dict:
        cat = self.cat
        return {
            "case_id": self.case_id,
            "case_name": self.case_name,
            "reference": self.reference,
            "today": self.today.isoformat(),
            "leases": [view.to_json() for view in self.leases],
            "cat": {
                "policy": {
                    "title": self.policy.title,
                    "status": self.policy.status,
                    "source": self.policy.source,
                    "steps": [
                        {
                            "key": s.key,
                            "label": s.label,
                            "event": s.event,
                            "weeks": s.weeks,
                            "who": s.who,
                            "overridden": s.overridden,
                            "source": s.source,
                        }
                        for s in self.policy.stages
                    ],
                },
                "reached": cat.reached.key if cat.reached else None,
                "reached_on": cat.reached_on.isoformat() if cat.reached_on else None,
                "next": cat.next_stage.key if cat.next_stage else None,
                "expected": [d.to_json() for d in cat.deadlines],
            },
        }


def case_context(session: Session, case_id: int, stage: str) -> CaseContext:
    rows = session.execute(
        select(FundingSource.funder, FundingSource.fund_name, FundingSource.min_lease_years,
               FundingSource.status)
        .where(FundingSource.case_id == case_id, FundingSource.min_lease_years.isnot(None))
        .order_by(FundingSource.id)
    )  # fmt: skip
    funding = tuple(
        FundingCondition(fund_name or funder, years, status)
        for funder, fund_name, years, status in rows
    )
    return CaseContext(listed=stage in LISTED_STAGES, funding=funding)


def lease_report(
    session: Session, ref: str | int, today: dt.date, horizon_days: int = 14
) -> LeaseReport:
    """A case's leases (terms, checks, every key date) and where it is on the CAT route."""
    from cattool.core.queries import case_detail

    detail = case_detail(session, ref, today, horizon_days)
    context = case_context(session, detail.id, detail.stage)
    views = []
    for lease in case_leases(session, detail.id):
        views.append(
            LeaseView(
                lease,
                term_end(lease)[0],
                lease.undervalue,
                tuple(lease_checks(lease, context)),
                tuple(lease_key_dates(lease, today, horizon_days)),
            )
        )
    policy = policy_for(case_cat_overrides(session, detail.id))
    facts = [EventFact(e.kind, e.date, e.id) for e in detail.events]
    progress = cat_progress(facts, today, policy, horizon_days)
    return LeaseReport(
        detail.id, detail.name, detail.reference, today, tuple(views), policy, progress
    )
