"""Review-workspace and history tables: comments on segments, the batch id of events (a bulk action
undone as one), and recorded ``qa`` runs (``qa --run-name``, ``qa-history``, ``--baseline``).

A database created by ``create_all`` from models that already had them, before it had an Alembic
version, holds some of them: each is only created where missing.

Revision ID: 0004_comments_batches_runs
Revises: 0003_segment_chrfpp
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_comments_batches_runs"
down_revision = "0003_segment_chrfpp"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("comments"):
        op.create_table(
            "comments",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("segment_id", sa.Integer(), nullable=False),
            sa.Column("author", sa.String(length=200), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["segment_id"], ["segments.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_comments_segment_id"), "comments", ["segment_id"], unique=False)
    if not inspector.has_table("qa_runs"):
        op.create_table(
            "qa_runs",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("project", sa.String(length=200), nullable=False),
            sa.Column("system", sa.String(length=300), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("documents", sa.Integer(), nullable=False),
            sa.Column("segments", sa.Integer(), nullable=False),
            sa.Column("scored_segments", sa.Integer(), nullable=False),
            sa.Column("passed", sa.Boolean(), nullable=False),
            sa.Column("scores", sa.JSON(), nullable=False),
            sa.Column("findings", sa.JSON(), nullable=False),
            sa.Column("gates", sa.JSON(), nullable=False),
            sa.Column("inputs", sa.JSON(), nullable=False),
            sa.Column("settings", sa.JSON(), nullable=False),
            sa.Column("segments_digest", sa.String(length=64), nullable=False),
            sa.Column("statistics", sa.LargeBinary(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("name"),
        )
        op.create_index("ix_qa_runs_project_system", "qa_runs", ["project", "system", "created_at"], unique=False)
    columns = {c["name"] for c in inspector.get_columns("events")}
    indexes = {i["name"] for i in inspector.get_indexes("events")}
    with op.batch_alter_table("events") as batch:
        if "batch" not in columns:
            batch.add_column(sa.Column("batch", sa.String(length=40), nullable=True))
        if "ix_events_batch" not in indexes:
            batch.create_index(batch.f("ix_events_batch"), ["batch"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index(batch.f("ix_events_batch"))
        batch.drop_column("batch")
    op.drop_index("ix_qa_runs_project_system", table_name="qa_runs")
    op.drop_table("qa_runs")
    op.drop_index(op.f("ix_comments_segment_id"), table_name="comments")
    op.drop_table("comments")
