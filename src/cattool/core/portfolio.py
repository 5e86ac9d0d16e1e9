"""The portfolio and the agenda, derived from a snapshot of facts (pure; no database).

A Snapshot is what every case list needs: the cases, their events and any regime
settings. It is read either through SQLAlchemy (`queries.snapshot`) or, for a fast
start on a current SQLite file, with the standard library (`fastread.read_snapshot`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cattool.core.lease.deadlines import CatOverrides, lease_and_cat_deadlines
from cattool.core.lease.facts import LeaseFacts
from cattool.core.rules.engine import (
    DEFAULT_HORIZON_DAYS,
    Deadline,
    EventFact,
    compute_deadlines,
)
from cattool.core.rules.regime import Regime, load_regime
from cattool.core.rules.stage import derive_stage, stage_label

AMBER_DAYS = 42  # six weeks: time enough to act, not enough to relax


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    name: str
    reference: str | None
    regime: str


@dataclass(slots=True)
class Snapshot:
    cases: list[CaseRow]
    events: dict[int, list[EventFact]]  # by case id, each in date order
    overrides: dict[str, dict[str, dict]] = field(default_factory=dict)
    _regimes: dict[str, Regime] = field(default_factory=dict)
    # Leases and CAT timetable overrides by case id (cattool.core.lease): their key
    # dates and expected decisions join the case's deadlines.
    leases: dict[int, list[LeaseFacts]] = field(default_factory=dict)
    cat_overrides: dict[int, CatOverrides] = field(default_factory=dict)

    def regime(self, regime_id: str) -> Regime:
        found = self._regimes.get(regime_id)
        if found is None:
            found = self._regimes[regime_id] = load_regime(regime_id, self.overrides.get(regime_id))
        return found

    def case_deadlines(
        self,
        case: CaseRow,
        today: dt.date,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
        *,
        warnings: bool = True,
    ) -> list[Deadline]:
        """The case's statutory deadlines, then its lease key dates and CAT dates."""
        facts = self.events.get(case.id, [])
        deadlines = compute_deadlines(
            facts, self.regime(case.regime), today, horizon_days, warnings=warnings
        )
        deadlines.extend(self.lease_deadlines(case.id, facts, today, horizon_days))
        return deadlines

    def lease_deadlines(
        self, case_id: int, facts: list[EventFact], today: dt.date, horizon_days: int
    ) -> list[Deadline]:
        return lease_and_cat_deadlines(
            facts,
            self.leases.get(case_id, ()),
            today,
            horizon_days,
            self.cat_overrides.get(case_id),
        )


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The soonest deadline still to come and not yet met."""
    best = None
    for deadline in deadlines:
        if deadline.is_open and (best is None or deadline.date < best.date):  # type: ignore[operator]
            best = deadline
    return best


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


def summarise(
    snapshot: Snapshot,
    today: dt.date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    *,
    warnings: bool = False,
) -> list[CaseSummary]:
    """Every case with its stage and next deadline (warnings off by default: faster)."""
    summaries = []
    for case in snapshot.cases:
        facts = snapshot.events.get(case.id, [])
        deadlines = compute_deadlines(
            facts, snapshot.regime(case.regime), today, horizon_days, warnings=warnings
        )
        stage = derive_stage(facts, deadlines, today)
        deadlines.extend(snapshot.lease_deadlines(case.id, facts, today, horizon_days))
        upcoming = next_deadline(deadlines)
        summaries.append(
            CaseSummary(
                id=case.id,
                name=case.name,
                reference=case.reference,
                regime=case.regime,
                stage=stage,
                next_deadline=upcoming,
                rag=rag_state(upcoming, horizon_days),
                deadlines=deadlines,
            )
        )
    return summaries


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A plain copy of an event: safe to keep after its database session has closed."""

    id: int
    kind: str
    date: dt.date
    note: str = ""
    sent_on: dt.date | None = None
    received_on: dt.date | None = None

    def fact(self) -> EventFact:
        return EventFact(self.kind, self.date, self.id)


@dataclass(slots=True)
class CaseDetail:
    """One case as a screen or a report shows it: facts plus everything derived."""

    id: int
    uid: str
    name: str
    reference: str | None
    regime: Regime
    events: list[EventRecord]
    deadlines: list[Deadline]
    stage: str

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)

    @property
    def next_deadline(self) -> Deadline | None:
        return next_deadline(self.deadlines)


@dataclass(slots=True)
class AgendaItem:
    case_id: int
    case_name: str
    deadline: Deadline

    def to_json(self) -> dict:
        return {"case_id": self.case_id, "case_name": self.case_name, **self.deadline.to_json()}


def agenda_items(
    snapshot: Snapshot,
    today: dt.date,
    days: int = 30,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[AgendaItem]:
    """Open deadlines across all cases from today to `days` ahead, soonest first.

    A first pass without warnings finds the cases with something due; only those are
    computed again with warnings (bank holidays, month ends) for the output.
    """
    last = today + dt.timedelta(days=days)

    def due(deadline: Deadline) -> bool:
        return deadline.is_open and deadline.date is not None and deadline.date <= last

    items = []
    for case in snapshot.cases:
        facts = snapshot.events.get(case.id, [])
        regime = snapshot.regime(case.regime)
        quick = compute_deadlines(facts, regime, today, horizon_days, warnings=False)
        extra = snapshot.lease_deadlines(case.id, facts, today, horizon_days)
        if not any(due(d) for d in quick) and not any(due(d) for d in extra):
            continue
        for deadline in [*compute_deadlines(facts, regime, today, horizon_days), *extra]:
            if due(deadline):
                items.append(AgendaItem(case.id, case.name, deadline))
    items.sort(key=lambda item: (item.deadline.date, item.case_name, item.deadline.key))
    return items
