"""audit index: audit_entry(entity, entity_id), for a record's history and conflicts

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 23:00:00

A conflict names who changed the record last and when (conflicts._field_changes), and a
record's history lists its entries: both look audit entries up by (entity, entity_id),
which without an index reads the whole trail on every conflict.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_entry_entity_entity_id", ["entity", "entity_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity_entity_id")
