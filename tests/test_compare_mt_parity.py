"""``compare`` against compare-mt 0.2.10's own output on its TED example (recorded in tests/data/compare_mt)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from shared_data import shared_corpus

from review_app.compare import CompareSettings, compare
from review_app.compare.inputs import load_corpus, parse_systems
from review_app.scoring.stats import segment_statistics

FIXTURES = Path(__file__).parent / "data" / "compare_mt"


def _section(text: str, title: str) -> list[str]:
    """Lines of the compare-mt report section whose ``---`` title starts with ``title`` (to the next blank line)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"--- {title}"))
    block = []
    for line in lines[start + 1:]:
        if not line.strip() or line.startswith("*"):
            break
        block.append(line)
    return block


@pytest.fixture(scope="module")
def report() -> str:
    return (FIXTURES / "ted_sys1_sys2.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result():
    folder = shared_corpus("compare-mt-ted-sk-en")
    systems = parse_systems([str(folder / "ted.sys1.eng"), str(folder / "ted.sys2.eng")])
    corpus = load_corpus(systems, [str(folder / "ted.ref.eng")], segmented=True)
    settings = CompareSettings(metrics=("bleu",), tokenize="none", n_bootstrap=100, tests=("bs",), checks=[],
                               jobs=1)
    return compare(corpus, settings)


def test_default_names_are_the_distinct_part_of_the_file_names(result) -> None:
    assert result.names == ["sys1", "sys2"]


def test_word_fmeasure_by_frequency_bucket_matches_compare_mt(result, report: str) -> None:
    rows = _section(report, "word fmeas by frequency bucket")[1:]
    assert [r.split("\t")[0] for r in rows] == result.words.labels
    for b, row in enumerate(rows):
        label, ref_words, sys1, sys2 = row.split("\t")
        assert int(ref_words) == result.words.ref_words[b], label
        assert f"{result.words.fmeasure('sys1')[b]:.4f}" == sys1.split()[0], label
        assert f"{result.words.fmeasure('sys2')[b]:.4f}" == sys2.split()[0], label


def test_length_bucket_counts_match_compare_mt(result) -> None:
    for line in (FIXTURES / "ted_length_counts.tsv").read_text(encoding="utf-8").splitlines():
        _, *cells = line.split("\t")
        labels, counts = zip(*(cell.rsplit("=", 1) for cell in cells), strict=True)
        assert list(labels) == result.lengths.labels
        assert [int(c) for c in counts] == result.lengths.counts


def test_length_difference_counts_match_compare_mt(result, report: str) -> None:
    rows = [r.split("\t") for r in _section(report, "bucket type: len(output)-len(reference)")[1:]]
    labels, counts = result.length_diff
    assert [r[0] for r in rows] == labels
    assert [int(r[1]) for r in rows] == counts["sys1"]
    assert [int(r[2]) for r in rows] == counts["sys2"]


def test_length_bucket_bleu_is_sacrebleus_and_close_to_compare_mts(result, report: str) -> None:
    """Per bucket, our BLEU is sacrebleu's on the bucket's segments; compare-mt's own BLEU differs by
    its n-gram totals (see the next test), most in the bucket of short sentences."""
    rows = [r.split("\t") for r in _section(report, "bucket type: length, statistic type: BLEU")[1:]]
    for b, (label, sys1, sys2) in enumerate(rows):
        assert abs(result.lengths.scores["sys1"]["bleu"][b] - float(sys1)) < 0.15, label
        assert abs(result.lengths.scores["sys2"]["bleu"][b] - float(sys2)) < 0.15, label


def _ngram_rows(report: str, title: str) -> list[tuple[str, float, int, int]]:
    out = []
    for line in _section(report, title):
        gram, rest = line.split("\t")
        m = re.fullmatch(r"([\d.]+) \(sys1=(\d+), sys2=(\d+)\)", rest)
        assert m, line
        out.append((gram, float(m.group(1)), int(m.group(2)), int(m.group(3))))
    return out


@pytest.mark.parametrize(("title", "attr"), [("50 n-grams where sys1>sys2", "left_better"),
                                             ("50 n-grams where sys2>sys1", "right_better")])
def test_ngram_differences_match_compare_mt(result, report: str, title: str, attr: str) -> None:
    """Same scores in the same order; the same n-grams above the last score (ties at the cut are
    in compare-mt's hash order, so only their scores are compared)."""
    theirs = _ngram_rows(report, title)
    (ngrams,) = result.ngrams  # the baseline sys1 (left) against sys2 (right), as compare-mt orders them
    assert (ngrams.left, ngrams.right) == ("sys1", "sys2")
    ours = [(d.ngram, d.score, d.left, d.right) for d in getattr(ngrams, attr)]
    assert [round(s, 4) for _, s, _, _ in ours] == [s for _, s, _, _ in theirs]
    cut = theirs[-1][1]
    assert {t for t in theirs if t[1] != cut} == {(g, round(s, 4), a, b) for g, s, a, b in ours if round(s, 4) != cut}


def test_aggregate_bleu_differs_from_compare_mt_only_by_its_ngram_totals(result, report: str) -> None:
    """compare-mt's BLEU (22.4309) counts every sentence shorter than n words as one n-gram of order n
    (``max(1, denom)`` in its ``_precision``); sacrebleu (22.4364, ours) does not. Adding those counts
    to sacrebleu's statistics gives compare-mt's number."""
    theirs = re.search(r"^BLEU\t([\d.]+)\t([\d.]+)$", report, re.M)
    assert theirs is not None
    assert round(result.scores["sys1"]["bleu"].score, 4) == 22.4364
    folder = shared_corpus("compare-mt-ted-sk-en")
    for k, name in enumerate(("sys1", "sys2")):
        hyps = (folder / f"ted.{name}.eng").read_text(encoding="utf-8").splitlines()
        refs = (folder / "ted.ref.eng").read_text(encoding="utf-8").splitlines()
        stats, _ = segment_statistics(hyps, [refs], ["bleu"], "none")
        sums = stats["bleu"].sum(axis=0, dtype="float64")
        hyp_len, ref_len, correct, total = sums[0], sums[1], sums[2:6], sums[6:10]
        short = [sum(1 for h in hyps if len(h.split()) < n) for n in range(1, 5)]
        logp = sum(0.25 * math.log(correct[i] / (total[i] + short[i])) for i in range(4))
        compare_mt = 100 * min(1.0, math.exp(1 - ref_len / hyp_len)) * math.exp(logp)
        assert f"{compare_mt:.4f}" == theirs.group(k + 1)
        assert result.scores[name]["bleu"].score != pytest.approx(compare_mt, abs=1e-3)
