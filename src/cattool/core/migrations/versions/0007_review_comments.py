"""review comments: review_comment (an adviser's comments, imported from review files)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 19:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("review_uid", sa.String(length=64), nullable=False),
        sa.Column("review_file", sa.String(length=300), nullable=False),
        sa.Column("item_table", sa.String(length=60), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("item_label", sa.String(length=300), nullable=False),
        sa.Column("page", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("signature", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=60), nullable=False),
        sa.Column("signer", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["acv_case.id"],
            name=op.f("fk_review_comment_case_id_acv_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comment")),
        sa.UniqueConstraint("case_id", "uid", name=op.f("uq_review_comment_case_id")),
    )
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_comment_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_comment_case_id"))
    op.drop_table("review_comment")
