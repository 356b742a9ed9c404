"""Findings follow the corrected text: every change of it re-checks the segment in the same transaction.

A problem the text no longer has is resolved by the edit, a problem the edit brought in is found (on
the corrected text), undo puts everything back exactly; "Next problem", the review filter, the
findings list, the dashboard's counts and the exports agree. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from shared_data import shared_corpus

import review_app.checks
from review_app.align.uncertain import ALIGNMENT_CATEGORY, ALIGNMENT_CHECK, ALIGNMENT_SEVERITY
from review_app.checks import Context, DocumentChecks, check_segments
from review_app.checks.base import Finding as CheckFinding
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.review.demo import load_demo
from review_app.review.importer import import_document
from review_app.store import ConflictError, FixError, SegmentChange, SegmentFilter, Store
from review_app.text.propagate import PhraseEdit
from tests.browser_helpers import demo_db
from tests.people import OP, person
from tests.test_store_search import apply_everywhere

Row = tuple[Any, ...]


@pytest.fixture
def demo(db_url: str, tmp_path: Path) -> tuple[Store, int]:
    """The demo document on SQLite (a copy of the prepared file) and on PostgreSQL (loaded afresh)."""
    if db_url.startswith("sqlite"):
        store = Store(str(demo_db(tmp_path / "review.db")))
    else:
        store = Store(db_url)
        load_demo(store)
    return store, store.documents(store.projects()[0].id)[0].id


def _small(store: Store, mt: list[str], extra: dict[int, list[CheckFinding]] | None = None) -> tuple[int, list[int]]:
    """A document of these MT lines (the reference hyphenates their dashes), checked as the importer checks;
    its segment ids."""
    project = store.create_project(f"P{len(store.projects())}", "ru", "en", actor=OP)
    segments = [AlignedSegment(mt=m, ref=m.replace("—", "-"), src=None, mt_ids=[i], ref_ids=[i])
                for i, m in enumerate(mt)]
    add_sentence_scores(segments)
    findings = check_segments(segments, Context(target_lang="en", source_lang="ru"))
    for index, more in (extra or {}).items():
        findings[index] = [*findings[index], *more]
    document = store.add_document(project.id, "d", segments, findings, actor=OP)
    return document.id, [r.id for r in store.segment_page(document.id, limit=100).rows]


def _at(store: Store, document_id: int, number: int) -> int:
    """The id of segment ``number`` (1-based, as the reviewer sees it)."""
    row = store.segment_by_position(document_id, number - 1)
    assert row is not None
    return row.id


def _findings(store: Store, segment_id: int) -> list[Row]:
    return sorted((f.id, f.check, f.start, f.end, f.quote, f.suggestion, f.state, f.span_on)
                  for f in store.segment_detail(segment_id).findings)


def _document(store: Store, document_id: int) -> list[Row]:
    """Every finding of the document and every segment's text: what an undo must give back exactly."""
    texts = [(r.id, r.corrected) for r in store.segment_page(document_id, limit=200).rows]
    return texts + sorted((r.finding.id, r.finding.segment_id, r.finding.start, r.finding.end, r.finding.state,
                           r.finding.span_on) for r in store.finding_rows([document_id]))


def test_a_hand_edit_resolves_what_it_fixed_and_finds_what_it_brought_in(demo: tuple[Store, int]) -> None:
    store, document_id = demo
    ann = person(store, "ann")
    seg = _at(store, document_id, 27)
    mt = store.segment_detail(seg).segment.mt
    before = _document(store, document_id)
    (dash_id, *_), (other_dash, *_) = _findings(store, seg)
    text = ("On weekends, a tourist motor ship will take the the passengers on a four-hour walk to the well—known "
            "rapids, tickets at the box office.")
    store.edit_corrected(seg, text, actor=ann)
    found = _findings(store, seg)
    assert [(f[1], f[4], f[6], f[7]) for f in found] == [
        ("dash-in-compound", "—", "resolved", "mt"),  # four—hour: fixed by hand
        ("dash-in-compound", "—", "open", "mt"),  # well—known: still there, still open
        ("doubled-word", " the", "open", "corrected"),  # brought in by the edit, found on the corrected text
        ("glossary", "box office", "open", "corrected"),
    ]
    assert found[0][0] == dash_id and found[1][0] == other_dash
    assert all(text[start:end] == quote for _id, _c, start, end, quote, _s, _st, on in found if on == "corrected")
    event = store.events(segment_id=seg)[0]
    added = [f[0] for f in found[2:]]
    assert event.kind == "edit" and event.before == {"corrected": mt, "findings": {str(dash_id): "open"}}
    assert event.after == {"corrected": text, "findings": {str(dash_id): "resolved"}, "added_findings": added}
    assert seg in store.segments_with_open_findings(document_id)

    # The fix of a problem found on the corrected text is placed on the corrected text.
    store.apply_fix(found[3][0], actor=ann)
    fixed = text.replace("box office", "ticket office")
    assert store.segment_detail(seg).segment.corrected == fixed
    assert [(f[1], f[6]) for f in _findings(store, seg)][2:] == [("doubled-word", "open"), ("glossary", "applied")]
    with pytest.raises(FixError, match="already resolved by edit"):
        store.apply_fix(dash_id, actor=ann)

    store.undo_last(seg, actor=ann)  # the fix
    assert _findings(store, seg) == found
    store.undo_last(seg, actor=ann)  # the edit: its resolved finding open again, its new ones gone
    assert _document(store, document_id) == before


def test_a_fix_is_rechecked_and_its_new_problem_settled_by_the_next_fix(store: Store) -> None:
    document_id, (seg,) = _small(store, ["He said «no» to that and left."])
    ann = person(store, "ann")
    opening, closing = (f[0] for f in _findings(store, seg))
    store.apply_fix(opening, actor=ann)  # « → “: the » left alone no longer pairs with it
    assert store.segment_detail(seg).segment.corrected == "He said “no» to that and left."
    after_one = _findings(store, seg)
    assert [(f[1], f[4], f[5], f[6], f[7]) for f in after_one] == [
        ("quotes", "«", "“", "applied", "mt"), ("quotes", "»", "”", "open", "mt"),
        ("quotes", "“", None, "open", "corrected"), ("quotes", "»", None, "open", "corrected")]  # unpaired now
    store.apply_fix(closing, actor=ann)
    assert store.segment_detail(seg).segment.corrected == "He said “no” to that and left."
    assert [f[6] for f in _findings(store, seg)] == ["applied", "applied", "resolved", "resolved"]
    assert seg not in store.segments_with_open_findings(document_id)
    store.undo_last(seg, actor=ann)
    assert _findings(store, seg) == after_one


def test_edits_applied_everywhere_and_batches_resolve_and_undo_as_one(demo: tuple[Store, int]) -> None:
    store, document_id = demo
    ann = person(store, "ann")
    before = _document(store, document_id)
    station = {r.finding.segment_id for r in store.finding_rows([document_id], checks=["reference-term"])
               if r.finding.quote == "station"}
    ids = store.segment_ids(document_id)
    result = apply_everywhere(store, document_id, PhraseEdit("station", "terminal"), ids, actor=ann)
    assert station <= set(result.segments)
    rows = store.finding_rows([document_id])
    # "station" → "terminal" settles the learned term and the glossary's "river station" alike.
    assert {r.finding.state for r in rows if r.finding.quote in ("station", "river station")} == {"resolved"}
    assert not [r for r in rows if r.finding.span_on == "corrected"]  # "terminal" brings in nothing
    gone = {s for s in station if not store.segment_detail(s).segment.open_findings}
    assert gone and not gone & store.segments_with_open_findings(document_id)
    events = [e for e in store.events(document_id=document_id, limit=200) if e.batch == result.batch_id]
    assert all(set(e.after["findings"].values()) == {"resolved"} for e in events if e.segment_id in station)

    plan = store.plan_check_fixes([document_id], "dash-in-compound")
    fixes = store.apply_batch([p.change for p in plan.changes], actor=ann, kind="apply-check-fixes")
    assert {r.finding.state for r in store.finding_rows([document_id], checks=["dash-in-compound"])} == {"applied"}
    store.undo_batch(fixes.batch_id, actor=ann)
    store.undo_batch(result.batch_id, actor=ann)
    assert _document(store, document_id) == before


def test_deleting_a_segment_resolves_its_text_findings_only(store: Store) -> None:
    alignment = CheckFinding(1, 0, 25, ALIGNMENT_CHECK, ALIGNMENT_CATEGORY, ALIGNMENT_SEVERITY,
                             "alignment uncertain", None)
    document_id, (credit, caption, dashes) = _small(
        store, ["Photo: TASS/Olga Rechkina", "Речной вокзал после реконструкции",
                "A long—awaited and well—known event."], {0: [alignment]})
    ann = person(store, "ann")
    well_known = _findings(store, dashes)[1][0]
    store.dismiss_finding(well_known, actor=ann)
    store.apply_fix(_findings(store, dashes)[0][0], actor=ann)  # long—awaited: applied
    for seg in (credit, caption, dashes):
        store.edit_corrected(seg, "", actor=ann)  # deleted by hand
    assert [(f[1], f[6]) for f in _findings(store, credit)] == [("photo-credit", "resolved"), ("alignment", "open")]
    assert [f[6] for f in _findings(store, caption)] == ["resolved"]
    assert [f[6] for f in _findings(store, dashes)] == ["applied", "dismissed"]  # reviewers' decisions stay
    # "alignment uncertain" is about the pairing with the reference, not the text: an edit leaves it open.
    assert store.segments_with_open_findings(document_id) == {credit}
    store.undo_last(caption, actor=ann)
    assert [f[6] for f in _findings(store, caption)] == ["open"]


def test_a_dismissed_problem_stays_dismissed_and_a_resolved_one_reopens(store: Store) -> None:
    _document, (seg,) = _small(store, ["They are time—tested true friends and partners."])
    ann = person(store, "ann")
    (dash, *_), = _findings(store, seg)
    store.dismiss_finding(dash, actor=ann)
    store.edit_corrected(seg, "Truly, they are time—tested friends.", actor=ann)  # the dismissed dash moved
    assert [(f[6], f[7]) for f in _findings(store, seg)] == [("dismissed", "mt")]  # not reported again
    store.undo_last(seg, actor=ann)
    store.undo_last(seg, actor=ann)  # the dismissal
    store.edit_corrected(seg, "They are time-tested true friends and partners.", actor=ann)
    assert [f[6] for f in _findings(store, seg)] == ["resolved"]
    store.edit_corrected(seg, "They are time—tested true friends and partners!", actor=ann)  # back, by hand
    assert [(f[0], f[6]) for f in _findings(store, seg)] == [(dash, "open")]


def test_an_edit_settles_a_consistency_note_on_another_segment(store: Store) -> None:
    _document, (definition, other, _rest) = _small(
        store, ["They began the One Belt — One Road Initiative (OBOR) in 2013.",
                "Later the Belt and Road Initiative grew.", "Nothing else."])
    ann = person(store, "ann")
    (note, check, *_), = _findings(store, other)
    assert check == "term-consistency"
    store.edit_corrected(definition, "They began the Belt and Road Initiative (BRI) in 2013.", actor=ann)
    assert [f[6] for f in _findings(store, other)] == ["resolved"]  # one name now
    event = store.events(segment_id=definition)[0]
    assert event.after["findings"] == {str(note): "resolved"}
    store.undo_last(definition, actor=ann)
    assert [f[6] for f in _findings(store, other)] == ["open"]


def test_stores_follow_each_others_edits_and_forget_what_was_rolled_back(db_url: str) -> None:
    first = Store(db_url)
    _document, (definition, other, rest) = _small(
        first, ["They began the One Belt — One Road Initiative (OBOR) in 2013.", "Nothing here.", "Nothing else."])
    second = Store(db_url)  # another app process on the same database
    ann = person(first, "ann")
    first.edit_corrected(rest, "Nothing else at all.", actor=ann)  # the first store now keeps the document
    second.edit_corrected(definition, "They began the Belt and Road Initiative (BRI) in 2013.", actor=ann)
    # Read as the first store kept it, the acronym would still be defined: a note on "Belt and Road Initiative".
    first.edit_corrected(other, "Later the One Road Initiative grew.", actor=ann)
    assert _findings(first, other) == []
    # A batch that fails halfway leaves nothing behind, in the database or in what a store keeps.
    stale = first.segment_detail(rest).segment.version - 1
    with pytest.raises(ConflictError):
        first.apply_batch([SegmentChange(definition, corrected="They began it in 2013."),
                           SegmentChange(rest, corrected="Changed.", expected_version=stale)], actor=ann)
    first.edit_corrected(other, "Later the Belt and Road Initiative grew.", actor=ann)
    assert _findings(first, other) == []  # "(BRI)" is still the document's: the failed batch never removed it
    first.edit_corrected(definition, "They began the One Belt — One Road Initiative (OBOR) in 2013.", actor=ann)
    first.edit_corrected(other, "Later the Belt and Road Initiative grew fast.", actor=ann)
    assert [(f[1], f[6], f[7]) for f in _findings(first, other)] == [("term-consistency", "open", "corrected")]


def test_an_edit_checks_one_line_not_the_document(demo: tuple[Store, int], monkeypatch: pytest.MonkeyPatch) -> None:
    store, document_id = demo
    built: list[int] = []
    checked: list[int] = []
    init, line_findings = DocumentChecks.__init__, review_app.checks._line_findings
    monkeypatch.setattr(DocumentChecks, "__init__", lambda self, *a, **k: (built.append(1), init(self, *a, **k))[1])
    monkeypatch.setattr(review_app.checks, "_line_findings",
                        lambda checks, doc: (checked.append(doc.index), line_findings(checks, doc))[1])
    monkeypatch.setattr(review_app.checks, "run_lines", None)  # the whole document is never checked again
    ann = person(store, "ann")
    for number in (11, 12, 27):
        seg = _at(store, document_id, number)
        store.edit_corrected(seg, store.segment_detail(seg).segment.corrected + " Edited.", actor=ann)
    assert built == [1] and checked == [10, 11, 26]  # the document's checks built once, one line per edit


def test_open_findings_agree_everywhere_after_edits(demo: tuple[Store, int]) -> None:
    store, document_id = demo
    ann = person(store, "ann")
    apply_everywhere(store, document_id, PhraseEdit("station", "terminal"), store.segment_ids(document_id),
                                actor=ann)
    store.edit_corrected(_at(store, document_id, 17), "", actor=ann)  # an untranslated caption deleted
    seg = _at(store, document_id, 27)
    store.edit_corrected(seg, "A four-hour walk to the the well—known rapids.", actor=ann)
    store.apply_fix(_findings(store, _at(store, document_id, 45))[0][0], actor=ann)
    store.dismiss_finding(_findings(store, _at(store, document_id, 28))[0][0], actor=ann)

    rows = store.finding_rows([document_id])
    states = Counter(r.finding.state for r in rows)
    assert states["resolved"] >= 10 and states["open"] and states["applied"] and states["dismissed"]
    # The findings list, the dashboard's counts and both QA report formats: the same findings, the same states.
    by_check = Counter((r.finding.check, r.finding.severity, r.finding.state) for r in rows)
    assert by_check == {(c, sev, st): n for c, sev, st, n in store.findings_summary([document_id])}
    report = list(csv.DictReader(io.StringIO(store.qa_report_bytes([document_id]).decode()), delimiter="\t"))
    assert Counter((r["check"], r["severity"], r["state"]) for r in report) == by_check
    jsonl = [json.loads(line) for line in store.qa_report_bytes([document_id], "jsonl").decode().splitlines()]
    assert Counter((r["check"], r["severity"], r["state"], r["span_on"]) for r in jsonl) == Counter(
        (r.finding.check, r.finding.severity, r.finding.state, r.finding.span_on) for r in rows)
    # "Next problem", the review list's "only open findings" and its counts: the segments with an open finding.
    open_rows = [r for r in rows if r.finding.state == "open"]
    with_open = {r.finding.segment_id for r in open_rows}
    assert store.segments_with_open_findings(document_id) == with_open
    assert set(store.segment_ids(document_id, SegmentFilter(open_only=True))) == with_open
    page = store.segment_page(document_id, limit=200).rows
    assert sum(r.open_findings for r in page) == len(open_rows) == len(
        store.finding_rows([document_id], states=["open"]))
    assert seg in with_open and _at(store, document_id, 17) not in with_open


def test_a_glossary_change_rechecks_edited_segments_on_their_text(demo: tuple[Store, int]) -> None:
    store, document_id = demo
    ann = person(store, "ann")
    project_id = store.projects()[0].id
    fixed, typed = _at(store, document_id, 35), _at(store, document_id, 36)
    store.edit_corrected(fixed, '"When the terminal was closed, the town seemed to lose its heart," he says.',
                         actor=ann)
    store.edit_corrected(typed, store.segment_detail(typed).segment.corrected + " The quay is open.", actor=ann)
    store.add_glossary_term(project_id, "city", "town", actor=ann)
    store.add_glossary_term(project_id, "quay", "pier", actor=ann)
    # "city" is in the MT of the first, not in its corrected text: found on the MT, resolved at once.
    assert ("glossary", "city", "resolved", "mt") in [(f[1], f[4], f[6], f[7]) for f in _findings(store, fixed)]
    # "quay" is only in the second's corrected text: found there.
    assert ("glossary", "quay", "open", "corrected") in [(f[1], f[4], f[6], f[7]) for f in _findings(store, typed)]
    unedited = [f for f in _findings(store, _at(store, document_id, 20)) if f[1] == "glossary" and f[4] == "city"]
    assert [(f[6], f[7]) for f in unedited] == [("open", "mt")]
    # The glossary change's event counts what the re-check of the edited texts did.
    city, quay = (e.after for e in store.events(limit=2)[::-1])
    assert (city["resolved_on_text"], quay["found_on_text"]) == (1, 1)


def test_the_izvestia_page_keeps_no_stale_finding(tmp_path: Path) -> None:
    """The issue's page: after a hand edit, an edit applied to other occurrences and a deleted caption,
    the findings of segments 60, 63, 78, 80 and 92 no longer stop "Next problem"."""
    folder = shared_corpus("izvestia-2025")
    store = Store(str(tmp_path / "izvestia.db"))
    ann = person(store, "ann")
    project = store.create_project("Izvestia", "ru", "en", actor=OP)
    document = import_document(store, project.id, name="interview", actor=OP, ref_kind="post-edit",
                               mt_text=(folder / "mt.yandex.en.txt").read_text(encoding="utf-8"),
                               ref_text=(folder / "postedit.en.txt").read_text(encoding="utf-8"))
    rows = store.finding_rows([document.id])
    # The text checks' findings; the links flagged "alignment uncertain" come on top (at most 15% of the links).
    assert len([r for r in rows if r.finding.check != ALIGNMENT_CHECK]) == 43
    assert len(rows) - 43 <= 0.15 * len(store.segment_ids(document.id))
    issue = {n: _at(store, document.id, n) for n in (60, 63, 78, 80, 92)}
    assert set(issue.values()) <= store.segments_with_open_findings(document.id)

    # "Apply to other occurrences": Friends of the World → Friends of Peace (segments 60 and 63).
    batch = apply_everywhere(store, document.id, PhraseEdit("Friends of the World", "Friends of Peace"),
                                        store.segment_ids(document.id), actor=ann)
    store.edit_corrected(issue[78], "", actor=ann)  # the caption deleted
    for number in (80, 92):  # hand edits, as the post-edit has them
        seg = store.segment_detail(issue[number]).segment
        text = seg.corrected.replace("time—tested", "time-tested").replace("high—quality", "high-quality")
        text = text.replace("One Belt— One Road Initiative (OBOR)", "Belt and Road Initiative (BRI)")
        store.edit_corrected(seg.id, text, actor=ann)
    still_open = store.segments_with_open_findings(document.id)
    assert not set(issue.values()) & still_open
    assert all(f[6] == "resolved" for seg in issue.values() for f in _findings(store, seg))
    assert set(store.segment_ids(document.id, SegmentFilter(open_only=True))) == still_open
    # Undo of the edit applied everywhere reopens exactly what it resolved.
    store.undo_batch(batch.batch_id, actor=ann)
    assert {issue[60], issue[63]} <= store.segments_with_open_findings(document.id)
