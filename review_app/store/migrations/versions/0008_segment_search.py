"""Segments get ``search``: their texts casefolded by Python, so that "Search text" ignores case in every
script on SQLite (whose LIKE folds ASCII only) as on PostgreSQL; filled here for existing segments.

Revision ID: 0008_segment_search
Revises: 0007_presence
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from review_app.store.search import search_text

revision = "0008_segment_search"
down_revision = "0007_presence"
branch_labels = None
depends_on = None

_BATCH = 2000
_segments = sa.table("segments", sa.column("id", sa.Integer), sa.column("src", sa.Text), sa.column("mt", sa.Text),
                     sa.column("ref", sa.Text), sa.column("corrected", sa.Text), sa.column("search", sa.Text))


def upgrade() -> None:
    connection = op.get_bind()
    if "search" not in {c["name"] for c in sa.inspect(connection).get_columns("segments")}:  # as 0005 does
        op.add_column("segments", sa.Column("search", sa.Text(), server_default="", nullable=False))
    last = 0
    while True:  # in id order, one batch in memory at a time
        rows = connection.execute(
            sa.select(_segments.c.id, _segments.c.mt, _segments.c.ref, _segments.c.corrected, _segments.c.src)
            .where(_segments.c.id > last).order_by(_segments.c.id).limit(_BATCH)).all()
        if not rows:
            break
        connection.execute(
            _segments.update().where(_segments.c.id == sa.bindparam("segment_id")).values(search=sa.bindparam("text")),
            [{"segment_id": row.id, "text": search_text(row.mt, row.ref, row.corrected, row.src)} for row in rows])
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("search")
