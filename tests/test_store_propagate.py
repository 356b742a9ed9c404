"""Learn from an edit: the changed phrase found in other segments, applied to all at once, undone at once."""

from __future__ import annotations

import pytest

from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.store import Store, StoreError
from review_app.text.propagate import PhraseEdit, phrase_edits
from tests.people import OP, person

MT = [
    "The river station reopened.",
    "Station staff greeted the passengers.",
    "The station will stand for a century.",
    "A terminal station is planned.",
    "Nothing to change here.",
]
REF = [
    "The river terminal reopened.",
    "Terminal staff greeted the passengers.",
    "The terminal will stand for a century.",
    "A terminal is planned.",
    "Nothing to change here.",
]


@pytest.fixture
def doc(db_url: str) -> tuple[Store, int, list[int]]:
    store = Store(db_url)
    project = store.create_project("P", "ru", "en", actor=OP)
    segments = [
        AlignedSegment(mt=m, ref=r, src=None, mt_ids=[i], ref_ids=[i])
        for i, (m, r) in enumerate(zip(MT, REF, strict=True))
    ]
    add_sentence_scores(segments)
    document = store.add_document(project.id, "d", segments, [[] for _ in segments], actor=OP)
    return store, document.id, [r.id for r in store.segment_page(document.id).rows]


def test_phrase_edits_read_the_reviewers_change() -> None:
    assert phrase_edits("The river station reopened.", "The river terminal reopened.") == [
        PhraseEdit("station", "terminal")
    ]
    assert phrase_edits("the big station", "the station") == [PhraseEdit("big station", "station")]
    assert phrase_edits("a station", "a new station") == [PhraseEdit("station", "new station")]
    assert phrase_edits("same", "same") == []


def test_apply_to_all_occurrences_then_undo_the_batch(doc: tuple[Store, int, list[int]]) -> None:
    store, document_id, ids = doc
    store.edit_corrected(ids[0], "The river terminal reopened.", actor=person(store, "ann"))
    (edit,) = phrase_edits(MT[0], "The river terminal reopened.")
    found = store.edit_occurrences(document_id, edit, exclude=ids[0])
    assert [(o.position, o.found, o.replacement) for o in found] == [
        (1, "Station", "Terminal"),
        (2, "station", "terminal"),
    ]  # "A terminal station" is left alone: the fix would double the word
    assert found[0].preview == "Terminal staff greeted the passengers."
    versions = {o.segment_id: store.segment_detail(o.segment_id).segment.version for o in found}
    result = store.apply_edit_everywhere(
        document_id, edit, [o.segment_id for o in found], actor=person(store, "ann"), expected_versions=versions
    )
    assert result.segments == [ids[1], ids[2]]
    assert result.message == "replaced 'station' with 'terminal' 2 time(s) in 2 segment(s)"
    texts = [store.segment_detail(i).segment.corrected for i in ids]
    assert texts[1:4] == [
        "Terminal staff greeted the passengers.",
        "The terminal will stand for a century.",
        "A terminal station is planned.",
    ]
    assert store.segment_detail(ids[1]).segment.corrected_scores["chrf"] == pytest.approx(100.0)
    assert [e.kind for e in store.events(segment_id=ids[2])][:1] == ["apply-edit-all"]
    events = [e for e in store.events(document_id=document_id) if e.kind == "apply-edit-all"]
    assert [e.segment_id for e in events] == [ids[2], ids[1]] and {e.batch for e in events} == {result.batch_id}
    assert events[0].after["edit"] == ["station", "terminal"]

    undone = store.undo_batch(result.batch_id, actor=person(store, "bob"))
    assert sorted(undone.segments) == [ids[1], ids[2]]
    assert [store.segment_detail(i).segment.corrected for i in ids[1:4]] == MT[1:4]
    assert store.segment_detail(ids[0]).segment.corrected == "The river terminal reopened."  # the source edit stays
    with pytest.raises(StoreError, match="already undone"):
        store.undo_batch(result.batch_id, actor=person(store, "bob"))


def test_stale_preview_or_later_change_refuses_the_whole_batch(doc: tuple[Store, int, list[int]]) -> None:
    store, document_id, ids = doc
    edit = PhraseEdit("station", "terminal")
    versions = {i: store.segment_detail(i).segment.version for i in ids}
    store.edit_corrected(ids[2], "The station will stand for ever.", actor=person(store, "bob"))  # after the preview
    with pytest.raises(StoreError):
        store.apply_edit_everywhere(document_id, edit, ids[1:4], actor=person(store, "ann"), expected_versions=versions)
    assert [store.segment_detail(i).segment.corrected for i in (ids[1], ids[3])] == [MT[1], MT[3]]
    result = store.apply_edit_everywhere(document_id, edit, ids[1:4], actor=person(store, "ann"))
    store.edit_corrected(ids[1], "Terminal staff met the passengers.", actor=person(store, "bob"))
    with pytest.raises(StoreError, match="changed after the batch"):
        store.undo_batch(result.batch_id, actor=person(store, "ann"))
    assert store.segment_detail(ids[2]).segment.corrected == "The terminal will stand for ever."
