"""Segments keep the sufficient statistics of the default corpus metrics by metric id, one row per side, in one
JSON column ``stats`` (``{"chrf": {"mt": [...], "corrected": [...]}, …}``), so that project corpus scores and their
bootstrap sum and resample stored rows instead of scoring every text again.

An index on events (project, id) finds a project's newest event, the key of its cached reports, in one step.

The rows of the segments already stored are computed here from their texts, batch by batch (what an import and
every edit store from now on).

Revision ID: 0012_segment_stats
Revises: 0011_segment_scores
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012_segment_stats"
down_revision = "0011_segment_scores"
branch_labels = None
depends_on = None

_BATCH = 1000


def _rows(texts: list[str], refs: list[str], sources: list[str | None]) -> list[dict[str, list[float]]]:
    # The statistics as review_app computes them now (see store.rescore.corrected_scores).
    from review_app.scoring.metrics import scores_and_statistics
    from review_app.scoring.registry import default_metrics, without_source

    out: list[dict[str, list[float]]] = [{} for _ in texts]
    for has_source in (True, False):
        part = [i for i, src in enumerate(sources) if (src is not None) == has_source]
        if part:
            values = scores_and_statistics([texts[i] for i in part], [[refs[i] for i in part]], (),
                                           without_source(default_metrics(), has_source),
                                           [sources[i] for i in part] if has_source else None)
            for i, (_scores, rows) in zip(part, values, strict=True):
                out[i] = rows
    return out


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    # A database put back by hand to an older revision may have either already.
    if "stats" not in {c["name"] for c in inspector.get_columns("segments")}:
        with op.batch_alter_table("segments") as batch:
            batch.add_column(sa.Column("stats", sa.JSON(), server_default="{}", nullable=False))
    if not any(index["name"] == "ix_events_project_newest" for index in inspector.get_indexes("events")):
        op.create_index("ix_events_project_newest", "events", ["project_id", "id"], unique=False)
    segments = sa.table("segments", sa.column("id", sa.Integer), sa.column("mt", sa.Text), sa.column("ref", sa.Text),
                        sa.column("src", sa.Text), sa.column("corrected", sa.Text), sa.column("stats", sa.JSON))
    update = (segments.update().where(segments.c.id == sa.bindparam("_id"))
              .values(stats=sa.bindparam("_stats")))
    last = 0
    while rows := bind.execute(sa.select(segments.c.id, segments.c.mt, segments.c.ref, segments.c.src,
                                         segments.c.corrected).where(segments.c.id > last)
                               .order_by(segments.c.id).limit(_BATCH)).all():
        refs, sources = [r.ref for r in rows], [r.src for r in rows]
        mt = _rows([r.mt for r in rows], refs, sources)
        edited = [i for i, r in enumerate(rows) if r.corrected != r.mt]  # the others' rows are the MT's
        corrected = list(mt)
        for i, value in zip(edited, _rows([rows[i].corrected for i in edited], [refs[i] for i in edited],
                                          [sources[i] for i in edited]), strict=True):
            corrected[i] = value
        values: list[dict[str, Any]] = [
            {"_id": row.id, "_stats": {name: {"mt": m[name], "corrected": c[name]} for name in m}}
            for row, m, c in zip(rows, mt, corrected, strict=True)]
        bind.execute(update, values)
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_events_project_newest", table_name="events")
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("stats")
