"""A 20,000-segment document stays responsive: pages, filters, sorts and actions are a few indexed SQL queries.

These tests check what makes them fast (how many statements, and that SQLite reads them through an index,
never scanning a table), not how long they take: the times are measured by
``scripts/bench.py --only app`` (BENCHMARKS.md), never asserted in a test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest
from sqlalchemy import event

from review_app.checks.base import Finding
from review_app.model import AlignedSegment
from review_app.store import SegmentFilter, Store
from review_app.store.models import score_value
from tests.people import OP, person

N = 20_000
T = TypeVar("T")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, int]:
    store = Store(str(tmp_path_factory.mktemp("scale") / "big.db"))
    project = store.create_project("Big", "ru", "en", actor=OP)
    segments = [
        AlignedSegment(mt=f"Sentence number {i} is a time—tested line.", ref=f"Sentence number {i} is a line.",
                       src=None, mt_ids=[i], ref_ids=[i], scores={"bleu": float(i % 100), "chrf": float((i * 37) % 100),
                       "ter": float(i % 50)})
        for i in range(N)
    ]
    findings = [
        [Finding(1, s.mt.index("—"), s.mt.index("—") + 1, "dash-in-compound", "Fluency/Punctuation",
                 "major" if i % 7 == 0 else "minor", "dash", "-")] if i % 10 == 0 else []
        for i, s in enumerate(segments)
    ]
    document = store.add_document(project.id, "big", segments, findings, actor=OP)
    return store, document.id


@contextmanager
def _statements(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """The SQL statements (with their parameters) the store runs inside the block."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: Any, *_rest: object) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def _plans(store: Store, call: Callable[[], T]) -> tuple[T, list[list[str]]]:
    """``call()``'s result and SQLite's query plan of every data statement it ran."""
    with _statements(store) as seen:
        result = call()
    database = sqlite3.connect(store.engine.url.database or "")
    try:
        data = [(statement, parameters) for statement, parameters in seen
                if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))]
        plans = [[row[3] for row in database.execute(f"EXPLAIN QUERY PLAN {statement}", parameters or ())]
                 for statement, parameters in data]
    finally:
        database.close()
    return result, plans


def _no_table_scan(plans: list[list[str]]) -> None:
    scans = [step for plan in plans for step in plan if step.startswith("SCAN ")]
    assert not scans, f"full table scans: {scans}"


@pytest.mark.parametrize(
    ("filters", "sort", "offset", "total"),
    [
        (SegmentFilter(), "position", 19_950, N),
        (SegmentFilter(), "chrf", 10_000, N),
        (SegmentFilter(checks=("dash-in-compound",)), "position", 1_950, N // 10),
        (SegmentFilter(severities=("major",), open_only=True), "chrf", 0, len(range(0, N, 70))),
        (SegmentFilter(chrf_min=10.0, chrf_max=20.0), "position", 0, sum(10 <= (i * 37) % 100 <= 20 for i in range(N))),
        (SegmentFilter(text="number 1999"), "position", 0, 11),
        (SegmentFilter(statuses=("todo",)), "findings", 100, N),
    ],
)
def test_a_page_of_a_20000_segment_document_is_a_few_indexed_queries(
    big: tuple[Store, int], filters: SegmentFilter, sort: str, offset: int, total: int
) -> None:
    store, document_id = big
    page, plans = _plans(store, lambda: store.segment_page(document_id, filters, sort, offset, 50))
    assert page.total == total
    assert len(page.rows) == min(50, max(total - offset, 0))
    # a count, the page's rows and their finding counts: the number of statements does not grow with the page
    assert len(plans) <= 3, plans
    _no_table_scan(plans)
    if sort == "position" and filters == SegmentFilter():
        # document order needs no sort: the rows are read in the index's order, up to the page's end
        assert not any("TEMP B-TREE" in step for plan in plans for step in plan), plans


def test_actions_and_detail_are_a_few_indexed_queries(big: tuple[Store, int]) -> None:
    store, document_id = big
    row = store.segment_at(document_id, 12_340)
    assert row is not None and row.position == 12_340
    detail, plans = _plans(store, lambda: store.segment_detail(row.id))
    assert detail.segment.id == row.id
    _no_table_scan(plans)
    assert len(plans) <= 6, plans
    ann = person(store, "ann")
    # The first change of a document in a process builds its checks for the re-check once (store.recheck).
    first = store.segment_at(document_id, 12_339)
    assert first is not None
    store.edit_corrected(first.id, "Edited first.", actor=ann)
    result, plans = _plans(store, lambda: store.edit_corrected(row.id, "Edited.", actor=ann, expected_version=1))
    assert result.version == 2
    _no_table_scan(plans)
    # the re-check reads the segment's own findings and the document's version sum, never the document's texts
    assert len(plans) <= 12, plans


def test_list_queries_use_the_indexes(big: tuple[Store, int]) -> None:
    store, _document_id = big
    with store.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM segments WHERE document_id = 1 ORDER BY position LIMIT 50 OFFSET 100"))
        assert "ix_segments_document_position" in plan
        # a score filter (scores kept by metric id in JSON) reads the document's rows only, through its index
        chrf = str(score_value("chrf").between(10, 20).compile(store.engine, compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(r) for r in conn.exec_driver_sql(
            f"EXPLAIN QUERY PLAN SELECT id FROM segments WHERE document_id = 1 AND {chrf}"))
        assert "SEARCH segments USING INDEX ix_segments_document_" in plan
