"""A 20,000-segment document stays responsive: pages, filters and sorts are indexed SQL queries."""

from __future__ import annotations

import time

import pytest

from review_app.checks.base import Finding
from review_app.model import AlignedSegment
from review_app.store import SegmentFilter, Store
from review_app.store.models import score_value
from tests.people import OP, person

N = 20_000


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
    started = time.perf_counter()
    document = store.add_document(project.id, "big", segments, findings, actor=OP)
    assert time.perf_counter() - started < 30
    return store, document.id


def _timed(call: object) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()  # type: ignore[operator]
    return result, time.perf_counter() - started


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
def test_a_page_of_a_20000_segment_document_is_fast(
    big: tuple[Store, int], filters: SegmentFilter, sort: str, offset: int, total: int
) -> None:
    store, document_id = big
    page, seconds = _timed(lambda: store.segment_page(document_id, filters, sort, offset, 50))
    assert page.total == total  # type: ignore[attr-defined]
    assert len(page.rows) == min(50, max(total - offset, 0))  # type: ignore[attr-defined]
    assert seconds < 1.0, f"{seconds:.2f}s for one page"


def test_actions_and_detail_stay_fast(big: tuple[Store, int]) -> None:
    store, document_id = big
    row = store.segment_at(document_id, 12_340)
    assert row is not None and row.position == 12_340
    detail, seconds = _timed(lambda: store.segment_detail(row.id))
    assert seconds < 0.5 and detail.segment.id == row.id  # type: ignore[attr-defined]
    ann = person(store, "ann")
    # The first change of a document in a process builds its checks for the re-check once (store.recheck).
    first = store.segment_at(document_id, 12_339)
    assert first is not None
    store.edit_corrected(first.id, "Edited first.", actor=ann)
    result, seconds = _timed(lambda: store.edit_corrected(row.id, "Edited.", actor=ann, expected_version=1))
    assert seconds < 0.5 and result.version == 2  # type: ignore[attr-defined]


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
