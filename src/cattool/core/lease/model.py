"""The lease records: the terms of a lease, its break clauses, and per-case overrides of
the CAT timetable. Facts only: key dates, checks and CAT stages are derived elsewhere.

A case may hold several leases (e.g. the short lease the group occupies under today and
the 25-year CAT lease being negotiated to replace it; or a hall and its car park), so
Lease is a list per case, ordered by id. Each row belongs to its case and goes with it
(ON DELETE CASCADE, and an ORM cascade through the `Case.leases` backref).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from cattool.core.model import Base, Case, Money, Versioned


class Lease(Versioned, Base):
    """One lease's terms (DOMAIN.md §7). Blank text is "", unknown numbers/dates None."""

    __tablename__ = "lease"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    # negotiating (terms being agreed), signed (in force: its key dates are reminded),
    # ended. A new lease is one granted now (the 2026 Act's ban on upward-only rent
    # reviews applies to new leases); an existing lease is one already running.
    status: Mapped[str] = mapped_column(String(20), default="negotiating")
    is_new: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    landlord: Mapped[str] = mapped_column(String(200), default="")
    landlord_party_id: Mapped[int | None] = mapped_column(
        ForeignKey("party.id", ondelete="SET NULL"), nullable=True
    )
    tenant: Mapped[str] = mapped_column(String(200), default="")
    tenant_party_id: Mapped[int | None] = mapped_column(
        ForeignKey("party.id", ondelete="SET NULL"), nullable=True
    )
    premises: Mapped[str] = mapped_column(Text, default="")
    plan_path: Mapped[str] = mapped_column(Text, default="")
    term_years: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)  # None: start + term
    peppercorn: Mapped[bool] = mapped_column(Boolean, default=False)
    rent: Mapped[Decimal | None] = mapped_column(Money)  # a year
    premium: Mapped[Decimal | None] = mapped_column(Money)
    rent_review_years: Mapped[int | None] = mapped_column(Integer)  # every N years
    rent_review_basis: Mapped[str] = mapped_column(String(20), default="")
    repairing: Mapped[str] = mapped_column(String(30), default="")
    schedule_of_condition: Mapped[str] = mapped_column(Text, default="")
    building_condition: Mapped[str] = mapped_column(String(10), default="")
    insurance_by: Mapped[str] = mapped_column(String(20), default="")
    insurance_renewal: Mapped[dt.date | None] = mapped_column(Date)  # next renewal
    user_clause: Mapped[str] = mapped_column(Text, default="")
    alienation: Mapped[str] = mapped_column(Text, default="")
    overage: Mapped[str] = mapped_column(Text, default="")
    service_charge: Mapped[str] = mapped_column(Text, default="")
    legal_costs_by: Mapped[str] = mapped_column(String(20), default="")
    rate_relief: Mapped[str] = mapped_column(Text, default="")
    conditions_precedent: Mapped[str] = mapped_column(Text, default="")
    market_value: Mapped[Decimal | None] = mapped_column(Money)
    price: Mapped[Decimal | None] = mapped_column(Money)  # what the group pays for it
    repair_cycle_years: Mapped[int | None] = mapped_column(Integer)
    decoration_cycle_years: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(
        backref=backref("leases", cascade="all, delete-orphan", order_by="Lease.id")
    )
    breaks: Mapped[list[LeaseBreak]] = relationship(
        back_populates="lease", cascade="all, delete-orphan", order_by="LeaseBreak.id"
    )


class LeaseBreak(Versioned, Base):
    """A break clause: who may end the lease early, when, and on how much notice.

    Either a fixed `break_date`, or a rolling break on the anniversary of the start in
    year `from_year` and every `every_years` after (every_years None: that year only).
    """

    __tablename__ = "lease_break"

    id: Mapped[int] = mapped_column(primary_key=True)
    lease_id: Mapped[int] = mapped_column(ForeignKey("lease.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(20), default="either")  # landlord, tenant, either
    break_date: Mapped[dt.date | None] = mapped_column(Date)
    from_year: Mapped[int | None] = mapped_column(Integer)
    every_years: Mapped[int | None] = mapped_column(Integer)
    notice_months: Mapped[int] = mapped_column(Integer, default=6)
    note: Mapped[str] = mapped_column(Text, default="")

    lease: Mapped[Lease] = relationship(back_populates="breaks")


class CatPolicyOverride(Versioned, Base):
    """This council's time for one CAT step, where it differs from cattool's default
    (resources/cat_policy.toml): council policy, never law."""

    __tablename__ = "cat_policy_override"
    __table_args__ = (UniqueConstraint("case_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    weeks: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(
        backref=backref("cat_policy_overrides", cascade="all, delete-orphan")
    )
