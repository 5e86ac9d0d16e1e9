"""What the Lease and CAT page reads in one short session, and the plain words it shows
for the CAT steps and key dates. Derived only: nothing here is stored or written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.dates import format_date_long
from cattool.core.lease.cat_policy import NOT_LAW, CatStage, cat_event_kinds
from cattool.core.lease.checks import REPAIR_RISK
from cattool.core.lease.model import CatPolicyOverride
from cattool.core.lease.queries import LeaseReport, lease_report
from cattool.core.model import Event, Risk
from cattool.core.rules.engine import DUE_SOON, MET, NOT_TRIGGERED, PASSED, Deadline


@dataclass(frozen=True)
class LeasePageData:
    report: LeaseReport
    cat_done: dict[str, dt.date]  # CAT event kind -> the latest date it was recorded
    override_ids: dict[str, int]  # CAT step -> its override row
    repair_risk_added: bool  # the full-repairing risk is already in the risk register


def read_lease_page(session: Session, case_id: int, today: dt.date) -> LeasePageData:
    report = lease_report(session, case_id, today)
    done: dict[str, dt.date] = {}
    rows = session.execute(
        select(Event.kind, Event.date).where(
            Event.case_id == case_id, Event.kind.in_(cat_event_kinds())
        )
    )
    for kind, day in rows:
        if kind not in done or day > done[kind]:
            done[kind] = day
    overrides = dict(
        session.execute(
            select(CatPolicyOverride.stage, CatPolicyOverride.id).where(
                CatPolicyOverride.case_id == case_id
            )
        ).all()
    )
    risk = session.scalar(
        select(Risk.id).where(
            Risk.case_id == case_id, Risk.prefill_key == REPAIR_RISK["prefill_key"]
        )
    )
    return LeasePageData(report, done, overrides, risk is not None)


@dataclass(frozen=True)
class CatRow:
    """One CAT step as the timetable shows it."""

    stage: CatStage
    weeks: str  # "12 weeks (council policy default)" or "8 weeks (set for this case)"
    date: str  # "Done 3 March 2026", "Expected by 2 June 2026", ...
    state: str  # done, expected, overdue, projected, skipped, waiting
    tip: str


def weeks_text(stage: CatStage) -> str:
    if stage.weeks is None:
        return "first step"
    if stage.overridden:
        return f"{stage.weeks} weeks (set for this case)"
    return f"{stage.weeks} weeks (usual council policy)"


def cat_rows(data: LeasePageData) -> list[CatRow]:
    """The eight steps with what is known or expected of each."""
    report = data.report
    by_key = {d.key: d for d in report.cat.deadlines}
    rows = []
    for stage in report.policy.stages:
        deadline = by_key.get(f"cat-{stage.key}")
        done_on = data.cat_done.get(stage.event)
        tip = stage.explain
        if done_on is not None:
            date, state = f"Done {format_date_long(done_on)}", "done"
        elif deadline is None:
            date, state = "", "waiting"
        else:
            date, state = _expected(deadline)
            tip = deadline.explanation + "\n" + "\n".join(deadline.warnings)
        rows.append(CatRow(stage, weeks_text(stage), date, state, tip or NOT_LAW))
    return rows


def _expected(deadline: Deadline) -> tuple[str, str]:
    day = format_date_long(deadline.date) if deadline.date else ""
    if deadline.status == MET:
        return f"Done {day}", "done"
    if deadline.status == NOT_TRIGGERED:
        return "Not recorded (a later step is)", "skipped"
    if any(w.startswith("Projected") for w in deadline.warnings):
        return f"Projected: about {day}", "projected"
    if deadline.status == PASSED:
        return f"Expected by {day}: late, chase the council", "overdue"
    if deadline.status == DUE_SOON:
        return f"Expected by {day} (soon)", "expected"
    return f"Expected by {day}", "expected"


def left_text(deadline: Deadline) -> str:
    """'in 3 years', 'in 40 days', 'today', '12 days ago'."""
    left = deadline.days_left
    if left is None:
        return ""
    if left == 0:
        return "today"
    count = abs(left)
    if count >= 730:
        amount = f"{count // 365} years"
    elif count >= 60:
        amount = f"{count // 30} months"
    else:
        amount = f"{count} day{'s' if count != 1 else ''}"
    return f"in {amount}" if left > 0 else f"{amount} ago"
