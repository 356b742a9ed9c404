"""The Review page's "Search text": caseless in every script, the same on SQLite and PostgreSQL, and kept in
step with every change of a segment's texts (``store.search``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from review_app.model import AlignedSegment
from review_app.store import Actor, BatchResult, SegmentChange, SegmentFilter, Store, StoreError
from review_app.store.models import Segment
from review_app.store.search import search_text
from review_app.text.propagate import PhraseEdit
from tests.people import OP
from tests.test_migrations import _legacy_sqlite

TEXTS = [  # (mt, ref, src)
    ("Москва — столица России.", "Москва — столица.", "Moscow is the capital."),
    ("Die Straße ist lang.", "Die Strasse ist lang.", None),
    ("ΣΟΦΟΣ ΑΝΘΡΩΠΟΣ.", "Ο σοφος.", None),
    ("Иод и\u0306од.", "Йод.", None),  # "йод" decomposed (и + combining breve) in the MT
    ("100% plain ASCII.", "Plain ASCII.", None),
]


def apply_everywhere(store: Store, document_id: int, edit: PhraseEdit, chosen: list[int], *,
                     actor: Actor) -> BatchResult:
    """The edit on its occurrences in the chosen segments: planned, then applied as one batch."""
    plan = store.plan_edit(document_id, edit)
    return store.apply_plan(plan, actor=actor, leave_out=[p.change.segment_id for p in plan.changes
                                                         if p.change.segment_id not in chosen])



@pytest.fixture
def doc(store: Store) -> int:
    project = store.create_project("P", "ru", "en", actor=OP)
    segments = [AlignedSegment(mt=m, ref=r, src=s, mt_ids=[i], ref_ids=[i]) for i, (m, r, s) in enumerate(TEXTS)]
    return store.add_document(project.id, "d", segments, actor=OP).id


def _found(store: Store, doc: int, text: str) -> list[int]:
    return [r.position for r in store.segment_page(doc, SegmentFilter(text=text)).rows]


@pytest.mark.parametrize(("needle", "positions"), [
    ("МОСКВА", [0]), ("москва", [0]), ("мОсКвА — СТОЛИЦА", [0]), ("MOSCOW", [0]),  # Cyrillic; the source too
    ("STRASSE", [1]), ("straße", [1]),  # full case folding: ß is ss
    ("σοφοσ", [2]), ("ΣΟΦΟΣ", [2]), ("σοφος", [2]),  # final sigma
    ("ЙОД", [3]),  # composed Й finds the decomposed й
    ("% PLAIN", [4]), ("_", []),  # % and _ are literal
    ("ВА — СТО", [0]), ("лина", []),
])
def test_search_ignores_case_in_every_script(store: Store, doc: int, needle: str, positions: list[int]) -> None:
    assert _found(store, doc, needle) == positions


def _consistent(store: Store) -> None:
    with store.sessions() as session:
        for segment in session.scalars(select(Segment)):
            assert segment.search == search_text(segment.mt, segment.ref, segment.corrected, segment.src)


def test_search_follows_every_change_of_the_texts(store: Store, doc: int) -> None:
    ids = [r.id for r in store.segment_page(doc).rows]
    store.edit_corrected(ids[0], "Столица — ПЕТЕРБУРГ.", actor=OP)
    assert _found(store, doc, "петербург") == [0]
    store.undo_last(ids[0], actor=OP)
    assert _found(store, doc, "петербург") == []
    store.apply_batch([SegmentChange(ids[1], corrected="Die GASSE ist kurz.")], actor=OP)
    assert _found(store, doc, "gasse") == [1]
    with pytest.raises(StoreError, match="nothing was applied"):  # nothing chosen: nothing done
        apply_everywhere(store, doc, PhraseEdit("лина", "ЛИНА"), [], actor=OP)
    store.edit_corrected(ids[4], "100% ПРОСТО.", actor=OP)
    apply_everywhere(store, doc, PhraseEdit("ПРОСТО", "Сложно"), [ids[4]], actor=OP)
    assert _found(store, doc, "сложно") == [4] and _found(store, doc, "просто") == []
    _consistent(store)


def test_an_upgrade_fills_the_column_of_existing_segments(tmp_path: Path) -> None:
    store = Store(str(_legacy_sqlite(tmp_path / "old.db")))
    with store.sessions() as session:
        assert session.scalar(select(Segment.search).limit(1))  # filled, not the column's empty default
    _consistent(store)
    store.close()
