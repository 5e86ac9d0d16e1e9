"""documents: generated-document records; nomination and organisation details

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ASSET_COLUMNS = (
    ("community_use", sa.String(length=20)),
    ("community_value", sa.Text()),
    ("plan_path", sa.Text()),
)
GROUP_COLUMNS = (
    ("address", sa.Text()),
    ("email", sa.String(length=200)),
    ("phone", sa.String(length=40)),
    ("contact_name", sa.String(length=200)),
    ("contact_role", sa.String(length=80)),
    ("governing_document", sa.Text()),
    ("objects", sa.Text()),
)


def upgrade() -> None:
    # server_default fills existing rows; the models give new rows their defaults.
    with op.batch_alter_table("asset", schema=None) as batch_op:
        for name, type_ in ASSET_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=""))
    with op.batch_alter_table("community_group", schema=None) as batch_op:
        for name, type_ in GROUP_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=""))
    op.create_table(
        "generated_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("generated_at", sa.DateTime(), nullable=False),
        sa.Column("generated_by", sa.String(length=120), nullable=False),
        sa.Column("sent_event_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["acv_case.id"],
            name=op.f("fk_generated_document_case_id_acv_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_event_id"],
            ["event.id"],
            name=op.f("fk_generated_document_sent_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generated_document")),
        sa.UniqueConstraint(
            "case_id", "kind", "revision", name=op.f("uq_generated_document_case_id")
        ),
    )
    with op.batch_alter_table("generated_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_generated_document_case_id"), ["case_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("generated_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_generated_document_case_id"))
    op.drop_table("generated_document")
    with op.batch_alter_table("community_group", schema=None) as batch_op:
        for name, _ in reversed(GROUP_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table("asset", schema=None) as batch_op:
        for name, _ in reversed(ASSET_COLUMNS):
            batch_op.drop_column(name)
