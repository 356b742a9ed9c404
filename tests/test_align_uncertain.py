"""Low-confidence links surface as "alignment uncertain" findings: unit cases, the importer, and qa."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import shared_corpus

from review_app.align.uncertain import (
    ALIGNMENT_CATEGORY,
    ALIGNMENT_CHECK,
    ALIGNMENT_SEVERITY,
    UNCERTAIN_BELOW,
    UNCERTAIN_FEWEST,
    add_uncertain,
    flagged,
    uncertain_finding,
)
from review_app.checks import CHECKS
from review_app.checks.base import Finding
from review_app.cli import main
from review_app.model import AlignedSegment
from review_app.review.importer import import_document
from review_app.store import Store
from review_app.vocab import MQM_CATEGORIES, SEVERITIES
from tests.people import OP


def _segment(mt_ids: list[int], ref_ids: list[int], confidence: float) -> AlignedSegment:
    mt = "The talks resumed." if mt_ids else ""
    ref = "Talks have resumed." if ref_ids else ""
    return AlignedSegment(mt, ref, None, mt_ids, ref_ids, [], f"{len(mt_ids)}-{len(ref_ids)}", confidence)


@pytest.mark.parametrize(
    ("mt_ids", "ref_ids", "words"),
    [([0], [0, 1], "the 1-2 link may pair the wrong sentences"),
     ([0], [], "no reference sentence was matched"),
     ([], [0], "matched to no MT")],
)
def test_a_low_confidence_link_gets_one_neutral_finding_without_a_fix(mt_ids, ref_ids, words) -> None:
    segment = _segment(mt_ids, ref_ids, 0.31)
    finding = uncertain_finding(segment)
    assert finding is not None and finding.check == ALIGNMENT_CHECK and finding.severity == "neutral"
    assert finding.suggestion is None and (finding.start, finding.end) == (0, len(segment.mt))
    assert finding.message.startswith("alignment uncertain (confidence 0.31): ") and words in finding.message
    assert uncertain_finding(_segment(mt_ids, ref_ids, UNCERTAIN_BELOW)) is None


def test_at_most_a_share_of_a_documents_links_are_flagged_the_least_confident_first() -> None:
    confidences = [0.9, 0.1, 0.5, 0.3, 0.95, 0.3, 0.7, 0.99, 0.2, 0.6]
    # Below 0.8: seven links; at most 30% of ten, three: 0.1, 0.2 and the first 0.3.
    assert flagged(confidences, below=0.8, most=0.3) == [False, True, False, True, False, False, False, False,
                                                         True, False]
    # Below 0.25 only two, whatever the share.
    assert sum(flagged(confidences, below=0.25, most=0.5)) == 2
    # A short document shows up to UNCERTAIN_FEWEST even where the share allows fewer.
    assert sum(flagged([0.1] * 5, below=0.8, most=0.1)) == UNCERTAIN_FEWEST
    assert flagged([], below=0.8) == []


def test_add_uncertain_appends_to_the_segments_own_findings() -> None:
    segments = [_segment([0], [0], 0.9), _segment([1], [], 0.2)]
    findings = add_uncertain(segments, [[], []])
    assert findings[0] == [] and [f.check for f in findings[1]] == [ALIGNMENT_CHECK]


def test_a_left_out_line_a_check_deletes_whole_is_no_alignment_doubt() -> None:
    """"Photo: TASS" left out of the alignment and deleted by the credit check: that finding says what the
    line is. Its place among the flagged goes to the next least confident link; a finding on part of a
    left-out line, or a deletion on a paired one, explains nothing about the link."""
    credit = AlignedSegment("Photo: TASS", "", None, [3], [], [], "1-0", 0.1)
    deleted = Finding(1, 0, len(credit.mt), "photo-credit", "Design/Extraneous text", "minor", "a credit", "")
    segments = [credit, *(_segment([k], [k], c) for k, c in enumerate((0.2, 0.3, 0.4, 0.5)))]
    findings = add_uncertain(segments, [[deleted], [], [], [], []])
    assert [[f.check for f in found] for found in findings] == [
        ["photo-credit"], [ALIGNMENT_CHECK], [ALIGNMENT_CHECK], [ALIGNMENT_CHECK], []]
    part = Finding(1, 0, 5, "chrome", "Design/Extraneous text", "minor", "a label", "")
    findings = add_uncertain(segments, [[part], [], [], [], []])
    assert [len(found) for found in findings] == [2, 1, 1, 0, 0]
    paired = AlignedSegment("Photo: TASS", "Photo: TASS", None, [3], [0], [], "1-1", 0.1)
    findings = add_uncertain([paired], [[Finding(1, 0, 11, "photo-credit", "Design/Extraneous text", "minor", "", "")]])
    assert [f.check for f in findings[0]] == ["photo-credit", ALIGNMENT_CHECK]


def test_alignment_is_not_a_selectable_check_and_uses_the_shared_vocabulary() -> None:
    assert ALIGNMENT_CHECK not in CHECKS
    assert ALIGNMENT_SEVERITY in SEVERITIES and ALIGNMENT_CATEGORY in MQM_CATEGORIES


def _textberg_documents(tmp_path: Path) -> tuple[Path, Path]:
    folder = shared_corpus("textberg-de-fr-dev")
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_text((folder / "dev.google.fr").read_text(encoding="utf-8"), encoding="utf-8")
    ref.write_text((folder / "dev.fr").read_text(encoding="utf-8"), encoding="utf-8")
    return mt, ref


def test_qa_reports_uncertain_links_of_aligned_documents(tmp_path: Path) -> None:
    mt, ref = _textberg_documents(tmp_path)
    out = tmp_path / "report"
    assert main(["qa", "--mt", str(mt), "--ref", str(ref), "--lang", "fr", "--out", str(out), "--bootstrap", "0",
                 "--metrics", "chrf"]) in (0, 1)
    segments = [json.loads(line) for line in (out / "segments.jsonl").read_text("utf-8").splitlines()]
    # A left-out line a check deletes whole is explained (page furniture), so ranked as sure.
    explained = [not s["ref_ids"] and any((f["start"], f["end"], f["suggestion"]) == (0, len(s["mt"]), "")
                                          for f in s["findings"]) for s in segments]
    marks = flagged([1.0 if known else s["confidence"] for s, known in zip(segments, explained, strict=True)])
    uncertain = [s for s, mark in zip(segments, marks, strict=True) if mark]
    assert len(uncertain) >= 5 and any(explained)
    assert [[f["check"] for f in s["findings"]].count(ALIGNMENT_CHECK) for s in segments] == list(map(int, marks))
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["overall"]["findings"]["by_check"][ALIGNMENT_CHECK] == {"neutral": len(uncertain)}


def test_qa_fail_on_neutral_gates_on_uncertain_alignment(tmp_path: Path) -> None:
    """An uncertain link is the only finding here: ``--fail-on minor`` passes, ``--fail-on neutral`` fails."""
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_text("The talks resumed on Monday.\nBoth sides agreed to meet again.\nA storm closed the harbour.\n"
                  "Ferries stayed in port.\n", encoding="utf-8")
    ref.write_text("Talks resumed on Monday.\nThe two sides agreed to meet again.\n"
                   "Nobody expected that outcome at all.\n", encoding="utf-8")
    common = ["qa", "--mt", str(mt), "--ref", str(ref), "--bootstrap", "0", "--jobs", "1", "--metrics", "chrf"]
    assert main([*common, "--out", str(tmp_path / "minor"), "--fail-on", "minor"]) == 0
    assert main([*common, "--out", str(tmp_path / "neutral"), "--fail-on", "neutral"]) == 1
    summary = json.loads((tmp_path / "neutral" / "summary.json").read_text("utf-8"))
    assert summary["overall"]["findings"]["by_check"] == {ALIGNMENT_CHECK: {ALIGNMENT_SEVERITY: 2}}
    gate = summary["thresholds"]["gates"][0]
    assert (gate["kind"], gate["threshold"], gate["value"], gate["passed"]) == ("fail_on", "neutral", 2, False)


def test_qa_line_parallel_input_has_no_alignment_findings(tmp_path: Path) -> None:
    folder = shared_corpus("wmt21-newstest-en-ru") / "txt"
    mt, ref = folder / "newstest2021.en-ru.hyp.Online-W.ru", folder / "newstest2021.en-ru.ref.A.ru"
    out = tmp_path / "report"
    assert main(["qa", "--mt", str(mt), "--ref", str(ref), "--lang", "ru", "--out", str(out), "--bootstrap", "0",
                 "--metrics", "chrf", "--segmented"]) in (0, 1)
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert ALIGNMENT_CHECK not in summary["overall"]["findings"]["by_check"]


def test_import_stores_uncertain_links_as_findings(tmp_path: Path) -> None:
    mt, ref = _textberg_documents(tmp_path)
    store = Store(str(tmp_path / "r.db"))
    project = store.create_project("P", "de", "fr", actor=OP)
    document = import_document(store, project.id, name="dev", mt_text=mt.read_text("utf-8"),
                               ref_text=ref.read_text("utf-8"), actor=OP)
    counts = {(check, severity): n for check, severity, _state, n in store.findings_summary([document.id])}
    rows = store.segment_page(document.id, limit=100_000).rows
    assert counts[(ALIGNMENT_CHECK, "neutral")] == sum(flagged([r.confidence for r in rows])) >= 5
