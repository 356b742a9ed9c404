"""The compiled sentence scores (sentence BLEU, chrF, chrF++) equal sacrebleu's score objects, to the bit.

Every segment of every shared corpus (each system against each reference), and generated statistics that
reach every branch: no match, an order without n-grams, empty hypothesis or reference, huge counts.
"""

from __future__ import annotations

from typing import Any

import pytest
from corpus_pairs import corpus_pairs
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF

from review_app.scoring import _fast
from review_app.scoring.accel import _sentence_function, bleu_statistics, chrf_statistics, sentence_scores


@pytest.fixture(autouse=True)
def compiled() -> None:
    """Compare the compiled code, never sacrebleu against itself."""
    _fast.reset()
    assert _fast.module("_sentence") is not None, "extensions not built"


def _theirs(scorer: Any, rows: list[list[Any]]) -> list[float]:
    return [float(scorer._compute_score_from_stats(row).score) for row in rows]


def _ours(scorer: Any, rows: list[list[Any]]) -> list[float | None]:
    assert _sentence_function(scorer) is not None, "the compiled path is the one under test"
    return sentence_scores(scorer, rows, [True] * len(rows))


def test_sentence_scores_equal_sacrebleus_on_every_shared_segment() -> None:
    pairs = corpus_pairs()
    if not pairs:
        pytest.skip("no shared corpora found (../shared/corpora)")
    compared = 0
    for name, (hyps, refs) in pairs.items():
        for stream in refs:
            bleu_rows = bleu_statistics(BLEU(), hyps, [stream])
            bleu = BLEU(effective_order=True)
            assert _ours(bleu, bleu_rows) == _theirs(bleu, bleu_rows), f"sentence BLEU differs on {name}"
            for word_order in (0, 2):
                chrf = CHRF(word_order=word_order)
                chrf_rows = chrf_statistics(chrf, hyps, [stream])
                assert _ours(chrf, chrf_rows) == _theirs(chrf, chrf_rows), f"chrF ({word_order}) differs on {name}"
            compared += len(hyps)
    assert compared > 10_000


_COUNT = st.one_of(st.integers(0, 3), st.integers(0, 60), st.integers(0, 2**40))


@st.composite
def _bleu_row(draw: st.DrawFn, order: int) -> list[int]:
    sys_len, ref_len = draw(_COUNT), draw(_COUNT)
    totals = [draw(_COUNT) for _ in range(order)]
    correct = [draw(st.integers(0, total)) for total in totals]
    return [sys_len, ref_len, *correct, *totals]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), order=st.integers(1, 6))
def test_sentence_bleu_equals_sacrebleus_on_generated_statistics(data: st.DataObject, order: int) -> None:
    rows = data.draw(st.lists(_bleu_row(order), min_size=1, max_size=20))
    scorer = BLEU(effective_order=True, max_ngram_order=order)
    assert _ours(scorer, rows) == _theirs(scorer, [list(row) for row in rows])


@st.composite
def _chrf_row(draw: st.DrawFn, orders: int) -> list[int]:
    row: list[int] = []
    for _ in range(orders):
        hyp, ref = draw(_COUNT), draw(_COUNT)
        row += [hyp, ref, draw(st.integers(0, min(hyp, ref)))]
    return row


@settings(max_examples=300, deadline=None)
@given(data=st.data(), char_order=st.integers(1, 6), word_order=st.integers(0, 2), beta=st.integers(0, 3),
       eps=st.booleans())
def test_chrf_equals_sacrebleus_on_generated_statistics(data: st.DataObject, char_order: int, word_order: int,
                                                       beta: int, eps: bool) -> None:
    rows = data.draw(st.lists(_chrf_row(char_order + word_order), min_size=1, max_size=20))
    scorer = CHRF(char_order=char_order, word_order=word_order, beta=beta, eps_smoothing=eps)
    assert _ours(scorer, rows) == _theirs(scorer, rows)


def test_other_configurations_keep_sacrebleus_objects() -> None:
    """Smoothing other than ``exp``, corpus BLEU (no effective order), a subclass: sacrebleu computes them."""

    class Mine(CHRF):
        pass

    for scorer in (BLEU(effective_order=True, smooth_method="floor"), BLEU(), Mine()):
        assert _sentence_function(scorer) is None
    rows = [[3, 4, 1, 0, 0, 0, 3, 2, 1, 0]]
    floor = BLEU(effective_order=True, smooth_method="floor")
    assert sentence_scores(floor, rows, [True]) == _theirs(floor, rows)
    assert sentence_scores(BLEU(effective_order=True), rows * 3, [False, True, False]) == [
        None, _theirs(BLEU(effective_order=True), rows)[0], None]
