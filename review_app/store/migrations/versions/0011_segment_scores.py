"""Segments keep their sentence scores by metric id with their signature, in one JSON column ``scores``
(``{"chrf": {"mt": 54.2, "corrected": 61.0, "signature": "nrefs:1|…"}, …}``), so a new metric (a plugin's)
needs no schema change. The eight columns of BLEU, chrF, chrF++ and TER (MT and corrected) are moved
into it, value for value, and dropped, with their index.

A database put back by hand to an older revision may already have ``scores`` or lack some of the
old columns: the column is added only where missing, the columns found are moved (without
overwriting a metric ``scores`` holds already) and dropped.

Revision ID: 0011_segment_scores
Revises: 0010_sso_identities
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011_segment_scores"
down_revision = "0010_sso_identities"
branch_labels = None
depends_on = None

# metric id → the column of its MT score (the corrected text's: corrected_<column>)
_COLUMNS = {"bleu": "bleu", "chrf": "chrf", "chrf++": "chrfpp", "ter": "ter"}
_INDEX = "ix_segments_document_chrf"
_BATCH = 2000


def _signature(metric: str) -> str:
    # The signature of the sentence scores as review_app computes them now (one reference).
    from review_app.scoring.registry import metric_spec

    return metric_spec(metric).signature(sentence=True)


def _segments(*names: str) -> sa.TableClause:
    columns = [sa.column("id", sa.Integer), sa.column("scores", sa.JSON)]
    columns += [sa.column(name, sa.Float) for name in names]
    return sa.table("segments", *columns)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    existing = {c["name"] for c in inspector.get_columns("segments")}
    if "scores" not in existing:
        with op.batch_alter_table("segments") as batch:
            batch.add_column(sa.Column("scores", sa.JSON(), server_default="{}", nullable=False))
    found = {metric: column for metric, column in _COLUMNS.items() if column in existing}
    old = [name for column in found.values() for name in (column, f"corrected_{column}") if name in existing]
    if not old:
        return
    segments = _segments(*old)
    signatures = {metric: _signature(metric) for metric in found}
    update = (segments.update().where(segments.c.id == sa.bindparam("_id"))
              .values(scores=sa.bindparam("_scores")))
    last = 0
    while rows := bind.execute(sa.select(segments).where(segments.c.id > last).order_by(segments.c.id)
                               .limit(_BATCH)).mappings().all():
        values = []
        for row in rows:
            scores: dict[str, Any] = dict(row["scores"] or {})
            for metric, column in found.items():
                if metric not in scores:
                    scores[metric] = {"mt": row.get(column), "corrected": row.get(f"corrected_{column}"),
                                      "signature": signatures[metric]}
            values.append({"_id": row["id"], "_scores": scores})
        bind.execute(update, values)
        last = rows[-1]["id"]
    if any(index["name"] == _INDEX for index in inspector.get_indexes("segments")):
        op.drop_index(_INDEX, table_name="segments")
    with op.batch_alter_table("segments") as batch:
        for name in old:
            batch.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        for column in _COLUMNS.values():
            batch.add_column(sa.Column(column, sa.Float(), nullable=True))
            batch.add_column(sa.Column(f"corrected_{column}", sa.Float(), nullable=True))
    bind = op.get_bind()
    names = [name for column in _COLUMNS.values() for name in (column, f"corrected_{column}")]
    segments = _segments(*names)
    update = (segments.update().where(segments.c.id == sa.bindparam("_id"))
              .values({name: sa.bindparam(f"_{name}") for name in names}))
    last = 0
    while rows := bind.execute(sa.select(segments.c.id, segments.c.scores).where(segments.c.id > last)
                               .order_by(segments.c.id).limit(_BATCH)).all():
        values = []
        for row in rows:
            scores = row.scores or {}
            value: dict[str, Any] = {"_id": row.id}
            for metric, column in _COLUMNS.items():
                entry = scores.get(metric) or {}
                value[f"_{column}"], value[f"_corrected_{column}"] = entry.get("mt"), entry.get("corrected")
            values.append(value)
        bind.execute(update, values)
        last = rows[-1].id
    op.create_index(_INDEX, "segments", ["document_id", "chrf"], unique=False)
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("scores")
