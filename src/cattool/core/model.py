"""SQLAlchemy 2.0 typed models: the facts of a case, never what is derived from them.

Deadlines, stages and warnings are computed by `cattool.core.rules`; nothing here stores
them. Every editable row carries a `version` column so that a shared database can refuse
lost updates (SQLAlchemy's version_id_col raises StaleDataError on a stale write).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

# A fixed naming convention keeps Alembic's batch migrations on SQLite predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Optimistic locking: a write against an old version fails instead of overwriting."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class Case(Versioned, Base):
    __tablename__ = "acv_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable identity across databases and case files (calendar UIDs, imports).
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: uuid.uuid4().hex)
    reference: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    regime: Mapped[str] = mapped_column(String(40))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    asset: Mapped[Asset | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    group: Mapped[Group | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    events: Mapped[list[Event]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Event.date"
    )
    tasks: Mapped[list[Task]] = relationship(back_populates="case", cascade="all, delete-orphan")
    roles: Mapped[list[CaseParty]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Evidence.held_on"
    )
    documents: Mapped[list[GeneratedDocument]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="GeneratedDocument.revision",
    )


class Asset(Versioned, Base):
    """The land or building: what a nomination must describe (SI 2012/2421 reg 6)."""

    __tablename__ = "asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    uprn: Mapped[str] = mapped_column(String(12), default="")
    title_number: Mapped[str] = mapped_column(String(20), default="")
    asset_type: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    boundary: Mapped[str] = mapped_column(Text, default="")
    condition: Mapped[str] = mapped_column(Text, default="")
    # Why it is of community value (Localism Act 2011 s.88): which limb, and the argument.
    community_use: Mapped[str] = mapped_column(String(20), default="")  # current, recent-past
    community_value: Mapped[str] = mapped_column(Text, default="")
    plan_path: Mapped[str] = mapped_column(Text, default="")  # the boundary plan, if any

    case: Mapped[Case] = relationship(back_populates="asset")


class Party(Versioned, Base):
    """A person or organisation that may play roles in several cases."""

    __tablename__ = "party"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="organisation")  # or "person"
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    roles: Mapped[list[CaseParty]] = relationship(
        back_populates="party", cascade="all, delete-orphan", passive_deletes=True
    )


class CaseParty(Versioned, Base):
    """A party's role in one case: owner, occupier, council, funder, adviser, valuer, …"""

    __tablename__ = "case_party"
    __table_args__ = (UniqueConstraint("case_id", "party_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="roles")
    party: Mapped[Party] = relationship(back_populates="roles")


class Group(Versioned, Base):
    """The community group behind the case (eligibility: Localism Act 2011 s.89, regs 4-5)."""

    __tablename__ = "community_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_form: Mapped[str] = mapped_column(String(60), default="")
    registration_number: Mapped[str] = mapped_column(String(40), default="")
    not_for_profit: Mapped[bool] = mapped_column(Boolean, default=True)
    asset_lock: Mapped[bool] = mapped_column(Boolean, default=False)
    local_connection: Mapped[str] = mapped_column(Text, default="")
    # Organisation details and governance, as nomination forms and resolutions need them.
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_role: Mapped[str] = mapped_column(String(80), default="")
    governing_document: Mapped[str] = mapped_column(Text, default="")
    objects: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="group")
    members: Mapped[list[Member]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Member.name"
    )


class Member(Versioned, Base):
    """Personal data (UK GDPR): kept only because eligibility evidence needs it."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("community_group.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    on_electoral_roll: Mapped[bool] = mapped_column(Boolean, default=False)
    council: Mapped[str] = mapped_column(String(120), default="")

    group: Mapped[Group] = relationship(back_populates="members")


class Event(Versioned, Base):
    """Something that happened on a date; the only input of the deadline engine.

    `date` is the legally relevant date for the kind (received for a notice the council
    receives, sent for a decision notice). `sent_on`/`received_on` keep both where known.
    """

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_case_id_date", "case_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date] = mapped_column(Date)
    sent_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    document_path: Mapped[str] = mapped_column(Text, default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(120), default="")

    case: Mapped[Case] = relationship(back_populates="events")


class Task(Versioned, Base):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    stage: Mapped[str] = mapped_column(String(40), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    deadline_key: Mapped[str] = mapped_column(String(60), default="")
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="tasks")


class Evidence(Versioned, Base):
    """Evidence of community support: a survey, petition, meeting, ballot or pledge drive.

    Counts are stored; shares (turnout, yes share, response rate) are derived.
    """

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # survey, petition, meeting, ballot, pledges
    title: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    reached: Mapped[int | None] = mapped_column(Integer)  # people asked / eligible to vote
    responses: Mapped[int | None] = mapped_column(Integer)  # answers, signatures, attendance
    in_favour: Mapped[int | None] = mapped_column(Integer)  # yes votes / supportive answers
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="evidence")


class GeneratedDocument(Versioned, Base):
    """A document cattool generated for a case: which kind, which revision, where, and
    (once sent) the event that records sending it."""

    __tablename__ = "generated_document"
    __table_args__ = (UniqueConstraint("case_id", "kind", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer)  # 1, 2, … per case and kind
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    generated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    generated_by: Mapped[str] = mapped_column(String(120), default="")
    sent_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), nullable=True
    )

    case: Mapped[Case] = relationship(back_populates="documents")
    sent_event: Mapped[Event | None] = relationship()


class AuditEntry(Base):
    """Who changed what, when: written by every service call, never edited."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    who: Mapped[str] = mapped_column(String(120))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")


class RegimeSetting(Base):
    """A user's value for a regime parameter (e.g. once 2026 regulations fix a period)."""

    __tablename__ = "regime_setting"
    __table_args__ = (UniqueConstraint("regime", "parameter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime: Mapped[str] = mapped_column(String(40))
    parameter: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    set_by: Mapped[str] = mapped_column(String(120), default="")
    set_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
