"""The near-linear diff: opcodes that rebuild the new text, real equal runs, and good matches on long texts."""

from __future__ import annotations

import random

import pytest

from review_app.store.spans import equal_blocks, map_span
from review_app.text.diff import tokens, word_diff
from review_app.text.opcodes import opcodes

VOCAB = ["the", "river", "station", "ship", "town", "opened", "on", "saturday", "after", "years", "of", "work",
         "and", "the", "port"]  # few words, none unique: the hard case for an anchored diff


def _check(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    ops = opcodes(a, b)
    rebuilt: list[str] = []
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j), ops  # contiguous cover of both sides
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        rebuilt.extend(b[j1:j2])
        i, j = i2, j2
    assert (i, j) == (len(a), len(b)) and rebuilt == b
    return ops


@pytest.mark.parametrize("seed", range(30))
def test_opcodes_rebuild_the_new_sequence(seed: int) -> None:
    rng = random.Random(seed)
    vocab = list("abcdefgh")
    a = [rng.choice(vocab) for _ in range(rng.randint(0, 60))]
    b = list(a)
    for _ in range(rng.randint(0, 10)):
        k = rng.randint(0, len(b))
        if rng.random() < 0.5 and b:
            del b[min(k, len(b) - 1)]
        else:
            b.insert(k, rng.choice(vocab))
    _check(a, b)


def test_a_long_text_with_few_edits_keeps_almost_everything_equal() -> None:
    rng = random.Random(7)
    vocab = VOCAB
    words = [rng.choice(vocab) for _ in range(3000)]
    edited = list(words)
    for k in rng.sample(range(3000), 60):
        edited[k] = edited[k].upper()
    a, b = tokens(" ".join(words)), tokens(" ".join(edited))
    ops = _check(a, b)
    equal = sum(i2 - i1 for tag, i1, i2, _j1, _j2 in ops if tag == "equal")
    assert equal == len(a) - 60  # every untouched word matched: only the 60 edits differ
    assert sum(len(t) for op, t in word_diff(" ".join(words), " ".join(edited)) if op == "insert") == sum(
        len(edited[k]) for k in range(3000) if edited[k] != words[k])


def test_spans_map_through_long_edited_texts() -> None:
    rng = random.Random(3)
    vocab = VOCAB
    mt = " ".join(rng.choice(vocab) for _ in range(3000))
    corrected = "Headline. " + mt[:5000] + " inserted words " + mt[5000:]
    start = mt.index(" ", 9000) + 1
    end = mt.index(" ", start)
    assert map_span(mt, corrected, start, end, mt[start:end]) == (start + 10 + 16, end + 10 + 16)
    for i1, i2, j1, j2 in equal_blocks(mt, corrected):
        assert mt[i1:i2] == corrected[j1:j2]
    assert map_span("the river station", "the river stations", 10, 17, "station") == (10, 17)
