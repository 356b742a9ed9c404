"""reference-term proposals against the hand labels in tests/data/reference_terms_labelled.tsv."""

from __future__ import annotations

from pathlib import Path

from scripts_module import load_script
from shared_data import shared_corpus

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_reference_terms.py"


def test_every_proposal_is_labelled_and_held_out_precision_meets_the_target() -> None:
    shared_corpus("wmt21-newstest-en-ru")
    harness = load_script("eval_reference_terms")
    results = harness.evaluate(harness.read_labels())
    unlabelled = [(r.eval_set.name, mt, ref) for r in results for mt, ref, *_, label in r.proposals if label is None]
    assert not unlabelled, "label these in tests/data/reference_terms_labelled.tsv (--unlabelled prints them)"
    good, total = harness.precision(results, "held-out")
    assert total >= 50 and good / total >= harness.TARGET
    good, total = harness.precision(results, "dev")
    assert good / total >= harness.TARGET


def test_the_labels_file_says_how_it_was_labelled() -> None:
    header = [line for line in harness_labels().splitlines() if line.startswith("#")]
    text = " ".join(header)
    assert "held-out" in text and "rule" in text and "Sampled" in text


def harness_labels() -> str:
    return (SCRIPT.parent.parent / "tests" / "data" / "reference_terms_labelled.tsv").read_text(encoding="utf-8")
