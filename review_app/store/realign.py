"""Reviewers correct the alignment: merge, split, move and detach sentences between neighbouring segments.

Every operation is a new arrangement of the sentences of a few neighbouring segments (:class:`Group`: the
ids of each side), written by one method, :meth:`Realign._rearrange`, as one transaction plus one event:

- **the contract holds**: within the touched segments each side's ids, read in order, are the same before
  and after (so every input sentence stays in exactly one segment, in document order), and every segment
  keeps an MT or a reference sentence; anything else is refused before a row is written;
- **texts follow the sentences**: a segment's MT, reference and source are its sentences joined with a
  space (as ``pipeline.align_sentences`` joins them), from the sentences the store keeps (``sentences``);
  its link becomes ``"a-b"`` and ``confirmed_by`` the reviewer; scores are recomputed with sacrebleu;
- **reviewer work is carried**: each touched segment's MT is cut into pieces at the sentence boundaries
  where its sentences part; its corrected text is cut at the same places (through the diff of MT and
  correction: the space between the sentences must be unchanged, else the operation is refused and says
  what to do), and each piece goes with its sentences. MQM annotations and findings move with the piece
  their span lies in (an annotation across a cut is refused; a finding across one is resolved: its problem
  is no longer one text's); comments, span-less annotations and the "alignment uncertain" finding (now
  resolved) go to the part holding the segment's first sentence; a part made of several segments takes
  the status that asks for most attention (needs work, to review, corrected, accepted) and says so;
- **checks re-run** on the touched segments (``store.recheck``) and their changes join the event;
- **undo** (:meth:`Realign.undo_last`, the same call as for any action) restores the rows, the work and
  the positions exactly from the event, refused while another change sits on a touched segment.

A segment that no part keeps is deleted; its events are re-pointed to the segment that took its first
sentence (recorded, and pointed back by undo), so the history of a text stays with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from review_app.align.uncertain import ALIGNMENT_CHECK
from review_app.scoring.metrics import scores_and_statistics
from review_app.scoring.registry import default_metrics, sentence_metrics, without_source
from review_app.store.actions import ReviewActions, _conflict, _restore, last_undoable
from review_app.store.auth import Acting, Actor, require_document
from review_app.store.base import open_counts, segment_row
from review_app.store.models import (
    Annotation,
    Comment,
    Document,
    Event,
    Finding,
    Segment,
    Sentence,
    set_scores,
    set_stats,
    utcnow,
)
from review_app.store.recheck import Prepared, Recheck, SegmentLine, recheck
from review_app.store.records import ActionResult, ConflictError, PermissionDenied, SegmentRow, StoreError, is_deleted
from review_app.store.search import search_text
from review_app.store.spans import equal_blocks, map_span
from review_app.vocab import STATUS_LABELS, UNDONE_LABELS

SIDES: tuple[str, ...] = ("mt", "ref", "src")
Side = Literal["mt", "ref", "src"]
End = Literal["first", "last"]
REALIGN_KINDS = frozenset({"merge-segments", "split-segment", "move-sentence", "detach-sentence"})
# A part made of segments in different states takes the one that asks for most attention.
STATUS_PRECEDENCE: tuple[str, ...] = ("needs_work", "todo", "corrected", "accepted")


@dataclass(frozen=True, slots=True)
class Group:
    """One segment of a new arrangement: its sentence ids (0-based, document order) per side."""

    mt: tuple[int, ...]
    ref: tuple[int, ...]
    src: tuple[int, ...] = ()

    def ids(self, side: str) -> tuple[int, ...]:
        """The ids of one side."""
        return tuple(getattr(self, side))


@dataclass(frozen=True, slots=True)
class RealignResult:
    """What an operation (or its undo) did: the segments that now hold the touched sentences, in order, the
    event that records it, and a message for the reviewer."""

    segment_ids: list[int]
    event_id: int
    message: str


def _ids(segment: Segment, side: str) -> tuple[int, ...]:
    return tuple(getattr(segment, f"{side}_ids") or ())


def _group_of(segment: Segment) -> Group:
    return Group(_ids(segment, "mt"), _ids(segment, "ref"), _ids(segment, "src"))


def _join(texts: Sequence[str]) -> str:
    """Sentences as one segment text, as ``pipeline.align_sentences`` joins them."""
    return " ".join(t for t in texts if t)


# --- the arrangements of each operation (pure: ids in, groups out) ---------------------------------


def merged(first: Group, second: Group) -> list[Group]:
    """Two neighbours as one segment."""
    return [Group(first.mt + second.mt, first.ref + second.ref, first.src + second.src)]


def split(group: Group, mt: int, ref: int, src: int | None = None) -> list[Group]:
    """A segment cut in two: its first ``mt`` MT, ``ref`` reference and ``src`` source sentences form the first
    part (``src`` None: the source is cut where the MT is, in proportion)."""
    if src is None:
        src = int(len(group.src) * mt / len(group.mt) + 0.5) if group.mt else len(group.src)  # half up
    for side, count in (("MT", mt), ("reference", ref), ("source", src)):
        total = len(group.ids({"MT": "mt", "reference": "ref", "source": "src"}[side]))
        if not 0 <= count <= total:
            raise StoreError(f"the segment has {total} {side} sentence(s): a part cannot take {count}")
    return [Group(group.mt[:mt], group.ref[:ref], group.src[:src]),
            Group(group.mt[mt:], group.ref[ref:], group.src[src:])]


def moved(segment: Group, neighbour: Group, side: str, end: str) -> list[Group]:
    """The ``first`` sentence of one side moved to the end of the previous segment (``neighbour``), or the
    ``last`` to the start of the next one; a segment left without MT and reference gives its source along."""
    ids = segment.ids(side)
    if not ids:
        raise StoreError(f"the segment has no {_SIDE_NAMES[side]} sentence to move")
    rest = ids[1:] if end == "first" else ids[:-1]
    left = _replace(segment, side, rest)
    if not left.mt and not left.ref:  # nothing left to pair: the whole segment goes over
        left, taken = Group((), ()), segment
    else:
        taken = _replace(Group((), ()), side, ids[:1] if end == "first" else ids[-1:])
    if end == "first":
        groups = [Group(neighbour.mt + taken.mt, neighbour.ref + taken.ref, neighbour.src + taken.src), left]
    else:
        groups = [left, Group(taken.mt + neighbour.mt, taken.ref + neighbour.ref, taken.src + neighbour.src)]
    return [g for g in groups if g.mt or g.ref or g.src]


def detached(segment: Group, side: str, end: str) -> list[Group]:
    """The ``first`` (or ``last``) sentence of one side as a segment of its own (1-0 or 0-1), before (after)."""
    if side not in ("mt", "ref"):
        raise StoreError("only an MT or a reference sentence can stand on its own")
    ids = segment.ids(side)
    if not ids:
        raise StoreError(f"the segment has no {_SIDE_NAMES[side]} sentence to detach")
    rest = _replace(segment, side, ids[1:] if end == "first" else ids[:-1])
    if not rest.mt and not rest.ref:
        raise StoreError(f"this {_SIDE_NAMES[side]} sentence is the segment's only sentence: it stands alone already")
    alone = _replace(Group((), ()), side, ids[:1] if end == "first" else ids[-1:])
    return [alone, rest] if end == "first" else [rest, alone]


_SIDE_NAMES = {"mt": "MT", "ref": "reference", "src": "source"}


def _replace(group: Group, side: str, ids: tuple[int, ...]) -> Group:
    values = {s: group.ids(s) for s in SIDES}
    values[side] = ids
    return Group(values["mt"], values["ref"], values["src"])


def check_contract(old: Sequence[Group], new: Sequence[Group]) -> None:
    """Refuse an arrangement that would lose, duplicate or reorder a sentence, or leave a segment unpaired."""
    for side in SIDES:
        before = [i for g in old for i in g.ids(side)]
        after = [i for g in new for i in g.ids(side)]
        if before != after:
            raise StoreError(f"the change would lose, repeat or reorder {_SIDE_NAMES[side]} sentences "
                             f"({before} → {after}): every sentence stays in exactly one segment, in document order")
    if any(not g.mt and not g.ref for g in new):
        raise StoreError("every segment needs an MT or a reference sentence")


# --- carried work ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    """The part of an old segment that goes to one group: its place in the old MT and corrected texts, and in
    the new group's (filled when the group's texts are built)."""

    group: int
    mt_start: int
    mt_text: str
    corrected_start: int
    corrected: str
    new_mt_start: int = 0
    new_corrected_start: int = -1  # -1: not part of the group's corrected text (empty)


def _pieces(segment: Segment, groups: Sequence[Group], texts: Mapping[tuple[str, int], str]) -> list[_Piece]:
    """The segment's MT cut where its sentences part, and its corrected text cut at the same places."""
    owner = {i: g for g, group in enumerate(groups) for i in group.mt}
    runs: list[tuple[int, list[str]]] = []
    for i in _ids(segment, "mt"):
        if runs and runs[-1][0] == owner[i]:
            runs[-1][1].append(texts["mt", i])
        else:
            runs.append((owner[i], [texts["mt", i]]))
    pieces: list[_Piece] = []
    offset = 0
    for g, sentences in runs:
        text = _join(sentences)
        if text and offset:
            offset += 1  # the space between two pieces
        pieces.append(_Piece(g, offset, text, 0, ""))
        offset += len(text)
    corrected = segment.corrected
    if len(pieces) <= 1 or corrected == segment.mt or is_deleted(corrected):
        same = corrected == segment.mt
        for piece in pieces:
            piece.corrected, piece.corrected_start = (piece.mt_text, piece.mt_start) if same else ("", 0)
        if len(pieces) == 1 and not same:
            pieces[0].corrected = corrected
        return pieces
    cuts: list[tuple[int, int]] = []  # where each piece after the first starts: (end of the one before, its start)
    for piece in pieces[1:]:
        if not piece.mt_text or piece.mt_start == 0:
            cuts.append(cuts[-1] if cuts else (0, 0))
            continue
        cut = _cut(segment.mt, corrected, piece.mt_start - 1)
        if cut is None or (cuts and cut[0] < cuts[-1][1]):
            space = piece.mt_start - 1
            raise StoreError(
                f"segment {segment.position + 1}'s corrected text was changed where its sentences part "
                f"(after {segment.mt[max(0, space - 30):space]!r}), so it cannot be cut there safely: make the "
                "corrected text keep the space between those sentences (or undo the edit), then try again")
        cuts.append(cut)
    bounds = [(0, 0), *cuts, (len(corrected), len(corrected))]
    for k, piece in enumerate(pieces):
        start, end = bounds[k][1], bounds[k + 1][0]
        piece.corrected, piece.corrected_start = corrected[start:end], start
    return pieces


def _cut(mt: str, corrected: str, space: int) -> tuple[int, int] | None:
    """Where the corrected text parts as the MT does at its separator ``space``: (end of the left text, start of the
    right one). The space itself unchanged, or the text up to it (or from it) unchanged with the rest rewritten
    or deleted; None when the edit runs across it."""
    found = map_span(mt, corrected, space, space + 1, mt[space])
    if found is not None and corrected[found[0]].isspace():
        return found[0], found[1]
    for i1, i2, j1, j2 in equal_blocks(mt, corrected):
        if i2 == space and i2 > i1:  # the left sentence ends unchanged here
            return j2, j2 + len(corrected[j2:]) - len(corrected[j2:].lstrip())
        if i1 == space + 1 and i2 > i1:  # the right sentence starts unchanged here
            return j1 - (len(corrected[:j1]) - len(corrected[:j1].rstrip())), j1
    return None


def _place(pieces: Sequence[_Piece], start: int, end: int, corrected: bool) -> tuple[_Piece, int] | None:
    """The piece a span of the old MT (or corrected text) lies in, and the span's offset in it; None across a cut."""
    for piece in pieces:
        lo = piece.corrected_start if corrected else piece.mt_start
        text = piece.corrected if corrected else piece.mt_text
        if corrected and piece.new_corrected_start < 0:
            continue
        if lo <= start and end <= lo + len(text):
            return piece, start - lo
    return None


def _snapshot(segment: Segment) -> dict[str, Any]:
    """Everything of a segment row an undo puts back."""
    return {
        "id": segment.id, "position": segment.position, "mt": segment.mt, "ref": segment.ref, "src": segment.src,
        "mt_ids": list(_ids(segment, "mt")), "ref_ids": list(_ids(segment, "ref")),
        "src_ids": list(_ids(segment, "src")), "link": segment.link, "confidence": segment.confidence,
        "confirmed_by": segment.confirmed_by, "corrected": segment.corrected, "status": segment.status,
        "version": segment.version, "updated_by": segment.updated_by,
        "updated_at": segment.updated_at.isoformat() if segment.updated_at else None,
        "scores": {name: dict(entry) for name, entry in (segment.scores or {}).items()},
        "stats": {name: dict(entry) for name, entry in (segment.stats or {}).items()},
    }


def _items(segments: Sequence[Segment]) -> dict[str, dict[str, list[Any]]]:
    """Where each finding, annotation and comment of the segments is: segment, span, state."""
    return {
        "findings": {str(f.id): [f.segment_id, f.start, f.end, f.state, f.quote] for s in segments for f in s.findings},
        "annotations": {str(a.id): [a.segment_id, a.start, a.end] for s in segments for a in s.annotations},
        "comments": {str(c.id): [c.segment_id] for s in segments for c in s.comments},
    }


def _move(child: Finding | Annotation | Comment, collection: str, source: Segment, target: Segment) -> None:
    """Move a finding, annotation or comment to another segment through the collections (never orphaned)."""
    if source is target:
        return
    getattr(source, collection).remove(child)
    getattr(target, collection).append(child)


class Realign(ReviewActions):
    """Write side for the alignment: merge, split, move, detach, confirm a link; their undo."""

    # --- the operations -------------------------------------------------------------------------------

    def merge_segments(self, segment_id: int, direction: Literal["next", "previous"] = "next", *, actor: Actor,
                       versions: Mapping[int, int] | None = None) -> RealignResult:
        """Merge the segment with the next (or previous) one. ``versions``: segment id -> the version the
        reviewer's page showed; a touched segment that moved on since is a :class:`ConflictError`."""
        def arrange(segment: Segment, neighbours: _Neighbours) -> tuple[list[Segment], list[Group]]:
            other = neighbours.get(direction)
            pair = [segment, other] if direction == "next" else [other, segment]
            return pair, merged(_group_of(pair[0]), _group_of(pair[1]))

        return self._operation(segment_id, "merge-segments", arrange, actor, versions, {"direction": direction})

    def split_segment(self, segment_id: int, *, mt: int, ref: int, src: int | None = None, actor: Actor,
                      versions: Mapping[int, int] | None = None) -> RealignResult:
        """Cut the segment in two at sentence boundaries: its first ``mt`` MT, ``ref`` reference and ``src``
        source sentences (None: the source follows the MT) form the first part, the rest the second."""
        def arrange(segment: Segment, _neighbours: _Neighbours) -> tuple[list[Segment], list[Group]]:
            groups = split(_group_of(segment), mt, ref, src)
            if any(not g.mt and not g.ref for g in groups):
                raise StoreError("each part needs an MT or a reference sentence: choose where to cut")
            return [segment], groups

        cut = {"mt": mt, "ref": ref, "src": src}
        return self._operation(segment_id, "split-segment", arrange, actor, versions, cut)

    def move_sentence(self, segment_id: int, side: Side, end: End, *, actor: Actor,
                      versions: Mapping[int, int] | None = None) -> RealignResult:
        """Move the segment's ``first`` sentence of ``side`` to the end of the previous segment, or its ``last``
        to the start of the next one (a segment left with no MT and no reference goes over whole)."""
        def arrange(segment: Segment, neighbours: _Neighbours) -> tuple[list[Segment], list[Group]]:
            other = neighbours.get("previous" if end == "first" else "next")
            pair = [other, segment] if end == "first" else [segment, other]
            return pair, moved(_group_of(segment), _group_of(other), side, end)

        return self._operation(segment_id, "move-sentence", arrange, actor, versions, {"side": side, "end": end})

    def detach_sentence(self, segment_id: int, side: Literal["mt", "ref"], end: End, *, actor: Actor,
                        versions: Mapping[int, int] | None = None) -> RealignResult:
        """Give the segment's ``first`` (``last``) sentence of ``side`` a segment of its own (1-0 or 0-1) just before
        (after) it; :meth:`merge_segments` joins it back."""
        def arrange(segment: Segment, _neighbours: _Neighbours) -> tuple[list[Segment], list[Group]]:
            return [segment], detached(_group_of(segment), side, end)

        return self._operation(segment_id, "detach-sentence", arrange, actor, versions, {"side": side, "end": end})

    def confirm_link(self, segment_id: int, *, actor: Actor, expected_version: int | None = None) -> ActionResult:
        """Confirm the segment's link as the aligner made it: its "alignment uncertain" finding resolves and the
        link is confirmed by the reviewer (one event; undo reverts it)."""
        with self._write() as session:
            segment = self._segment(session, segment_id)
            who = require_document(session, actor, segment.document_id)
            if expected_version is not None and segment.version != expected_version:
                raise _conflict(segment, expected_version)
            open_ = [f for f in segment.findings if f.check_id == ALIGNMENT_CHECK and f.state == "open"]
            before: dict[str, Any] = {"confirmed_by": segment.confirmed_by,
                                      "findings": {str(f.id): f.state for f in open_}}
            for f in open_:
                f.state = "resolved"
            segment.confirmed_by = who.name
            after = {"confirmed_by": who.name, "findings": {str(f.id): "resolved" for f in open_}}
            return self._commit(session, segment, who, "confirm-link", before, after, expected=expected_version,
                                message=f"confirmed the {segment.link} link of segment {segment.position + 1}")

    def next_uncertain(self, document_id: int, after_position: int = -1, *, wrap: bool = True) -> SegmentRow | None:
        """The first segment after ``after_position`` (0-based) with an open "alignment uncertain" finding; with
        ``wrap``, the document's first one when none follows. None when no link is uncertain any more."""
        uncertain = select(Finding.segment_id).where(Finding.document_id == document_id,
                                                     Finding.check_id == ALIGNMENT_CHECK, Finding.state == "open")
        stmt = (select(Segment).where(Segment.document_id == document_id, Segment.id.in_(uncertain))
                .order_by(Segment.position).limit(1))
        with self._read() as session:
            segment = session.scalar(stmt.where(Segment.position > after_position))
            if segment is None and wrap:
                segment = session.scalar(stmt)
            return segment_row(segment, open_counts(session, [segment.id]).get(segment.id, 0)) if segment else None

    def uncertain_count(self, document_id: int) -> int:
        """How many of the document's links are still uncertain (open "alignment uncertain" findings)."""
        with self._read() as session:
            return session.scalar(select(func.count()).where(
                Finding.document_id == document_id, Finding.check_id == ALIGNMENT_CHECK, Finding.state == "open")) or 0

    def alignment_beads(self, document_id: int) -> list[tuple[list[int], list[int]]]:
        """The document's alignment as it now stands: each segment's MT and reference sentence ids, in order."""
        stmt = (select(Segment.mt_ids, Segment.ref_ids).where(Segment.document_id == document_id)
                .order_by(Segment.position))
        with self._read() as session:
            if session.get(Document, document_id) is None:
                raise StoreError(f"no document with id {document_id}")
            return [(list(mt or ()), list(ref or ())) for mt, ref in session.execute(stmt)]

    def link_sentences(self, segment_ids: Sequence[int]) -> dict[int, dict[str, list[tuple[int, str | None]]]]:
        """Each segment's input sentences per side (``mt``, ``ref``, ``src``), in order: (0-based id, text). The text
        is None where the database does not keep it (a side of several sentences of a document imported before
        sentences were kept); a side of one sentence is the segment's own text."""
        with self._read() as session:
            segments = session.scalars(select(Segment).where(Segment.id.in_(segment_ids))).all()
            wanted = {(s.document_id, side, i) for s in segments for side in SIDES for i in _ids(s, side)}
            kept: dict[tuple[int, str, int], str] = {}
            for document_id in {s.document_id for s in segments}:
                for side in SIDES:
                    numbers = sorted(i for d, sd, i in wanted if d == document_id and sd == side)
                    if numbers:
                        rows = session.execute(select(Sentence.number, Sentence.text).where(
                            Sentence.document_id == document_id, Sentence.side == side, Sentence.number.in_(numbers)))
                        kept.update(((document_id, side, n), t) for n, t in rows)
            out: dict[int, dict[str, list[tuple[int, str | None]]]] = {}
            for s in segments:
                sides: dict[str, list[tuple[int, str | None]]] = {}
                for side in SIDES:
                    ids = _ids(s, side)
                    own = getattr(s, side) if len(ids) == 1 else None
                    sides[side] = [(i, kept.get((s.document_id, side, i), own)) for i in ids]
                out[s.id] = sides
            return out

    def undo_last(self, segment_id: int, *, actor: Actor, expected_version: int | None = None) -> ActionResult:
        """Revert the newest action on the segment not yet undone: an alignment change as a whole (see the
        module), any other action as :meth:`ReviewActions.undo_last` does."""
        with self._read() as session:
            target = last_undoable(session, segment_id)
            kind = target.kind if target is not None else None
        if kind not in REALIGN_KINDS:
            return super().undo_last(segment_id, actor=actor, expected_version=expected_version)
        result = self._undo_realign(segment_id, actor, expected_version)
        with self._read() as session:
            segment = session.get(Segment, result.segment_ids[0])
            assert segment is not None
            return ActionResult(segment.id, segment.version, result.event_id, result.message)

    # --- the one write path ---------------------------------------------------------------------------

    @staticmethod
    def _segment(session: Session, segment_id: int) -> Segment:
        segment = session.get(Segment, segment_id)
        if segment is None:
            raise StoreError(f"no segment with id {segment_id}")
        return segment

    def _operation(self, segment_id: int, kind: str,
                   arrange: Callable[[Segment, _Neighbours], tuple[list[Segment], list[Group]]],
                   actor: Actor, versions: Mapping[int, int] | None, asked: Mapping[str, Any]) -> RealignResult:
        """``asked``: what the reviewer asked for (direction, side and end, the cut), recorded in the event with the
        segment acted on, so the history can tell it in their words."""
        ahead = self._prepare(segment_id, arrange, actor, versions or {})
        with self._write() as session:
            segment = self._segment(session, segment_id)
            who = require_document(session, actor, segment.document_id)
            document = _lock_document(session, segment.document_id)
            old, groups = arrange(segment, _Neighbours(session, segment))
            if ahead is not None and ahead[0] == (document.realigned - 1, [s.id for s in old]):
                self.document_checks.install(session, ahead[1])  # nobody changed the alignment since the read
            return self._rearrange(session, who, kind, document, old, groups, versions or {}, segment.id,
                                   {"segment": segment.id, **asked})

    def _prepare(self, segment_id: int,
                 arrange: Callable[[Segment, _Neighbours], tuple[list[Segment], list[Group]]],
                 actor: Actor, versions: Mapping[int, int]) -> tuple[tuple[int, list[int]], Prepared] | None:
        """The re-check's view of the document as the operation will leave it, built from a read before the
        write transaction (what costs is building it, so the write lock is held for the write alone), with what
        it was built on (the realignment count, the touched segments); None when the operation would be
        refused (the write transaction refuses it with its message)."""
        with self._read() as session:
            segment = session.get(Segment, segment_id)
            if segment is None:
                return None
            document = session.get(Document, segment.document_id)
            assert document is not None
            try:
                require_document(session, actor, document.id)
                old, groups = arrange(segment, _Neighbours(session, segment))
                check_contract([_group_of(s) for s in old], groups)
                texts = _sentence_texts(session, document.id, old)
            except StoreError:
                return None
            if any(s.id in versions and s.version != versions[s.id] for s in old):
                return None
            rows = session.execute(select(Segment.mt, Segment.src, Segment.ref, Segment.corrected, Segment.version)
                                   .where(Segment.document_id == document.id).order_by(Segment.position)).all()
            first = old[0].position
            lines: list[SegmentLine] = [(r.mt, r.src, r.ref, r.corrected, r.version) for r in rows]
            # The parts' corrected texts are read again at the re-check (version -1): their MT stands in here.
            lines[first:first + len(old)] = [
                (mt := _join([texts["mt", i] for i in g.mt]),
                 _join([texts["src", i] for i in g.src]) if g.src else None,
                 _join([texts["ref", i] for i in g.ref]), mt, -1) for g in groups]
            realigned = document.realigned or 0
            prepared = self.document_checks.prepare(session, document.id, realigned + 1, lines, warm=first)
            return (realigned, [s.id for s in old]), prepared

    def _rearrange(self, session: Session, who: Acting, kind: str, document: Document, old: list[Segment],
                   groups: list[Group], versions: Mapping[int, int], acted_on: int,
                   asked: Mapping[str, Any]) -> RealignResult:
        """Write ``groups`` in place of the neighbouring segments ``old`` (see the module). The event is on the
        segment acted on (``acted_on``) or, when it is gone, on the part that took its sentences: undo it there."""
        for segment in old:
            if segment.id in versions and segment.version != versions[segment.id]:
                raise _conflict(segment, versions[segment.id])
        check_contract([_group_of(s) for s in old], groups)
        texts = _sentence_texts(session, document.id, old)
        first = old[0].position
        positions = {s.id: s.position for s in old}
        before: dict[str, Any] = {"segments": [_snapshot(s) for s in old], "items": _items(old)}
        pieces = {s.id: _pieces(s, groups, texts) for s in old}
        home = {s.id: _home(s, groups) for s in old}
        contributors = [[s for s in old if any(set(group.ids(side)) & set(_ids(s, side)) for side in SIDES)]
                        for group in groups]  # read before the rows are rewritten
        # Each part keeps the row of the segment whose home it is (of several, the one giving it most sentences);
        # the other segments are deleted.
        rows = [max((s for s in old if home[s.id] == g), default=None,
                    key=lambda s: (_share(s, groups[g]), -old.index(s))) for g in range(len(groups))]
        kept = {row.id for row in rows if row is not None}
        _shift(session, document.id, first, len(old), len(groups))
        for segment in old:
            session.expire(segment, ["position"])  # moved by the statements above; set again below
        notes: list[str] = []
        now = utcnow()
        parts: list[Segment] = []
        for g, row in enumerate(rows):
            if row is None:
                row = Segment(document_id=document.id, mt="", ref="", corrected="", status="todo", version=1)
                session.add(row)
            row.position = first + g
            parts.append(row)
        for g, group in enumerate(groups):
            _fill(parts[g], g, group, texts, contributors[g], pieces, home, who, now, notes)
        _carry(old, parts, pieces, home, positions)
        _score(parts)
        session.flush()  # new rows get their ids
        for segment in old:
            if segment.id not in kept:
                moved_events = session.scalars(select(Event.id).where(Event.segment_id == segment.id)).all()
                before.setdefault("events", {}).update((str(i), segment.id) for i in moved_events)
                session.execute(update(Event).where(Event.segment_id == segment.id)
                                .values(segment_id=parts[home[segment.id]].id)
                                .execution_options(synchronize_session=False))
                session.delete(segment)
        _flush(session, "changed")
        change = Recheck()
        for part in parts:
            done = recheck(session, part, part.corrected, self.document_checks)
            change.states.update(done.states)
            change.spans.update(done.spans)
            change.added += done.added
        session.flush()
        after: dict[str, Any] = {"segments": [_snapshot(p) for p in parts], "items": _items(parts),
                                 "operation": dict(asked)}
        before, after = change.recorded(before, after)
        event = Event(actor=who.name, user_id=who.user_id, kind=kind, project_id=document.project_id,
                      document_id=document.id, segment_id=parts[home[acted_on]].id, before=before, after=after, at=now)
        session.add(event)
        session.flush()
        described = ", ".join(f"{first + g + 1} ({p.link})" for g, p in enumerate(parts))
        message = f"{_KIND_WORDS[kind]}: segment{'s' if len(parts) > 1 else ''} {described}" + "".join(notes)
        return RealignResult([p.id for p in parts], event.id, message)

    # --- undo -----------------------------------------------------------------------------------------

    def _undo_realign(self, segment_id: int, actor: Actor, expected_version: int | None) -> RealignResult:
        with self._write() as session:
            anchor = self._segment(session, segment_id)
            who = require_document(session, actor, anchor.document_id)
            if expected_version is not None and anchor.version != expected_version:
                raise _conflict(anchor, expected_version)
            target = last_undoable(session, segment_id)
            assert target is not None and target.kind in REALIGN_KINDS
            theirs = target.user_id != who.user_id if target.user_id is not None else target.actor != who.name
            if theirs and not who.is_admin:
                raise PermissionDenied(f"the last change on this segment ({target.kind}) was {target.actor}'s: "
                                       "undoing someone else's change needs an admin")
            document = _lock_document(session, anchor.document_id)
            before, after = target.before, target.after
            now_rows: list[Segment] = []
            for snap in after["segments"]:
                row = session.get(Segment, snap["id"])
                if row is None or not _as_left(row, snap, after["items"]):
                    by = f" by {row.updated_by}" if row is not None and row.updated_by else ""
                    raise ConflictError(f"segment {snap['position'] + 1} was changed{by} after this change "
                                        f"({_KIND_WORDS[target.kind]}): undo that change first, then this one")
                now_rows.append(row)
            # Where the parts are now (a realignment earlier in the document may have moved them since).
            first = now_rows[0].position
            if [r.position for r in now_rows] != list(range(first, first + len(now_rows))):
                raise StoreError("the segments of this change are no longer neighbours: it cannot be undone")
            _shift(session, document.id, first, len(after["segments"]), len(before["segments"]))
            for row in now_rows:
                session.expire(row, ["position"])  # moved by the statements above; set again below
            # What the re-check changed (on these segments or elsewhere); the items below have the last word.
            _restore(session, anchor, {"findings": before.get("findings") or {},
                                       "finding_spans": before.get("finding_spans") or {}}, {})
            restored: list[Segment] = []
            for k, snap in enumerate(before["segments"]):
                snap = {**snap, "position": first + k}
                row = session.get(Segment, snap["id"])
                if row is None:
                    row = _recreate(session, document.id, snap)
                _put_back(row, snap, who.name)
                restored.append(row)
            by_id = {r.id: r for r in [*now_rows, *restored]}
            added = {int(i) for i in after.get("added_findings") or ()}
            self._items_back(session, before, after, by_id, added)
            leaving = [r for r in now_rows if r.id not in {s["id"] for s in before["segments"]}]
            for row in leaving:  # what arrived on a part since (a comment) goes to the first segment
                for comment in list(row.comments):
                    _move(comment, "comments", row, restored[0])
                session.execute(update(Event).where(Event.segment_id == row.id).values(segment_id=restored[0].id)
                                .execution_options(synchronize_session=False))
            for event_id, old_segment in (before.get("events") or {}).items():
                session.execute(update(Event).where(Event.id == int(event_id)).values(segment_id=old_segment)
                                .execution_options(synchronize_session=False))
            for row in leaving:
                session.delete(row)
            _flush(session, "undone")
            event = Event(actor=who.name, user_id=who.user_id, kind="undo", project_id=document.project_id,
                          document_id=document.id, segment_id=restored[0].id, before=dict(after), after=dict(before),
                          undoes=target.id, at=utcnow())
            session.add(event)
            session.flush()
            whose = f" (a change by {target.actor})" if theirs else ""
            undone = UNDONE_LABELS.get(target.kind, target.kind)
            return RealignResult([r.id for r in restored], event.id, f"undid {undone}{whose}")

    @staticmethod
    def _items_back(session: Session, before: Mapping[str, Any], after: Mapping[str, Any],
                    rows: Mapping[int, Segment], added: set[int]) -> None:
        """Findings, annotations and comments back on their segments, at their spans, in their states."""
        for finding_id, (segment_id, start, end, state, quote) in before["items"]["findings"].items():
            finding = session.get(Finding, int(finding_id))
            if finding is not None:
                _move(finding, "findings", finding.segment, rows[segment_id])
                finding.start, finding.end, finding.state, finding.quote = start, end, state, quote
        for annotation_id, (segment_id, start, end) in before["items"]["annotations"].items():
            annotation = session.get(Annotation, int(annotation_id))
            if annotation is not None:
                _move(annotation, "annotations", annotation.segment, rows[segment_id])
                annotation.start, annotation.end = start, end
        for comment_id, (segment_id,) in before["items"]["comments"].items():
            comment = session.get(Comment, int(comment_id))
            if comment is not None:
                _move(comment, "comments", comment.segment, rows[segment_id])
        new = added | {int(i) for i in after["items"]["findings"] if i not in before["items"]["findings"]}
        for finding_id in new:
            finding = session.get(Finding, finding_id)
            if finding is not None:
                finding.segment.findings.remove(finding)  # delete-orphan: the row goes with the flush


def _fill(row: Segment, g: int, group: Group, texts: Mapping[tuple[str, int], str], contributors: list[Segment],
          pieces: Mapping[int, list[_Piece]], home: Mapping[int, int], who: Acting, now: datetime,
          notes: list[str]) -> None:
    """A part's texts, ids, link, corrected text (its pieces joined) and status."""
    row.mt, row.ref = (_join([texts[side, i] for i in group.ids(side)]) for side in ("mt", "ref"))
    row.src = _join([texts["src", i] for i in group.src]) if group.src else None
    row.mt_ids, row.ref_ids, row.src_ids = list(group.mt), list(group.ref), list(group.src)
    row.link, row.confidence, row.confirmed_by = f"{len(group.mt)}-{len(group.ref)}", 1.0, who.name
    offset, corrected_offset = 0, 0
    corrected: list[str] = []
    mine = [p for s in contributors for p in pieces[s.id] if p.group == g]
    for piece in mine:
        if piece.mt_text and offset:
            offset += 1
        piece.new_mt_start = offset
        offset += len(piece.mt_text)
    # A segment without MT may still have a corrected text (a reviewer's translation): it goes to its home part.
    unmoved = [s for s in contributors if not _ids(s, "mt") and home[s.id] == g]
    for piece in mine + [_Piece(g, 0, "", 0, s.corrected) for s in unmoved if s.corrected.strip()]:
        if piece.corrected.strip():
            if corrected:
                corrected_offset += 1
            piece.new_corrected_start = corrected_offset
            corrected.append(piece.corrected)
            corrected_offset += len(piece.corrected)
    row.corrected = " ".join(corrected)
    statuses = list(dict.fromkeys(s.status for s in contributors))
    row.status = min(statuses, key=lambda s: STATUS_PRECEDENCE.index(s) if s in STATUS_PRECEDENCE else 0)
    if len(statuses) > 1:
        names = " and ".join(STATUS_LABELS.get(s, s) for s in statuses)
        notes.append(f"; segment {row.position + 1} joins segments "
                     f"that were {names}: it is {STATUS_LABELS.get(row.status, row.status)}")
    row.updated_by, row.updated_at = who.name, now

def _carry(old: list[Segment], parts: list[Segment], pieces: Mapping[int, list[_Piece]], home: Mapping[int, int],
           positions: Mapping[int, int]) -> None:
    """Move each old segment's annotations, findings and comments to the part holding their text."""
    for segment in old:
        own = pieces[segment.id]
        target = parts[home[segment.id]]
        for annotation in list(segment.annotations):
            if annotation.start is not None and annotation.end is not None:
                place = _place(own, annotation.start, annotation.end, False)
                if place is None:
                    raise StoreError(
                        f"the {annotation.severity} {annotation.category} annotation on segment "
                        f"{positions[segment.id] + 1} ({annotation.quote!r}) spans sentences that would go to "
                        "different segments: delete it (and annotate each part afterwards), then try again")
                piece, at = place
                length = annotation.end - annotation.start
                annotation.start, annotation.end = piece.new_mt_start + at, piece.new_mt_start + at + length
                _move(annotation, "annotations", segment, parts[piece.group])
            else:
                _move(annotation, "annotations", segment, target)
        for finding in list(segment.findings):
            on_corrected = finding.span_on == "corrected"
            place = None if finding.check_id == ALIGNMENT_CHECK else _place(
                own, finding.start, finding.end, on_corrected)
            if place is None:
                # The link is set by the reviewer now, or the problem no longer lies in one text.
                if finding.state == "open":
                    finding.state = "resolved"
                _move(finding, "findings", segment, target)
                continue
            piece, at = place
            base = piece.new_corrected_start if on_corrected else piece.new_mt_start
            length = finding.end - finding.start
            finding.start, finding.end = base + at, base + at + length
            _move(finding, "findings", segment, parts[piece.group])
        for comment in list(segment.comments):
            _move(comment, "comments", segment, target)
    for part in parts:  # an alignment finding spans its whole MT
        for finding in part.findings:
            if finding.check_id == ALIGNMENT_CHECK:
                finding.start, finding.end, finding.quote = 0, len(part.mt), part.mt



def _share(segment: Segment, group: Group) -> int:
    """How many of the group's MT and reference sentences are the segment's."""
    return sum(len(set(group.ids(side)) & set(_ids(segment, side))) for side in ("mt", "ref"))


def _home(segment: Segment, groups: Sequence[Group]) -> int:
    """The part that holds most of the segment's sentences (of equals, the one with fewest sentences of other
    segments, then the first): it keeps the segment's row, comments, status and span-less annotations."""
    def key(g: int) -> tuple[int, int, int]:
        mine = _share(segment, groups[g])
        return mine, mine - len(groups[g].mt) - len(groups[g].ref), -g

    return max(range(len(groups)), key=key)


_KIND_WORDS = {"merge-segments": "merged", "split-segment": "split", "move-sentence": "moved a sentence",
               "detach-sentence": "detached a sentence"}


class _Neighbours:
    """The segments before and after one, read when an operation asks for them."""

    def __init__(self, session: Session, segment: Segment) -> None:
        self.session, self.segment = session, segment

    def get(self, which: str) -> Segment:
        position = self.segment.position + (1 if which == "next" else -1)
        other = self.session.scalar(select(Segment).where(Segment.document_id == self.segment.document_id,
                                                          Segment.position == position))
        if other is None:
            raise StoreError(f"segment {self.segment.position + 1} is the document's "
                             f"{'last' if which == 'next' else 'first'}: there is no {which} segment")
        return other


def _lock_document(session: Session, document_id: int) -> Document:
    """The document row, locked and its realignment count raised: one realignment of a document at a time, and
    the re-check cache reads the renumbered lines afresh."""
    document = session.scalar(select(Document).where(Document.id == document_id).with_for_update())
    assert document is not None
    document.realigned = (document.realigned or 0) + 1
    session.flush()
    return document


def _shift(session: Session, document_id: int, first: int, old_count: int, new_count: int) -> None:
    """Make room for ``new_count`` segments at ``first`` where ``old_count`` were: the touched rows go to
    negative positions (their new ones are set on the rows), the later ones move by the difference; in two
    statements, so the unique (document, position) index never sees two rows at one place."""
    def positions() -> Any:
        return update(Segment).execution_options(synchronize_session=False)

    session.execute(positions().where(Segment.document_id == document_id, Segment.position >= first)
                    .values(position=-1 - Segment.position))
    session.execute(positions().where(Segment.document_id == document_id, Segment.position <= -1 - (first + old_count))
                    .values(position=-1 - Segment.position + (new_count - old_count)))


def _sentence_texts(session: Session, document_id: int, segments: Sequence[Segment]) -> dict[tuple[str, int], str]:
    """The text of every sentence of the segments, by (side, id): as kept at import; for a document imported
    before sentences were kept, a side holding one sentence is that sentence (kept from then on)."""
    wanted = {(side, i) for s in segments for side in SIDES for i in _ids(s, side)}
    texts: dict[tuple[str, int], str] = {}
    for side in SIDES:
        numbers = sorted(i for s, i in wanted if s == side)
        if numbers:
            rows = session.execute(select(Sentence.number, Sentence.text).where(
                Sentence.document_id == document_id, Sentence.side == side, Sentence.number.in_(numbers)))
            texts.update(((side, n), t) for n, t in rows)
    for segment in segments:
        for side in SIDES:
            ids = _ids(segment, side)
            missing = [i for i in ids if (side, i) not in texts]
            if not missing:
                continue
            if len(ids) == 1:  # kept from now on, so the segment can be cut again after a merge
                texts[side, ids[0]] = getattr(segment, side) or ""
                session.add(Sentence(document_id=document_id, side=side, number=ids[0], text=texts[side, ids[0]]))
            else:
                raise StoreError(f"segment {segment.position + 1} holds several {_SIDE_NAMES[side]} sentences whose "
                                 "texts this database does not keep (the document was imported before they were "
                                 "kept): import the document again to correct its alignment")
        mt = _join([texts["mt", i] for i in _ids(segment, "mt")])
        if mt != segment.mt:
            raise StoreError(f"segment {segment.position + 1}'s MT is not its sentences joined: its alignment "
                             "cannot be changed here (import the document again)")
    return texts


_COMPARED = ("mt_ids", "ref_ids", "src_ids", "corrected", "status", "confirmed_by")


def _as_left(row: Segment, snap: Mapping[str, Any], items: Mapping[str, Any]) -> bool:
    """Whether a part is as the operation left it (its sentences, corrected text, status, confirmation and MQM
    annotations; a later change that was undone since counts as none), so undoing the operation loses nothing."""
    if any(list(getattr(row, name) or ()) != list(snap[name] or ()) if name.endswith("_ids")
           else getattr(row, name) != snap[name] for name in _COMPARED):
        return False
    left = {int(i) for i, (segment_id, *_span) in items["annotations"].items() if segment_id == row.id}
    return {a.id for a in row.annotations} == left


def _recreate(session: Session, document_id: int, snap: Mapping[str, Any]) -> Segment:
    """A deleted segment back under its id (the events pointing at it are re-pointed by the caller)."""
    try:
        session.execute(insert(Segment).values(
            id=snap["id"], document_id=document_id, position=snap["position"], mt=snap["mt"], ref=snap["ref"],
            src=snap["src"], corrected=snap["corrected"], status=snap["status"], version=snap["version"],
            search=search_text(snap["mt"], snap["ref"], snap["corrected"], snap["src"])))
    except IntegrityError:
        raise StoreError("the segment this change removed cannot be brought back under its number (the database "
                         "reused it): correct the alignment again by hand") from None
    row = session.get(Segment, snap["id"])
    assert row is not None
    return row


def _put_back(row: Segment, snap: Mapping[str, Any], name: str) -> None:
    for field in ("position", "mt", "ref", "src", "mt_ids", "ref_ids", "src_ids", "link", "confidence",
                  "confirmed_by", "corrected", "status"):
        setattr(row, field, snap[field])
    row.scores = {name: dict(entry) for name, entry in snap["scores"].items()}  # a new dict: the ORM sees it
    row.stats = {name: dict(entry) for name, entry in (snap.get("stats") or {}).items()}
    row.updated_by, row.updated_at = name, utcnow()


def _score(parts: Sequence[Segment]) -> None:
    """The parts' sentence scores and statistics rows, of the MT and of the corrected text, as an import and an
    edit set them (the registry's sentence metrics and the default corpus metrics' rows; the costly ones left out,
    those needing the source where there is one). Only the touched segments, inside the transaction: their texts
    are known only once the pieces are cut."""
    for corrected in (False, True):
        for has_source in (True, False):
            group = [p for p in parts if (p.src is not None) == has_source]
            if not group:
                continue
            values = scores_and_statistics([p.corrected if corrected else p.mt for p in group],
                                           [[p.ref for p in group]],
                                           without_source(sentence_metrics(), has_source),
                                           without_source(default_metrics(), has_source),
                                           [p.src for p in group] if has_source else None)
            for part, (scores, rows) in zip(group, values, strict=True):
                set_scores(part, scores, corrected=corrected)
                set_stats(part, rows, corrected=corrected)


def _flush(session: Session, done: str) -> None:
    """Write the change; a segment another session changed since it was read refuses it whole."""
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(f"a segment of this change was changed by someone else meanwhile: nothing was {done}; "
                            "reload the page and try again") from None
