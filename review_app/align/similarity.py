"""Sentence similarities for the aligner: fine (joined-text) scores and coarse n-gram vectors.

The fine similarity scores the DP's candidate links exactly (rapidfuzz's C-level Indel similarity
on joined spans); the coarse vectors (hashed character trigram counts, summed over blocks of
sentences as Vecalign sums embeddings) find the rough path cheaply at every level.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Sequence

import numpy as np
import regex
from rapidfuzz import process
from rapidfuzz.distance import Indel

from review_app.align.words import WordEvidence

VECTOR_DIM = 256
_BLOCK_ROWS = 64  # rows per dense product in the coarse search
PARALLEL_PAIRS = 2048  # batches of pairs from this size are scored in several threads

_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
# |log| of the documents' length ratio below which it is taken as 1 (within about 10%).
LENGTH_TOLERANCE = 0.1


@functools.lru_cache(maxsize=1 << 16)
def _normalize(sentence: str) -> str:
    """Lowercase letters and digits only: tokenization, spacing and punctuation style do not count.

    Cached: an alignment normalises each sentence twice (coarse vectors, then the fine similarity).
    """
    return _NOT_WORD.sub("", sentence.lower())


def document_ratio(mt: Sequence[str], ref: Sequence[str]) -> float:
    """The expected length ratio of MT to reference text: that of the whole documents (as Gale and
    Church's length model takes it, kept within [0.5, 2]) where they differ by more than
    :data:`LENGTH_TOLERANCE`, else 1. A free translation is longer or shorter than the MT as a whole and
    each of its links is judged against that; a few lines of page chrome or a dropped sentence shift the
    totals by a few percent only, and there the ratio stays 1 (the links decided as they were)."""
    ratio = (sum(map(len, mt)) or 1) / (sum(map(len, ref)) or 1)
    return 1.0 if abs(math.log(ratio)) < LENGTH_TOLERANCE else min(2.0, max(0.5, ratio))


class Similarity:
    """Character similarity of joined sentence spans (same language), with a document baseline.

    Subclasses change :meth:`raw`; ``length_ratio`` is the expected length ratio of the sides
    (MT to reference, :func:`document_ratio`).
    """

    length_ratio = 1.0
    # Whether left-out sentences may join a neighbouring link (the test reads Indel similarities).
    absorbs = True

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        self.mt = [_normalize(s) for s in mt]
        self.ref = [_normalize(s) for s in ref]
        self.baseline = self._baseline()
        self.length_ratio = document_ratio(self.mt, self.ref)
        # The texts as given (punctuation kept): the post-passes read words and brackets from them.
        self.texts = (list(mt), list(ref))
        self._words: WordEvidence | None = None

    @property
    def words(self) -> WordEvidence:
        """Word evidence of both sides, built on first use (only the post-passes need it)."""
        if self._words is None:
            self._words = WordEvidence(*self.texts)
        return self._words

    def lengths(self) -> tuple[list[int], list[int]]:
        """Lengths of the units on both sides, for the length prior and the link weights."""
        return [len(s) for s in self.mt], [len(s) for s in self.ref]

    def raw(self, a: list[str], b: list[str]) -> np.ndarray:
        """Similarity in [0, 1] of each pair of joined texts."""
        # Threads pay off on the search's large batches only: starting them costs more CPU than a
        # few pairs (the post-passes score one link at a time).
        workers = -1 if len(a) >= PARALLEL_PAIRS else 1
        return process.cpdist(a, b, scorer=Indel.normalized_similarity, workers=workers)

    def _baseline(self) -> float:
        """Median raw similarity of random pairs: what unrelated sentences of this text share."""
        if not self.mt or not self.ref:
            return 0.0
        rng = random.Random(13)
        count = min(400, len(self.mt) * len(self.ref))
        a = [self.mt[rng.randrange(len(self.mt))] for _ in range(count)]
        b = [self.ref[rng.randrange(len(self.ref))] for _ in range(count)]
        # Capped: in a tiny or repetitive document random pairs may look alike.
        return min(0.8, float(np.median(self.raw(a, b))))

    def span_scores(self, a: int, b: int, mt_ends: np.ndarray, ref_ends: np.ndarray) -> np.ndarray:
        """Raw similarity of MT sentences ``[i-a, i)`` with reference sentences ``[j-b, j)`` per pair."""
        mt_spans, ref_spans = self._spans(self.mt, a), self._spans(self.ref, b)
        return self.raw([mt_spans[i] for i in mt_ends.tolist()], [ref_spans[j] for j in ref_ends.tolist()])

    def _spans(self, units: list[str], size: int) -> list[str]:
        """Joined text of the ``size`` units ending before each position (cached per side and size)."""
        cache: dict[tuple[int, int], list[str]] = self.__dict__.setdefault("_span_cache", {})
        key = (id(units), size)
        if key not in cache:
            cache[key] = [self.join(units[max(0, k - size) : k]) for k in range(len(units) + 1)]
        return cache[key]

    def span_texts(self, mt: Sequence[int], ref: Sequence[int]) -> tuple[str, str]:
        """Joined texts of the given MT and reference units (for scoring one link)."""
        return self.join([self.mt[i] for i in mt]), self.join([self.ref[j] for j in ref])

    @staticmethod
    def join(texts: list[str]) -> str:
        """Join normalised sentences into one span text."""
        return "".join(texts)

    @staticmethod
    def vectors(texts: Sequence[str]) -> np.ndarray:
        """Coarse representation: hashed character trigram counts of each normalised text."""
        return hashed_trigrams([_normalize(t) for t in texts])


def hashed_trigrams(texts: Sequence[str]) -> np.ndarray:
    """Counts of character trigrams hashed into ``VECTOR_DIM`` buckets, one row per text."""
    out = np.zeros((len(texts), VECTOR_DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        if len(text) < 3:
            codes = np.frombuffer((text or " ").encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
            np.add.at(out[row], codes % VECTOR_DIM, 1.0)
            continue
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        ids = (codes[:-2] * 1_000_003 + codes[1:-1] * 10_007 + codes[2:]) % VECTOR_DIM
        out[row] = np.bincount(ids, minlength=VECTOR_DIM)
    return out


class VectorSimilarity(Similarity):
    """Cosine similarity of (block-summed) count vectors; used for the coarse path only."""

    def __init__(self, mt: np.ndarray, ref: np.ndarray) -> None:
        self.mt_vectors = mt / (np.linalg.norm(mt, axis=1, keepdims=True) + 1e-9)
        self.ref_vectors = ref / (np.linalg.norm(ref, axis=1, keepdims=True) + 1e-9)
        self.mt_counts, self.ref_counts = mt.sum(axis=1), ref.sum(axis=1)
        rng = np.random.default_rng(13)
        count = min(400, len(mt) * len(ref))
        a, b = rng.integers(0, len(mt), count), rng.integers(0, len(ref), count)
        self.baseline = min(0.8, float(np.median(self._cosine(a, b)))) if count else 0.0

    def _cosine(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        cosine: np.ndarray = np.einsum("ij,ij->i", self.mt_vectors[a], self.ref_vectors[b])
        return cosine

    def span_scores(self, a: int, b: int, mt_ends: np.ndarray, ref_ends: np.ndarray) -> np.ndarray:
        """Cosine of single units (the coarse search uses 1-1 links only).

        The band's cells come row after row: each block of rows is one small dense matrix product
        (BLAS) from which the band's cells are picked, far cheaper than one dot product per cell.
        """
        if (a, b) != (1, 1):
            raise ValueError("the coarse search only scores 1-1 links")
        rows, cols = mt_ends - 1, ref_ends - 1
        if len(rows) == 0 or np.any(np.diff(rows) < 0):
            return self._cosine(rows, cols)
        out = np.empty(len(rows), dtype=np.float32)
        cuts = np.searchsorted(rows, np.arange(rows[0], rows[-1] + 1, _BLOCK_ROWS)[1:])
        for start, end in zip([0, *cuts.tolist()], [*cuts.tolist(), len(rows)], strict=True):
            r, c = rows[start:end], cols[start:end]
            r0, c0, c1 = int(r[0]), int(c.min()), int(c.max())
            dense = self.mt_vectors[r0 : int(r[-1]) + 1] @ self.ref_vectors[c0 : c1 + 1].T
            out[start:end] = dense[r - r0, c - c0]
        return out

    def lengths(self) -> tuple[list[int], list[int]]:
        """Trigram counts stand in for character lengths."""
        return self.mt_counts.astype(int).tolist(), self.ref_counts.astype(int).tolist()
