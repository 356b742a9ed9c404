"""Which text a finding's span points into: ``span_on`` is ``mt`` (the checks at import) or
``corrected`` (a problem an edit introduced, found by the re-check after it). Every existing finding
was found on the MT, so the column starts as ``mt`` everywhere.

Revision ID: 0009_finding_span_on
Revises: 0008_segment_search
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_finding_span_on"
down_revision = "0008_segment_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("findings")}
    if "span_on" not in columns:
        with op.batch_alter_table("findings") as batch:
            batch.add_column(sa.Column("span_on", sa.String(length=20), nullable=False, server_default="mt"))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("span_on")
