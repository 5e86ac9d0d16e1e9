"""Everything a document may say about a case, read once and detached from the session.

Builders take a CaseFacts and nothing else, so they are pure (no database, no clock):
the same facts always give the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.eligibility import EligibilityCheck, check_eligibility, legal_form_label
from cattool.core.history import HistoryEntry, deadline_control_log
from cattool.core.model import Case, Event, GeneratedDocument
from cattool.core.queries import find_case, regime_for
from cattool.core.rules.engine import Deadline, EventFact, compute_deadlines
from cattool.core.rules.events import event_label
from cattool.core.rules.regime import Regime
from cattool.core.rules.stage import derive_stage, stage_label
from cattool.documents.lease_facts import LeaseDocumentFacts, load_lease_facts
from cattool.documents.money_facts import MoneyFacts, load_money_facts


@dataclass(frozen=True, slots=True)
class AssetFacts:
    name: str = ""
    address: str = ""
    postcode: str = ""
    uprn: str = ""
    title_number: str = ""
    asset_type: str = ""
    description: str = ""
    boundary: str = ""
    condition: str = ""
    community_use: str = ""
    community_value: str = ""
    plan_path: str = ""

    @property
    def full_address(self) -> str:
        return ", ".join(p for p in (self.address.strip(), self.postcode.strip()) if p)


@dataclass(frozen=True, slots=True)
class MemberFacts:
    name: str
    address: str
    postcode: str
    on_electoral_roll: bool
    council: str


@dataclass(frozen=True, slots=True)
class GroupFacts:
    name: str = ""
    legal_form: str = ""
    registration_number: str = ""
    not_for_profit: bool = True
    asset_lock: bool = False
    local_connection: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    contact_name: str = ""
    contact_role: str = ""
    governing_document: str = ""
    objects: str = ""
    members: tuple[MemberFacts, ...] = ()

    @property
    def legal_form_label(self) -> str:
        return legal_form_label(self.legal_form) if self.legal_form else ""

    @property
    def local_members(self) -> tuple[MemberFacts, ...]:
        return tuple(m for m in self.members if m.on_electoral_roll)


@dataclass(frozen=True, slots=True)
class PartyFacts:
    name: str
    role: str
    kind: str
    address: str
    email: str
    phone: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class EventFacts:
    id: int
    kind: str
    label: str
    date: dt.date
    sent_on: dt.date | None
    received_on: dt.date | None
    note: str
    document_path: str


@dataclass(frozen=True, slots=True)
class TaskFacts:
    title: str
    stage: str
    due_date: dt.date | None
    deadline_key: str
    done_on: dt.date | None
    note: str


@dataclass(frozen=True, slots=True)
class EvidenceFacts:
    kind: str
    title: str
    held_on: dt.date | None
    reached: int | None
    responses: int | None
    in_favour: int | None
    note: str


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One generated revision of a document, and the event recording it was sent."""

    id: int
    kind: str
    revision: int
    path: str
    sha256: str
    generated_at: dt.datetime
    generated_by: str
    sent_event_id: int | None
    sent_on: dt.date | None


@dataclass(slots=True)
class CaseFacts:
    id: int
    uid: str
    name: str
    reference: str | None
    regime: Regime
    notes: str
    today: dt.date
    stage: str
    asset: AssetFacts
    group: GroupFacts | None
    parties: tuple[PartyFacts, ...]
    events: tuple[EventFacts, ...]
    deadlines: tuple[Deadline, ...]
    tasks: tuple[TaskFacts, ...]
    evidence: tuple[EvidenceFacts, ...]
    documents: tuple[DocumentRecord, ...] = ()
    eligibility: EligibilityCheck | None = field(default=None)
    money: MoneyFacts | None = None  # funding, projection, business plan, share offer totals
    lease: LeaseDocumentFacts | None = None  # leases: terms, checks, key dates; CAT route
    # The audit trail's changes to the dates and rules deadlines run from, newest first.
    deadline_log: tuple[HistoryEntry, ...] = ()
    # Set only while a bid pack is assembled: (title, file name) of each document in it.
    pack_contents: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """How headers name the case: 'The Red Lion, Kirkdale (DEMO-RED-LION)'."""
        return f"{self.name} ({self.reference})" if self.reference else self.name

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)

    def parties_with(self, *roles: str) -> tuple[PartyFacts, ...]:
        return tuple(p for p in self.parties if p.role in roles)

    def latest_event(self, kind: str) -> EventFacts | None:
        found = [e for e in self.events if e.kind == kind]
        return found[-1] if found else None

    def deadline(self, key: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.key == key), None)

    @property
    def council(self) -> PartyFacts | None:
        found = self.parties_with("council")
        return found[0] if found else None


def _asset(case: Case) -> AssetFacts:
    a = case.asset
    if a is None:
        return AssetFacts()
    return AssetFacts(
        a.name or "", a.address or "", a.postcode or "", a.uprn or "", a.title_number or "",
        a.asset_type or "", a.description or "", a.boundary or "", a.condition or "",
        a.community_use or "", a.community_value or "", a.plan_path or "",
    )  # fmt: skip


def _group(case: Case) -> GroupFacts | None:
    g = case.group
    if g is None:
        return None
    members = tuple(
        MemberFacts(m.name, m.address or "", m.postcode or "", bool(m.on_electoral_roll),
                    m.council or "")
        for m in g.members
    )  # fmt: skip
    return GroupFacts(
        g.name, g.legal_form or "", g.registration_number or "", bool(g.not_for_profit),
        bool(g.asset_lock), g.local_connection or "", g.address or "", g.email or "",
        g.phone or "", g.contact_name or "", g.contact_role or "", g.governing_document or "",
        g.objects or "", members,
    )  # fmt: skip


def load_case_facts(session: Session, ref: str | int, today: dt.date) -> CaseFacts:
    """Read the whole case once; deadlines and stage are worked out here, as of `today`."""
    case = find_case(session, ref)
    events = session.scalars(
        select(Event).where(Event.case_id == case.id).order_by(Event.date, Event.id)
    ).all()
    regime = regime_for(session, case.regime)
    event_facts = [EventFact(e.kind, e.date, e.id) for e in events]
    deadlines = compute_deadlines(event_facts, regime, today)
    group = _group(case)
    sent_dates = {e.id: e.sent_on or e.date for e in events}
    documents = tuple(
        DocumentRecord(d.id, d.kind, d.revision, d.path, d.sha256, d.generated_at,
                       d.generated_by or "", d.sent_event_id, sent_dates.get(d.sent_event_id))
        for d in session.scalars(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id == case.id)
            .order_by(GeneratedDocument.kind, GeneratedDocument.revision)
        )
    )  # fmt: skip
    eligibility = None
    if group is not None:
        eligibility = check_eligibility(
            group.legal_form,
            not_for_profit=group.not_for_profit,
            local_connection=group.local_connection,
            members_on_roll=[m.on_electoral_roll for m in group.members],
        )
    return CaseFacts(
        id=case.id,
        uid=case.uid,
        name=case.name,
        reference=case.reference,
        regime=regime,
        notes=case.notes or "",
        today=today,
        stage=derive_stage(event_facts, deadlines, today),
        asset=_asset(case),
        group=group,
        parties=tuple(
            PartyFacts(
                r.party.name,
                r.role,
                r.party.kind,
                r.party.address or "",
                r.party.email or "",
                r.party.phone or "",
                r.note or "",
            )
            for r in sorted(case.roles, key=lambda r: (r.role, r.party.name))
        ),
        events=tuple(
            EventFacts(
                e.id,
                e.kind,
                event_label(e.kind),
                e.date,
                e.sent_on,
                e.received_on,
                e.note or "",
                e.document_path or "",
            )
            for e in events
        ),
        deadlines=tuple(deadlines),
        tasks=tuple(
            TaskFacts(
                t.title, t.stage or "", t.due_date, t.deadline_key or "", t.done_on, t.note or ""
            )
            for t in sorted(
                case.tasks, key=lambda t: (t.done_on is not None, t.due_date or dt.date.max, t.id)
            )
        ),
        evidence=tuple(
            EvidenceFacts(
                v.kind, v.title or "", v.held_on, v.reached, v.responses, v.in_favour, v.note or ""
            )
            for v in case.evidence
        ),
        documents=documents,
        eligibility=eligibility,
        money=load_money_facts(session, case, today),
        lease=load_lease_facts(session, case, today),
        deadline_log=tuple(deadline_control_log(session, case.id).entries),
    )
