"""The compiled TER/chrF/BLEU statistics equal sacrebleu's, segment by segment, for every option.

What runs where (sacrebleu's side is what costs: its TER takes ~10 ms a pair, its chrF ~1.5 ms):

* by default (CI): every system of every shared corpus, a fixed stride of its segments
  (``_STRIDE_*``: about 1,400 segments for TER with default options, 5,500 for each chrF variant,
  4,700 for each BLEU variant),
  sacrebleu's side spread over a process pool; the other 15 TER option combinations on about 80
  segments each (options change only the tokenisation, which is sacrebleu's own code on both
  sides); hypothesis-generated strings; long repetitive lines that reach the shift search's limits.
* ``REVIEW_APP_EQUALITY=full``: every segment of every corpus (32,884 segments, 37,894 TER pairs)
  for every option combination. BENCHMARKS.md records which full runs were made and their result.

Rows are compared with ``==`` and by type, so an int where sacrebleu has a float fails too.
"""

from __future__ import annotations

import itertools
import logging
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from corpus_pairs import corpus_pairs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from review_app.scoring import _fast
from review_app.scoring.accel import bleu_statistics, chrf_statistics, ter_statistics

FULL = os.environ.get("REVIEW_APP_EQUALITY", "") == "full"
_STRIDE_TER, _STRIDE_CHRF, _STRIDE_OPTIONS, _STRIDE_BLEU = (1, 1, 1, 1) if FULL else (23, 6, 397, 7)
TER_OPTIONS = [dict(zip(("normalized", "no_punct", "asian_support", "case_sensitive"), flags, strict=True))
               for flags in itertools.product((False, True), repeat=4)]
CHRF_OPTIONS = [{}, {"word_order": 2}, {"word_order": 1, "char_order": 4, "lowercase": True, "whitespace": True}]
BLEU_OPTIONS = [{}, {"effective_order": True}, {"tokenize": "intl"}, {"tokenize": "none"},
                {"tokenize": "char", "lowercase": True, "max_ngram_order": 3}]


def _make(kind: str, options: dict[str, Any]) -> TER | CHRF | BLEU:
    return {"ter": TER, "chrf": CHRF, "bleu": BLEU}[kind](**options)


def _sacrebleu_rows(job: tuple[str, dict[str, Any], list[str], list[list[str]]]) -> list[list[Any]]:
    kind, options, hyps, refs = job
    return _make(kind, options)._extract_corpus_statistics(hyps, refs)


def _typed(rows: list[list[Any]]) -> list[list[tuple[type, Any]]]:
    return [[(type(v), v) for v in row] for row in rows]


@pytest.fixture(scope="module")
def compiled() -> None:
    """The equality tests must compare the compiled code, never the fallback against itself."""
    _fast.reset()
    assert all(_fast.module(name) is not None for name in _fast.MODULES), "extensions not built"


def _corpus_jobs(kind: str, options_list: list[dict[str, Any]], stride: int):
    pairs = corpus_pairs()
    if not pairs:
        pytest.skip("no shared corpora found (../shared/corpora)")
    for name, (hyps, refs) in pairs.items():
        sub_h, sub_r = hyps[::stride], [stream[::stride] for stream in refs]
        for options in options_list:
            yield name, (kind, options, sub_h, sub_r)


def _compare(kind: str, options_list: list[dict[str, Any]], stride: int) -> int:
    jobs = list(_corpus_jobs(kind, options_list, stride))
    function = {"ter": ter_statistics, "chrf": chrf_statistics, "bleu": bleu_statistics}[kind]
    compared = 0
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        theirs_all = pool.map(_sacrebleu_rows, [job for _, job in jobs], chunksize=1)
        for (name, job), theirs in zip(jobs, theirs_all, strict=True):
            _, options, hyps, refs = job
            ours = function(_make(kind, options), hyps, refs)
            assert _typed(ours) == _typed(theirs), f"{kind} {options} differs on {name}"
            compared += len(hyps) * len(refs)
    return compared


@pytest.mark.usefixtures("compiled")
def test_ter_equals_sacrebleu_on_shared_corpora() -> None:
    assert _compare("ter", [{}], _STRIDE_TER) > 1000


@pytest.mark.usefixtures("compiled")
def test_ter_options_equal_sacrebleu_on_shared_corpora() -> None:
    assert _compare("ter", TER_OPTIONS[1:] if not FULL else TER_OPTIONS, _STRIDE_OPTIONS) > 100


@pytest.mark.usefixtures("compiled")
def test_chrf_equals_sacrebleu_on_shared_corpora() -> None:
    assert _compare("chrf", CHRF_OPTIONS, _STRIDE_CHRF) > 5000


@pytest.mark.usefixtures("compiled")
def test_bleu_equals_sacrebleu_on_shared_corpora() -> None:
    assert _compare("bleu", BLEU_OPTIONS, _STRIDE_BLEU) > 10000


# Strings that tempt the shift search: few distinct words, so many matching runs at many offsets;
# punctuation-only and empty lines; XML entities, hyphenated line ends and CJK for the normaliser.
_WORDS = ["the", "The", "cat", "a", "on", "mat", ".", ",", "!?", "&amp;", "&quot;", "-", "'s", "x-1",
          "3.5", "東京", "日本語", "。", "カタカナ", "ひらがな", "（", "Ａ", "—", "\u00a0", "\n-", "\n"]
_text = st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join) | st.text(max_size=60) | st.just("")
_MARKS = [".", ",", "!", "?", "(", ")", "\"", ";", ":", "。", "、"]
_punct = st.lists(st.sampled_from(_MARKS), max_size=12).map(" ".join)


_STATISTICS = {"ter": (ter_statistics, TER_OPTIONS), "chrf": (chrf_statistics, CHRF_OPTIONS),
               "bleu": (bleu_statistics, BLEU_OPTIONS)}


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("kind", list(_STATISTICS))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hyp=_text | _punct, refs=st.lists(_text | _punct, min_size=1, max_size=3), data=st.data())
def test_statistics_equal_sacrebleu_on_generated_strings(
    kind: str, hyp: str, refs: list[str], data: st.DataObject
) -> None:
    statistics, option_list = _STATISTICS[kind]
    options = data.draw(st.sampled_from(option_list), label="options")
    streams = [[ref] for ref in refs]
    ours, theirs = _make(kind, options), _make(kind, options)
    assert _typed(statistics(ours, [hyp], streams)) == _typed(theirs._extract_corpus_statistics([hyp], streams))
    assert ours.num_refs == theirs.num_refs


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("seed", range(2))
def test_ter_equals_sacrebleu_on_long_repetitive_segments(seed: int) -> None:
    """Long lines of a handful of words: the candidate limit (1,000) and the distance limit (50) bite."""
    import random

    rng = random.Random(seed)
    vocab = ["a", "b", "c", "d", "the", "."][: 3 + seed]
    # 60-110 words of 3-5 distinct ones: each reaches the 1,000-candidate limit (checked by hand)
    hyp = " ".join(rng.choice(vocab) for _ in range(70 + 10 * seed))
    ref = " ".join(rng.choice(vocab) for _ in range(60 + 20 * seed))
    short = " ".join(vocab)
    for h, r in ((hyp, ref), (short, ref), (hyp, short)):
        assert ter_statistics(TER(), [h], [[r]]) == TER()._extract_corpus_statistics([h], [[r]])


def test_fallback_to_sacrebleu_warns_once(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Without the compiled modules the numbers are sacrebleu's and one warning says so."""
    monkeypatch.setenv("REVIEW_APP_NO_COMPILED", "1")
    _fast.reset()
    try:
        hyps, refs = ["the cat sat on the mat", "a b c"], [["the mat the cat sat on", "c b a"]]
        with caplog.at_level(logging.WARNING, logger="review_app"):
            ter_rows = ter_statistics(TER(), hyps, refs)
            chrf_rows = chrf_statistics(CHRF(), hyps, refs)
            bleu_rows = bleu_statistics(BLEU(), hyps, refs)
            ter_statistics(TER(), hyps, refs)
        assert ter_rows == TER()._extract_corpus_statistics(hyps, refs)
        assert chrf_rows == CHRF()._extract_corpus_statistics(hyps, refs)
        assert bleu_rows == BLEU()._extract_corpus_statistics(hyps, refs)
        warnings = [r for r in caplog.records if "compiled sacrebleu statistics unavailable" in r.getMessage()]
        assert len(warnings) == 1
        assert _fast.module("_ter") is None
    finally:
        monkeypatch.delenv("REVIEW_APP_NO_COMPILED")
        _fast.reset()
    assert _fast.module("_ter") is not None


def test_fallback_run_says_so_once_and_gives_the_same_bundle(tmp_path: Path) -> None:
    """A whole ``qa`` run over a process pool without the compiled modules: one warning, same segments."""
    mt = [f"Line {i}: the ferry runs a time-tested route to Kazan, {i * 3} km." for i in range(12)]
    ref = [f"Line {i}: the ferry keeps the time-tested route to Kazan, {i * 3} km long." for i in range(12)]
    (tmp_path / "mt.txt").write_text("\n".join(mt) + "\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("\n".join(ref) + "\n", encoding="utf-8")
    outputs = {}
    for label, value in (("compiled", "0"), ("fallback", "1")):
        command = [sys.executable, "-m", "review_app", "qa", "--mt", str(tmp_path / "mt.txt"), "--ref",
                   str(tmp_path / "ref.txt"), "--segmented", "--lang", "en", "--jobs", "2", "--chunk-size", "4",
                   "--bootstrap", "0", "--out", str(tmp_path / label)]
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              env={**os.environ, "REVIEW_APP_NO_COMPILED": value})
        assert done.returncode == 0, done.stderr
        outputs[label] = ((tmp_path / label / "segments.jsonl").read_text(encoding="utf-8"),
                          done.stderr.count("compiled sacrebleu statistics unavailable"))
    assert outputs["compiled"][0] == outputs["fallback"][0]
    assert outputs["compiled"][1] == 0 and outputs["fallback"][1] == 1
