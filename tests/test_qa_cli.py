"""``qa`` end to end: the bundle re-read and checked against sacrebleu, gates, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from review_app.cli import main
from review_app.pipeline import CONTRACT_KEYS

REPO = Path(__file__).resolve().parent.parent
ALIGN_KEYS = list(CONTRACT_KEYS)
FINDING_KEYS = ["line", "start", "end", "check", "category", "severity", "message", "suggestion"]

DOCS = {
    "a.txt": (
        ["Der Vertrag wurde 2019 unterzeichnet.", "Die Preise stiegen um 5 Prozent.", "Er sagte nichts."],
        ["The treaty was signed in 2019.", "Prices rose by 5 percent.", "He said nothing."],
        ["The contract was signed in 2019.", "Prices went up by 7 percent.", "He said nothing at all."],
    ),
    "sub/b.txt": (
        ["Die Freunde sind bewährt.", "Das Treffen wurde verschoben.", "", "Ende."],
        ["These friends are time-tested.", "The meeting was postponed.", "", "The end."],
        ["They are time—tested friends.", "The meeting was was postponed.", "", "End."],
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Folders src/, ref/, mt/ with two line-parallel documents (one in a subfolder)."""
    for name, sides in DOCS.items():
        for folder, lines in zip(("src", "ref", "mt"), sides, strict=True):
            path = tmp_path / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def _args(corpus: Path, out: Path, *extra: str) -> list[str]:
    return ["qa", "--mt", str(corpus / "mt"), "--ref", str(corpus / "ref"), "--src", str(corpus / "src"),
            "--segmented", "--lang", "en", "--src-lang", "de", "--out", str(out), *extra]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


class _Balanced(HTMLParser):
    """Fails on a closing tag that does not match the open one; collects the visible text."""

    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "br", "link", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> str:
    """The page's text after checking that every element is closed in order."""
    parser = _Balanced()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return " ".join(parser.text)


def test_bundle_from_two_folders(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report"
    assert main(_args(corpus, out, "--bootstrap", "100")) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["segments.jsonl", "findings.jsonl", "summary.json", "report.md", "report.html"])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left

    segments = _jsonl(out / "segments.jsonl")
    assert [list(s)[: len(ALIGN_KEYS)] for s in segments] == [ALIGN_KEYS] * 7
    assert all(list(s)[len(ALIGN_KEYS):] == ["doc", "unit", "mqm", "findings"] for s in segments)
    assert [s["doc"] for s in segments] == ["a.txt"] * 3 + ["sub/b.txt"] * 4
    blank = segments[5]
    assert (blank["mt"], blank["mt_ids"], blank["ref_ids"], blank["link"], blank["chrf"]) == ("", [], [], "0-0", None)
    assert segments[1]["src"] == "Die Preise stiegen um 5 Prozent." and segments[1]["src_ids"] == [1]
    mt_b, ref_b = DOCS["sub/b.txt"][2], DOCS["sub/b.txt"][1]
    assert segments[3]["chrf"] == CHRF().sentence_score(mt_b[0], [ref_b[0]]).score

    findings = _jsonl(out / "findings.jsonl")
    embedded = [{"doc": s["doc"], **f} for s in segments for f in s["findings"]]
    assert findings == embedded and findings
    assert all(list(f) == ["doc", *FINDING_KEYS] for f in findings)
    dash = next(f for f in findings if f["check"] == "dash-in-compound")
    assert (dash["doc"], dash["line"], dash["suggestion"]) == ("sub/b.txt", 1, "-")
    assert mt_b[0][dash["start"] : dash["end"]] == "—"
    numbers = next(f for f in findings if f["check"] == "numbers")
    assert (numbers["doc"], numbers["line"]) == ("a.txt", 2)  # 7 percent in the MT, 5 in the source

    summary = json.loads((out / "summary.json").read_text("utf-8"))
    all_mt = [line for _, _, mt in DOCS.values() for line in mt]
    all_ref = [line for _, ref, _ in DOCS.values() for line in ref]
    for metric, name in ((BLEU(), "bleu"), (CHRF(), "chrf"), (CHRF(word_order=2), "chrf++"), (TER(), "ter")):
        expected = metric.corpus_score(all_mt, [all_ref], n_bootstrap=100)
        got = summary["overall"]["scores"][name]
        assert (got["score"], got["ci_95"]) == (expected.score, float(expected._ci))
        assert got["signature"] == metric.get_signature().format()
        for doc, (_, ref, mt) in zip(summary["documents"], DOCS.values(), strict=True):
            assert doc["scores"][name]["score"] == metric.corpus_score(mt, [ref]).score
    overall = summary["overall"]
    assert (overall["documents"], overall["segments"], overall["scored_segments"]) == (2, 7, 7)
    assert overall["findings"]["total"] == len(findings)
    assert sum(overall["chrf_histogram"]["counts"]) == 6  # the blank pair has no sentence chrF
    assert [d["name"] for d in summary["documents"]] == ["a.txt", "sub/b.txt"]
    assert summary["thresholds"] == {"min_chrf": None, "min_bleu": None, "fail_on": None, "gates": [],
                                     "failures": [], "passed": True}

    chrf = f"{overall['scores']['chrf']['score']:.2f}"
    page = parse_html((out / "report.html").read_text("utf-8"))
    assert chrf in page and "sub/b.txt" in page and "dash-in-compound" in page
    assert "<script" not in (out / "report.html").read_text("utf-8")
    markdown = (out / "report.md").read_text("utf-8")
    assert f"| chrF | {chrf} |" in markdown and "**No thresholds set**" in markdown
    assert "2 document(s), 7 segment(s)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("gates", "code", "outcomes"),
    [
        (["--min-chrf", "99"], 1, {"min_chrf": False}),
        (["--min-chrf", "1", "--min-bleu", "1"], 0, {"min_chrf": True, "min_bleu": True}),
        (["--min-bleu", "99.5", "--min-chrf", "99"], 1, {"min_chrf": False, "min_bleu": False}),
        (["--min-chrf", "1", "--fail-on", "minor"], 1, {"min_chrf": True, "fail_on": False}),
        (["--fail-on", "critical"], 0, {"fail_on": True}),
        # a gate per registered metric: chrF++ (higher is better), TER (lower is better: --max-ter)
        (["--min-chrf++", "99"], 1, {"min_chrf++": False}),
        (["--max-ter", "1"], 1, {"max_ter": False}),
        (["--max-ter", "100", "--min-chrf", "1"], 0, {"min_chrf": True, "max_ter": True}),
    ],
)
def test_thresholds_set_the_exit_code(corpus: Path, tmp_path: Path, gates: list[str], code: int,
                                      outcomes: dict[str, bool], capsys) -> None:
    out = tmp_path / "gated"
    assert main(_args(corpus, out, "--bootstrap", "0", "--metrics", "bleu", *gates)) == code
    summary = json.loads((out / "summary.json").read_text("utf-8"))  # written when a gate fails, too
    assert {g["kind"]: g["passed"] for g in summary["thresholds"]["gates"]} == outcomes
    assert [f["kind"] for f in summary["thresholds"]["failures"]] == [k for k, ok in outcomes.items() if not ok]
    if "fail_on" in outcomes:
        assert summary["thresholds"]["gates"][-1]["value"] == (1 if gates[-1] == "minor" else 0) * 3
    assert summary["thresholds"]["passed"] is (code == 0)
    assert "chrf" in summary["settings"]["metrics"] or "--min-chrf" not in gates  # a gate adds its metric
    verdict = "FAILED" if code else "PASSED"
    assert verdict in (out / "report.md").read_text("utf-8") and verdict in (out / "report.html").read_text("utf-8")
    assert ("FAILED" in capsys.readouterr().err) is bool(code)


def test_gate_thresholds_are_checked_and_reported(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "gated"
    assert main(_args(corpus, out, "--bootstrap", "0", "--max-ter", "1")) == 1
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    (gate,) = summary["thresholds"]["gates"]
    assert gate["message"] == f"corpus ter {gate['value']:.4f} is above 1"
    assert summary["thresholds"]["limits"] == {"ter": 1}
    assert f"TER ≤ 1: {gate['value']:.2f}" in (out / "report.md").read_text("utf-8")
    assert main(_args(corpus, tmp_path / "bad", "--max-ter", "101")) == 2
    assert "must be between 0 and 100, got 101" in capsys.readouterr().err


def _expect_bad_input(args: list[str], out: Path, capsys, *words: str) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("review_app: error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err
    assert not out.exists()
    if out.parent.exists():
        assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]  # no temporary folder
    return err


def test_missing_folder(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "r"
    args = ["qa", "--mt", str(corpus / "nope"), "--ref", str(corpus / "ref"), "--out", str(out)]
    _expect_bad_input(args, out, capsys, "nope", "no such file or folder")


def test_unmatched_files_are_refused_or_skipped(corpus: Path, tmp_path: Path, capsys) -> None:
    (corpus / "mt" / "extra.txt").write_text("An orphan.\n", "utf-8")
    out = tmp_path / "r"
    _expect_bad_input(_args(corpus, out), out, capsys, "extra.txt", "no partner", "--skip-unmatched")
    assert main(_args(corpus, out, "--skip-unmatched", "--bootstrap", "0")) == 0
    assert "warning: skipping 1 file(s) in --mt" in capsys.readouterr().err
    assert json.loads((out / "summary.json").read_text("utf-8"))["overall"]["documents"] == 2


def test_mismatched_line_counts_name_the_file(corpus: Path, tmp_path: Path, capsys) -> None:
    (corpus / "src" / "a.txt").write_text("Nur eine Zeile.\n", "utf-8")
    out = tmp_path / "r"
    _expect_bad_input(_args(corpus, out), out, capsys, str(corpus / "src" / "a.txt"), "has 1 lines but", "has 3")


def test_undecodable_file_late_in_the_run_leaves_nothing(corpus: Path, tmp_path: Path, capsys) -> None:
    """The bad byte is met after chunks were already written: the half-done bundle is removed."""
    bad = corpus / "ref" / "sub" / "b.txt"
    bad.write_bytes(bad.read_bytes() + b"caf\xe9\n")
    (corpus / "mt" / "sub" / "b.txt").write_text("\n".join([*DOCS["sub/b.txt"][2], "cafe"]) + "\n", "utf-8")
    out = tmp_path / "deep" / "er" / "r"
    _expect_bad_input(_args(corpus, out, "--chunk-size", "2"), out, capsys, str(bad), "line 5", "0xe9")
    assert not (tmp_path / "deep").exists()  # folders made for --out are removed again


def test_out_must_be_a_report_folder(corpus: Path, tmp_path: Path, capsys) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("keep me", "utf-8")
    assert main(_args(corpus, precious)) == 2
    assert "thesis.tex" in capsys.readouterr().err and (precious / "thesis.tex").read_text("utf-8") == "keep me"


def test_an_earlier_report_is_replaced_whole(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert main(_args(corpus, out, "--bootstrap", "0", "--min-chrf", "99")) == 1
    assert main(_args(corpus, out, "--bootstrap", "0")) == 0
    assert json.loads((out / "summary.json").read_text("utf-8"))["thresholds"]["min_chrf"] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt", "ref", "report", "src"]


def test_documents_are_aligned_without_segmented(tmp_path: Path) -> None:
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_text("The vote was held on Sunday. Turnout was low.\n\nThe results come on Monday.\n", "utf-8")
    ref.write_text("The vote took place on Sunday and turnout was low.\n\nResults are due on Monday.\n", "utf-8")
    out = tmp_path / "report"
    assert main(["qa", "--mt", str(mt), "--ref", str(ref), "--lang", "en", "--out", str(out), "--bootstrap", "0"]) == 0
    segments = _jsonl(out / "segments.jsonl")
    assert [(s["link"], s["mt_ids"], s["ref_ids"]) for s in segments] == [("2-1", [0, 1], [0]), ("1-1", [2], [1])]
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    hyps, refs = [s["mt"] for s in segments], [s["ref"] for s in segments]
    assert summary["overall"]["scores"]["bleu"]["score"] == BLEU().corpus_score(hyps, [refs]).score
    assert summary["overall"]["links"] == {"2-1": 1, "1-1": 1}
    assert summary["settings"]["name"] == "mt.txt"


def test_bilingual_jsonl_with_post_edits_and_mqm(tmp_path: Path) -> None:
    units = [
        {"id": "u1", "source": "Der Hund bellt.", "mt": "The dog barks.", "corrected": "The dog is barking.",
         "system": "sysA", "annotations": [{"category": "Fluency/Grammar", "severity": "Minor", "rater": "r1"},
                                            {"category": "No-error", "severity": "No-error", "rater": "r2"}]},
        {"id": "u2", "source": "Die Katze schläft.", "mt": "The cat sleeps sleeps.", "reference": "The cat sleeps.",
         "system": "sysA", "annotations": [{"category": "Accuracy/Addition", "severity": "Major", "start": 15,
                                            "end": 22, "rater": "r1"}]},
        {"id": "u3", "source": "Hallo.", "mt": "Hello.", "reference": "Hello."},
        {"id": "u4", "source": "Tschüss.", "mt": "Bye."},  # no reference: checked, not scored
    ]
    path = tmp_path / "review.jsonl"
    path.write_text("".join(json.dumps(u) + "\n" for u in units), "utf-8")
    out = tmp_path / "report"
    assert main(["qa", "--mt", str(path), "--lang", "en", "--out", str(out), "--bootstrap", "0"]) == 0
    segments = _jsonl(out / "segments.jsonl")
    assert [(s["unit"], s["ref"], s["mqm"]) for s in segments] == [
        ("u1", "The dog is barking.", 0.5), ("u2", "The cat sleeps.", 5.0), ("u3", "Hello.", None),
        ("u4", "", None)]
    assert segments[3]["chrf"] is None and segments[3]["ref_ids"] == [] and segments[3]["link"] == "1-0"
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    mqm = summary["overall"]["mqm"]
    assert (mqm["score"], mqm["segments"], mqm["errors"], mqm["by_severity"]) == (2.75, 2, 2, {"minor": 1, "major": 1})
    assert mqm["systems"] == [{"system": "sysA", "score": 2.75, "segments": 2}]
    assert mqm["per_1000_words"] == pytest.approx(6 / 7 * 1000)
    hyps = [u["mt"] for u in units[:3]]
    assert (summary["overall"]["segments"], summary["overall"]["scored_segments"]) == (4, 3)
    assert summary["overall"]["scores"]["chrf"]["score"] == CHRF().corpus_score(
        hyps, [["The dog is barking.", "The cat sleeps.", "Hello."]]).score
    assert "2.750" in parse_html((out / "report.html").read_text("utf-8"))


def test_bilingual_file_without_references_is_checked_not_scored(tmp_path: Path, capsys) -> None:
    path = tmp_path / "tm.tsv"
    path.write_text("source\tmt\nDer Hund.\tThe dog dog.\nDie Katze.\tThe cat.\n", "utf-8")
    out = tmp_path / "report"
    assert main(["qa", "--mt", str(path), "--lang", "en", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["overall"]["scores"] == {} and summary["overall"]["scored_segments"] == 0
    assert summary["overall"]["findings"]["by_check"] == {"doubled-word": {"minor": 1}}
    assert "nothing was scored" in (out / "report.md").read_text("utf-8")
    capsys.readouterr()
    other = tmp_path / "gated"
    _expect_bad_input(["qa", "--mt", str(path), "--lang", "en", "--out", str(other), "--min-chrf", "50"],
                      other, capsys, "--min-chrf needs references")


def test_plain_text_without_ref_is_refused(tmp_path: Path, capsys) -> None:
    mt = tmp_path / "mt.txt"
    mt.write_text("Hello.\n", "utf-8")
    out = tmp_path / "r"
    _expect_bad_input(["qa", "--mt", str(mt), "--out", str(out)], out, capsys, "one side only", "--ref")


def test_subprocess_exit_codes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    run = subprocess.run([sys.executable, "-m", "review_app", *_args(corpus, out, "--bootstrap", "0",
                                                                     "--fail-on", "minor")],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "FAILED" in run.stderr and (out / "report.html").is_file()
    bad = subprocess.run([sys.executable, "-m", "review_app", "qa", "--mt", str(corpus / "mt"), "--ref",
                          str(corpus / "ref" / "a.txt"), "--out", str(tmp_path / "x")],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "must be one too" in bad.stderr


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--metrics", "bleu,meteor"], ["--metrics", "meteor"]),
        (["--glossary", "missing.tsv"], ["missing.tsv", "no such file"]),
        (["--checks", "nonsense"], ["unknown check 'nonsense'"]),
        (["--bootstrap", "-1"], ["--bootstrap", "0 or more"]),
    ],
)
def test_bad_options(corpus: Path, tmp_path: Path, extra: list[str], words: list[str], capsys) -> None:
    out = tmp_path / "r"
    _expect_bad_input(_args(corpus, out, *extra), out, capsys, *words)


def test_empty_documents_are_refused(corpus: Path, tmp_path: Path, capsys) -> None:
    for side in ("mt", "ref", "src"):
        (corpus / side / "a.txt").write_text("", "utf-8")
    out = tmp_path / "r"
    _expect_bad_input(_args(corpus, out), out, capsys, str(corpus / "mt" / "a.txt"), "empty input")


@pytest.mark.parametrize(("docs", "bootstraps"), [(["a.txt"], 1), (["a.txt", "sub/b.txt"], 3)])
def test_the_same_rows_are_bootstrapped_once(corpus: Path, tmp_path: Path, monkeypatch, docs: list[str],
                                            bootstraps: int) -> None:
    """A run of one document scores its rows once for the document and the run (the bootstrap is the costly
    part of the summary); with two documents each document and the run have their own rows."""
    import review_app.qa.summary as summary_module

    calls: list[int] = []
    real = summary_module.corpus_scores

    def counted(stats, *args, **kwargs):
        calls.append(len(next(iter(stats.values()))))
        return real(stats, *args, **kwargs)

    monkeypatch.setattr(summary_module, "corpus_scores", counted)
    for doc in DOCS.keys() - set(docs):
        for folder in ("src", "ref", "mt"):
            (corpus / folder / doc).unlink()
    out = tmp_path / "report"
    assert main(_args(corpus, out, "--bootstrap", "50")) == 0
    assert len(calls) == bootstraps
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    for document in summary["documents"]:
        mt, ref = DOCS[document["name"]][2], DOCS[document["name"]][1]
        assert document["scores"]["chrf"]["score"] == CHRF().corpus_score(mt, [ref]).score
    if len(docs) == 1:
        assert summary["documents"][0]["scores"] == summary["overall"]["scores"]
def _batch(root: Path, documents: int) -> None:
    """``documents`` line-parallel pages, each with the same furniture line between two paragraphs (in the
    reference too: only its repetition across the batch says it is furniture)."""
    for k in range(documents):
        lines = [f"Paragraph one of page {k} went on for a while, officials said.", "Solutions Journalism",
                 f"Paragraph two of page {k} ended the story, they added."]
        for folder in ("mt", "ref"):
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / f"page{k}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("documents", "flagged"), [(3, True), (2, False)])
def test_lines_repeated_across_the_batch_are_chrome(tmp_path: Path, documents: int, flagged: bool) -> None:
    """qa over a folder fills Context.repeated: a short line in three documents of the batch is page furniture."""
    _batch(tmp_path, documents)
    out = tmp_path / "report"
    assert main(["qa", "--mt", str(tmp_path / "mt"), "--ref", str(tmp_path / "ref"), "--segmented", "--lang", "en",
                 "--out", str(out), "--bootstrap", "0"]) == 0
    found = {(f["doc"], f["line"]) for f in _jsonl(out / "findings.jsonl") if f["check"] == "chrome"}
    assert found == ({(f"page{k}.txt", 2) for k in range(documents)} if flagged else set())
