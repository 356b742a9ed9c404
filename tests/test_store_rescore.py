"""A change of a segment's text is scored before its write transaction takes the lock, never inside it
(docs/ARCHITECTURE.md, "A store method that writes"): edit, fix and undo alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import review_app.scoring.metrics as metrics
from review_app.checks.base import Finding
from review_app.model import AlignedSegment
from review_app.store import Store
from review_app.store.base import StoreBase
from tests.people import OP, person

MT, REF = "It is a time—tested friend.", "It is a time-tested friend."


@pytest.fixture
def watched(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, list[bool]]]:
    """A store whose scoring calls record whether a write transaction was open at the time."""
    store = Store(db_url)
    writing: list[bool] = []
    scored_in_write: list[bool] = []
    original_write, original_score = StoreBase._write, metrics.segment_statistics

    @contextmanager
    def write(self: StoreBase) -> Iterator[Any]:
        writing.append(True)
        try:
            with original_write(self) as session:
                yield session
        finally:
            writing.pop()

    def segment_statistics(*args: Any, **kwargs: Any) -> Any:
        scored_in_write.append(bool(writing))
        return original_score(*args, **kwargs)

    monkeypatch.setattr(StoreBase, "_write", write)
    monkeypatch.setattr(metrics, "segment_statistics", segment_statistics)
    yield store, scored_in_write
    store.close()


def test_edit_fix_and_undo_score_before_the_write(watched: tuple[Store, list[bool]]) -> None:
    store, scored_in_write = watched
    project = store.create_project("P", "ru", "en", actor=OP)
    finding = Finding(1, MT.index("—"), MT.index("—") + 1, "dash-in-compound", "Fluency/Punctuation", "minor",
                      "dash", "-")
    document = store.add_document(project.id, "d", [AlignedSegment(MT, REF, "Источник.", [0], [0], [0])], [[finding]],
                                  actor=OP)
    ann = person(store, "ann")
    (row,) = store.segment_page(document.id).rows
    scored_in_write.clear()
    store.apply_fix(store.segment_detail(row.id).findings[0].id, actor=ann)
    assert store.segment_detail(row.id).segment.corrected == REF
    store.edit_corrected(row.id, "Another text.", actor=ann)
    store.undo_last(row.id, actor=ann)
    detail = store.segment_detail(row.id).segment
    assert detail.corrected == REF
    assert detail.corrected_scores == metrics.sentence_scores([REF], [[REF]])[0]
    assert scored_in_write[:3] == [False, False, False] and not any(scored_in_write)
