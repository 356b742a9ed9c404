"""Soft delete of projects and documents: when (``archived_at``) and by whom (``archived_by``) an item
was archived. Both stay NULL for a live item, so every existing row stays live and unchanged.

Revision ID: 0005_archive
Revises: 0004_comments_batches_runs
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_archive"
down_revision = "0004_comments_batches_runs"
branch_labels = None
depends_on = None

_TABLES = ("projects", "documents")


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table in _TABLES:
        columns = {c["name"] for c in inspector.get_columns(table)}
        with op.batch_alter_table(table) as batch:
            if "archived_at" not in columns:
                batch.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
            if "archived_by" not in columns:
                batch.add_column(sa.Column("archived_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("archived_by")
            batch.drop_column("archived_at")
