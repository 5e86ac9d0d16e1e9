"""Read-only views over the store: cases, their deadlines and stage, the agenda.

Everything here is derived on the fly from stored facts. The portfolio and agenda read
all events with one plain SELECT (no ORM objects), because they run over thousands of
cases at start-up and from `cattool agenda`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.errors import NotFoundError
from cattool.core.model import Case, Event, RegimeSetting
from cattool.core.rules.engine import (
    DEFAULT_HORIZON_DAYS,
    Deadline,
    EventFact,
    compute_deadlines,
)
from cattool.core.rules.regime import Regime, load_regime
from cattool.core.rules.stage import derive_stage, stage_label

AMBER_DAYS = 42  # six weeks: time enough to act, not enough to relax


def find_case(session: Session, ref: str | int) -> Case:
    """A case by id, reference or exact name (case-insensitive)."""
    text = str(ref).strip()
    case = None
    if text.isdigit():
        case = session.get(Case, int(text))
    if case is None:
        case = session.scalar(select(Case).where(Case.reference == text))
    if case is None:
        matches = session.scalars(select(Case).where(Case.name.ilike(text))).all()
        if len(matches) == 1:
            case = matches[0]
        elif len(matches) > 1:
            ids = ", ".join(str(c.id) for c in matches)
            raise NotFoundError(f"Several cases are called {text!r} (ids {ids}); use the id.")
    if case is None:
        raise NotFoundError(f"There is no case {text!r}. `cattool case list` shows them all.")
    return case


def regime_overrides(session: Session) -> dict[str, dict[str, dict]]:
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in session.scalars(select(RegimeSetting)):
        found[row.regime][row.parameter] = {
            "value": row.value,
            "source": row.source,
            "provisional": row.provisional,
        }
    return found


def regime_for(session: Session, regime_id: str) -> Regime:
    return load_regime(regime_id, regime_overrides(session).get(regime_id))


def event_facts(session: Session, case_id: int) -> list[EventFact]:
    rows = session.execute(
        select(Event.kind, Event.date, Event.id)
        .where(Event.case_id == case_id)
        .order_by(Event.date, Event.id)
    )
    return [EventFact(kind, date, id_) for kind, date, id_ in rows]


def case_deadlines(
    session: Session, case: Case, today: dt.date, horizon_days: int = DEFAULT_HORIZON_DAYS
) -> list[Deadline]:
    return compute_deadlines(
        event_facts(session, case.id), regime_for(session, case.regime), today, horizon_days
    )


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The soonest deadline still to come and not yet met."""
    open_ones = [d for d in deadlines if d.is_open]
    return min(open_ones, key=lambda d: d.date, default=None)  # type: ignore[arg-type, return-value]


def rag_state(upcoming: Deadline | None, horizon_days: int = DEFAULT_HORIZON_DAYS) -> str:
    """Red within the due-soon horizon, amber within six weeks, else green."""
    if upcoming is None or upcoming.days_left is None:
        return "green"
    if upcoming.days_left <= horizon_days:
        return "red"
    if upcoming.days_left <= AMBER_DAYS:
        return "amber"
    return "green"


@dataclass(slots=True)
class CaseSummary:
    id: int
    name: str
    reference: str | None
    regime: str
    stage: str
    next_deadline: Deadline | None
    rag: str
    deadlines: list[Deadline]

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)

    def to_json(self) -> dict:
        upcoming = self.next_deadline
        return {
            "id": self.id,
            "name": self.name,
            "reference": self.reference,
            "regime": self.regime,
            "stage": self.stage,
            "stage_label": self.stage_label,
            "rag": self.rag,
            "next_deadline": (
                {
                    "key": upcoming.key,
                    "label": upcoming.label,
                    "date": upcoming.date.isoformat() if upcoming.date else None,
                    "days_left": upcoming.days_left,
                    "status": upcoming.status,
                    "provisional": upcoming.provisional,
                }
                if upcoming
                else None
            ),
        }


def _all_events(session: Session) -> dict[int, list[EventFact]]:
    by_case: dict[int, list[EventFact]] = defaultdict(list)
    rows = session.execute(
        select(Event.case_id, Event.kind, Event.date, Event.id).order_by(Event.date, Event.id)
    )
    for case_id, kind, date, id_ in rows:
        by_case[case_id].append(EventFact(kind, date, id_))
    return by_case


def portfolio(
    session: Session,
    today: dt.date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    *,
    warnings: bool = False,
    include_archived: bool = False,
) -> list[CaseSummary]:
    """Every case with its stage and next deadline (warnings off by default: faster)."""
    query = select(Case.id, Case.name, Case.reference, Case.regime).order_by(Case.name, Case.id)
    if not include_archived:
        query = query.where(Case.archived.is_(False))
    cases = session.execute(query).all()
    events = _all_events(session)
    overrides = regime_overrides(session)
    regimes: dict[str, Regime] = {}
    summaries = []
    for case_id, name, reference, regime_id in cases:
        regime = regimes.get(regime_id)
        if regime is None:
            regime = regimes[regime_id] = load_regime(regime_id, overrides.get(regime_id))
        facts = events.get(case_id, [])
        deadlines = compute_deadlines(facts, regime, today, horizon_days, warnings=warnings)
        upcoming = next_deadline(deadlines)
        summaries.append(
            CaseSummary(
                id=case_id,
                name=name,
                reference=reference,
                regime=regime_id,
                stage=derive_stage(facts, deadlines, today),
                next_deadline=upcoming,
                rag=rag_state(upcoming, horizon_days),
                deadlines=deadlines,
            )
        )
    return summaries


@dataclass(slots=True)
class AgendaItem:
    case_id: int
    case_name: str
    deadline: Deadline

    def to_json(self) -> dict:
        return {"case_id": self.case_id, "case_name": self.case_name, **self.deadline.to_json()}


def agenda(
    session: Session,
    today: dt.date,
    days: int = 30,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[AgendaItem]:
    """Open deadlines across all cases from today to `days` ahead, soonest first."""
    last = today + dt.timedelta(days=days)
    items = [
        AgendaItem(summary.id, summary.name, deadline)
        for summary in portfolio(session, today, horizon_days, warnings=True)
        for deadline in summary.deadlines
        if deadline.is_open and deadline.date is not None and deadline.date <= last
    ]
    items.sort(key=lambda item: (item.deadline.date, item.case_name, item.deadline.key))
    return items
