"""Reports and exports from the store: corpus scores (vs sacrebleu), MQM, progress, corpus files, CLI export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sacrebleu

from review_app.cli import main
from review_app.formats import read_units
from review_app.review.demo import DEMO_PROJECT, load_demo
from review_app.scoring.mqm import mqm_summary, weight
from review_app.store import Store, StoreError
from review_app.store.models import Segment, set_scores
from review_app.vocab import MQM_CATEGORIES as CATEGORIES
from review_app.vocab import STATUS_LABELS, STATUSES
from tests.browser_helpers import demo_db
from tests.people import person


@pytest.fixture
def demo(tmp_path: Path, db_url: str) -> tuple[Store, int, str]:
    """The demo project in a fresh database: a copy of the SQLite template, or loaded into PostgreSQL."""
    if db_url.startswith("sqlite"):
        path = str(demo_db(tmp_path / "demo.db"))
        store = Store(path)
    else:
        path = db_url
        store = Store(path)
        load_demo(store)
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    return store, store.documents(project.id)[0].id, path


def _segment_with(store: Store, document_id: int, text: str) -> int:
    return next(r.id for r in store.segment_page(document_id, limit=100).rows if text in r.mt)


def _review_some(store: Store, document_id: int) -> dict[str, int]:
    dash = _segment_with(store, document_id, "long—awaited")
    credit = _segment_with(store, document_id, "Photo: TASS")
    finding = next(f for f in store.segment_detail(dash).findings if f.check == "dash-in-compound")
    store.apply_plan(store.plan_fix_to_similar(finding.id), actor=person(store, "ann"))
    store.set_status(dash, "corrected", actor=person(store, "ann"))
    store.apply_fix(store.segment_detail(credit).findings[0].id, actor=person(store, "bob"))
    store.set_status(credit, "accepted", actor=person(store, "bob"))
    start = store.segment_detail(dash).segment.mt.index("cities")
    store.add_annotation(dash, category="Accuracy/Mistranslation", severity="major", start=start, end=start + 6,
                         comment="towns", actor=person(store, "ann"))
    store.add_annotation(dash, category="Fluency/Punctuation", severity="minor", actor=person(store, "ann"))
    return {"dash": dash, "credit": credit}


def test_corpus_scores_are_sacrebleus_own(demo: tuple[Store, int, str]) -> None:
    store, document_id, _ = demo
    _review_some(store, document_id)
    # A reviewer also deletes a segment that has a reference: as an empty corrected line it would cost
    # chrF and TER edits (and BLEU's brevity) although nobody is to translate it any more.
    with_ref = next(r for r in store.segment_page(document_id, limit=100).rows[20:] if r.ref.strip())
    store.edit_corrected(with_ref.id, "", actor=person(store, "ann"))
    # The deleted segments leave both columns: sacrebleu on the 46 kept segments, read independently.
    rows = [store.segment_detail(r.id).segment for r in store.segment_page(document_id, limit=100).rows]
    kept = [r for r in rows if r.corrected.strip()]
    assert len(rows) == 48 and len(kept) == 46
    mt, ref, corrected = [r.mt for r in kept], [r.ref for r in kept], [r.corrected for r in kept]
    assert store.texts([document_id], skip_deleted=True) == (mt, ref, corrected)
    report = store.corpus_report([document_id], n_bootstrap=200)
    assert (report.segments, report.deleted) == (46, 2)
    for column, texts in ((report.mt, mt), (report.corrected, corrected)):
        assert column["bleu"].score == sacrebleu.corpus_bleu(texts, [ref]).score
        assert column["chrf"].score == sacrebleu.corpus_chrf(texts, [ref]).score
        assert column["chrf++"].score == sacrebleu.corpus_chrf(texts, [ref], word_order=2).score
        assert column["ter"].score == sacrebleu.corpus_ter(texts, [ref]).score
    assert report.corrected["chrf"].score > report.mt["chrf"].score  # the dash fixes help
    # Counted as empty corrected lines, the deletions would have cost chrF and TER (and BLEU's reference length).
    _mt, all_ref, all_corrected = store.texts([document_id])
    assert "ref_len = 530" in report.corrected["bleu"].verbose
    assert "ref_len = 547" in str(sacrebleu.corpus_bleu(all_corrected, [all_ref]))
    assert report.corrected["chrf"].score > sacrebleu.corpus_chrf(all_corrected, [all_ref]).score
    assert report.corrected["ter"].score < sacrebleu.corpus_ter(all_corrected, [all_ref]).score
    assert report.mt["chrf"].ci_half_width is not None and report.mt["chrf"].ci_half_width > 0
    assert "bs:200" in report.mt["chrf"].signature


@pytest.mark.parametrize(
    ("errors", "words", "penalty", "per_1000", "passed_at_99"),
    [
        ([], 500, 0.0, 0.0, True),
        ([("Accuracy/Mistranslation", "major")], 1000, 5.0, 5.0, True),
        ([("Fluency/Punctuation", "minor")] * 10, 1000, 1.0, 1.0, True),
        ([("Fluency/Grammar", "minor")] * 11, 1000, 11.0, 11.0, False),
        ([("Non-translation!", "major"), ("Style/Awkward", "neutral")], 2000, 25.0, 12.5, False),
        ([("Accuracy/Omission", "critical")], 5000, 25.0, 5.0, True),
    ],
)
def test_mqm_summary_uses_google_weights(
    errors: list[tuple[str, str]], words: int, penalty: float, per_1000: float, passed_at_99: bool
) -> None:
    summary = mqm_summary(errors, words, threshold=99.0)
    assert summary.penalty == pytest.approx(penalty) and summary.per_1000 == pytest.approx(per_1000)
    assert summary.quality_score == pytest.approx(100 * (1 - penalty / words))
    assert summary.passed is passed_at_99 and summary.errors == len(errors)


def test_mqm_weights_and_typology() -> None:
    assert [weight("Fluency/Grammar", s) for s in ("neutral", "minor", "major", "critical")] == [0, 1, 5, 25]
    assert weight("Fluency/Punctuation", "minor") == pytest.approx(0.1)
    assert weight("Non-translation!", "major") == 25
    from review_app.checks import CHECKS

    assert {cls.category for cls in CHECKS.values()} <= set(CATEGORIES)  # every check maps into the typology


def test_mqm_progress_and_findings_of_the_demo(demo: tuple[Store, int, str]) -> None:
    store, document_id, _ = demo
    ids = _review_some(store, document_id)
    mqm = store.mqm([document_id], threshold=75.0)
    # Only the annotated segment is rated: the accepted credit line was deleted, the rest is unreviewed.
    mt_words = len(store.segment_detail(ids["dash"]).segment.mt.split())
    assert (mqm.errors, mqm.penalty, mqm.words) == (2, pytest.approx(5.1), mt_words)
    assert mqm.per_1000 == pytest.approx(5.1 / mt_words * 1000) and mqm.passed is True
    assert store.mqm([document_id], threshold=76.0).passed is False
    report = store.mqm_report([document_id])
    assert (report.rated, report.total) == (1, 47)
    progress = store.progress([document_id])
    assert progress.by_status == {"todo": 46, "accepted": 0, "corrected": 1, "needs_work": 0}
    assert (progress.total, progress.reviewed, progress.deleted) == (47, 1, 1)
    assert ("ann", "corrected", 1) in progress.by_reviewer and not [r for r in progress.by_reviewer if r[0] == "bob"]
    assert progress.actions == {"ann": 6, "bob": 2}  # 3 fixes (one event per segment), status, 2 annotations
    counts = store.progress([document_id], detail=False)  # what the Export page says: one pass
    assert (counts.by_status, counts.total, counts.deleted) == (progress.by_status, 47, 1)
    assert not counts.by_reviewer and not counts.actions
    summary = {(c, st): n for c, _sev, st, n in store.findings_summary([document_id])}
    assert summary[("dash-in-compound", "applied")] == 4 and summary[("photo-credit", "applied")] == 1
    assert summary[("glossary", "open")] >= 6
    # Deleted segments leave the dashboard's counts: the credit's finding, and its chrF in the histogram.
    kept = {(c, st): n for c, _sev, st, n in store.findings_summary([document_id], skip_deleted=True)}
    assert ("photo-credit", "applied") not in kept and kept[("dash-in-compound", "applied")] == 4
    assert sum(summary.values()) - sum(kept.values()) == len(store.segment_detail(ids["credit"]).findings)
    assert len(store.segment_scores([document_id])) == 47


def test_chrf_bins_count_the_scores_in_sql(demo: tuple[Store, int, str]) -> None:
    """The Dashboard's histogram: the segments' stored chrF counted per bin in the database, as binning each
    segment's score here would: a score on an edge in the bin it opens, 100 in the last bin, a deleted segment
    and a score that is missing left out."""
    store, document_id, _ = demo
    _review_some(store, document_id)  # deletes a photo credit
    first, second = store.segment_page(document_id, limit=2).rows
    with store._write() as session:
        set_scores(session.get(Segment, first.id), {"chrf": 100.0})
        set_scores(session.get(Segment, first.id), {"chrf": 30.0}, corrected=True)
        set_scores(session.get(Segment, second.id), {"chrf": None})
    rows = [r for r in store.segment_page(document_id, limit=100).rows if not r.deleted]

    def count(values: list[float | None], low: int) -> int:
        return sum(1 for v in values if v is not None and min(int(v // 10), 9) * 10 == low)

    mt = [r.scores.get("chrf") for r in rows]
    corrected = [r.corrected_scores.get("chrf") for r in rows]
    assert store.chrf_bins([document_id]) == [(low, count(mt, low), count(corrected, low)) for low in range(0, 100, 10)]
    assert mt[0] == 100.0 and corrected[0] == 30.0 and mt[1] is None  # the edges and a missing score are there


def test_export_formats_read_back(demo: tuple[Store, int, str], tmp_path: Path) -> None:
    store, document_id, _ = demo
    ids = _review_some(store, document_id)
    dash_text = store.segment_detail(ids["dash"]).segment.corrected
    assert "long-awaited" in dash_text
    for fmt, name in (("tsv", "c.tsv"), ("jsonl", "c.jsonl"), ("tmx", "c.tmx"), ("xliff", "c.xlf")):
        count = store.write_export([document_id], fmt, tmp_path / name)
        units = list(read_units(tmp_path / name))
        assert len(units) == count == 47  # the deleted photo credit is left out
        by_id = {u.id: u for u in units}
        unit = next(u for u in units if u.corrected and "long-awaited" in u.corrected)
        assert unit.corrected == dash_text and unit.mt and "long—awaited" in unit.mt
        assert unit.status == "corrected" and unit.reviewer == "ann"
        assert [f["check"] for f in unit.fixes] == ["dash-in-compound"]
        assert sorted(a.severity for a in unit.annotations) == ["major", "minor"]
        assert "river-terminal-reopens:18" not in by_id  # segment 18 is the credit line
    text = store.export_bytes([document_id], "txt").decode()
    assert dash_text in text.splitlines() and "Photo: TASS" not in text
    mqm = store.export_bytes([document_id], "mqm").decode().splitlines()
    assert mqm[0].split("\t")[:9] == ["system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category",
                                      "severity"]
    assert any("<v>cities</v>" in line and "Major" in line for line in mqm)
    with pytest.raises(StoreError, match="unknown export format"):
        store.export_bytes([document_id], "docx")


def test_qa_report(demo: tuple[Store, int, str]) -> None:
    store, document_id, _ = demo
    _review_some(store, document_id)
    rows = list(csv.DictReader(io.StringIO(store.qa_report_bytes([document_id]).decode()), delimiter="\t"))
    assert len(rows) == sum(n for *_rest, n in store.findings_summary([document_id]))
    credit = next(r for r in rows if r["check"] == "photo-credit" and r["state"] == "applied")
    assert credit["text"] == "Photo: TASS/Olga Rechkina" and credit["corrected"] == ""
    jsonl = [json.loads(line) for line in store.qa_report_bytes([document_id], "jsonl").decode().splitlines()]
    assert [r["check"] for r in jsonl] == [r["check"] for r in rows]


def test_cli_export_from_the_database(demo: tuple[Store, int, str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    store, document_id, path = demo
    _review_some(store, document_id)
    store.close()
    out = tmp_path / "corrected.tmx"
    assert main(["export", "--db", str(path), "--project", DEMO_PROJECT, "--format", "tmx", "-o", str(out)]) == 0
    assert "wrote 47 units" in capsys.readouterr().out
    units = list(read_units(out))
    assert any(u.corrected and "long-awaited" in u.corrected for u in units)
    report = tmp_path / "qa.tsv"
    assert main(["export", "--db", str(path), "--project", DEMO_PROJECT, "--report", "tsv", "-o", str(report)]) == 0
    assert report.read_text().startswith("document\tsegment\tcheck")
    assert main(["export", "--db", str(path), "--project", "Nope", "-o", str(out)]) == 2
    assert "no project named 'Nope'" in capsys.readouterr().err
    assert main(["export", "--db", str(path), "--project", DEMO_PROJECT, "-o", str(tmp_path / "x.docx")]) == 2


def test_unreviewed_text_is_not_error_free(demo: tuple[Store, int, Path]) -> None:
    store, document_id, _ = demo
    report = store.mqm_report([document_id])
    assert (report.rated, report.total, report.has_verdict, report.summary.passed) == (0, 48, False, False)
    assert store.export_bytes([document_id], "mqm").decode().splitlines()[1:] == []  # no "No-error" rows
    accepted = _segment_with(store, document_id, "The reconstruction cost")
    corrected = _segment_with(store, document_id, "Local residents met")
    store.set_status(accepted, "accepted", actor=person(store, "ann"))
    store.edit_corrected(corrected, "Local people were glad to hear it.", actor=person(store, "ann"))
    store.set_status(corrected, "corrected", actor=person(store, "ann"))
    report = store.mqm_report([document_id])
    words = len(store.segment_detail(accepted).segment.mt.split())
    assert (report.rated, report.summary.words, report.summary.passed) == (1, words, True)
    rows = store.export_bytes([document_id], "mqm").decode().splitlines()[1:]
    # A "No-error" row for the segment accepted as is; none for the corrected one nobody annotated.
    assert len(rows) == 1 and "The reconstruction cost" in rows[0] and "No-error" in rows[0]


def test_the_export_names_every_reviewer_of_a_segment(demo: tuple[Store, int, str], tmp_path: Path) -> None:
    store, document_id, _ = demo
    ids = _review_some(store, document_id)  # the dash segment: ann's fixes, status and annotations
    ann, bob, cy = person(store, "ann"), person(store, "bob"), person(store, "cy")
    dash = store.segment_detail(ids["dash"]).segment
    store.add_comment(dash.id, "Looks right.", actor=cy)  # a comment is not a change
    store.edit_corrected(dash.id, dash.corrected + " ", actor=bob)
    store.undo_last(dash.id, actor=ann)  # undoing is a change: ann again, already listed
    quiet = _segment_with(store, document_id, "waiting room")
    store.add_comment(quiet, "No change needed.", actor=cy)
    for fmt, name in (("tsv", "c.tsv"), ("jsonl", "c.jsonl"), ("tmx", "c.tmx"), ("xliff", "c.xlf")):
        store.write_export([document_id], fmt, tmp_path / name)
        units = {u.mt: u for u in read_units(tmp_path / name)}
        unit = units[dash.mt]
        assert (unit.reviewer, unit.reviewers) == ("ann", ["ann", "bob"]), fmt  # the last one, and everyone
        untouched = next(u for u in units.values() if u.mt and "waiting room" in u.mt)
        assert (untouched.reviewer, untouched.reviewers) == (None, []), fmt


def test_exports_name_each_status_as_the_app_does(demo: tuple[Store, int, str], tmp_path: Path) -> None:
    store, document_id, _ = demo
    rows = store.segment_page(document_id, limit=100).rows[7:11]  # four sentences of the article
    ann = person(store, "ann")
    for row, status in zip(rows[1:], ("accepted", "corrected", "needs_work"), strict=True):
        store.set_status(row.id, status, actor=ann)
    for fmt, name in (("tsv", "s.tsv"), ("jsonl", "s.jsonl"), ("tmx", "s.tmx"), ("xliff", "s.xlf")):
        store.write_export([document_id], fmt, tmp_path / name)
        by_mt = {u.mt: u.status for u in read_units(tmp_path / name)}
        assert [by_mt[r.mt] for r in rows] == ["to review", "accepted", "corrected", "needs work"], fmt
        assert [by_mt[r.mt] for r in rows] == [STATUS_LABELS[s] for s in STATUSES]  # the app's words
