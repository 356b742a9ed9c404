"""Issue 28: one big batch must not lock the team out, and a lock held too long is one clear line.

A batch writes in chunks (``store/batch.py``): another reviewer's save lands between two chunks
instead of waiting for the whole batch, the batch stays one batch that one undo reverts, and a segment
saved by someone else while the batch runs is left as they saved it and named in the result. The
interleaving is made by the batch's progress callback (called between chunks, with the lock free), so
nothing here depends on timing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from review_app.checks.base import Finding
from review_app.model import AlignedSegment
from review_app.scoring.metrics import sentence_scores
from review_app.store import BusyError, PartialBatchError, Store, StoreError, glossary
from review_app.store import db as store_db
from tests.locks import sqlite_write_lock
from tests.people import OP, person

N = 2_000  # segments; every other one has a dash to fix: a batch of 1,000, several chunks
BUSY = "the database is busy with another change; try again"


def _document(store: Store, n: int = N) -> tuple[int, list[int]]:
    project = store.create_project("Big", "ru", "en", actor=OP)
    segments = [AlignedSegment(mt=f"Line {i} is a time—tested line.", ref=f"Line {i} is a time-tested line.", src=None,
                               mt_ids=[i], ref_ids=[i], scores={"bleu": 50.0, "chrf": 50.0, "ter": 50.0})
                for i in range(n)]
    findings = [[Finding(1, s.mt.index("—"), s.mt.index("—") + 1, "dash-in-compound", "Fluency/Punctuation", "minor",
                         "dash", "-")] if i % 2 == 0 else [] for i, s in enumerate(segments)]
    document = store.add_document(project.id, "big", segments, findings, actor=OP)
    return document.id, store.segment_ids(document.id)


def _in_thread(action: Callable[[], object]) -> object:
    """Run ``action`` in another thread (another reviewer's session) and return its result; fails if it
    does not finish, i.e. if it had to wait for the batch to end (the batch waits for it here)."""
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(action()))
    thread.start()
    thread.join(timeout=120)  # a guard against a deadlock, not a measure: the save needs well under a second
    assert not thread.is_alive(), "the save waited for the whole of the other change"
    assert out, "the save failed (see the thread's exception above)"
    return out[0]


def test_a_save_lands_between_the_chunks_of_a_big_batch_and_the_batch_stays_one(db_url: str) -> None:
    store = Store(db_url)
    document_id, ids = _document(store)
    other = Store(db_url)  # another reviewer's session: its own connections (another process would do the same)
    ann, bob = person(store, "ann"), person(store, "bob")
    plan = store.plan_check_fixes([document_id], "dash-in-compound")
    planned = [p.change.segment_id for p in plan.changes]
    assert planned == ids[::2]
    free, late = ids[1], planned[-1]  # one segment the batch does not change, one it has not reached yet
    calls: list[tuple[int, int]] = []
    saved: list[int] = []

    def between_chunks(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) == 1:  # the first chunk is written, the lock is free: bob saves twice, at once
            saved.append(_in_thread(lambda: other.edit_corrected(free, "Bob's line.", actor=bob)).event_id)
            saved.append(_in_thread(lambda: other.edit_corrected(late, "Bob's own line.", actor=bob,
                                                                 expected_version=1)).event_id)

    result = store.apply_plan(plan, actor=ann, progress=between_chunks)
    assert len(calls) >= 3 and calls[-1] == (len(planned), len(planned)) and calls[0][0] < len(planned)
    batch = [e for e in store.events(document_id=document_id, limit=5_000) if e.batch == result.batch_id]
    assert len(batch) == len(planned) - 1 and {e.kind for e in batch} == {"apply-check-fixes"}
    first, last = min(e.id for e in batch), max(e.id for e in batch)
    assert all(first < event_id < last for event_id in saved)  # bob's saves landed between the batch's chunks
    # The segment bob saved before the batch reached it is not overwritten: left as he saved it, and named.
    assert result.segments == planned[:-1] and result.changed_meanwhile == [(len(ids) - 2, "bob")]
    assert result.message == (f"applied the dash-in-compound fixes in {len(planned) - 1} segments: one batch, one "
                              f"undo; 1 segment changed meanwhile was left as saved: {len(ids) - 1} (by bob)")
    assert store.segment_detail(late).segment.corrected == "Bob's own line."
    # Its dash finding is not applied by the batch: bob's text has no dash, so his edit resolved it.
    assert [f.state for f in store.segment_detail(late).findings if f.check == "dash-in-compound"] == ["resolved"]
    assert store.segment_detail(planned[0]).segment.corrected == "Line 0 is a time-tested line."
    fixed = "Line 0 is a time-tested line."  # scored outside the lock, as one save would score it
    assert store.segment_detail(planned[0]).segment.corrected_scores == sentence_scores([fixed], [[fixed]])[0]

    # One undo reverts the batch, in chunks too; bob saving a segment it has not reached yet keeps his text.
    undo_calls: list[int] = []

    def between_undo_chunks(done: int, _total: int) -> None:
        undo_calls.append(done)
        if len(undo_calls) == 1:  # the undo goes newest first: planned[0] comes last
            _in_thread(lambda: other.edit_corrected(planned[0], "Bob again.", actor=bob))

    undone = store.undo_batch(result.batch_id, actor=ann, progress=between_undo_chunks)
    assert len(undo_calls) >= 3
    assert sorted(undone.segments) == planned[1:-1] and undone.changed_meanwhile == [(0, "bob")]
    assert undone.message.endswith("1 segment changed meanwhile was left as saved: 1 (by bob) (undo that change, "
                                   "then undo the batch again)")
    texts = {r.id: r.corrected for r in store.segment_page(document_id, limit=N).rows}
    assert all(texts[i] == f"Line {2 * k} is a time—tested line." for k, i in enumerate(planned[:-1]) if k)
    assert (texts[planned[0]], texts[free], texts[late]) == ("Bob again.", "Bob's line.", "Bob's own line.")
    store.undo_last(planned[0], actor=bob)
    rest = store.undo_batch(result.batch_id, actor=ann)  # only the part not yet undone
    assert rest.segments == [planned[0]] and not rest.changed_meanwhile
    assert store.segment_detail(planned[0]).segment.corrected == "Line 0 is a time—tested line."
    assert all(f.state == "open" for i in planned[:-1] for f in store.segment_detail(i).findings)  # late: bob's
    with pytest.raises(StoreError, match="already undone"):
        store.undo_batch(result.batch_id, actor=ann)
    other.close()


@contextmanager
def _write_lock_held(url: str) -> Iterator[None]:
    """Another connection holding the database's write lock (SQLite) or every segment row (PostgreSQL)."""
    if url.startswith("sqlite"):
        with sqlite_write_lock(make_url(url).database or ""):
            yield
        return
    import psycopg  # only where the PostgreSQL tests run

    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
                         dbname=parsed.database) as holder:
        holder.execute("SELECT id FROM segments FOR UPDATE")
        yield
        holder.rollback()


def test_a_lock_held_too_long_is_one_clear_line_and_nothing_is_written(db_url: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)  # the wait for a lock: 0.2 s instead of 15 s
    store = Store(db_url)
    document_id, ids = _document(store, 6)
    ann = person(store, "ann")
    plan = store.plan_check_fixes([document_id], "dash-in-compound")
    with _write_lock_held(db_url):
        with pytest.raises(BusyError) as refused:
            store.edit_corrected(ids[1], "Ann's line.", actor=ann)
        assert str(refused.value) == BUSY
        with pytest.raises(BusyError, match=f"^{BUSY}$"):
            store.apply_plan(plan, actor=ann)
        assert store.segment_detail(ids[1]).segment.corrected == "Line 1 is a time—tested line."  # reads go on
    assert [e.kind for e in store.events(document_id=document_id)] == ["import"]  # nothing was written
    store.edit_corrected(ids[1], "Ann's line.", actor=ann)  # the lock is free again: saved
    assert store.apply_plan(plan, actor=ann).segments == ids[::2]


def test_a_writer_of_this_process_waits_its_turn_no_longer_than_the_timeout(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite writers of one process queue on an in-process lock before SQLite's: its wait is bounded too.
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    store = Store(str(tmp_path / "q.db"))
    _document_id, ids = _document(store, 2)
    queue = store_db.write_queue(store.url)
    assert queue is not None
    entered, release = threading.Event(), threading.Event()

    def long_transaction() -> None:  # another thread's write transaction, as the queue sees it
        with queue.turn():
            entered.set()
            release.wait()

    holder = threading.Thread(target=long_transaction)
    holder.start()
    try:
        entered.wait()
        with pytest.raises(BusyError, match=f"^{BUSY}$"):
            Store(str(tmp_path / "q.db")).set_status(ids[0], "accepted", actor=OP)
    finally:
        release.set()
        holder.join()
    assert store.set_status(ids[0], "accepted", actor=OP).version == 2


def test_a_glossary_change_checks_the_documents_outside_the_write_lock(db_url: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The glossary check of every segment is the costly part of a glossary change: it runs before the
    # transaction, so a save made meanwhile is not held up; a glossary change made meanwhile is not lost.
    store = Store(db_url)
    document_id, ids = _document(store, 200)
    project_id = store.document(document_id).project_id
    other, bob = Store(db_url), person(store, "bob")
    real, calls = glossary.run_lines, []

    def check_while_others_write(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 1:
            _in_thread(lambda: other.edit_corrected(ids[1], "Bob's line.", actor=bob))
            _in_thread(lambda: other.add_glossary_term(project_id, "tested", "proven", actor=OP))
        return real(*args, **kwargs)

    monkeypatch.setattr(glossary, "run_lines", check_while_others_write)
    change = store.add_glossary_term(project_id, "Line", "Row", actor=OP)
    assert [e.wrong for e in change.entries] == ["tested", "Line"]  # the term added meanwhile is kept
    quotes = {f.quote for f in store.segment_detail(ids[0]).findings if f.check == "glossary"}
    assert quotes == {"Line", "line", "tested"}  # checked again in the transaction, with both terms
    assert store.segment_detail(ids[1]).segment.corrected == "Bob's line."
    assert [e.kind for e in store.events(limit=3)][:3] == ["glossary-add", "glossary-add", "edit"]
    other.close()


def test_a_batch_stopped_between_chunks_stays_one_batch_that_undo_reverts(db_url: str) -> None:
    # The reviewer loses the document between two chunks: what was written stays, as one batch, and says so.
    store = Store(db_url)
    document_id, _ids = _document(store, 600)
    admin, rita = person(store, "ada"), person(store, "rita", "reviewer")
    store.assign(document_id, "rita", actor=admin)
    plan = store.plan_check_fixes([document_id], "dash-in-compound")
    chunks: list[int] = []

    def unassign_after_the_first_chunk(done: int, _total: int) -> None:
        chunks.append(done)
        if len(chunks) == 1:
            store.unassign(document_id, "rita", actor=admin)

    with pytest.raises(PartialBatchError) as stopped:
        store.apply_plan(plan, actor=rita, progress=unassign_after_the_first_chunk)
    written = stopped.value.result.segments
    assert len(chunks) == 1 and written and len(written) == chunks[0] < len(plan.changes)
    done = f"{len(written)} segment{'s' * (len(written) > 1)}"
    assert str(stopped.value) == (f"this document is not assigned to rita: ask an admin to assign it; the batch "
                                  f"stopped after {done} of {len(plan.changes)}: those stay changed "
                                  "as one batch (undo it to revert them)")
    events = [e for e in store.events(document_id=document_id, limit=1_000) if e.batch == stopped.value.result.batch_id]
    assert sorted(e.segment_id for e in events) == sorted(written)
    undone = store.undo_batch(stopped.value.result.batch_id, actor=admin)
    assert sorted(undone.segments) == sorted(written)
    assert all(store.segment_detail(i).segment.corrected.count("—") == 1 for i in written)
