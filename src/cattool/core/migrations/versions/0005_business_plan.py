"""business plan: settings, income streams, running costs, risk register, impact measures

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def money(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=12, scale=2), nullable=nullable)


def percent(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=5, scale=2), nullable=nullable)


def text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def string(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def integer(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def common(table: str) -> tuple:
    """id, case_id (cascading) and version, with their constraints."""
    return (
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["acv_case.id"],
            name=op.f(f"fk_{table}_case_id_acv_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )


def case_index(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_case_id"), ["case_id"], unique=False)


def line_table(table: str) -> None:
    op.create_table(
        table,
        string("category", 30),
        string("label", 200),
        money("amount", nullable=False),
        percent("growth", nullable=False),
        integer("start_year"),
        integer("end_year", nullable=True),
        text("note"),
        *common(table),
    )
    case_index(table)


LIST_TABLES = ("income_stream", "running_cost", "plan_risk", "impact_measure")


def upgrade() -> None:
    op.create_table(
        "business_plan",
        money("opening_cash"),
        sa.Column("starts_on", sa.Date(), nullable=True),
        money("loan_amount"),
        percent("loan_rate"),
        integer("loan_years", nullable=True),
        text("note"),
        *common("business_plan"),
        sa.UniqueConstraint("case_id", name=op.f("uq_business_plan_case_id")),
    )
    line_table("income_stream")
    line_table("running_cost")
    op.create_table(
        "plan_risk",
        string("title", 200),
        string("category", 30),
        integer("likelihood"),
        integer("impact"),
        text("mitigation"),
        string("owner", 200),
        sa.Column("review_on", sa.Date(), nullable=True),
        string("prefill_key", 40),
        text("note"),
        *common("plan_risk"),
    )
    case_index("plan_risk")
    op.create_table(
        "impact_measure",
        string("measure", 200),
        string("baseline", 200),
        string("target", 200),
        text("how_measured"),
        text("note"),
        *common("impact_measure"),
    )
    case_index("impact_measure")


def downgrade() -> None:
    for table in reversed(LIST_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_case_id"))
        op.drop_table(table)
    op.drop_table("business_plan")
