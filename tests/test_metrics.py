"""Scores equal sacrebleu's own API exactly, and reproduce published corpus numbers."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from shared_data import shared_corpus

from review_app.scoring.metrics import paired_test, score_corpus, sentence_scores

HYPS = [
    "The cat sat on the mat.",
    "China is not considering sending peacekeepers.",
    "",
    "Time—tested friends of the world.",
    "A completely different sentence here",
]
REFS_A = [
    "The cat sat on a mat.",
    "China is not considering sending peacekeeping troops to Ukraine.",
    "Nothing was translated here.",
    "Time-tested friends of peace.",
    "",
]
REFS_B = ["A cat was sitting on the mat.", "China does not plan to send peacekeepers.", "Empty.",
          "Old friends of peace.", "Something else"]


@pytest.mark.parametrize("refs", [[REFS_A], [REFS_A, REFS_B]], ids=["one-ref", "two-refs"])
def test_sentence_scores_equal_sacrebleu(refs: list[list[str]]) -> None:
    ours = sentence_scores(HYPS, refs)
    metrics = {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}
    for i, hyp in enumerate(HYPS):
        seg_refs = [r[i] for r in refs]
        if not hyp or not any(seg_refs):
            assert ours[i] == {"bleu": None, "chrf": None, "chrf++": None, "ter": None}
            continue
        for name, metric in metrics.items():
            assert ours[i][name] == metric.sentence_score(hyp, seg_refs).score, (i, name)


@pytest.mark.parametrize("refs", [[REFS_A], [REFS_A, REFS_B]], ids=["one-ref", "two-refs"])
def test_corpus_scores_and_ci_equal_sacrebleu(refs: list[list[str]]) -> None:
    ours = score_corpus(HYPS, refs, n_bootstrap=200).corpus
    expected = {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}
    for name, metric in expected.items():
        score = metric.corpus_score(HYPS, refs, n_bootstrap=200)
        assert ours[name].score == score.score
        assert ours[name].ci_half_width == score._ci
        assert ours[name].ci_mean == score._mean
        assert ours[name].signature == metric.get_signature().format()
        assert "bs:200" in ours[name].signature


WMT21 = [  # system, BLEU refA, BLEU refB, BLEU A+B, chrF refA (organisers' automatic-scores.tsv)
    ("Facebook-AI", 32.21, 30.45, 46.00, 57.65),
    ("NiuTrans", 28.43, 27.06, 40.47, 54.59),
    ("Online-B", 29.76, 29.22, 43.50, 56.82),
    ("Online-W", 31.80, 29.87, 44.98, 57.62),
    ("Online-Y", 25.78, 25.29, 37.75, 53.81),
]


@pytest.mark.parametrize(("system", "bleu_a", "bleu_b", "bleu_ab", "chrf_a"), WMT21)
def test_wmt21_en_ru_published_numbers(system: str, bleu_a: float, bleu_b: float, bleu_ab: float,
                                       chrf_a: float) -> None:
    folder = shared_corpus("wmt21-newstest-en-ru") / "txt"
    hyps = (folder / f"newstest2021.en-ru.hyp.{system}.ru").read_text(encoding="utf-8").splitlines()
    ref_a = (folder / "newstest2021.en-ru.ref.A.ru").read_text(encoding="utf-8").splitlines()
    ref_b = (folder / "newstest2021.en-ru.ref.B.ru").read_text(encoding="utf-8").splitlines()
    kwargs = {"metrics": (), "n_bootstrap": 0}
    assert round(score_corpus(hyps, [ref_a], corpus_metrics=("bleu", "chrf"), **kwargs).corpus["bleu"].score,
                 2) == bleu_a
    assert round(score_corpus(hyps, [ref_a], corpus_metrics=("chrf",), **kwargs).corpus["chrf"].score, 2) == chrf_a
    assert round(score_corpus(hyps, [ref_b], corpus_metrics=("bleu",), **kwargs).corpus["bleu"].score, 2) == bleu_b
    both = score_corpus(hyps, [ref_a, ref_b], corpus_metrics=("bleu",), **kwargs).corpus["bleu"].score
    assert round(both, 2) == bleu_ab


def test_paired_bootstrap_between_two_systems() -> None:
    folder = shared_corpus("compare-mt-ted-sk-en")
    read = lambda name: (folder / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    results = paired_test([("sys1", read("ted.sys1.detok.eng")), ("sys2", read("ted.sys2.detok.eng"))],
                          [read("ted.ref.detok.eng")], metrics=("bleu", "chrf"), n_samples=100)
    table = {(r.system, r.metric): r for r in results}
    assert round(table["sys1", "bleu"].score, 2) == 21.71
    assert round(table["sys2", "bleu"].score, 2) == 23.05
    assert round(table["sys1", "chrf"].score, 2) == 48.34
    assert table["sys1", "bleu"].p_value is None
    assert table["sys2", "bleu"].p_value is not None and table["sys2", "bleu"].p_value < 0.05


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_paired_test_runs_on_kept_statistics_and_equals_paired_test(monkeypatch: pytest.MonkeyPatch,
                                                                     test: str) -> None:
    """``score --compare``'s test: the one engine of ``scoring/paired.py`` (no statistics extracted again
    per test), number for number sacrebleu's ``PairedTest`` table, the AR test's bootstrap CI included."""
    import sacrebleu.significance as significance
    from sacrebleu.significance import PairedTest

    refs = [REFS_A, REFS_B]
    systems = [("base", HYPS), ("other", [h.upper() if i % 2 else h for i, h in enumerate(HYPS)])]

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("sacrebleu's PairedTest ran")

    with monkeypatch.context() as patched:
        for name in ("_paired_bs_test", "_paired_ar_test"):
            patched.setattr(significance, name, refused)
        ours = paired_test(systems, refs, metrics=("bleu", "chrf", "ter"), test=test, n_samples=60)
    metrics = {"bleu": BLEU(), "chrf": CHRF(), "ter": TER()}
    signatures, table = PairedTest(systems, metrics, refs, test_type=test, n_samples=60,
                                   n_ar_confidence=0 if test == "ar" else -1)()
    theirs = [(system, score.score, score.mean, score.ci, score.p_value, signature.format())
              for (key, signature) in signatures.items()
              for system, score in zip(table["System"], table[key], strict=True)]
    assert [(r.system, r.score, r.ci_mean, r.ci_95, r.p_value, r.signature) for r in ours] == theirs
