"""Reviewers correct the alignment: the input sentences of each document (``sentences``), who confirmed or
set a link (``segments.confirmed_by``), and how often a document was re-aligned (``documents.realigned``).
Documents imported before keep no sentences: a segment of theirs holding one sentence a side is re-cut
from its own text, one holding more asks for a re-import (``store.realign``).

Revision ID: 0013_realign
Revises: 0012_segment_stats
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_realign"
down_revision = "0012_segment_stats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "sentences" not in inspector.get_table_names():
        op.create_table(
            "sentences",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("document_id", sa.Integer(), nullable=False),
            sa.Column("side", sa.String(length=3), nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("document_id", "side", "number", name="uq_sentences_document_side_number"),
        )
    if "confirmed_by" not in {c["name"] for c in inspector.get_columns("segments")}:
        with op.batch_alter_table("segments") as batch:
            batch.add_column(sa.Column("confirmed_by", sa.String(length=200), nullable=True))
    if "realigned" not in {c["name"] for c in inspector.get_columns("documents")}:
        with op.batch_alter_table("documents") as batch:
            batch.add_column(sa.Column("realigned", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("realigned")
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("confirmed_by")
    op.drop_table("sentences")
