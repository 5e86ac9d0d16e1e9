"""Read-only views over the store: cases, their deadlines and stage, the agenda.

Everything here is derived on the fly from stored facts. The portfolio and agenda read
all events with one plain SELECT (no ORM objects), because they run over thousands of
cases at start-up and from `cattool agenda`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.errors import NotFoundError
from cattool.core.lease.deadlines import lease_and_cat_deadlines
from cattool.core.lease.queries import (
    all_cat_overrides,
    all_leases,
    case_cat_overrides,
    case_leases,
)
from cattool.core.model import Case, Event, RegimeSetting
from cattool.core.portfolio import (
    AMBER_DAYS,
    AgendaItem,
    CaseDetail,
    CaseRow,
    CaseSummary,
    EventRecord,
    Snapshot,
    agenda_items,
    next_deadline,
    rag_state,
    summarise,
)
from cattool.core.rules.engine import (
    DEFAULT_HORIZON_DAYS,
    Deadline,
    EventFact,
    compute_deadlines,
)
from cattool.core.rules.regime import Regime, load_regime
from cattool.core.rules.stage import derive_stage

__all__ = [
    "AMBER_DAYS",
    "AgendaItem",
    "CaseDetail",
    "CaseSummary",
    "agenda",
    "case_deadlines",
    "case_detail",
    "find_case",
    "next_deadline",
    "portfolio",
    "rag_state",
    "regime_for",
    "snapshot",
]


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
    """The statutory deadlines, then the lease key dates (signed leases: contractual, not
    statutory) and the CAT expected dates (council policy, not law)."""
    facts = event_facts(session, case.id)
    deadlines = compute_deadlines(facts, regime_for(session, case.regime), today, horizon_days)
    deadlines.extend(_lease_deadlines(session, case.id, facts, today, horizon_days))
    return deadlines


def _lease_deadlines(
    session: Session, case_id: int, facts: list[EventFact], today: dt.date, horizon_days: int
) -> list[Deadline]:
    return lease_and_cat_deadlines(
        facts,
        case_leases(session, case_id),
        today,
        horizon_days,
        case_cat_overrides(session, case_id),
    )


def case_detail(
    session: Session, ref: str | int, today: dt.date, horizon_days: int = DEFAULT_HORIZON_DAYS
) -> CaseDetail:
    """A case's facts with its deadlines (with warnings) and stage, detached from the session."""
    case = find_case(session, ref)
    events = [
        EventRecord(e.id, e.kind, e.date, e.note or "", e.sent_on, e.received_on)
        for e in session.scalars(
            select(Event).where(Event.case_id == case.id).order_by(Event.date, Event.id)
        )
    ]
    regime = regime_for(session, case.regime)
    facts = [e.fact() for e in events]
    deadlines = compute_deadlines(facts, regime, today, horizon_days)
    stage = derive_stage(facts, deadlines, today)
    deadlines.extend(_lease_deadlines(session, case.id, facts, today, horizon_days))
    return CaseDetail(
        id=case.id,
        uid=case.uid,
        name=case.name,
        reference=case.reference,
        regime=regime,
        events=events,
        deadlines=deadlines,
        stage=stage,
    )


def snapshot(session: Session, *, include_archived: bool = False) -> Snapshot:
    """The cases and events a portfolio needs, read with plain SELECTs (no ORM objects)."""
    query = select(Case.id, Case.name, Case.reference, Case.regime).order_by(Case.name, Case.id)
    if not include_archived:
        query = query.where(Case.archived.is_(False))
    cases = [CaseRow(*row) for row in session.execute(query)]
    events: dict[int, list[EventFact]] = defaultdict(list)
    rows = session.execute(
        select(Event.case_id, Event.kind, Event.date, Event.id).order_by(
            Event.case_id, Event.date, Event.id
        )
    )
    for case_id, kind, date, id_ in rows:
        events[case_id].append(EventFact(kind, date, id_))
    return Snapshot(
        cases,
        dict(events),
        regime_overrides(session),
        leases=all_leases(session),
        cat_overrides=all_cat_overrides(session),
    )


def portfolio(
    session: Session,
    today: dt.date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    *,
    warnings: bool = False,
    include_archived: bool = False,
) -> list[CaseSummary]:
    """Every case with its stage and next deadline."""
    facts = snapshot(session, include_archived=include_archived)
    return summarise(facts, today, horizon_days, warnings=warnings)


def agenda(
    session: Session,
    today: dt.date,
    days: int = 30,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[AgendaItem]:
    """Open deadlines across all cases from today to `days` ahead, soonest first."""
    return agenda_items(snapshot(session), today, days, horizon_days)
