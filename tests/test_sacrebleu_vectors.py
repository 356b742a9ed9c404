"""sacrebleu 2.6.0's own test vectors through review_app's accelerated path and through sacrebleu.

The vectors (tests/data/sacrebleu, Apache-2.0, see its NOTICE.md) are sacrebleu's test suite's data:
sentences, options and the scores its tests expect. Each runs through the compiled statistics
(``accel.extract_statistics``) and review_app's corpus scoring (``stats.score_rows``, what
``score_corpus`` and ``qa`` use), and through sacrebleu's ``corpus_score``/``sentence_score``: both
meet the vector within its test's tolerance, and review_app's number equals sacrebleu's exactly.

The significance vectors (WMT17 en-de, 16 systems) take sacrebleu 3–5 s per system and test; by
default two systems run the paired bootstrap and one the approximate randomization,
``REVIEW_APP_EQUALITY=full`` runs all fifteen through both.
"""

from __future__ import annotations

import json
import lzma
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest, _bootstrap_resample

from review_app.scoring import _fast
from review_app.scoring.accel import extract_statistics, ter_statistics
from review_app.scoring.paired import approximate_randomization, paired_bootstrap
from review_app.scoring.stats import rows_dtype, score_rows

DATA = Path(__file__).with_name("data") / "sacrebleu"
VECTORS: dict[str, Any] = json.loads((DATA / "vectors.json").read_text(encoding="utf-8"))
CLASSES: dict[str, type[Metric]] = {"BLEU": BLEU, "CHRF": CHRF, "TER": TER}
FULL = os.environ.get("REVIEW_APP_EQUALITY", "") == "full"


@pytest.fixture(autouse=True)
def _compiled_and_default_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The accelerated path must be the compiled one; both sides read SACREBLEU_SEED."""
    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    _fast.reset()
    assert all(_fast.module(name) is not None for name in _fast.MODULES), "extensions not built"


def _ids(key: str) -> list[str]:
    return [f"{i}-{vector['source'].split('::')[-1]}" for i, vector in enumerate(VECTORS[key])]


def _make(vector: dict[str, Any]) -> Any:
    return CLASSES[vector.get("metric", "BLEU")](**vector["options"])


def _meets(value: float, vector: dict[str, Any]) -> bool:
    """Within the vector's tolerance as sacrebleu's test checks it (strictly, or equal when 0)."""
    if "decimals" in vector:
        return f"{value:.{vector['decimals']}f}" == f"{vector['score']:.{vector['decimals']}f}"
    return value == vector["score"] or abs(value - vector["score"]) < vector["tolerance"]


def _ours(metric: Any, hypotheses: list[str], references: list[list[str]], n_bootstrap: int) -> Any:
    """review_app's corpus score: compiled statistics, kept as arrays, scored from the rows."""
    rows = np.asarray(extract_statistics(metric, hypotheses, references), dtype=rows_dtype(metric))
    return score_rows({"metric": (metric, rows)}, n_bootstrap)["metric"]


@pytest.mark.parametrize("vector", VECTORS["corpus"], ids=_ids("corpus"))
def test_corpus_vectors(vector: dict[str, Any]) -> None:
    hyps, refs = vector["hypotheses"], vector["references"]
    ours, metric = _ours(_make(vector), hyps, refs, 0), _make(vector)
    theirs = metric.corpus_score(hyps, refs)
    assert _meets(theirs.score, vector)
    assert ours.score == theirs.score
    assert ours.signature == metric.get_signature().format()


@pytest.mark.parametrize("vector", VECTORS["corpus"], ids=_ids("corpus"))
def test_corpus_vectors_with_confidence_intervals(vector: dict[str, Any]) -> None:
    """sacrebleu's bootstrap on every vector; where sacrebleu's own fails, what review_app does instead."""
    hyps, refs = vector["hypotheses"], vector["references"]
    ours, metric = _ours(_make(vector), hyps, refs, 50), _make(vector)
    try:
        theirs = metric.corpus_score(hyps, refs, n_bootstrap=50)
    except TypeError as error:
        # chrF: resamples scoring 0 are Python floats beside numpy float32 scores, and
        # statistics.mean refuses the mix. review_app makes them all floats (stats._estimate_ci).
        assert "coerce" in str(error) and vector["metric"] == "CHRF"
        stats = metric._extract_corpus_statistics(hyps, refs)
        _, samples = _bootstrap_resample(stats, metric, 50)
        for sample in samples:
            sample.score = float(sample.score)
        theirs = metric._aggregate_and_compute(stats)
        theirs.estimate_ci(samples)
    assert (ours.score, ours.ci_mean, ours.ci_half_width) == (theirs.score, theirs._mean, theirs._ci)


@pytest.mark.parametrize("vector", VECTORS["sentence"], ids=_ids("sentence"))
def test_sentence_vectors(vector: dict[str, Any]) -> None:
    """A sentence score is the metric's score of the segment's compiled row (stats.segment_statistics)."""
    hyp, refs = vector["hypothesis"], vector["references"]
    metric = _make(vector)
    (row,) = extract_statistics(metric, [hyp], [[ref] for ref in refs])
    theirs = _make(vector).sentence_score(hyp, refs)
    assert _meets(theirs.score, vector)
    assert metric._compute_score_from_stats(row).score == theirs.score


@pytest.mark.parametrize("vector", VECTORS["bleu_statistics"], ids=_ids("bleu_statistics"))
def test_bleu_statistics_vectors(vector: dict[str, Any]) -> None:
    metric = _make(vector)
    rows = np.asarray(extract_statistics(metric, vector["hypotheses"], vector["references"]), dtype=rows_dtype(metric))
    order = metric.max_ngram_order
    sums = rows.sum(axis=0).astype(int).tolist()
    assert (sums[2 : 2 + order], sums[2 + order :]) == (vector["counts"], vector["totals"])
    theirs = _make(vector).corpus_score(vector["hypotheses"], vector["references"])
    assert (theirs.counts, theirs.totals) == (vector["counts"], vector["totals"])


@pytest.mark.parametrize("vector", VECTORS["bleu_from_statistics"], ids=_ids("bleu_from_statistics"))
def test_bleu_score_from_statistics_vectors(vector: dict[str, Any]) -> None:
    """Statistics given, no text: review_app's aggregation of a row feeds sacrebleu's BLEU formula."""
    metric = _make(vector)
    metric.num_refs = 1
    row = np.array([[vector["sys_len"], vector["ref_len"], *vector["correct"], *vector["total"]]],
                   dtype=rows_dtype(metric))
    ours = score_rows({"bleu": (metric, row)}, 0)["bleu"]
    theirs = BLEU.compute_bleu(vector["correct"], vector["total"], vector["sys_len"], vector["ref_len"],
                               **vector["options"])
    assert _meets(theirs.score, vector)
    assert ours.score == theirs.score


@pytest.mark.parametrize("vector", VECTORS["ter_tokenizer"], ids=_ids("ter_tokenizer"))
def test_ter_tokenizer_vectors(vector: dict[str, Any]) -> None:
    """TER under each tokeniser option: a text against itself costs no edit, over the expected tokens."""
    text = vector["text"]
    metric = TER(**vector["options"])
    assert metric._preprocess_segment(text) == vector["tokenized"]
    ours = ter_statistics(TER(**vector["options"]), [text], [[text]])
    assert ours == TER(**vector["options"])._extract_corpus_statistics([text], [[text]])
    assert ours == [[0, float(len(vector["tokenized"].split()))]]


SIGNIFICANCE: dict[str, Any] = VECTORS["significance"]
_DEFAULT_SYSTEMS = {"bs": ["newstest2017.FBK.4870.en-de", "newstest2017.LMU-nmt-single.4893.en-de"],
                    "ar": ["newstest2017.FBK.4870.en-de"]}


@pytest.fixture(scope="module")
def wmt17() -> dict[str, list[str]]:
    """System name → lines (the baseline, the other systems and ``reference``)."""
    text = lzma.decompress((DATA / SIGNIFICANCE["systems"]).read_bytes()).decode("utf-8")
    header, *lines = text.split("\n")[:-1]
    columns = list(zip(*(line.split("\t") for line in lines), strict=True))
    return {name: list(column) for name, column in zip(header.split("\t"), columns, strict=True)}


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_significance_vectors(monkeypatch: pytest.MonkeyPatch, wmt17: dict[str, list[str]], test: str) -> None:
    """review_app's paired tests from kept statistics equal PairedTest's, and both meet Moses/multeval."""
    monkeypatch.setenv("SACREBLEU_SEED", SIGNIFICANCE["seed"])
    expected, samples = SIGNIFICANCE[test]["p_values"], SIGNIFICANCE[test]["n_samples"]
    baseline, refs = SIGNIFICANCE["baseline"], [wmt17["reference"]]
    systems = list(expected) if FULL else _DEFAULT_SYSTEMS[test]
    named = [(baseline, wmt17[baseline])] + [(name, wmt17[name]) for name in systems]
    options = SIGNIFICANCE["options"]
    signatures, table = PairedTest(named, {"BLEU": BLEU(references=refs, **options)}, references=None,
                                   test_type=test, n_samples=samples)()

    def rows(name: str) -> np.ndarray:
        metric = BLEU(**options)
        return np.asarray(extract_statistics(metric, wmt17[name], refs), dtype=rows_dtype(metric))

    run = paired_bootstrap if test == "bs" else approximate_randomization
    base_rows = rows(baseline)
    for name, theirs in zip(table["System"][1:], table["BLEU"][1:], strict=True):
        ours = run("bleu", base_rows, rows(str(name)), samples, tokenize=options["tokenize"])
        assert abs(theirs.p_value - expected[name]) < SIGNIFICANCE["tolerance"], name
        assert (ours.score, ours.p_value, ours.mean, ours.ci) == (theirs.score, theirs.p_value, theirs.mean, theirs.ci)
        assert ours.signature == signatures["BLEU"].format()
