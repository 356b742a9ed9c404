"""Corpus scores, bootstrap CIs, paired tests and signatures equal sacrebleu 2.6.0's to the last bit.

sacrebleu's own objects are the reference everywhere (``corpus_score``, ``get_signature``,
``PairedTest``; for 150,000 segments its ``_bootstrap_resample`` on its own statistics, which is what
``corpus_score`` runs after extracting them). Floats are compared with ``==``. The cases are those
where review_app's arithmetic once differed: TER with several references (an average reference length
such as 22/3, which ``float32`` rounds), ``float32`` bootstrap sums past 2**24 (a large corpus), and
the signature's ``bs:``/``seed:`` (a one-segment corpus; ``SACREBLEU_SEED`` values).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest, _bootstrap_resample
from shared_data import shared_corpus

import review_app.scoring.paired as paired
from review_app.scoring import stats as stats_module
from review_app.scoring.metrics import score_corpus
from review_app.scoring.paired import approximate_randomization, paired_bootstrap
from review_app.scoring.stats import corpus_scores, resampled_sums, segment_statistics

SACREBLEU = {"bleu": BLEU, "chrf": CHRF, "chrf++": lambda: CHRF(word_order=2), "ter": TER}
_WORDS = ["the", "a", "of", "river", "city", "council", "voted", "to", "approve", "budget", "after", "debate",
          "over", "taxes", "schools", "roads"]


@pytest.fixture(autouse=True)
def _default_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both sides read SACREBLEU_SEED; tests that set it say so."""
    monkeypatch.delenv("SACREBLEU_SEED", raising=False)


def _assert_corpus_equal(ours: Any, metric: Any, hyps: list[str], refs: list[list[str]], n_bootstrap: int) -> None:
    theirs = metric.corpus_score(hyps, refs, n_bootstrap=n_bootstrap)
    signature = metric.get_signature().format()
    assert ours.score == theirs.score
    assert ours.signature == signature
    assert ours.formatted == theirs.format(signature=signature)
    if n_bootstrap > 1:
        assert (ours.ci_mean, ours.ci_half_width) == (theirs._mean, theirs._ci)
    else:
        assert ours.ci_mean is None and ours.ci_half_width is None


# ---------------------------------------------------------------- TER with several references

_sentence = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=9).map(" ".join)


@st.composite
def _multi_ref_corpus(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    size = draw(st.integers(1, 8), label="segments")
    count = draw(st.integers(2, 4), label="references")
    hyps = draw(st.lists(_sentence, min_size=size, max_size=size))
    refs = [draw(st.lists(_sentence, min_size=size, max_size=size)) for _ in range(count)]
    return hyps, refs


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus=_multi_ref_corpus())
def test_multi_reference_ter_equals_sacrebleu(corpus: tuple[list[str], list[list[str]]]) -> None:
    """Average reference lengths such as 22/3 are kept as sacrebleu's floats and summed in its order."""
    hyps, refs = corpus
    ours = score_corpus(hyps, refs, metrics=(), corpus_metrics=("ter",), n_bootstrap=20).corpus["ter"]
    _assert_corpus_equal(ours, TER(), hyps, refs, 20)


def _wmt21(system: str, stride: int) -> tuple[list[str], list[list[str]]]:
    folder = shared_corpus("wmt21-newstest-en-ru") / "txt"

    def read(name: str) -> list[str]:
        return (folder / f"newstest2021.en-ru.{name}.ru").read_text(encoding="utf-8").splitlines()[::stride]

    return read(f"hyp.{system}"), [read("ref.A"), read("ref.B"), read("hyp.Online-W")]


def test_wmt21_three_references_equal_sacrebleu() -> None:
    """Facebook-AI against references A, B and Online-W: every metric, every fifth segment, with CIs."""
    hyps, refs = _wmt21("Facebook-AI", 5)
    ours = score_corpus(hyps, refs, metrics=(), n_bootstrap=100).corpus
    for name, make in SACREBLEU.items():
        _assert_corpus_equal(ours[name], make(), hyps, refs, 100)


def test_wmt21_three_references_full_ter_is_sacrebleus_number() -> None:
    """The whole test set (sacrebleu takes 16 s for it): the number sacrebleu 2.6.0 prints (issue 27)."""
    hyps, refs = _wmt21("Facebook-AI", 1)
    ours = score_corpus(hyps, refs, metrics=(), corpus_metrics=("ter",), n_bootstrap=0).corpus["ter"]
    assert ours.score == 29.783401698275974  # TER().corpus_score(hyps, refs).score; float32 rows gave ...707089396


# ---------------------------------------------------------------- bootstrap sums in float32


class _SumsRecorder:
    """Stands in for a metric: sacrebleu's ``_bootstrap_resample`` hands it each resample's column sums."""

    def _compute_score_from_stats(self, sums: np.ndarray) -> np.ndarray:
        return sums


@pytest.fixture(params=["compiled", "numpy"])
def summing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of summing resamples: the compiled ``_resample`` and the numpy fallback."""
    if request.param == "numpy":
        monkeypatch.setattr(stats_module._fast, "module", lambda name: None)
    else:
        assert stats_module._fast.module("_resample") is not None, "extensions not built"
    return str(request.param)


@st.composite
def _rows(draw: st.DrawFn) -> np.ndarray:
    """Statistics whose float32 sums round (large counts; thirds like TER's averages), and small
    counts, whose sums are exact in any order (summed by a matrix product)."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1), label="rng seed"))
    n, columns = draw(st.integers(1, 60), label="rows"), draw(st.integers(2, 6), label="columns")
    kind = draw(st.sampled_from(["thirds", "large", "small"]), label="kind")
    if kind == "thirds":
        return rng.integers(0, 300, size=(n, columns)) / 3
    return rng.integers(0, 2**22 if kind == "large" else 200, size=(n, columns)).astype(np.float64)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_rows(), n_samples=st.integers(1, 40), block_rows=st.integers(1, 50))
def test_resampled_sums_are_sacrebleus_float32_sums(summing: str, rows: np.ndarray, n_samples: int,
                                                     block_rows: int) -> None:
    _, theirs = _bootstrap_resample(rows.tolist(), _SumsRecorder(), n_samples)  # type: ignore[arg-type]
    ours = resampled_sums({"x": rows}, n_samples, seed=12345, block_cells=block_rows * len(rows))["x"]
    assert ours.dtype == np.float32
    assert np.array_equal(ours, np.array(theirs)), summing


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=st.lists(_rows(), min_size=2, max_size=4), n_samples=st.integers(1, 30),
       block_rows=st.integers(1, 20), threads=st.integers(1, 3))
def test_several_metrics_summed_together_are_each_sacrebleus_sums(summing: str, tables: list[np.ndarray],
                                                                  n_samples: int, block_rows: int,
                                                                  threads: int) -> None:
    """Metrics summed in one table (the compiled path reads each drawn row once for all of them), the
    resamples of a block split over threads: every metric's sums are still its own sacrebleu sums."""
    n = min(len(rows) for rows in tables)
    stats = {f"m{k}": rows[:n] for k, rows in enumerate(tables)}
    ours = resampled_sums(stats, n_samples, seed=12345, block_cells=block_rows * n, threads=threads)
    for name, rows in stats.items():
        _, theirs = _bootstrap_resample(rows.tolist(), _SumsRecorder(), n_samples)  # type: ignore[arg-type]
        assert np.array_equal(ours[name], np.array(theirs)), (summing, name)


def test_a_resample_whose_sums_stay_below_2_24_is_a_matrix_product(monkeypatch: pytest.MonkeyPatch) -> None:
    """chrF-like rows: one segment's counts are large (its maximum times the corpus size passes 2**24), but no
    resample's sum comes near 2**24, so every resample is summed by the matrix product, not added row by row,
    and the sums are still sacrebleu's. Rows past 2**24 in some resamples only: those alone are added in order."""
    rng = np.random.default_rng(7)
    rows = rng.integers(0, 40, size=(2000, 6)).astype(np.float64)
    rows[17] = 2**14  # 16,384 × 2,000 segments > 2**24; a resample draws it a few times at most
    ordered: list[int] = []  # resamples added row by row, per call
    compiled = stats_module._fast.module("_resample")
    assert compiled is not None, "extensions not built"

    class Recording:
        @staticmethod
        def resample_sums(rows32: np.ndarray, idxs: np.ndarray, out: np.ndarray) -> None:
            ordered.append(len(idxs))
            compiled.resample_sums(rows32, idxs, out)

        resample_counts = staticmethod(compiled.resample_counts)

    monkeypatch.setattr(stats_module._fast, "module", lambda name: Recording)
    _, theirs = _bootstrap_resample(rows.tolist(), _SumsRecorder(), 30)  # type: ignore[arg-type]
    assert np.array_equal(resampled_sums({"x": rows}, 30, seed=12345)["x"], np.array(theirs))
    assert ordered == []
    signed = rows - 20  # negative values: bounded by the sum of magnitudes
    _, theirs = _bootstrap_resample(signed.tolist(), _SumsRecorder(), 30)  # type: ignore[arg-type]
    assert np.array_equal(resampled_sums({"x": signed}, 30, seed=12345)["x"], np.array(theirs))
    assert ordered == []
    rows[17] = 2**23  # now a resample drawing it twice or more passes 2**24
    _, theirs = _bootstrap_resample(rows.tolist(), _SumsRecorder(), 30)  # type: ignore[arg-type]
    assert np.array_equal(resampled_sums({"x": rows}, 30, seed=12345)["x"], np.array(theirs))
    assert 0 < sum(ordered) < 30

@settings(max_examples=40, deadline=None)
@given(samples=st.integers(1, 30), n=st.integers(1, 300), seed=st.integers(0, 2**32 - 1))
def test_compiled_draw_counts_are_numpys_bincount(samples: int, n: int, seed: int) -> None:
    """How often each resample draws each segment: the compiled count equals numpy's ``bincount``."""
    idxs = np.random.default_rng(seed).choice(n, size=(samples, n), replace=True)
    compiled = stats_module._fast.module("_resample")
    assert compiled is not None, "extensions not built"
    ours = stats_module._draw_counts(idxs, n, compiled)
    assert ours.dtype == np.float32
    assert np.array_equal(ours, stats_module._draw_counts(idxs, n, None))
    assert np.array_equal(ours.sum(axis=1), np.full(samples, n))
    with pytest.raises(IndexError):
        compiled.resample_counts(np.full((1, 2), n, dtype=np.int64), np.empty((1, n), dtype=np.float32))


def _tiled_corpus(count: int, refs: int, words: tuple[int, int]) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(27)

    def sentence() -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(*words)))

    return [sentence() for _ in range(count)], [[sentence() for _ in range(count)] for _ in range(refs)]


@pytest.mark.parametrize(("name", "refs", "words"), [("chrf", 1, (20, 40)), ("ter", 3, (4, 12))])
def test_bootstrap_on_150000_segments_equals_sacrebleu(name: str, refs: int, words: tuple[int, int]) -> None:
    """150,000 segments (40 distinct ones, repeated): chrF's column sums pass 2**24, where float32
    sums round, and TER's averages of three lengths round at any size; the CI is sacrebleu's to the bit.

    sacrebleu's ``corpus_score`` on this corpus is its extraction (checked equal to ours segment by
    segment in test_accel.py) followed by the calls made here, on its own statistics.
    """
    distinct_hyps, distinct_refs = _tiled_corpus(40, refs, words)
    repeat = 150_000 // 40
    rows = segment_statistics(distinct_hyps, distinct_refs, [name])[0][name]
    ours = corpus_scores({name: np.tile(rows, (repeat, 1))}, 10, num_refs=refs)[name]

    metric = SACREBLEU[name]()
    theirs_rows = metric._extract_corpus_statistics(distinct_hyps, distinct_refs) * repeat
    theirs = metric._aggregate_and_compute(theirs_rows)
    seed, samples = _bootstrap_resample(theirs_rows, metric, 10)
    theirs.estimate_ci(samples)
    metric.n_bootstrap, metric.seed = 10, seed
    if name == "chrf":
        assert np.array(theirs_rows, dtype=np.float64).sum(axis=0).max() > 2**24  # float32 sums do round
    assert ours.score == theirs.score
    assert (ours.ci_mean, ours.ci_half_width) == (theirs._mean, theirs._ci)
    assert ours.signature == metric.get_signature().format()


# ---------------------------------------------------------------- signatures and seeds

_SEEDS = [None, "7", "012", "0", "none"]


@pytest.mark.parametrize("seed", _SEEDS)
@pytest.mark.parametrize("n_bootstrap", [0, 1, 2, 30])
@pytest.mark.parametrize("size", [1, 3])
def test_signature_and_ci_equal_sacrebleus(monkeypatch: pytest.MonkeyPatch, seed: str | None, n_bootstrap: int,
                                           size: int) -> None:
    """``bs:``/``seed:`` exactly where sacrebleu prints them (one segment included), its CI too."""
    if seed is not None:
        monkeypatch.setenv("SACREBLEU_SEED", seed)
    hyps = ["The cat sat on the mat.", "Prices rose by 5% in May.", "He said: we will win."][:size]
    refs = [["The cat is sitting on the mat.", "Prices went up 5% in May.", "He said we shall win."][:size]]
    ours = score_corpus(hyps, refs, metrics=(), n_bootstrap=n_bootstrap).corpus
    for name, make in SACREBLEU.items():
        metric = make()
        if seed == "none" and n_bootstrap > 1:  # resamples from OS entropy: only the form can agree
            metric.corpus_score(hyps, refs, n_bootstrap=n_bootstrap)
            assert ours[name].signature == metric.get_signature().format()
            assert f"bs:{n_bootstrap}|seed:none|" in ours[name].signature
            continue
        _assert_corpus_equal(ours[name], metric, hyps, refs, n_bootstrap)
        assert ("bs:" in ours[name].signature) == (n_bootstrap > 1)


def test_seed_with_blanks_is_the_one_signature_difference(monkeypatch: pytest.MonkeyPatch) -> None:
    """How it works: blanks around SACREBLEU_SEED are dropped (sacrebleu prints them); the resamples are the same."""
    monkeypatch.setenv("SACREBLEU_SEED", " 7 ")
    hyps, refs = ["The cat sat on the mat.", "He said: we will win."], [["The cat is on the mat.", "He said so."]]
    ours = score_corpus(hyps, refs, metrics=(), corpus_metrics=("chrf",), n_bootstrap=30).corpus["chrf"]
    metric = CHRF()
    theirs = metric.corpus_score(hyps, refs, n_bootstrap=30)
    assert (ours.ci_mean, ours.ci_half_width) == (theirs._mean, theirs._ci)
    assert ours.signature == metric.get_signature().format().replace("seed: 7 |", "seed:7|")
    assert "seed:7|" in ours.signature


def test_where_sacrebleus_bootstrap_raises_the_scores_are_made_floats() -> None:
    """How it works: a resample of empty references scores TER 100 as a Python float beside float32 scores;
    sacrebleu's statistics.mean refuses the mix, review_app gives the CI of the same scores as floats."""
    hyps, refs = ["a", "b c"], [["", "b c"]]
    with pytest.raises(TypeError, match="coerce"):
        TER().corpus_score(hyps, refs, n_bootstrap=100)
    ours = score_corpus(hyps, refs, metrics=(), corpus_metrics=("ter",), n_bootstrap=100).corpus["ter"]
    metric = TER()
    stats = metric._extract_corpus_statistics(hyps, refs)
    _, samples = _bootstrap_resample(stats, metric, 100)
    for sample in samples:
        sample.score = float(sample.score)
    theirs = metric._aggregate_and_compute(stats)
    theirs.estimate_ci(samples)
    assert (ours.score, ours.ci_mean, ours.ci_half_width) == (theirs.score, theirs._mean, theirs._ci)


def _systems() -> tuple[list[str], list[str], list[list[str]]]:
    rng = random.Random(5)

    def sentence() -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 12)))

    return ([sentence() for _ in range(40)], [sentence() for _ in range(40)],
            [[sentence() for _ in range(40)] for _ in range(3)])


@pytest.mark.parametrize("seed", _SEEDS[1:])
@pytest.mark.parametrize("test", ["bs", "ar"])
def test_paired_signatures_equal_paired_tests(monkeypatch: pytest.MonkeyPatch, seed: str, test: str) -> None:
    """PairedTest prints the parsed seed (``012`` → ``rs 12``); corpus_score the text as given."""
    monkeypatch.setenv("SACREBLEU_SEED", seed)
    base, system, refs = _systems()
    signatures, _ = PairedTest([("a", base[:5]), ("b", system[:5])], {"chrf": CHRF()}, [r[:5] for r in refs],
                               test_type=test, n_samples=20)()
    (theirs,) = signatures.values()
    assert paired.signature("chrf", test, 20, num_refs=3) == theirs.format()


@pytest.fixture(scope="module")
def ter_three_references() -> Iterator[tuple[list[str], list[str], list[list[str]], dict[str, np.ndarray]]]:
    base, system, refs = _systems()
    rows = {label: segment_statistics(hyps, refs, ["ter"])[0]["ter"] for label, hyps in (("a", base), ("b", system))}
    yield base, system, refs, rows


@pytest.mark.parametrize("ar_block_rows", [None, 7])
@pytest.mark.parametrize("test", ["bs", "ar"])
def test_paired_tests_on_three_references_equal_paired_test(
    monkeypatch: pytest.MonkeyPatch, ter_three_references: Any, test: str, ar_block_rows: int | None
) -> None:
    """TER's float averages through both paired tests (the AR test also in blocks of 7 trials)."""
    base, system, refs, rows = ter_three_references
    samples = 300 if test == "bs" else 400
    if ar_block_rows is not None:
        monkeypatch.setattr(paired, "_AR_BLOCK_CELLS", ar_block_rows * len(base))
    signatures, table = PairedTest([("a", base), ("b", system)], {"ter": TER()}, refs, test_type=test,
                                   n_samples=samples)()
    theirs = table["TER"][1]
    run = paired_bootstrap if test == "bs" else approximate_randomization
    ours = run("ter", rows["a"], rows["b"], samples, num_refs=3)
    assert (ours.score, ours.baseline, ours.p_value) == (theirs.score, table["TER"][0].score, theirs.p_value)
    assert (ours.mean, ours.ci) == (theirs.mean, theirs.ci)
    assert ours.signature == signatures["TER"].format()

