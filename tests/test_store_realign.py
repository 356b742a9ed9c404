"""Reviewers correct the alignment (store.realign): every operation, its undo, its conflicts and roles, the work
it carries, the checks and scores that follow, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
import sacrebleu

from review_app.align.uncertain import ALIGNMENT_CHECK
from review_app.checks.base import Finding as CheckFinding
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.store import ConflictError, PermissionDenied, SegmentChange, SegmentFilter, Store, StoreError
from review_app.store.models import Finding
from review_app.store.realign import Group, check_contract, detached, merged, moved, split
from tests.people import OP, person

MT = ["The cat sat on the mat.", "It was a sunny day.", "Children played in the park.", "The end came quickly."]
REF = ["The cat sat on the rug.", "It was a bright day.", "Kids played in the park.", "The end came soon."]
SRC = ["Die Katze saß.", "Es war sonnig.", "Kinder spielten.", "Das Ende kam."]


def _document(store: Store, *, sentences: bool = True, findings: list[list[CheckFinding]] | None = None,
              confidence: float = 1.0) -> int:
    project = store.create_project("P", "de", "en", actor=OP)
    segments = [AlignedSegment(mt=m, ref=r, src=s, mt_ids=[i], ref_ids=[i], src_ids=[i], confidence=confidence)
                for i, (m, r, s) in enumerate(zip(MT, REF, SRC, strict=True))]
    add_sentence_scores(segments)
    kept = {"mt": MT, "ref": REF, "src": SRC} if sentences else None
    return store.add_document(project.id, "d", segments, findings, sentences=kept, actor=OP).id


def _rows(store: Store, doc: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(r.mt_ids, r.ref_ids) for r in store.segment_page(doc, limit=100).rows]


def _id(store: Store, doc: int, position: int) -> int:
    row = store.segment_by_position(doc, position)
    assert row is not None
    return row.id


def _chrf(hyp: str, ref: str) -> float:
    return sacrebleu.sentence_chrf(hyp, [ref]).score


# --- the arrangements ------------------------------------------------------------------------------


def test_arrangements_keep_every_sentence_once_in_order() -> None:
    a, b = Group((0, 1), (0,), (0,)), Group((2,), (1, 2), (1,))
    assert merged(a, b) == [Group((0, 1, 2), (0, 1, 2), (0, 1))]
    assert split(a, 1, 1) == [Group((0,), (0,), (0,)), Group((1,), (), ())]
    assert moved(a, b, "mt", "last") == [Group((0,), (0,), (0,)), Group((1, 2), (1, 2), (1,))]
    assert moved(b, a, "ref", "first") == [Group((0, 1), (0, 1), (0,)), Group((2,), (2,), (1,))]
    assert detached(a, "mt", "first") == [Group((0,), ()), Group((1,), (0,), (0,))]
    with pytest.raises(StoreError, match="stands alone already"):
        detached(Group((3,), ()), "mt", "first")
    with pytest.raises(StoreError, match="lose, repeat or reorder MT"):
        check_contract([a, b], [Group((0, 2), (0, 1, 2), (0, 1))])
    with pytest.raises(StoreError, match="needs an MT or a reference"):
        check_contract([a], [Group((0, 1), (0,), ()), Group((), (), (0,))])


# --- the operations --------------------------------------------------------------------------------


def test_merge_with_next_and_previous_and_its_undo(store: Store) -> None:
    doc = _document(store)
    ann = person(store, "ann")
    first, second = _id(store, doc, 0), _id(store, doc, 1)
    result = store.merge_segments(first, "next", actor=ann)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2,), (2,)), ((3,), (3,))]
    row = store.segment_by_position(doc, 0)
    assert row is not None and row.id == first and result.segment_ids == [first]
    assert (row.mt, row.ref, row.src) == (f"{MT[0]} {MT[1]}", f"{REF[0]} {REF[1]}", f"{SRC[0]} {SRC[1]}")
    assert (row.link, row.confirmed_by, row.corrected) == ("2-2", "ann", row.mt)
    # Scores follow the pairing: sacrebleu's for the merged texts, of the MT and of the corrected text.
    assert row.scores["chrf"] == pytest.approx(_chrf(row.mt, row.ref))
    assert row.corrected_scores["chrf"] == pytest.approx(_chrf(row.mt, row.ref))
    # The corpus scores (the Dashboard's) follow: sacrebleu's corpus BLEU over the segments as they now are.
    report = store.corpus_report([doc], n_bootstrap=0)
    rows = store.segment_page(doc).rows
    expected = sacrebleu.corpus_bleu([r.mt for r in rows], [[r.ref for r in rows]]).score
    assert report.segments == 3 and report.mt["bleu"].score == pytest.approx(expected)
    event = store.events(segment_id=first)[0]
    assert (event.kind, event.actor) == ("merge-segments", "ann")
    assert [s["mt_ids"] for s in event.before["segments"]] == [[0], [1]]
    assert [s["mt_ids"] for s in event.after["segments"]] == [[0, 1]]
    # The last segment merges with the previous one; there is none after it.
    last = _id(store, doc, 2)
    with pytest.raises(StoreError, match="document's last"):
        store.merge_segments(last, "next", actor=ann)
    store.merge_segments(last, "previous", actor=ann)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2, 3), (2, 3))]
    # Undone in either order: the first merge undone while the later one stands, then the later one.
    store.undo_last(first, actor=ann)
    assert _rows(store, doc) == [((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3))]
    store.undo_last(_id(store, doc, 2), actor=ann)
    assert _rows(store, doc) == [((i,), (i,)) for i in range(4)]
    back = store.segment_by_position(doc, 1)
    assert back is not None and back.id == second and (back.mt, back.ref, back.src, back.link) == (MT[1], REF[1],
                                                                                                 SRC[1], "1-1")
    assert back.scores["chrf"] == pytest.approx(_chrf(MT[1], REF[1])) and back.confirmed_by is None


def test_split_at_a_sentence_boundary_of_either_side_and_undo(store: Store) -> None:
    doc = _document(store)
    first = _id(store, doc, 0)
    store.merge_segments(first, "next", actor=OP)
    # Both MT sentences to the first part, one reference sentence each; the source follows the MT.
    result = store.split_segment(first, mt=2, ref=1, actor=OP)
    assert _rows(store, doc) == [((0, 1), (0,)), ((), (1,)), ((2,), (2,)), ((3,), (3,))]
    lone = store.segment_by_position(doc, 1)
    assert lone is not None
    assert (lone.link, lone.mt, lone.ref, lone.src, lone.corrected) == ("0-1", "", REF[1], None, "")
    assert result.segment_ids[0] == first
    store.undo_last(first, actor=OP)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2,), (2,)), ((3,), (3,))]
    store.split_segment(first, mt=1, ref=1, actor=OP)
    assert _rows(store, doc) == [((i,), (i,)) for i in range(4)]
    with pytest.raises(StoreError, match="each part needs an MT or a reference"):
        store.split_segment(first, mt=0, ref=0, actor=OP)
    with pytest.raises(StoreError, match="cannot take 2"):
        store.split_segment(first, mt=2, ref=1, actor=OP)


def test_move_first_or_last_sentence_of_a_side_to_the_neighbour(store: Store) -> None:
    doc = _document(store)
    first = _id(store, doc, 0)
    store.merge_segments(first, "next", actor=OP)
    store.move_sentence(first, "mt", "last", actor=OP)  # MT 1 to the start of the next segment
    assert _rows(store, doc) == [((0,), (0, 1)), ((1, 2), (2,)), ((3,), (3,))]
    third = _id(store, doc, 1)
    store.move_sentence(third, "ref", "first", actor=OP)  # its first reference sentence is 2: to the previous one
    assert _rows(store, doc) == [((0,), (0, 1, 2)), ((1, 2), ()), ((3,), (3,))]
    assert store.segment_by_position(doc, 1).link == "2-0"  # type: ignore[union-attr]
    store.undo_last(third, actor=OP)
    store.undo_last(first, actor=OP)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2,), (2,)), ((3,), (3,))]
    # A segment left with nothing to pair goes over whole (and its row is gone, until undo).
    last = _id(store, doc, 2)
    store.move_sentence(last, "mt", "first", actor=OP)
    store.move_sentence(_id(store, doc, 2), "ref", "first", actor=OP)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2, 3), (2, 3))]
    assert last not in [r.id for r in store.segment_page(doc).rows]
    store.undo_last(_id(store, doc, 1), actor=OP)  # the segment acted on is gone: its undo is where its text went
    assert _id(store, doc, 2) == last
    store.undo_last(last, actor=OP)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2,), (2,)), ((3,), (3,))]


def test_detach_a_sentence_and_join_it_back(store: Store) -> None:
    doc = _document(store)
    first = _id(store, doc, 0)
    store.merge_segments(first, "next", actor=OP)
    store.detach_sentence(first, "ref", "last", actor=OP)
    assert _rows(store, doc) == [((0, 1), (0,)), ((), (1,)), ((2,), (2,)), ((3,), (3,))]
    store.detach_sentence(first, "mt", "first", actor=OP)
    assert _rows(store, doc) == [((0,), ()), ((1,), (0,)), ((), (1,)), ((2,), (2,)), ((3,), (3,))]
    alone = store.segment_by_position(doc, 0)
    assert alone is not None and (alone.link, alone.mt, alone.ref) == ("1-0", MT[0], "")
    # The rest keeps the segment's row (its history, its comments); the lone sentence is a new segment.
    assert _id(store, doc, 1) == first
    store.merge_segments(first, "previous", actor=OP)  # re-join
    store.merge_segments(first, "next", actor=OP)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2,), (2,)), ((3,), (3,))]
    with pytest.raises(StoreError, match="only an MT or a reference"):
        store.detach_sentence(first, "src", "first", actor=OP)  # type: ignore[arg-type]


# --- conflicts and roles ---------------------------------------------------------------------------


def test_a_change_to_any_touched_segment_since_the_page_was_read_is_a_conflict(store: Store) -> None:
    doc = _document(store)
    ann, bob = person(store, "ann"), person(store, "bob")
    first, second = store.segment_by_position(doc, 0), store.segment_by_position(doc, 1)
    assert first is not None and second is not None
    seen = {first.id: first.version, second.id: second.version}
    store.edit_corrected(second.id, "It was a warm day.", actor=bob)  # bob saves the neighbour first
    with pytest.raises(ConflictError, match="changed by bob"):
        store.merge_segments(first.id, "next", actor=ann, versions=seen)
    assert _rows(store, doc) == [((i,), (i,)) for i in range(4)]
    # Undo is refused while a later change sits on a touched segment.
    store.merge_segments(first.id, "next", actor=ann)
    store.detach_sentence(first.id, "mt", "last", actor=ann)
    lone = _id(store, doc, 1)
    store.edit_corrected(lone, "A sunny day it was.", actor=ann)
    with pytest.raises(ConflictError, match="undo that change first"):
        store.undo_last(first.id, actor=ann)
    store.undo_last(lone, actor=ann)
    store.undo_last(first.id, actor=ann)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2,), (2,)), ((3,), (3,))]


def test_roles_that_may_not_change_the_document_are_refused(store: Store) -> None:
    doc = _document(store)
    first = _id(store, doc, 0)
    viewer, reviewer = person(store, "vic", "viewer"), person(store, "rev", "reviewer")
    with pytest.raises(PermissionDenied, match="cannot change anything"):
        store.merge_segments(first, "next", actor=viewer)
    with pytest.raises(PermissionDenied, match="not assigned"):
        store.split_segment(first, mt=1, ref=0, actor=reviewer)
    with pytest.raises(PermissionDenied):
        store.confirm_link(first, actor=viewer)
    assert _rows(store, doc) == [((i,), (i,)) for i in range(4)]
    store.assign(doc, "rev", actor=OP)
    store.merge_segments(first, "next", actor=reviewer)
    admin = person(store, "adm")
    store.detach_sentence(first, "ref", "last", actor=admin)
    with pytest.raises(PermissionDenied, match="adm's"):  # a reviewer undoes only their own changes
        store.undo_last(first, actor=reviewer)
    store.undo_last(first, actor=admin)
    store.undo_last(first, actor=reviewer)
    assert _rows(store, doc) == [((i,), (i,)) for i in range(4)]


# --- reviewer work follows the text ------------------------------------------------------------------


def test_corrected_text_status_comments_and_annotations_are_carried_and_brought_back(store: Store) -> None:
    doc = _document(store)
    ann = person(store, "ann")
    first, second = _id(store, doc, 0), _id(store, doc, 1)
    store.edit_corrected(second, "It was a bright day.", actor=ann)
    store.set_status(second, "accepted", actor=ann)
    store.add_comment(second, "check the weather word", actor=ann)
    store.add_annotation(second, severity="minor", category="Accuracy/Mistranslation", start=9, end=14,
                         actor=ann)  # "sunny"
    store.add_annotation(second, severity="major", category="Style/Awkward", actor=ann)
    result = store.merge_segments(first, "next", actor=ann)
    merged_row = store.segment_detail(first)
    assert merged_row.segment.corrected == f"{MT[0]} It was a bright day."
    # The statuses differ: the merged segment asks for review again, and the message says so.
    assert merged_row.segment.status == "todo" and "to review and accepted" in result.message
    spans = {(a.start, a.end) for a in merged_row.annotations}
    offset = len(MT[0]) + 1
    assert spans == {(offset + 9, offset + 14), (None, None)}
    assert [merged_row.segment.mt[a.start:a.end] for a in merged_row.annotations if a.start is not None] == ["sunny"]
    assert [c.text for c in store.comments([first])[first]] == ["check the weather word"]
    # The second segment's history went with its text.
    assert {"edit", "status", "annotate"} <= {e.kind for e in store.events(segment_id=first)}
    # Split again: everything of the second sentence goes with it.
    parts = store.split_segment(first, mt=1, ref=1, actor=ann).segment_ids
    back = store.segment_detail(parts[1])
    assert back.segment.corrected == "It was a bright day."
    assert store.segment_detail(parts[0]).segment.corrected == MT[0]
    assert {(a.start, a.end) for a in back.annotations if a.start is not None} == {(9, 14)}
    # Undo both: the second segment is itself again, work included.
    store.undo_last(first, actor=ann)
    store.undo_last(first, actor=ann)
    again = store.segment_detail(second)
    assert (again.segment.corrected, again.segment.status) == ("It was a bright day.", "accepted")
    assert {(a.start, a.end) for a in again.annotations} == {(9, 14), (None, None)}
    assert [c.text for c in store.comments([second])[second]] == ["check the weather word"]
    assert {"edit", "status", "annotate"} <= {e.kind for e in store.events(segment_id=second)}


def test_a_cut_through_reviewer_work_is_refused_with_what_to_do(store: Store) -> None:
    doc = _document(store)
    first = _id(store, doc, 0)
    store.merge_segments(first, "next", actor=OP)
    row = store.segment_by_position(doc, 0)
    assert row is not None
    # An MQM span across the sentence boundary: refused, nothing written.
    store.add_annotation(first, severity="minor", category="Style/Awkward", start=10, end=30, actor=OP)
    with pytest.raises(StoreError, match="spans sentences that would go to different segments: delete it"):
        store.split_segment(first, mt=1, ref=1, actor=OP)
    store.undo_last(first, actor=OP)
    # A corrected text edited where the sentences meet cannot be cut there.
    store.edit_corrected(first, "The cat sat on the mat—it was a sunny day.", actor=OP)
    with pytest.raises(StoreError, match="keep the space between those sentences"):
        store.split_segment(first, mt=1, ref=1, actor=OP)
    assert _rows(store, doc)[0] == ((0, 1), (0, 1))
    # Edited elsewhere, it is cut at the boundary.
    store.edit_corrected(first, "The cat sat on a mat. It was a sunny day!", actor=OP)
    parts = store.split_segment(first, mt=1, ref=1, actor=OP).segment_ids
    corrected = [store.segment_detail(p).segment.corrected for p in parts]
    assert corrected == ["The cat sat on a mat.", "It was a sunny day!"]


def test_a_deleted_segment_stays_deleted_inside_a_merge(store: Store) -> None:
    doc = _document(store)
    first, second = _id(store, doc, 0), _id(store, doc, 1)
    store.edit_corrected(second, "", actor=OP)
    store.merge_segments(first, "next", actor=OP)
    assert store.segment_detail(first).segment.corrected == MT[0]
    parts = store.split_segment(first, mt=1, ref=1, actor=OP).segment_ids
    assert [store.segment_detail(p).segment.corrected for p in parts] == [MT[0], ""]


def test_findings_follow_the_text_and_checks_rerun(store: Store) -> None:
    mt_finding = CheckFinding(1, 3, 7, "custom", "Style/Awkward", "minor", "flagged", None)
    doc = _document(store, findings=[[], [mt_finding], [], []])
    first, second = _id(store, doc, 0), _id(store, doc, 1)
    finding_id = store.segment_detail(second).findings[0].id
    store.merge_segments(first, "next", actor=OP)
    moved_finding = next(f for f in store.segment_detail(first).findings if f.id == finding_id)
    offset = len(MT[0]) + 1
    assert (moved_finding.start, moved_finding.end, moved_finding.state) == (offset + 3, offset + 7, "open")
    # A finding whose span lies across a cut no longer names one text's problem: resolved, and undo reopens it.
    with store._write() as session:
        session.add(Finding(segment_id=first, document_id=doc, check_id="custom", category="Style/Awkward",
                            severity="minor", message="across", start=10, end=30, quote=f"{MT[0]} {MT[1]}"[10:30],
                            state="open"))
    across = next(f.id for f in store.segment_detail(first).findings if f.message == "across")
    parts = store.split_segment(first, mt=1, ref=1, actor=OP).segment_ids
    states = {f.id: f.state for p in parts for f in store.segment_detail(p).findings}
    assert states[across] == "resolved" and states[finding_id] == "open"
    store.undo_last(first, actor=OP)
    assert {f.id: f.state for f in store.segment_detail(first).findings}[across] == "open"


def test_confirm_link_and_the_next_uncertain_link(store: Store) -> None:
    def uncertain(position: int) -> CheckFinding:
        return CheckFinding(1, 0, len(MT[position]), ALIGNMENT_CHECK, "Other", "neutral", "alignment uncertain", None)

    doc = _document(store, findings=[[], [uncertain(1)], [], [uncertain(3)]])

    def next_after(position: int, wrap: bool = True) -> int | None:
        row = store.next_uncertain(doc, position, wrap=wrap)
        return row.position if row is not None else None

    assert [next_after(-1), next_after(1), next_after(3), next_after(3, wrap=False)] == [1, 3, 1, None]
    second = _id(store, doc, 1)
    store.confirm_link(second, actor=person(store, "ann"))
    detail = store.segment_detail(second)
    assert detail.segment.confirmed_by == "ann" and [f.state for f in detail.findings] == ["resolved"]
    assert next_after(-1) == 3 and store.uncertain_count(doc) == 1
    assert store.events(segment_id=second)[0].kind == "confirm-link"
    store.undo_last(second, actor=person(store, "ann"))
    assert store.segment_detail(second).segment.confirmed_by is None and store.uncertain_count(doc) == 2
    # Fixing the link by hand resolves it too (and the next one moves up with its segment).
    store.merge_segments(_id(store, doc, 0), "next", actor=OP)
    assert store.uncertain_count(doc) == 1 and next_after(-1) == 2


def test_the_list_filters_uncertain_links_and_the_event_records_what_was_asked(store: Store) -> None:
    def uncertain(position: int) -> CheckFinding:
        return CheckFinding(1, 0, len(MT[position]), ALIGNMENT_CHECK, "Other", "neutral", "alignment uncertain", None)

    doc = _document(store, findings=[[], [uncertain(1)], [], [uncertain(3)]])
    only = SegmentFilter(uncertain=True)
    assert [r.position for r in store.segment_page(doc, only).rows] == [1, 3]
    store.confirm_link(_id(store, doc, 3), actor=OP)  # resolved: no longer listed
    assert store.segment_ids(doc, only) == [_id(store, doc, 1)]
    # What the reviewer asked for is in the event, with the segment acted on (the history tells it so).
    second = _id(store, doc, 1)
    store.merge_segments(second, "previous", actor=OP)
    merged = _id(store, doc, 0)
    assert store.events(segment_id=merged)[0].after["operation"] == {"segment": second, "direction": "previous"}
    store.split_segment(merged, mt=1, ref=1, actor=OP)
    assert store.events(segment_id=merged)[0].after["operation"] == {"segment": merged, "mt": 1, "ref": 1, "src": None}
    store.move_sentence(merged, "ref", "last", actor=OP)
    assert store.events(segment_id=merged)[0].after["operation"] == {"segment": merged, "side": "ref", "end": "last"}


def test_a_links_sentences_per_side(store: Store) -> None:
    doc = _document(store)
    first = _id(store, doc, 0)
    store.merge_segments(first, "next", actor=OP)
    last = _id(store, doc, 2)
    sentences = store.link_sentences([first, last])
    assert sentences[first] == {"mt": [(0, MT[0]), (1, MT[1])], "ref": [(0, REF[0]), (1, REF[1])],
                                "src": [(0, SRC[0]), (1, SRC[1])]}
    assert sentences[last]["mt"] == [(3, MT[3])]
    # A document imported before sentences were kept: a side of one sentence is the segment's text, of several
    # unknown (None) until a re-import.
    old = store.add_document(store.projects()[0].id, "old", [
        AlignedSegment(mt=f"{MT[0]} {MT[1]}", ref=REF[0], src=None, mt_ids=[0, 1], ref_ids=[0], link="2-1")],
        actor=OP).id
    row = store.segment_by_position(old, 0)
    assert row is not None
    assert store.link_sentences([row.id])[row.id] == {"mt": [(0, None), (1, None)], "ref": [(0, REF[0])], "src": []}


def test_a_document_without_kept_sentences_is_cut_from_its_own_texts(store: Store) -> None:
    doc = _document(store, sentences=False)
    first = _id(store, doc, 0)
    store.merge_segments(first, "next", actor=OP)
    store.split_segment(first, mt=1, ref=1, actor=OP)  # the sentences were kept by the merge
    assert [(r.mt, r.ref) for r in store.segment_page(doc).rows] == list(zip(MT, REF, strict=True))


def test_beads_follow_the_alignment(store: Store) -> None:
    doc = _document(store)
    assert store.alignment_beads(doc) == [([i], [i]) for i in range(4)]
    store.merge_segments(_id(store, doc, 2), "next", actor=OP)
    store.detach_sentence(_id(store, doc, 0), "ref", "first", actor=OP)
    assert store.alignment_beads(doc) == [([], [0]), ([0], []), ([1], [1]), ([2, 3], [2, 3])]


def test_checks_built_before_the_write_follow_a_realignment_that_came_between(store: Store,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The re-check's view of the document is built from a read before the write (the costly part, outside the
    lock); another realignment landing between the two must not leave it reading the old arrangement."""
    mt_finding = CheckFinding(1, 3, 7, "custom", "Style/Awkward", "minor", "flagged", None)
    doc = _document(store, findings=[[], [], [], [mt_finding]])
    first, third = _id(store, doc, 0), _id(store, doc, 2)
    prepare = store._prepare
    raced: list[bool] = []

    def racing(*args: object) -> object:
        prepared = prepare(*args)  # type: ignore[arg-type]
        if not raced:
            raced.append(True)
            store.merge_segments(third, "next", actor=OP)  # lands between this operation's read and its write
        return prepared

    monkeypatch.setattr(store, "_prepare", racing)
    store.merge_segments(first, "next", actor=OP)
    assert _rows(store, doc) == [((0, 1), (0, 1)), ((2, 3), (2, 3))]
    in_use = [e for key, e in store.document_checks._items.items() if key[0] == doc and key[2] == 2]
    assert [len(e.checks.lines) for e in in_use] == [2]
    second = store.segment_detail(_id(store, doc, 1))
    assert [(f.start, f.end) for f in second.findings] == [(len(MT[2]) + 4, len(MT[2]) + 8)]


def test_a_refused_operation_builds_nothing_ahead(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The costly view of the document is built ahead only for an operation that will be written."""
    doc = _document(store)
    first = store.segment_by_position(doc, 0)
    assert first is not None
    built: list[int] = []
    prepare = store.document_checks.prepare

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return prepare(*args, **kwargs)

    monkeypatch.setattr(store.document_checks, "prepare", counted)
    with pytest.raises(PermissionDenied):
        store.merge_segments(first.id, "next", actor=person(store, "vic", "viewer"))
    with pytest.raises(ConflictError):
        store.merge_segments(first.id, "next", actor=OP, versions={first.id: first.version - 1})
    with pytest.raises(StoreError, match="no previous segment"):
        store.merge_segments(first.id, "previous", actor=OP)
    assert built == []
    store.merge_segments(first.id, "next", actor=OP)
    assert built == [1]


def test_a_batch_before_a_merge_is_undone_after_the_merge_is(store: Store) -> None:
    """The other undo path (``undo_batch``) sees a merged segment's history too: refused while the merge stands,
    then undone on the segment the merge brought back."""
    doc = _document(store)
    first, second = _id(store, doc, 0), _id(store, doc, 1)
    batch = store.apply_batch([SegmentChange(second, corrected="It was a warm day.")], actor=OP)
    store.merge_segments(first, "next", actor=OP)
    with pytest.raises(StoreError, match="changed after the batch"):
        store.undo_batch(batch.batch_id, actor=OP)
    store.undo_last(first, actor=OP)
    store.undo_batch(batch.batch_id, actor=OP)
    assert store.segment_detail(second).segment.corrected == MT[1]
