"""HTER and the character edit rate are registered metrics (``hter``, ``edit-rate``): the effort measures'
numbers through the shared engine, signatures naming their settings, run only when named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics.ter import TER

from review_app.cli import main
from review_app.effort import segment_efforts, summarize
from review_app.model import AlignedSegment
from review_app.pipeline import CONTRACT_KEYS, add_sentence_scores
from review_app.qa.gates import gate_spec
from review_app.scoring.metrics import score_corpus
from review_app.scoring.registry import (
    CORPUS_METRICS,
    SENTENCE_METRICS,
    corpus_metrics,
    default_metrics,
    parse_metrics,
    sentence_metrics,
)
from review_app.store import Store
from tests.people import OP

MT = ["the cat sat on mat", "A dog barked", "yes", "completely other words here", "keep this"]
PE = ["The cat sat on the mat .", "A dog barked", "no no no no", "short", "keep this"]


def test_they_are_registered_but_not_run_by_default() -> None:
    assert {"hter", "edit-rate"} <= set(corpus_metrics()) and parse_metrics("hter,edit-rate") == ["hter", "edit-rate"]
    for listing in (default_metrics(), sentence_metrics(), sentence_metrics(costly=True), SENTENCE_METRICS,
                    CORPUS_METRICS, CONTRACT_KEYS):
        assert "hter" not in listing and "edit-rate" not in listing
    assert {"hter", "edit-rate"} <= set(sentence_metrics(costly=True, on_request=True))


def test_segment_scores_are_the_effort_measures_and_the_corpus_rate_sums() -> None:
    scores = score_corpus(MT, [PE], metrics=("hter", "edit-rate"), corpus_metrics=("hter", "edit-rate"),
                          n_bootstrap=100)
    efforts = segment_efforts(MT, PE)
    assert [s["hter"] for s in scores.sentence] == pytest.approx([100 * e.hter for e in efforts])
    assert [s["edit-rate"] for s in scores.sentence] == pytest.approx([e.edit_rate for e in efforts])
    assert max(s["hter"] or 0 for s in scores.sentence) == 100  # "yes" → four words: TER 400, capped
    ter = [TER().sentence_score(m, [p]) for m, p in zip(MT, PE, strict=True)]
    edits = sum(t.num_edits for t in ter)
    length = sum(t.ref_length for t in ter)
    assert scores.corpus["hter"].score == pytest.approx(min(100.0, 100 * edits / length))
    distances = sum(e.edit_distance for e in efforts)
    longer = sum(max(len(m), len(p)) for m, p in zip(MT, PE, strict=True))
    assert scores.corpus["edit-rate"].score == pytest.approx(100 * distances / longer)
    assert scores.corpus["hter"].signature.startswith(
        "metric:hter|case:lc|tok:tercom|norm:no|punct:yes|asian:no|shifts:yes|cap:100|sacrebleu:")
    assert scores.corpus["edit-rate"].signature.startswith(
        "metric:edit-rate|unit:char|dist:levenshtein|norm:max-len|case:yes|nrefs:1|bs:100|")
    assert scores.corpus["hter"].ci_half_width is not None


def test_gates_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (gate_spec("hter").flag, gate_spec("edit-rate").flag) == ("--max-hter", "--max-edit-rate")
    (tmp_path / "mt.txt").write_text("\n".join(MT) + "\n", encoding="utf-8")
    (tmp_path / "pe.txt").write_text("\n".join(PE) + "\n", encoding="utf-8")
    assert main(["score", str(tmp_path / "mt.txt"), str(tmp_path / "pe.txt"), "--metrics", "hter,edit-rate",
                 "--json"]) == 0
    printed = capsys.readouterr().out
    assert '"hter"' in printed and '"edit-rate"' in printed and '"bleu"' not in printed
    out = tmp_path / "qa"
    code = main(["qa", "--mt", str(tmp_path / "mt.txt"), "--ref", str(tmp_path / "pe.txt"), "--segmented",
                 "--out", str(out), "--max-hter", "10", "--bootstrap", "0", "--checks", "whitespace"])
    assert code == 1  # the gate fails: HTER above 10
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "hter" in summary["overall"]["scores"] and "bleu" in summary["overall"]["scores"]


def test_the_store_lists_them_only_where_stored(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "review.db"))
    project = store.create_project("P", "ru", "en", actor=OP)
    segments = [AlignedSegment(m, p, None, [i], [i]) for i, (m, p) in enumerate(zip(MT, PE, strict=True))]
    add_sentence_scores(segments)
    document = store.add_document(project.id, "d", segments, [[] for _ in segments], actor=OP)
    row = store.segment_page(document.id).rows[0]
    assert list(row.scores) == ["bleu", "chrf", "chrf++", "ter"]
    store.close()


# --- qa --pe and compare --pe: the effort summary --------------------------------------------------


def _files(tmp_path: Path) -> tuple[str, str, str]:
    other = ["the cat sat on the mat .", "A dog barked", "no", "short words", "keep that"]
    paths = []
    for name, lines in (("mt.txt", MT), ("pe.txt", PE), ("other.txt", other)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(tmp_path / name))
    return paths[0], paths[1], paths[2]


def test_qa_pe_puts_the_effort_in_the_summary_and_the_reports(tmp_path: Path) -> None:
    mt, pe, _ = _files(tmp_path)
    base = ["qa", "--mt", mt, "--ref", pe, "--segmented", "--bootstrap", "0", "--jobs", "1", "--checks", "whitespace"]
    assert main([*base, "--pe", "--out", str(tmp_path / "with")]) == 0
    summary = json.loads((tmp_path / "with" / "summary.json").read_text(encoding="utf-8"))
    expected = summarize(segment_efforts(MT, PE)).to_dict()
    assert summary["overall"]["effort"] == expected and summary["documents"][0]["effort"] == expected
    assert {"hter", "edit-rate"} <= set(summary["overall"]["scores"])
    assert expected["bands"]["100%"] == {"segments": 2, "words": 5} and expected["unchanged"] == 2
    report = (tmp_path / "with" / "report.md").read_text(encoding="utf-8")
    assert "## Post-editing effort" in report and "| 100% | 2 | 5 |" in report
    assert "accepted as is: 2 (40.0%)" in report
    assert "<h2>Post-editing effort</h2>" in (tmp_path / "with" / "report.html").read_text(encoding="utf-8")
    assert main([*base, "--out", str(tmp_path / "without")]) == 0
    plain = json.loads((tmp_path / "without" / "summary.json").read_text(encoding="utf-8"))
    assert "effort" not in plain["overall"] and "hter" not in plain["overall"]["scores"]
    assert "Post-editing" not in (tmp_path / "without" / "report.md").read_text(encoding="utf-8")


def test_compare_pe_gives_each_systems_effort(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mt, pe, other = _files(tmp_path)
    html = tmp_path / "report.html"
    argv = ["compare", f"a={mt}", f"b={other}", "--ref", pe, "--segmented", "--bootstrap", "10", "--ar-trials", "0"]
    assert main([*argv, "--pe", "--json", "--html", str(html)]) == 0
    systems = {s["name"]: s for s in json.loads(capsys.readouterr().out)["systems"]}
    others = (tmp_path / "other.txt").read_text(encoding="utf-8").splitlines()
    assert systems["a"]["effort"] == summarize(segment_efforts(MT, PE)).to_dict()
    assert systems["b"]["effort"] == summarize(segment_efforts(others, PE)).to_dict()
    assert {"hter", "edit-rate"} <= set(systems["a"]["scores"])
    assert "Post-editing effort against the post-edit" in html.read_text(encoding="utf-8")
    assert main([*argv, "--pe"]) == 0
    table = capsys.readouterr().out
    assert "post-editing effort against the post-edit" in table and "accepted as is" in table
    assert main([*argv, "--json"]) == 0
    assert all("effort" not in s for s in json.loads(capsys.readouterr().out)["systems"])


def test_qa_pe_reports_each_documents_effort(tmp_path: Path) -> None:
    folders = {side: tmp_path / side for side in ("mt", "pe")}
    for side, lines in (("mt", MT), ("pe", PE)):
        folders[side].mkdir()
        (folders[side] / "a.txt").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
        (folders[side] / "<b>.txt").write_text("\n".join(lines[3:]) + "\n", encoding="utf-8")
    out = tmp_path / "qa"
    assert main(["qa", "--mt", str(folders["mt"]), "--ref", str(folders["pe"]), "--segmented", "--pe", "--bootstrap",
                 "0", "--jobs", "1", "--checks", "whitespace", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    by_name = {d["name"]: d["effort"] for d in summary["documents"]}
    assert by_name["a.txt"] == summarize(segment_efforts(MT[:3], PE[:3])).to_dict()
    assert by_name["<b>.txt"]["unchanged"] == 1 and summary["overall"]["effort"]["segments"] == 5
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<td>&lt;b&gt;.txt</td>" in html and "<td><b>.txt</td>" not in html  # names escaped
    assert "| \\<b\\>.txt |" in (out / "report.md").read_text(encoding="utf-8")
