"""Presence: which browser session has which document and segment open, and when it was last seen.

Revision ID: 0007_presence
Revises: 0006_demo_login_marker
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_presence"
down_revision = "0006_demo_login_marker"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("presence"):  # a database put back to an older revision by hand
        return
    op.create_table(
        "presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client"),
    )
    op.create_index(op.f("ix_presence_document_id"), "presence", ["document_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_presence_document_id"), table_name="presence")
    op.drop_table("presence")
