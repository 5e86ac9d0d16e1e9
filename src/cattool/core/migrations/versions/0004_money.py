"""money: funding plan, funding sources, share offer and register, funds, money settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def money(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=12, scale=2), nullable=nullable)


def percent(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=5, scale=2), nullable=True)


def text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def string(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def date(name: str) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=True)


def flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False)


def ident() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def version() -> sa.Column:
    return sa.Column("version", sa.Integer(), nullable=False)


def case_link(table: str) -> tuple[sa.Column, sa.ForeignKeyConstraint]:
    return (
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["acv_case.id"],
            name=op.f(f"fk_{table}_case_id_acv_case"),
            ondelete="CASCADE",
        ),
    )


def upgrade() -> None:
    op.create_table(
        "fund",
        ident(),
        string("key", 60),
        string("name", 200),
        string("funder", 200),
        string("kind", 30),
        string("status", 20),
        text("status_note"),
        money("award_min"),
        money("award_max"),
        text("award_note"),
        percent("match_percent"),
        text("match_note"),
        sa.Column("min_lease_years", sa.Integer(), nullable=True),
        text("lease_note"),
        text("legal_forms"),
        flag("incorporation_required"),
        flag("asset_lock_required"),
        text("conditions"),
        text("url"),
        text("citation"),
        date("checked_on"),
        text("note"),
        flag("hidden"),
        version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund")),
        sa.UniqueConstraint("key", name=op.f("uq_fund_key")),
    )
    op.create_table(
        "money_setting",
        ident(),
        string("key", 60),
        string("value", 200),
        text("source"),
        flag("provisional"),
        string("set_by", 120),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_money_setting")),
        sa.UniqueConstraint("key", name=op.f("uq_money_setting_key")),
    )
    op.create_table(
        "funding_plan",
        ident(),
        *case_link("funding_plan"),
        money("purchase_price"),
        money("valuation"),
        money("fees"),
        money("stamp_duty"),
        money("refurbishment"),
        money("contingency"),
        money("working_capital"),
        money("minimum_need"),
        money("target_need"),
        money("maximum_need"),
        percent("likelihood_idea"),
        percent("likelihood_applied"),
        percent("likelihood_pledged"),
        percent("likelihood_awarded"),
        string("tenure", 20),
        sa.Column("lease_years", sa.Integer(), nullable=True),
        text("note"),
        version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_plan")),
        sa.UniqueConstraint("case_id", name=op.f("uq_funding_plan_case_id")),
    )
    op.create_table(
        "funding_source",
        ident(),
        *case_link("funding_source"),
        string("kind", 30),
        string("funder", 200),
        string("fund_name", 200),
        string("fund_key", 60),
        money("amount", nullable=False),
        string("status", 20),
        date("applied_on"),
        date("decision_expected"),
        date("expected_on"),
        date("received_on"),
        percent("likelihood"),
        percent("match_percent"),
        sa.Column("min_lease_years", sa.Integer(), nullable=True),
        flag("incorporation_required"),
        date("condition_deadline"),
        text("conditions_note"),
        text("note"),
        version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_source")),
    )
    with op.batch_alter_table("funding_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_funding_source_case_id"), ["case_id"], unique=False)
    op.create_table(
        "share_offer",
        ident(),
        *case_link("share_offer"),
        string("society_type", 40),
        money("min_holding"),
        money("max_holding"),
        money("min_raise"),
        money("target_raise"),
        money("max_raise"),
        money("scale_floor"),
        date("opens_on"),
        date("closes_on"),
        percent("interest_rate"),
        text("withdrawal_rules"),
        text("note"),
        version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_offer")),
        sa.UniqueConstraint("case_id", name=op.f("uq_share_offer_case_id")),
    )
    op.create_table(
        "share_application",
        ident(),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        string("name", 200),
        text("address"),
        string("postcode", 10),
        string("email", 200),
        money("amount_applied", nullable=False),
        date("applied_on"),
        money("amount_paid", nullable=False),
        date("paid_on"),
        money("amount_refunded", nullable=False),
        date("refunded_on"),
        text("note"),
        version(),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["share_offer.id"],
            name=op.f("fk_share_application_offer_id_share_offer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_application")),
    )
    with op.batch_alter_table("share_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_share_application_offer_id"), ["offer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("share_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_share_application_offer_id"))
    op.drop_table("share_application")
    op.drop_table("share_offer")
    with op.batch_alter_table("funding_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_source_case_id"))
    op.drop_table("funding_source")
    op.drop_table("funding_plan")
    op.drop_table("money_setting")
    op.drop_table("fund")
