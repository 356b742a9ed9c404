"""Documents keep the keys of their MT's short lines (``documents.line_keys``), so an import finds the lines that
recur across the project's documents (page furniture) without reading their texts. The keys of the documents
already stored are computed here from their MT as imported.

Revision ID: 0014_document_line_keys
Revises: 0013_realign
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_document_line_keys"
down_revision = "0013_realign"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The keys as review_app computes them at an import (see store.repository.add_document).
    from review_app.checks.chrome import line_keys

    bind = op.get_bind()
    if "line_keys" not in {c["name"] for c in sa.inspect(bind).get_columns("documents")}:
        with op.batch_alter_table("documents") as batch:
            batch.add_column(sa.Column("line_keys", sa.JSON(), nullable=True))
    documents = sa.table("documents", sa.column("id", sa.Integer()), sa.column("mt_text", sa.Text()),
                         sa.column("line_keys", sa.JSON()))
    ids = bind.execute(sa.select(documents.c.id).where(documents.c.line_keys.is_(None))).scalars().all()
    for document_id in ids:  # one document's text at a time
        text = bind.execute(sa.select(documents.c.mt_text).where(documents.c.id == document_id)).scalar_one()
        bind.execute(documents.update().where(documents.c.id == document_id)
                     .values(line_keys=line_keys((text or "").split("\n"))))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("line_keys")
