"""Streaming statistics: corpus scores and bootstrap CIs from chunked statistics equal sacrebleu's exactly."""

from __future__ import annotations

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import _bootstrap_resample

from review_app.scoring.metrics import sentence_scores
from review_app.scoring.stats import StatsStore, corpus_scores, resampled_sums, segment_statistics

HYPS = [
    "The cat sat on the mat.",
    "A quick brown fox jumps over the lazy dog!",
    "",
    "Prices rose by 5% in May, the office said.",
    "He said: «we will win».",
    "   ",
    "Das ist kein Englisch.",
    "The meeting was postponed until next week because of the storm.",
    "One",
    "They are time-tested friends.",
    "Numbers 1, 2, 3 and 4,500.",
]
REFS = [
    "The cat is sitting on the mat.",
    "The quick brown fox jumped over the lazy dog.",
    "An empty hypothesis.",
    "Prices went up 5% in May, the statistics office said.",
    "He said: \"we shall win\".",
    "",
    "This is not English.",
    "Because of the storm, the meeting was moved to next week.",
    "One",
    "They are time-tested friends.",
    "Numbers 1, 2, 3 and 4500.",
]
SACREBLEU = {"bleu": BLEU, "chrf": CHRF, "chrf++": lambda: CHRF(word_order=2), "ter": TER}


def _store(names: tuple[str, ...], chunk: int, tokenize: str | None = None) -> StatsStore:
    store = StatsStore(names)
    for start in range(0, len(HYPS), chunk):
        arrays, _ = segment_statistics(HYPS[start : start + chunk], [REFS[start : start + chunk]], names, tokenize)
        store.append(arrays, len(HYPS[start : start + chunk]))
    return store


@pytest.mark.parametrize("chunk", [1, 4, 100])
@pytest.mark.parametrize("name", ["bleu", "chrf", "chrf++", "ter"])
def test_corpus_score_and_ci_equal_sacrebleu(name: str, chunk: int) -> None:
    store = _store((name,), chunk)
    ours = corpus_scores({name: store.rows(name)}, n_bootstrap=200)[name]
    metric = SACREBLEU[name]()
    theirs = metric.corpus_score(HYPS, [REFS], n_bootstrap=200)
    assert ours.score == theirs.score
    assert ours.ci_mean == pytest.approx(float(theirs._mean), abs=0) and ours.ci_half_width == float(theirs._ci)
    assert ours.signature == metric.get_signature().format()
    assert "bs:200|seed:12345" in ours.signature


def test_without_bootstrap_there_is_no_ci() -> None:
    store = _store(("bleu",), 3)
    score = corpus_scores({"bleu": store.rows("bleu")}, n_bootstrap=0)["bleu"]
    assert score.score == BLEU().corpus_score(HYPS, [REFS]).score
    assert score.ci_half_width is None and "bs:" not in score.signature


def test_bleu_tokenizer_goes_into_scores_and_signature() -> None:
    store = _store(("bleu",), 5, tokenize="char")
    score = corpus_scores({"bleu": store.rows("bleu")}, n_bootstrap=0, tokenize="char")["bleu"]
    assert score.score == BLEU(tokenize="char").corpus_score(HYPS, [REFS]).score
    assert "tok:char" in score.signature


def test_block_wise_resampling_equals_sacrebleus_resampling() -> None:
    """Blocks of a few rows (as for a million segments) draw the very same indices as one big draw."""
    store = _store(("chrf", "bleu"), 4)
    stats = {name: store.rows(name) for name in ("chrf", "bleu")}
    blocked = resampled_sums(stats, 50, seed=12345, block_cells=3 * len(HYPS))  # three resamples per block
    whole = resampled_sums(stats, 50, seed=12345)
    for name, metric in (("chrf", CHRF()), ("bleu", BLEU())):
        assert np.array_equal(blocked[name], whole[name])
        metric._extract_corpus_statistics(HYPS, [REFS])  # sets the reference count for the signature
        _, samples = _bootstrap_resample(metric._extract_corpus_statistics(HYPS, [REFS]), metric, 50)
        ours = [metric._compute_score_from_stats(row).score for row in blocked[name]]
        assert ours == [s.score for s in samples]


def test_sentence_scores_equal_the_align_contracts() -> None:
    _, sentence = segment_statistics(HYPS, [REFS], ("bleu", "chrf", "ter"))
    expected = sentence_scores(HYPS, [REFS])
    for name in ("bleu", "chrf", "ter"):
        assert sentence[name] == [row[name] for row in expected]
    assert sentence["bleu"][2] is None and sentence["chrf"][5] is None  # blank sides have no score


def test_store_checks_row_counts_and_keeps_order() -> None:
    store = StatsStore(("bleu",))
    first, _ = segment_statistics(HYPS[:2], [REFS[:2]], ("bleu",))
    second, _ = segment_statistics(HYPS[2:5], [REFS[2:5]], ("bleu",))
    store.append(first, 2)
    store.append(second, 3)
    whole, _ = segment_statistics(HYPS[:5], [REFS[:5]], ("bleu",))
    assert store.count == 5 and np.array_equal(store.rows("bleu"), whole["bleu"])
    with pytest.raises(ValueError, match="rows of statistics"):
        store.append(first, 3)
