"""leases and Community Asset Transfer: lease, lease_break, cat_policy_override

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def money(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=12, scale=2), nullable=True)


def text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def string(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def integer(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def date(name: str) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=True)


def flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False)


def owned(table: str, owner_column: str, owner_table: str) -> tuple:
    """id, the cascading link to the owner row, and version, with their constraints."""
    return (
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(owner_column, sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            [owner_column],
            [f"{owner_table}.id"],
            name=op.f(f"fk_{table}_{owner_column}_{owner_table}"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )


def index(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def party_link(table: str, column: str) -> tuple:
    return (
        sa.Column(column, sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            [column], ["party.id"], name=op.f(f"fk_{table}_{column}_party"), ondelete="SET NULL"
        ),
    )


def upgrade() -> None:
    op.create_table(
        "lease",
        string("status", 20),
        flag("is_new"),
        string("title", 200),
        string("landlord", 200),
        *party_link("lease", "landlord_party_id"),
        string("tenant", 200),
        *party_link("lease", "tenant_party_id"),
        text("premises"),
        text("plan_path"),
        integer("term_years"),
        date("start_date"),
        date("end_date"),
        flag("peppercorn"),
        money("rent"),
        money("premium"),
        integer("rent_review_years"),
        string("rent_review_basis", 20),
        string("repairing", 30),
        text("schedule_of_condition"),
        string("building_condition", 10),
        string("insurance_by", 20),
        date("insurance_renewal"),
        text("user_clause"),
        text("alienation"),
        text("overage"),
        text("service_charge"),
        string("legal_costs_by", 20),
        text("rate_relief"),
        text("conditions_precedent"),
        money("market_value"),
        money("price"),
        integer("repair_cycle_years"),
        integer("decoration_cycle_years"),
        text("note"),
        *owned("lease", "case_id", "acv_case"),
    )
    index("lease", "case_id")
    op.create_table(
        "lease_break",
        string("party", 20),
        date("break_date"),
        integer("from_year"),
        integer("every_years"),
        integer("notice_months", nullable=False),
        text("note"),
        *owned("lease_break", "lease_id", "lease"),
    )
    index("lease_break", "lease_id")
    op.create_table(
        "cat_policy_override",
        string("stage", 40),
        integer("weeks", nullable=False),
        text("source"),
        *owned("cat_policy_override", "case_id", "acv_case"),
        sa.UniqueConstraint("case_id", "stage", name=op.f("uq_cat_policy_override_case_id")),
    )
    index("cat_policy_override", "case_id")


def downgrade() -> None:
    for table, column in (
        ("cat_policy_override", "case_id"),
        ("lease_break", "lease_id"),
        ("lease", "case_id"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
