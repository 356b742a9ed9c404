"""Learn from an edit: the reviewer's newest edit offered, its phrase planned on the other segments,
applied as one batch exactly as previewed, undone at once."""

from __future__ import annotations

import pytest

from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.store import ConflictError, Store, StoreError
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


def _document(store: Store, mt: list[str], ref: list[str]) -> tuple[int, list[int]]:
    project = store.create_project(f"P{len(store.projects())}", "ru", "en", actor=OP)
    segments = [AlignedSegment(mt=m, ref=r, src=None, mt_ids=[i], ref_ids=[i])
                for i, (m, r) in enumerate(zip(mt, ref, strict=True))]
    add_sentence_scores(segments)
    document = store.add_document(project.id, "d", segments, [[] for _ in segments], actor=OP)
    return document.id, [r.id for r in store.segment_page(document.id).rows]


@pytest.fixture
def doc(store: Store) -> tuple[Store, int, list[int]]:
    return store, *_document(store, MT, REF)


def _texts(store: Store, ids: list[int]) -> list[str]:
    return [store.segment_detail(i).segment.corrected for i in ids]


def test_an_edit_planned_on_the_other_occurrences_applied_as_previewed_then_undone(
        doc: tuple[Store, int, list[int]]) -> None:
    store, document_id, ids = doc
    ann = person(store, "ann")
    store.edit_corrected(ids[0], "The river terminal reopened.", actor=ann)
    offer = store.pending_edit(document_id, ann)
    assert offer is not None and (offer.segment_id, offer.position, offer.before) == (ids[0], 0, MT[0])
    (edit,) = phrase_edits(offer.before, offer.after)
    plan = store.plan_edit(document_id, edit, exclude=offer.segment_id, source=offer.event_id)
    # "A terminal station" is left alone: the fix would double the word
    assert [(p.position, p.before, p.after) for p in plan.changes] == [
        (1, MT[1], "Terminal staff greeted the passengers."), (2, MT[2], "The terminal will stand for a century.")]
    assert _texts(store, ids) == ["The river terminal reopened.", *MT[1:]]  # a plan writes nothing
    result = store.apply_plan(plan, actor=ann)
    assert result.segments == [ids[1], ids[2]]
    assert result.message == "applied “station” → “terminal” in 2 segments: one batch, one undo"
    assert _texts(store, ids)[1:4] == [p.after for p in plan.changes] + [MT[3]]
    assert store.segment_detail(ids[1]).segment.corrected_scores["chrf"] == pytest.approx(100.0)
    events = [e for e in store.events(document_id=document_id) if e.kind == "apply-edit-all"]
    assert [e.segment_id for e in events] == [ids[2], ids[1]] and {e.batch for e in events} == {result.batch_id}
    assert events[0].after["edit"] == ["station", "terminal"] and events[0].after["source"] == offer.event_id
    assert store.pending_edit(document_id, ann) is None  # applied: not offered again

    undone = store.undo_batch(result.batch_id, actor=person(store, "bob"))
    assert sorted(undone.segments) == [ids[1], ids[2]]
    assert _texts(store, ids) == ["The river terminal reopened.", *MT[1:]]  # the source edit stays
    with pytest.raises(StoreError, match="already undone"):
        store.undo_batch(result.batch_id, actor=person(store, "bob"))


def test_the_offer_is_the_reviewers_newest_edit_not_undone(doc: tuple[Store, int, list[int]]) -> None:
    store, document_id, ids = doc
    ann, bob = person(store, "ann"), person(store, "bob")
    assert store.pending_edit(document_id, ann) is None
    store.edit_corrected(ids[0], "The river terminal reopened.", actor=ann)
    store.set_status(ids[0], "corrected", actor=ann)  # other actions in between do not hide it
    store.edit_corrected(ids[4], "Nothing to change.", actor=bob)  # nor does a colleague's edit
    first = store.pending_edit(document_id, ann)
    assert first is not None and first.segment_id == ids[0]
    assert store.pending_edit(document_id, bob) is not None and store.pending_edit(document_id, bob) != first
    store.edit_corrected(ids[2], "The station will stand for ever.", actor=ann)
    newer = store.pending_edit(document_id, ann)
    assert newer is not None and newer.segment_id == ids[2] and newer.position == 2
    store.undo_last(ids[2], actor=ann)
    assert store.pending_edit(document_id, ann) is None  # the edit was taken back
    assert store.pending_edit(document_id, OP) is None


def test_only_the_previewed_segments_are_written_or_nothing(doc: tuple[Store, int, list[int]]) -> None:
    store, document_id, ids = doc
    ann, bob = person(store, "ann"), person(store, "bob")
    plan = store.plan_edit(document_id, PhraseEdit("station", "terminal"))
    assert [p.position for p in plan.changes] == [0, 1, 2]
    store.edit_corrected(ids[2], "The station will stand for ever.", actor=bob)  # after the preview
    with pytest.raises(ConflictError):
        store.apply_plan(plan, actor=ann)
    assert _texts(store, ids[:2]) == MT[:2]  # nothing of the batch was written
    result = store.apply_plan(plan, actor=ann, leave_out=[ids[2]])  # the reviewer leaves the changed one out
    assert result.segments == [ids[0], ids[1]]
    assert _texts(store, ids[:3]) == ["The river terminal reopened.", "Terminal staff greeted the passengers.",
                                      "The station will stand for ever."]
    with pytest.raises(StoreError, match="nothing was applied"):
        store.apply_plan(plan, actor=ann, leave_out=ids)
    store.edit_corrected(ids[1], "Terminal staff met the passengers.", actor=bob)
    with pytest.raises(StoreError, match="changed after the batch"):
        store.undo_batch(result.batch_id, actor=ann)
    with pytest.raises(StoreError, match="a word at least"):
        store.plan_edit(document_id, PhraseEdit(" — ", "-"))


def test_the_changed_phrase_is_planned_not_a_word_of_it(store: Store) -> None:
    mt = ["China's position on the Ukrainian issue is clear.", "The Ukrainian army advanced.",
          "Contacts on the Ukrainian issue continue.", "The Ukrainian crisis deepened."]
    document_id, ids = _document(store, mt, mt)
    ann = person(store, "ann")
    store.edit_corrected(ids[0], mt[0].replace("Ukrainian issue", "Ukraine issue"), actor=ann)
    offer = store.pending_edit(document_id, ann)
    assert offer is not None
    (edit,) = phrase_edits(offer.before, offer.after)
    plan = store.plan_edit(document_id, edit, exclude=offer.segment_id, source=offer.event_id)
    assert [(p.position, p.after) for p in plan.changes] == [(2, "Contacts on the Ukraine issue continue.")]
    store.apply_plan(plan, actor=ann)
    assert _texts(store, ids)[1:] == [mt[1], "Contacts on the Ukraine issue continue.", mt[3]]
