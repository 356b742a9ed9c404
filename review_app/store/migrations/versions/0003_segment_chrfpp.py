"""Per-segment chrF++ (the metric registry's ``chrf++``) of the MT and of the corrected text, and the scores
of the segments already stored, computed with sacrebleu like new imports.

A database created by ``create_all`` after the columns were added to the models, but before it
had an Alembic version, already has them: they are only added where missing.

Revision ID: 0003_segment_chrfpp
Revises: 0002_accounts
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_segment_chrfpp"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    from review_app.scoring.metrics import sentence_scores

    bind = op.get_bind()
    existing = {c["name"] for c in sa.inspect(bind).get_columns("segments")}
    with op.batch_alter_table("segments") as batch:
        for name in ("chrfpp", "corrected_chrfpp"):
            if name not in existing:
                batch.add_column(sa.Column(name, sa.Float(), nullable=True))
    segments = sa.table("segments", sa.column("id", sa.Integer), sa.column("mt", sa.Text),
                        sa.column("ref", sa.Text), sa.column("corrected", sa.Text),
                        sa.column("chrfpp", sa.Float), sa.column("corrected_chrfpp", sa.Float))
    last = 0
    while True:
        rows = bind.execute(sa.select(segments.c.id, segments.c.mt, segments.c.ref, segments.c.corrected)
                            .where(segments.c.id > last, segments.c.chrfpp.is_(None)).order_by(segments.c.id)
                            .limit(_BATCH)).all()
        if not rows:
            break
        refs = [[r.ref for r in rows]]
        mt = sentence_scores([r.mt for r in rows], refs, metrics=("chrf++",))
        corrected = sentence_scores([r.corrected for r in rows], refs, metrics=("chrf++",))
        for row, a, b in zip(rows, mt, corrected, strict=True):
            bind.execute(segments.update().where(segments.c.id == row.id)
                         .values(chrfpp=a["chrf++"], corrected_chrfpp=b["chrf++"]))
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("corrected_chrfpp")
        batch.drop_column("chrfpp")
