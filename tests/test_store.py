"""The review store: schema, SQLite settings, paged queries, review actions, locking, undo, persistence."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sacrebleu
from sqlalchemy import event, update

from review_app.checks import Context, check_segments, parse_glossary
from review_app.checks.base import Finding as CheckFinding
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.store import (
    ConflictError,
    FixError,
    SegmentFilter,
    Store,
    StoreError,
    resolve_db_url,
)
from review_app.store.models import Finding
from tests.people import OP, person

MT = [
    "They are time—tested friends.",
    "A long—awaited opening took place.",
    "The river station reopened on Saturday.",
    "Photo: TASS/Olga Rechkina",
    "Tickets 100% sold_out at the box office.",
]
REF = [
    "They are time-tested friends.",
    "A long-awaited opening took place.",
    "The river terminal reopened on Saturday.",
    "",
    "Tickets 100% sold out at the ticket office.",
]


def _segments(mt: list[str] = MT, ref: list[str] = REF) -> list[AlignedSegment]:
    segments = [AlignedSegment(mt=m, ref=r, src=None, mt_ids=[i], ref_ids=[i] if r else [],
                               link="1-1" if r else "1-0") for i, (m, r) in enumerate(zip(mt, ref, strict=True))]
    add_sentence_scores(segments)
    return segments


@pytest.fixture
def doc(store: Store) -> int:
    project = store.create_project("P", "ru", "en", actor=OP)
    segments = _segments()
    glossary = parse_glossary("river station\triver terminal\nbox office\tticket office\n")
    findings = check_segments(segments, Context(target_lang="en", glossary=glossary))
    return store.add_document(project.id, "d1", segments, findings, system="sys", actor=OP).id


def _finding(store: Store, document_id: int, position: int, check: str) -> int:
    row = store.segment_page(document_id, offset=position, limit=1).rows[0]
    return next(f.id for f in store.segment_detail(row.id).findings if f.check == check)


def _segment_id(store: Store, document_id: int, position: int) -> int:
    return store.segment_page(document_id, offset=position, limit=1).rows[0].id


# --- database location and settings -----------------------------------------------------------


def test_db_url_from_argument_environment_and_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REVIEW_APP_DB", raising=False)
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'review_app.db'}"
    monkeypatch.setenv("REVIEW_APP_DB", "sub/x.db")
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'sub' / 'x.db'}"
    assert resolve_db_url("postgresql+psycopg://u:pw@host/db") == "postgresql+psycopg://u:pw@host/db"
    assert resolve_db_url(tmp_path / "y.db") == f"sqlite:///{tmp_path / 'y.db'}"


def test_sqlite_file_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    (tmp_path / "deep" / "folder").mkdir(parents=True)  # a missing folder is never created (test_cli_database)
    store = Store(str(tmp_path / "deep" / "folder" / "r.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    tables = {row[0] for row in sqlite3.connect(tmp_path / "deep" / "folder" / "r.db").execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"projects", "documents", "segments", "findings", "annotations", "events"} <= tables


def test_project_names_are_unique_and_required(store: Store) -> None:
    store.create_project("Demo", "ru", "en", glossary="a\tb\n", actor=OP)
    with pytest.raises(StoreError, match="already exists"):
        store.create_project("Demo", "de", "en", actor=OP)
    with pytest.raises(StoreError, match="needs a name"):
        store.create_project("  ", "de", "en", actor=OP)
    assert [(p.name, p.glossary) for p in store.projects()] == [("Demo", "a\tb\n")]


def test_names_and_codes_longer_than_their_columns_are_refused_on_every_database(store: Store) -> None:
    """One line naming the limit, not a driver error (PostgreSQL) or a silently kept value (SQLite)."""
    for args, message in (((("x" * 201), "ru", "en"), "a project name has at most 200 characters \\(201 given\\)"),
                          (("Two\nlines", "ru", "en"), "one line of printable characters"),
                          (("Demo", "r" * 21, "en"), "a language code has at most 20 characters"),
                          (("Demo", "ru", " "), "give the source and the target language")):
        with pytest.raises(StoreError, match=message):
            store.create_project(*args, actor=OP)
    project = store.create_project("x" * 200, " ru ", "en-GB", actor=OP)
    assert (len(project.name), project.src_lang, project.tgt_lang) == (200, "ru", "en-GB")
    segments = [AlignedSegment(mt="Hello.", ref="Hello.", src=None, mt_ids=[0], ref_ids=[0])]
    with pytest.raises(StoreError, match="a document name has at most 300 characters"):
        store.add_document(project.id, "d" * 301, segments, actor=OP)
    with pytest.raises(StoreError, match="an MT system name has at most 200 characters"):
        store.add_document(project.id, "doc", segments, system="s" * 201, actor=OP)
    assert store.documents(project.id) == []
    document = store.add_document(project.id, "d" * 300, segments, system=" Yandex ", actor=OP)
    assert (len(document.name), document.system) == (300, "Yandex")


# --- documents and queries ---------------------------------------------------------------------


def test_add_document_stores_segments_findings_and_scores(store: Store, doc: int) -> None:
    page = store.segment_page(doc)
    assert page.total == 5 and [r.mt for r in page.rows] == MT
    first = page.rows[0]
    expected = sacrebleu.sentence_chrf(MT[0], [REF[0]]).score
    assert first.scores["chrf"] == pytest.approx(expected) and first.corrected_scores["chrf"] == pytest.approx(expected)
    assert first.corrected == MT[0] and first.status == "todo" and first.version == 1
    detail = store.segment_detail(first.id)
    assert [(f.check, f.quote, f.suggestion, f.state) for f in detail.findings] == [
        ("dash-in-compound", "—", "-", "open")]
    assert page.rows[3].scores["chrf"] is None  # no reference: no score
    assert store.events(document_id=doc)[0].kind == "import"


def test_duplicate_document_name_is_refused_without_writing(store: Store, doc: int) -> None:
    project_id = store.document(doc).project_id
    with pytest.raises(StoreError, match="already has a document"):
        store.add_document(project_id, "d1", _segments(), actor=OP)
    assert store.project(project_id).segments == 5


@pytest.mark.parametrize(
    ("filters", "positions"),
    [
        (SegmentFilter(), [0, 1, 2, 3, 4]),
        (SegmentFilter(checks=("dash-in-compound",)), [0, 1]),
        (SegmentFilter(checks=("photo-credit",)), [3]),
        (SegmentFilter(severities=("major",)), [2, 4]),
        (SegmentFilter(text="RIVER"), [2]),
        (SegmentFilter(text="100%"), [4]),
        (SegmentFilter(text="d_o"), [4]),  # "_" is literal, not a wildcard
        (SegmentFilter(text="%"), [4]),
        (SegmentFilter(chrf_min=0.0, chrf_max=70.0), [2, 4]),  # 69.7 and 67.4; unscored left out
        (SegmentFilter(chrf_min=85.0), [1]),
        (SegmentFilter(statuses=("accepted",)), []),
    ],
)
def test_filters_run_in_sql(store: Store, doc: int, filters: SegmentFilter, positions: list[int]) -> None:
    page = store.segment_page(doc, filters)
    assert [r.position for r in page.rows] == positions and page.total == len(positions)


def test_deleted_segments_are_filtered_in_sql_as_every_count_defines_them(store: Store, doc: int) -> None:
    ann = person(store, "ann")
    credit, opening = _segment_id(store, doc, 3), _segment_id(store, doc, 1)
    store.edit_corrected(credit, "", actor=ann)
    store.edit_corrected(opening, " \n\t", actor=ann)  # blanks only: deleted as well
    assert [r.position for r in store.segment_page(doc, SegmentFilter(deleted=True)).rows] == [1, 3]
    assert [r.position for r in store.segment_page(doc, SegmentFilter(deleted=False)).rows] == [0, 2, 4]
    assert [r.deleted for r in store.segment_page(doc).rows] == [False, True, False, True, False]
    assert store.segment_ids(doc, SegmentFilter(deleted=True, checks=("photo-credit",))) == [credit]
    # The dashboard and the export leave out the same two segments.
    assert store.corpus_report([doc], n_bootstrap=0).deleted == 2
    assert [u.mt for u in store.export_units([doc])] == [MT[0], MT[2], MT[4]]


def test_sorts_and_paging(store: Store, doc: int) -> None:
    by_chrf = [r.position for r in store.segment_page(doc, sort="chrf").rows]
    scores = [store.segment_page(doc, offset=p, limit=1).rows[0].scores["chrf"] for p in by_chrf]
    assert by_chrf[-1] == 3  # unscored last
    assert scores[:-1] == sorted(scores[:-1])
    most = store.segment_page(doc, sort="findings").rows[0]
    assert most.open_findings == max(r.open_findings for r in store.segment_page(doc).rows)
    page = store.segment_page(doc, offset=2, limit=2)
    assert [r.position for r in page.rows] == [2, 3] and page.total == 5
    assert store.segment_at(doc, 4).position == 4 and store.segment_at(doc, 5) is None
    with pytest.raises(StoreError, match="unknown sort"):
        store.segment_page(doc, sort="random")


# --- fixes -----------------------------------------------------------------------------------


def test_apply_fix_changes_text_rescored_and_logged(store: Store, doc: int) -> None:
    finding = _finding(store, doc, 0, "dash-in-compound")
    seg = _segment_id(store, doc, 0)
    result = store.apply_fix(finding, actor=person(store, "ann"), expected_version=1)
    detail = store.segment_detail(seg)
    assert detail.segment.corrected == REF[0]
    assert detail.segment.corrected_scores["chrf"] == pytest.approx(100.0)
    # The MT's score is kept.
    assert detail.segment.scores["chrf"] == pytest.approx(sacrebleu.sentence_chrf(MT[0], [REF[0]]).score)
    assert detail.segment.version == result.version == 2 and detail.segment.updated_by == "ann"
    assert detail.findings[0].state == "applied"
    event = store.events(segment_id=seg)[0]
    assert (event.kind, event.actor) == ("apply-fix", "ann")
    assert event.before == {"corrected": MT[0], "findings": {str(finding): "open"}}
    assert event.after["corrected"] == REF[0]
    with pytest.raises(FixError, match="already applied"):
        store.apply_fix(finding, actor=person(store, "ann"))


def test_fix_follows_the_text_after_other_edits(store: Store, doc: int) -> None:
    seg = _segment_id(store, doc, 1)
    finding = _finding(store, doc, 1, "dash-in-compound")
    store.edit_corrected(seg, "Finally, a long—awaited opening took place here.", actor=person(store, "bob"))
    store.apply_fix(finding, actor=person(store, "bob"))
    assert store.segment_detail(seg).segment.corrected == "Finally, a long-awaited opening took place here."


def test_fix_is_refused_when_its_text_was_edited(store: Store, doc: int) -> None:
    seg = _segment_id(store, doc, 0)
    finding = _finding(store, doc, 0, "dash-in-compound")
    store.edit_corrected(seg, "They are time – tested friends — old ones.", actor=person(store, "bob"))
    events_before = len(store.events(segment_id=seg))
    with pytest.raises(FixError, match="already resolved by edit"):  # the edit took its problem away
        store.apply_fix(finding, actor=person(store, "bob"))
    detail = store.segment_detail(seg)
    assert detail.segment.corrected == "They are time – tested friends — old ones."  # the other dash is untouched
    assert detail.findings[0].state == "resolved" and len(store.events(segment_id=seg)) == events_before
    # An open finding whose text changed all the same (a database written before edits were re-checked).
    with store.engine.begin() as connection:
        connection.execute(update(Finding).where(Finding.id == finding).values(state="open"))
    with pytest.raises(FixError, match="was changed in the corrected text"):
        store.apply_fix(finding, actor=person(store, "bob"))
    assert store.segment_detail(seg).segment.corrected == "They are time – tested friends — old ones."


def test_the_store_says_which_fixes_can_be_placed(store: Store, doc: int) -> None:
    """``SegmentDetail.placeable``: the open findings whose fix "apply fix" can place now (the app's Apply fix)."""
    seg = _segment_id(store, doc, 0)
    finding = _finding(store, doc, 0, "dash-in-compound")
    assert store.segment_detail(seg).placeable == {finding}
    store.edit_corrected(seg, "They are time – tested friends — old ones.", actor=person(store, "bob"))
    # Open again though its text changed (a database written before edits were re-checked): not placeable.
    with store.engine.begin() as connection:
        connection.execute(update(Finding).where(Finding.id == finding).values(state="open"))
    assert store.segment_detail(seg).placeable == frozenset()
    with pytest.raises(FixError, match="was changed in the corrected text"):  # the write agrees
        store.apply_fix(finding, actor=person(store, "bob"))
    applied = _finding(store, doc, 3, "photo-credit")
    store.apply_fix(applied, actor=person(store, "bob"))
    assert applied not in store.segment_detail(_segment_id(store, doc, 3)).placeable  # settled: nothing to place


def test_the_store_says_who_may_delete_an_annotation(store: Store, doc: int) -> None:
    """``can_delete_annotation`` answers as ``delete_annotation`` decides: the author, or an admin."""
    seg = _segment_id(store, doc, 0)
    ann, bob = person(store, "ann", "reviewer"), person(store, "bob", "reviewer")
    store.assign(doc, "ann", actor=OP)
    store.assign(doc, "bob", actor=OP)
    store.add_annotation(seg, category="Accuracy/Mistranslation", severity="major", actor=ann)
    tag = store.segment_detail(seg).annotations[0]
    assert store.can_delete_annotation(tag, ann) and store.can_delete_annotation(tag, OP)
    assert store.can_delete_annotation(tag, person(store, "admin"))
    assert not store.can_delete_annotation(tag, bob) and not store.can_delete_annotation(tag, None)
    with pytest.raises(StoreError, match="deleting someone else's annotation needs an admin"):
        store.delete_annotation(tag.id, actor=bob)
    store.delete_annotation(tag.id, actor=ann)
    assert store.segment_detail(seg).annotations == []


def test_deleting_a_credit_line_and_dismissing(store: Store, doc: int) -> None:
    seg = _segment_id(store, doc, 3)
    store.apply_fix(_finding(store, doc, 3, "photo-credit"), actor=person(store, "ann"))
    assert store.segment_detail(seg).segment.corrected == ""
    glossary_seg = _segment_id(store, doc, 4)
    finding = store.segment_detail(glossary_seg).findings[0]
    store.dismiss_finding(finding.id, actor=person(store, "ann"))
    assert store.segment_detail(glossary_seg).findings[0].state == "dismissed"
    assert store.segment_detail(glossary_seg).segment.corrected == MT[4]


def test_apply_fix_to_all_similar_findings(store: Store) -> None:
    project = store.create_project("P", "ru", "en", actor=OP)
    mt = ["A long—awaited day.", "Another long—awaited day.", "The long—awaited end.", "A well—known man."]
    segments = _segments(mt, [m.replace("—", "-") for m in mt])
    findings = check_segments(segments, Context(target_lang="en"))
    document = store.add_document(project.id, "d", segments, findings, actor=OP)
    ids = [r.id for r in store.segment_page(document.id).rows]
    store.edit_corrected(ids[2], "The long–awaited end.", actor=person(store, "bob"))  # a hand edit on the dash itself
    # The edit resolved the "—" finding and found its own problem: an en dash, on the corrected text.
    edited = store.segment_detail(ids[2]).findings
    assert [(f.quote, f.state, f.span_on) for f in edited] == [("—", "resolved", "mt"), ("–", "open", "corrected")]
    first = store.segment_detail(ids[0]).findings[0]
    # Similar = same check, same flagged text ("—") and same fix ("-"), wherever it is in the document.
    assert store.similar_count(first.id) == 3  # the edited segment's "—" is resolved: not similar any more
    plan = store.plan_fix_to_similar(first.id)  # the preview: each segment before and after, nothing written
    assert [(p.position, p.before, p.after) for p in plan.changes] == [
        (0, mt[0], "A long-awaited day."), (1, mt[1], "Another long-awaited day."), (3, mt[3], "A well-known man.")]
    assert plan.skipped == [] and plan.findings == 3
    assert store.segment_detail(ids[0]).segment.corrected == mt[0]
    result = store.apply_plan(plan, actor=person(store, "ann"))
    assert result.segments == [ids[0], ids[1], ids[3]]
    texts = [store.segment_detail(i).segment.corrected for i in ids]
    assert texts == ["A long-awaited day.", "Another long-awaited day.", "The long–awaited end.", "A well-known man."]
    assert store.similar_count(first.id) == 0 and store.similar_count(edited[1].id) == 1
    assert [e.kind for e in store.events(segment_id=ids[1])][:1] == ["apply-fix-all"]
    store.undo_last(ids[1], actor=person(store, "ann"))  # each segment's part can be undone on its own
    assert store.segment_detail(ids[1]).segment.corrected == mt[1]
    assert store.segment_detail(ids[0]).segment.corrected == "A long-awaited day."
    undone = store.undo_batch(result.batch_id, actor=person(store, "ann"))  # and the rest as one batch
    assert sorted(undone.segments) == [ids[0], ids[3]]
    assert [store.segment_detail(i).segment.corrected for i in ids] == [mt[0], mt[1], "The long–awaited end.", mt[3]]
    assert store.similar_count(first.id) == 3
    store.apply_fix(edited[1].id, actor=person(store, "ann"))  # the fix of a finding on the corrected text
    assert store.segment_detail(ids[2]).segment.corrected == "The long-awaited end."
    store.dismiss_finding(first.id, actor=person(store, "ann"))
    with pytest.raises(FixError, match="only an open finding"):
        store.plan_fix_to_similar(first.id)


# --- locking, undo, persistence ----------------------------------------------------------------


def test_second_save_of_the_same_segment_is_refused(db_url: str) -> None:
    path = db_url
    first, second = Store(path), Store(path)  # two app sessions (or two server processes)
    project = first.create_project("P", "ru", "en", actor=OP)
    document = first.add_document(project.id, "d", _segments(), actor=OP)
    seg = first.segment_page(document.id).rows[0]
    seen_by_second = second.segment_detail(seg.id).segment.version
    first.edit_corrected(seg.id, "Alice's text.", actor=person(first, "alice"), expected_version=seg.version)
    with pytest.raises(ConflictError, match=r"changed by alice .* your change was not saved"):
        second.edit_corrected(seg.id, "Bob's text.", actor=person(second, "bob"), expected_version=seen_by_second)
    with pytest.raises(ConflictError):
        second.set_status(seg.id, "accepted", actor=person(second, "bob"), expected_version=seen_by_second)
    detail = second.segment_detail(seg.id)
    assert detail.segment.corrected == "Alice's text." and detail.segment.status == "todo"
    assert [e.actor for e in second.events(segment_id=seg.id)] == ["alice"]


def test_saving_the_text_already_saved_is_no_conflict(db_url: str) -> None:
    # One reviewer's save can reach the store twice (leaving the box, then the Save button, in two
    # reruns): the second, at the version seen before the first, overwrites nothing.
    store = Store(db_url)
    project = store.create_project("P", "ru", "en", actor=OP)
    document = store.add_document(project.id, "d", _segments(), actor=OP)
    seg = store.segment_page(document.id).rows[0]
    alice = person(store, "alice")
    saved = store.edit_corrected(seg.id, "Alice's text.", actor=alice, expected_version=seg.version)
    again = store.edit_corrected(seg.id, "Alice's text.", actor=alice, expected_version=seg.version)
    assert again.version == saved.version and again.message == "unchanged"
    with pytest.raises(ConflictError, match="changed by alice"):  # a different text at the old version still is
        store.edit_corrected(seg.id, "Other text.", actor=alice, expected_version=seg.version)
    assert [e.kind for e in store.events(segment_id=seg.id)] == ["edit"]


def test_undo_walks_back_through_the_event_log(store: Store, doc: int) -> None:
    seg = _segment_id(store, doc, 0)
    finding = _finding(store, doc, 0, "dash-in-compound")
    store.apply_fix(finding, actor=person(store, "ann"))
    store.edit_corrected(seg, "They are old friends.", actor=person(store, "ann"))
    store.set_status(seg, "corrected", actor=person(store, "ann"))
    store.add_annotation(seg, category="Accuracy/Mistranslation", severity="major", start=9, end=20,
                         comment="sense", actor=person(store, "ann"))
    annotation = store.segment_detail(seg).annotations[0]
    assert annotation.quote == "time—tested"
    store.delete_annotation(annotation.id, actor=person(store, "ann"))
    assert store.segment_detail(seg).annotations == []

    steps = []
    while store.segment_detail(seg).can_undo:
        store.undo_last(seg, actor=person(store, "ann"))
        d = store.segment_detail(seg)
        steps.append((d.segment.corrected, d.segment.status, [a.comment for a in d.annotations],
                      d.findings[0].state))
    assert steps == [
        ("They are old friends.", "corrected", ["sense"], "applied"),  # annotation back
        ("They are old friends.", "corrected", [], "applied"),  # annotation gone
        ("They are old friends.", "todo", [], "applied"),
        (REF[0], "todo", [], "applied"),
        (MT[0], "todo", [], "open"),
    ]
    with pytest.raises(StoreError, match="nothing to undo"):
        store.undo_last(seg, actor=person(store, "ann"))
    kinds = [e.kind for e in reversed(store.events(segment_id=seg))]
    assert kinds == ["apply-fix", "edit", "status", "annotate", "delete-annotation"] + ["undo"] * 5
    restored = store.segment_detail(seg).segment
    assert restored.corrected_scores["chrf"] == restored.scores["chrf"]


def test_everything_survives_a_restart(db_url: str) -> None:
    path = db_url
    store = Store(path)
    project = store.create_project("P", "ru", "en", actor=OP)
    document = store.add_document(project.id, "d", _segments(), check_segments(_segments(), Context()), actor=OP)
    seg = store.segment_page(document.id).rows[2].id
    store.edit_corrected(seg, "The river terminal reopened on Saturday.", actor=person(store, "ann"))
    store.set_status(seg, "corrected", actor=person(store, "ann"))
    store.close()
    reopened = Store(path)
    row = reopened.segment_detail(seg).segment
    assert (row.corrected, row.status, row.updated_by, row.version) == (REF[2], "corrected", "ann", 3)
    assert row.corrected_scores["chrf"] == pytest.approx(100.0)
    assert reopened.segment_detail(seg).can_undo


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"severity": "fatal"}, "unknown severity"),
        ({"category": " "}, "choose an error category"),
        ({"start": 5, "end": 500}, "not inside the MT"),
        ({"start": 5}, "not inside the MT"),
        ({"actor": "ann"}, "sign in first"),  # a typed name is not an account
    ],
)
def test_annotation_input_is_checked(store: Store, doc: int, kwargs: dict, message: str) -> None:
    args = {"category": "Fluency/Grammar", "severity": "minor", "actor": person(store, "ann"), **kwargs}
    with pytest.raises(StoreError, match=message):
        store.add_annotation(_segment_id(store, doc, 0), **args)


def test_every_action_needs_a_reviewer_and_a_known_status(store: Store, doc: int) -> None:
    seg = _segment_id(store, doc, 0)
    with pytest.raises(StoreError, match="sign in first"):
        store.edit_corrected(seg, "x", actor="")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="unknown status"):
        store.set_status(seg, "done", actor=person(store, "ann"))
    assert store.edit_corrected(seg, MT[0], actor=person(store, "ann")).message == "unchanged"
    assert store.events(segment_id=seg) == []


def test_findings_without_fix_cannot_be_applied(store: Store) -> None:
    project = store.create_project("P", "ru", "en", actor=OP)
    segment = _segments(["Hello there."], ["Hello there."])
    finding = CheckFinding(1, 0, 5, "custom", "Style/Awkward", "minor", "only a person can fix it", None)
    document = store.add_document(project.id, "d", segment, [[finding]], actor=OP)
    stored = store.segment_detail(store.segment_page(document.id).rows[0].id).findings[0]
    with pytest.raises(FixError, match="no automatic fix"):
        store.apply_fix(stored.id, actor=person(store, "ann"))
    assert store.similar_count(stored.id) == 0


def test_a_write_racing_between_read_and_flush_is_refused(pg_cluster: Any) -> None:
    """Another process updates the row after our read and before our UPDATE: the versioned UPDATE matches nothing.

    On PostgreSQL only: on SQLite a write transaction holds the write lock from its first read
    (BEGIN IMMEDIATE), so the other writer waits and this interleaving cannot happen (see the next test).
    """
    db_url = pg_cluster.create_database()
    path = db_url
    ours, theirs = Store(path), Store(path)
    project = ours.create_project("P", "ru", "en", actor=OP)
    seg = ours.add_document(project.id, "d", _segments(), actor=OP).id
    seg = ours.segment_page(seg).rows[0].id

    them, us = person(theirs, "them"), person(ours, "us")

    def interleave(session: object, _context: object, _instances: object) -> None:
        theirs.edit_corrected(seg, "Their text.", actor=them)

    event.listen(ours.sessions, "before_flush", interleave, once=True)
    with pytest.raises(ConflictError, match="changed by them"):
        # No expected version: only the race can refuse it.
        ours.edit_corrected(seg, "Our text.", actor=us)
    assert ours.segment_detail(seg).segment.corrected == "Their text."
    assert [e.actor for e in ours.events(segment_id=seg)] == ["them"]


def test_concurrent_writers_on_sqlite_queue_instead_of_failing(tmp_path: Path) -> None:
    """Several sessions writing at once: each action is saved or refused as a conflict, never "database is locked"."""
    import threading

    path = str(tmp_path / "busy.db")
    setup = Store(path)
    document = setup.add_document(setup.create_project("P", "ru", "en", actor=OP).id, "d", _segments(), actor=OP)
    ids = [r.id for r in setup.segment_page(document.id).rows[:2]]
    people = [person(setup, f"p{i}") for i in range(4)]
    outcomes: list[str] = []

    def work(user: Any) -> None:
        store = Store(path)
        for k in range(12):
            seg = ids[k % 2]
            try:
                version = store.segment_detail(seg).segment.version
                store.edit_corrected(seg, f"{user.name} {k}", actor=user, expected_version=version)
                outcomes.append("saved")
            except ConflictError:
                outcomes.append("conflict")
            except Exception as exc:
                outcomes.append(f"{type(exc).__name__}: {exc}")
        store.close()

    threads = [threading.Thread(target=work, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 48 and set(outcomes) <= {"saved", "conflict"}, [o for o in outcomes if " " in o][:3]
    saved = outcomes.count("saved")
    assert sum(setup.segment_detail(i).segment.version - 1 for i in ids) == saved  # one version per saved edit


def test_a_fix_settles_the_findings_inside_the_text_it_replaces(store: Store) -> None:
    project = store.create_project("P", "ru", "en", actor=OP)
    mt = ["The talks went on.", "Переведено сервисом «Яндекс Переводчик»"]
    segments = _segments(mt, ["The talks went on.", ""])
    document = store.add_document(project.id, "d", segments,
                                  check_segments(segments, Context(target_lang="en", source_lang="ru")), actor=OP)
    seg = store.segment_page(document.id).rows[1].id
    findings = store.segment_detail(seg).findings
    assert [f.check for f in findings] == ["mt-credit"]  # one problem, one finding; the rest named in it
    assert "untranslated-fragment" in findings[0].message and "quotes ×2" in findings[0].message
    credit = next(f for f in findings if f.check == "mt-credit")
    store.apply_fix(credit.id, actor=person(store, "ann"))
    detail = store.segment_detail(seg)
    assert detail.segment.corrected == "" and {f.state for f in detail.findings} == {"applied"}
    store.undo_last(seg, actor=person(store, "ann"))
    assert {f.state for f in store.segment_detail(seg).findings} == {"open"}
