"""SQLAlchemy 2.0 typed models: the facts of a case, never what is derived from them.

Deadlines, stages and warnings are computed by `cattool.core.rules`; nothing here stores
them. Every editable row carries a `version` column so that a shared database can refuse
lost updates (SQLAlchemy's version_id_col raises StaleDataError on a stale write).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
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
    funding_plan: Mapped[FundingPlan | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    funding_sources: Mapped[list[FundingSource]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="FundingSource.id"
    )
    share_offer: Mapped[ShareOffer | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    business_plan: Mapped[BusinessPlan | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    income_streams: Mapped[list[IncomeStream]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="IncomeStream.id"
    )
    running_costs: Mapped[list[RunningCost]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="RunningCost.id"
    )
    risks: Mapped[list[Risk]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Risk.id"
    )
    impact_measures: Mapped[list[ImpactMeasure]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ImpactMeasure.id"
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
    # A record's entries (its history; who changed it last, for a conflict): migration 0008.
    __table_args__ = (Index("ix_audit_entry_entity_entity_id", "entity", "entity_id"),)

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


# Money (cattool.core.money): pounds and pence as Decimal, never float.
Money = Numeric(12, 2)
Percent = Numeric(5, 2)  # 0-100


class FundingPlan(Versioned, Base):
    """What the group must pay for, and how likely it thinks each status is to pay out.

    Cost lines left blank are None (not entered), not zero. The needs and likelihoods
    are None unless the group set them: cattool.core.money derives the defaults.
    """

    __tablename__ = "funding_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), unique=True)
    purchase_price: Mapped[Decimal | None] = mapped_column(Money)
    valuation: Mapped[Decimal | None] = mapped_column(Money)
    fees: Mapped[Decimal | None] = mapped_column(Money)
    stamp_duty: Mapped[Decimal | None] = mapped_column(Money)
    refurbishment: Mapped[Decimal | None] = mapped_column(Money)
    contingency: Mapped[Decimal | None] = mapped_column(Money)
    working_capital: Mapped[Decimal | None] = mapped_column(Money)
    minimum_need: Mapped[Decimal | None] = mapped_column(Money)
    target_need: Mapped[Decimal | None] = mapped_column(Money)
    maximum_need: Mapped[Decimal | None] = mapped_column(Money)
    # Percent of an amount to expect, by status (None: the default).
    likelihood_idea: Mapped[Decimal | None] = mapped_column(Percent)
    likelihood_applied: Mapped[Decimal | None] = mapped_column(Percent)
    likelihood_pledged: Mapped[Decimal | None] = mapped_column(Percent)
    likelihood_awarded: Mapped[Decimal | None] = mapped_column(Percent)
    # What is being bought, for funders' ownership conditions.
    tenure: Mapped[str] = mapped_column(String(20), default="")  # freehold, leasehold
    lease_years: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="funding_plan")


class FundingSource(Versioned, Base):
    """A grant, loan, share offer, donation or pledge in the pipeline, with its status,
    dates and conditions."""

    __tablename__ = "funding_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    funder: Mapped[str] = mapped_column(String(200), default="")
    fund_name: Mapped[str] = mapped_column(String(200), default="")
    fund_key: Mapped[str] = mapped_column(String(60), default="")  # the catalogue's key
    amount: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(20), default="idea")
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_expected: Mapped[dt.date | None] = mapped_column(Date)
    expected_on: Mapped[dt.date | None] = mapped_column(Date)  # when the money should arrive
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    likelihood: Mapped[Decimal | None] = mapped_column(Percent)  # overrides the status's
    match_percent: Mapped[Decimal | None] = mapped_column(Percent)
    min_lease_years: Mapped[int | None] = mapped_column(Integer)
    incorporation_required: Mapped[bool] = mapped_column(Boolean, default=False)
    condition_deadline: Mapped[dt.date | None] = mapped_column(Date)
    conditions_note: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="funding_sources")


class ShareOffer(Versioned, Base):
    """The terms of the case's community share offer (one per case)."""

    __tablename__ = "share_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), unique=True)
    society_type: Mapped[str] = mapped_column(String(40), default="community-benefit-society")
    min_holding: Mapped[Decimal | None] = mapped_column(Money)
    max_holding: Mapped[Decimal | None] = mapped_column(Money)
    min_raise: Mapped[Decimal | None] = mapped_column(Money)
    target_raise: Mapped[Decimal | None] = mapped_column(Money)
    max_raise: Mapped[Decimal | None] = mapped_column(Money)
    scale_floor: Mapped[Decimal | None] = mapped_column(Money)  # kept by all when scaling back
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    interest_rate: Mapped[Decimal | None] = mapped_column(Percent)  # target, % a year
    withdrawal_rules: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="share_offer")
    applications: Mapped[list[ShareApplication]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="ShareApplication.id"
    )


class ShareApplication(Versioned, Base):
    """The shareholder register: personal data (UK GDPR), kept out of documents and the
    audit trail that do not need it."""

    __tablename__ = "share_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("share_offer.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    amount_applied: Mapped[Decimal] = mapped_column(Money)
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    amount_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    amount_refunded: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    refunded_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    offer: Mapped[ShareOffer] = relationship(back_populates="applications")


class Fund(Versioned, Base):
    """The user's funder catalogue entries: additions, and edited copies that replace a
    bundled fund (resources/funders.toml) with the same key."""

    __tablename__ = "fund"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    funder: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(30), default="grant")
    status: Mapped[str] = mapped_column(String(20), default="unknown")
    status_note: Mapped[str] = mapped_column(Text, default="")
    award_min: Mapped[Decimal | None] = mapped_column(Money)
    award_max: Mapped[Decimal | None] = mapped_column(Money)
    award_note: Mapped[str] = mapped_column(Text, default="")
    match_percent: Mapped[Decimal | None] = mapped_column(Percent)
    match_note: Mapped[str] = mapped_column(Text, default="")
    min_lease_years: Mapped[int | None] = mapped_column(Integer)
    lease_note: Mapped[str] = mapped_column(Text, default="")
    legal_forms: Mapped[str] = mapped_column(Text, default="")  # comma-separated keys
    incorporation_required: Mapped[bool] = mapped_column(Boolean, default=False)
    asset_lock_required: Mapped[bool] = mapped_column(Boolean, default=False)
    conditions: Mapped[str] = mapped_column(Text, default="")  # one a line
    url: Mapped[str] = mapped_column(Text, default="")
    citation: Mapped[str] = mapped_column(Text, default="")
    checked_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class MoneySetting(Versioned, Base):
    """A money setting that is not the law's final word, e.g. the cap on one member's
    shareholding (believed £100,000: unverified)."""

    __tablename__ = "money_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    value: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")
    provisional: Mapped[bool] = mapped_column(Boolean, default=True)
    set_by: Mapped[str] = mapped_column(String(120), default="")
    set_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# The business plan (cattool.core.money.business_plan): the settings, income streams and
# running costs behind the 5-year forecast, the risk register and social impact measures.
Growth = Numeric(5, 2)  # percent a year, -100 to +100


class BusinessPlan(Versioned, Base):
    """The plan's settings (one per case): opening cash, when year 1 starts, and the terms
    of a loan whose repayments the forecast works out when no repayment line is entered."""

    __tablename__ = "business_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), unique=True)
    opening_cash: Mapped[Decimal | None] = mapped_column(Money)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    loan_amount: Mapped[Decimal | None] = mapped_column(Money)
    loan_rate: Mapped[Decimal | None] = mapped_column(Percent)  # interest, % a year
    loan_years: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="business_plan")


class IncomeStream(Versioned, Base):
    """A line of income in the forecast: its first year's amount, growing each year."""

    __tablename__ = "income_stream"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Money)  # in its first year (start_year)
    growth: Mapped[Decimal] = mapped_column(Growth, default=Decimal("0.00"))
    start_year: Mapped[int] = mapped_column(Integer, default=1)  # 1-5
    end_year: Mapped[int | None] = mapped_column(Integer)  # None: to the end of the plan
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="income_streams")


class RunningCost(Versioned, Base):
    """A line of running costs in the forecast (the same shape as IncomeStream)."""

    __tablename__ = "running_cost"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Money)
    growth: Mapped[Decimal] = mapped_column(Growth, default=Decimal("0.00"))
    start_year: Mapped[int] = mapped_column(Integer, default=1)
    end_year: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="running_costs")


class Risk(Versioned, Base):
    """A line of the risk register: likelihood and impact 1-5 (the score is derived)."""

    __tablename__ = "plan_risk"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30), default="other")
    likelihood: Mapped[int] = mapped_column(Integer, default=3)
    impact: Mapped[int] = mapped_column(Integer, default=3)
    mitigation: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    # Which of the pre-filled risks this row began as ("" for the group's own).
    prefill_key: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="risks")


class ImpactMeasure(Versioned, Base):
    """A social impact measure: what is measured, from where to where, and how."""

    __tablename__ = "impact_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(String(200))
    baseline: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[str] = mapped_column(String(200), default="")
    how_measured: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="impact_measures")


# Leases and Community Asset Transfer live in their own module; importing it here
# registers their mappers whenever the model is imported.
import cattool.core.lease.model  # noqa: E402

# The adviser's review comments (core/review_model.py), likewise.
import cattool.core.review_model  # noqa: E402, F401
