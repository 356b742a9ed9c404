"""Run history: ``qa`` runs recorded with their summary, inputs' hashes and per-segment statistics.

Each run is one row of ``qa_runs`` (written in one transaction); the statistics are kept as a
compressed ``.npz`` so a later run on the same segments can be tested against it pair by pair.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, TypeVarTuple

import numpy as np
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from review_app.store.auth import Actor, require_admin
from review_app.store.base import StoreBase, count_of, paged, where_given
from review_app.store.models import QaRun
from review_app.store.records import StoreError

_Row = TypeVarTuple("_Row")


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSummary:
    """What every run records: names, counts, the summary's parts and the scored segments' digest."""

    name: str
    project: str
    system: str
    documents: int
    segments: int
    scored_segments: int
    passed: bool
    scores: dict[str, Any]
    findings: dict[str, Any]
    gates: dict[str, Any]
    inputs: dict[str, Any]
    settings: dict[str, Any]
    segments_digest: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NewRun(RunSummary):
    """A run to record: its summary and its per-segment statistics."""

    statistics: Mapping[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunInfo(RunSummary):
    """A recorded run (without its statistics, which :meth:`Runs.run_statistics` reads)."""

    id: int
    created_at: datetime


_SUMMARY = tuple(f.name for f in fields(RunSummary))


def _summary(run: RunSummary | QaRun) -> dict[str, Any]:
    """The summary fields of a run to record or of a stored row (JSON values copied, never shared)."""
    values = {name: getattr(run, name) for name in _SUMMARY}
    return {name: dict(value) if isinstance(value, dict) else value for name, value in values.items()}


def _info(run: QaRun) -> RunInfo:
    return RunInfo(id=run.id, created_at=run.created_at, **_summary(run))


def pack_statistics(statistics: Mapping[str, np.ndarray]) -> bytes:
    """Per-metric arrays as compressed ``.npz`` bytes (metric names as keys, any characters)."""
    buffer = io.BytesIO()
    names = list(statistics)
    # Positional arrays (arr_0 = the names, arr_1… = the metrics in that order): names may hold any character.
    np.savez_compressed(buffer, np.array(names), *[statistics[n] for n in names])
    return buffer.getvalue()


def unpack_statistics(data: bytes | None) -> dict[str, np.ndarray]:
    """The arrays :func:`pack_statistics` packed."""
    if not data:
        return {}
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        return {str(name): archive[f"arr_{i + 1}"] for i, name in enumerate(archive["arr_0"])}


class Runs(StoreBase):
    """Recording and reading ``qa`` runs."""

    def record_run(self, run: NewRun, *, actor: Actor) -> RunInfo:
        """Store one run (an admin or the operator: the ``qa`` command runs as the operator); a name
        already taken raises :class:`StoreError`."""
        row = QaRun(**_summary(run), statistics=pack_statistics(run.statistics) if run.statistics else None)
        try:
            with self._write() as session:
                require_admin(session, actor, "recording a qa run")
                session.add(row)
                session.flush()
                return _info(row)
        except IntegrityError:
            raise StoreError(f"a run named {run.name!r} is already recorded; choose another --run-name") from None

    def run_by_name(self, name: str) -> RunInfo | None:
        """The run called ``name``, if any."""
        with self._read() as session:
            row = session.scalars(select(QaRun).where(QaRun.name == name)).one_or_none()
            return _info(row) if row else None

    def runs(self, project: str | None = None, system: str | None = None, *, systems: Sequence[str] | None = None,
             offset: int = 0, limit: int | None = None) -> list[RunInfo]:
        """Recorded runs, oldest first, optionally of one project and/or system (or of ``systems``;
        ``offset``/``limit``: one page of them)."""
        stmt = _runs(select(QaRun), project, system, systems).order_by(QaRun.created_at, QaRun.id)
        with self._read() as session:
            return [_info(row) for row in session.scalars(paged(stmt, offset, limit))]

    def run_count(self, project: str | None = None, system: str | None = None, *,
                  systems: Sequence[str] | None = None) -> int:
        """How many runs :meth:`runs` lists."""
        with self._read() as session:
            return count_of(session, _runs(select(QaRun.id), project, system, systems))

    def run_projects(self) -> list[str]:
        """The projects runs were recorded for ("" for none), sorted."""
        with self._read() as session:
            return list(session.scalars(select(QaRun.project).distinct().order_by(QaRun.project)))

    def run_systems(self, project: str) -> list[str]:
        """The systems of the runs recorded for ``project``, sorted."""
        with self._read() as session:
            return list(session.scalars(select(QaRun.system).where(QaRun.project == project).distinct()
                                        .order_by(QaRun.system)))

    def run_statistics(self, run_id: int) -> dict[str, np.ndarray]:
        """The per-segment statistics recorded with run ``run_id`` (empty if none were)."""
        with self._read() as session:
            data = session.scalar(select(QaRun.statistics).where(QaRun.id == run_id))
        return unpack_statistics(data)


def _runs(stmt: Select[*_Row], project: str | None, system: str | None, systems: Sequence[str] | None
          ) -> Select[*_Row]:
    stmt = where_given(stmt, (QaRun.project, project), (QaRun.system, system))
    return stmt if systems is None else stmt.where(QaRun.system.in_(systems))
