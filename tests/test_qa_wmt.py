"""``qa`` on WMT21 newstest en→ru: the organisers' published corpus BLEU/chrF against reference A."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF
from shared_data import shared_corpus
from test_qa_cli import parse_html

from review_app.cli import main
from review_app.qa import QaSettings, Thresholds, pair_documents, run_qa

# system, BLEU refA, chrF refA (PROVENANCE.md: the organisers' automatic-scores.tsv)
PUBLISHED = [
    ("Facebook-AI", 32.21, 57.65),
    ("NiuTrans", 28.43, 54.59),
    ("Online-B", 29.76, 56.82),
    ("Online-W", 31.80, 57.62),
    ("Online-Y", 25.78, 53.81),
]
PREFIX = "newstest2021.en-ru."


@pytest.fixture(scope="module")
def txt() -> Path:
    return shared_corpus("wmt21-newstest-en-ru") / "txt"


@pytest.mark.parametrize(("system", "bleu", "chrf"), PUBLISHED)
def test_published_scores(txt: Path, tmp_path: Path, system: str, bleu: float, chrf: float) -> None:
    """The library path, scores only (checks are the next test's business)."""
    docs = pair_documents(txt / f"{PREFIX}hyp.{system}.ru", txt / f"{PREFIX}ref.A.ru")
    settings = QaSettings(lang="ru", src_lang="en", segmented=True, metrics=("bleu", "chrf"), n_bootstrap=0)
    summary = run_qa(docs, settings, tmp_path / "report", Thresholds(min_chrf=chrf - 0.01))
    scores = summary["overall"]["scores"]
    assert (round(scores["bleu"]["score"], 2), round(scores["chrf"]["score"], 2)) == (bleu, chrf)
    assert summary["overall"]["segments"] == 1002 and summary["thresholds"]["passed"]


def test_full_run_gives_a_readable_report(txt: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report"
    args = ["qa", "--mt", str(txt / f"{PREFIX}hyp.Facebook-AI.ru"), "--ref", str(txt / f"{PREFIX}ref.A.ru"),
            "--src", str(txt / f"{PREFIX}src.en"), "--segmented", "--lang", "ru", "--src-lang", "en",
            "--metrics", "bleu,chrf", "--bootstrap", "100", "--out", str(out), "--min-chrf", "57", "--min-bleu", "33"]
    assert main(args) == 1  # BLEU 32.21 < 33
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    hyps = (txt / f"{PREFIX}hyp.Facebook-AI.ru").read_text("utf-8").splitlines()
    refs = (txt / f"{PREFIX}ref.A.ru").read_text("utf-8").splitlines()
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF())):
        expected = metric.corpus_score(hyps, [refs], n_bootstrap=100)
        got = summary["overall"]["scores"][name]
        assert (got["score"], got["ci_95"]) == (expected.score, float(expected._ci))
    assert [f["kind"] for f in summary["thresholds"]["failures"]] == ["min_bleu"]
    segments = [json.loads(line) for line in (out / "segments.jsonl").read_text("utf-8").splitlines()]
    assert len(segments) == 1002 and segments[0]["src"].startswith("Dominic Raab")
    findings = summary["overall"]["findings"]
    everything = [f["check"] for s in segments for f in s["findings"]]
    # terms learned from the (independent) reference are counted apart from the QA findings
    assert findings["learned"] == {"reference-term": everything.count("reference-term")} and findings["learned"]
    assert findings["total"] == len(everything) - everything.count("reference-term") > 0
    assert "reference-term" not in findings["by_check"]
    # Reference A has ten mis-encoded lines (905–914); they are the lowest-chrF segments the report shows.
    assert {s["line"] for s in summary["highlights"]["lowest_chrf"]} == set(range(905, 915))
    page = parse_html((out / "report.html").read_text("utf-8"))
    assert "32.21" in page and "57.65" in page and "FAILED" in page
    note = f"Not among them: {findings['learned']['reference-term']} learned from the reference"
    assert note in page and note in (out / "report.md").read_text("utf-8")
    assert "review_app: qa: FAILED: corpus bleu 32.2144 is below 33" in capsys.readouterr().err
