"""Word evidence for the aligner's post-passes: rare words (IDF-weighted stems) shared by sides.

Within one language the words of a sentence and of its counterpart largely coincide; rare ones (a
name, a number, a term) say which sentences belong together even where the character similarity
of long joined spans cannot tell. A word is its first :data:`STEM` letters (inflected forms of one
word mostly share them); its weight is its inverse document frequency over the sentences of both
sides, so words every sentence has count for little.

Every sentence is an array of stem ids; the shared weight of many groups of sentences at once is
computed with numpy (one sort per call), so a pass over all the links of a long document is cheap.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import regex

STEM = 5
# The first STEM letters of each word of three or more letters, and numbers of any length.
_STEM = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:[\p{{L}}\p{{N}}]{{3,{STEM}}}|\p{{N}}{{1,2}}(?![\p{{L}}\p{{N}}]))")

Link = tuple[Sequence[int], Sequence[int]]
RARE = 20  # evidence weighs at least one word found in no more than one sentence in RARE


class WordEvidence:
    """Stem ids of every sentence of both sides, and each stem's IDF weight."""

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        hashes, self.starts = [], []
        for texts in (mt, ref):
            lowered = "\n".join(t.replace("\n", " ") for t in texts).lower().split("\n") if texts else []
            stems = [_STEM.findall(t) for t in lowered]
            counts = np.fromiter(map(len, stems), dtype=np.int64, count=len(stems))
            # Python's string hash (C-level, fixed within a process) names a stem; np.unique then
            # numbers them, with no Python loop over the tokens.
            hashes.append(np.fromiter(map(hash, itertools.chain.from_iterable(stems)), dtype=np.int64,
                                      count=int(counts.sum())))
            self.starts.append(np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))
        vocabulary, ids = np.unique(np.concatenate(hashes), return_inverse=True)
        self.tokens = [ids[: len(hashes[0])].astype(np.int64), ids[len(hashes[0]) :].astype(np.int64)]
        self.size = max(1, len(vocabulary))
        # Document frequency: in how many sentences (of both sides) each stem occurs.
        frequency = np.zeros(self.size)
        for side in (0, 1):
            owner = self._owners(side)
            pairs = np.sort(owner * self.size + self.tokens[side])  # (sentence, stem), each once
            pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs
            frequency += np.bincount(pairs % self.size, minlength=self.size)
        self.idf = np.log((len(mt) + len(ref)) / np.maximum(frequency, 1.0))
        # The least weight that counts as evidence: one word as rare as a sentence in RARE (in a short
        # document, one in a single sentence of each side). A sentence of two or three words must
        # not join a link on a function word alone.
        self.rare = min(math.log(RARE), math.log(max(1.0, (len(mt) + len(ref)) / 2)))

    def _owners(self, side: int) -> np.ndarray:
        return np.repeat(np.arange(len(self.starts[side]) - 1), np.diff(self.starts[side]))

    def _group_tokens(self, side: int, groups: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Tokens of each group's sentences on ``side``: (group index, stem id) per token."""
        sentences = [s for group in groups for s in group]
        owner = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
        if not sentences:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        ids = np.asarray(sentences, dtype=np.int64)
        starts, ends = self.starts[side][ids], self.starts[side][ids + 1]
        counts = ends - starts
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        positions = np.arange(int(counts.sum())) + offsets
        return np.repeat(owner, counts), self.tokens[side][positions]

    def weight(self, side: int, groups: Sequence[Sequence[int]]) -> np.ndarray:
        """Total IDF weight of the words of each group of sentences of ``side``."""
        group, stems = self._group_tokens(side, groups)
        return np.bincount(group, weights=self.idf[stems], minlength=len(groups))

    def shared(self, mt_groups: Sequence[Sequence[int]], ref_groups: Sequence[Sequence[int]]) -> np.ndarray:
        """IDF weight of the words each MT group shares with the reference group of the same index
        (a word twice on one side and once on the other is shared once)."""
        keys = []
        for side, groups in ((0, mt_groups), (1, ref_groups)):
            group, stems = self._group_tokens(side, groups)
            keys.append(np.unique(group * self.size + stems, return_counts=True))
        (mt_keys, mt_counts), (ref_keys, ref_counts) = keys
        common, in_mt, in_ref = np.intersect1d(mt_keys, ref_keys, assume_unique=True, return_indices=True)
        values = np.minimum(mt_counts[in_mt], ref_counts[in_ref]) * self.idf[common % self.size]
        return np.bincount(common // self.size, weights=values, minlength=len(mt_groups))

    def crossing(self, links: Sequence[Link]) -> np.ndarray:
        """For each pair of neighbouring links (k, k+1): the weight of the words shared only across
        them (MT of one with the reference of the other), as a share of the smaller link's weight."""
        if len(links) < 2:
            return np.zeros(0)
        joined = [((*a[0], *b[0]), (*a[1], *b[1])) for a, b in itertools.pairwise(links)]
        own = self.shared([link[0] for link in links], [link[1] for link in links])
        across = self.shared([j[0] for j in joined], [j[1] for j in joined]) - own[:-1] - own[1:]
        weight = self.weight(0, [link[0] for link in links]) + self.weight(1, [link[1] for link in links])
        smaller = np.minimum(weight[:-1], weight[1:])
        return np.where(smaller > 0, across / np.maximum(smaller, 1e-9), 0.0)

    def gain(self, link: Link, side: int, unit: int) -> float:
        """Share (IDF-weighted) of the words of sentence ``unit`` of ``side`` that the other side of
        ``link`` holds beyond what the link's own side already accounts for; 0 unless what it holds
        weighs at least one rare word (:attr:`rare`)."""
        own, other = self._counts(side, link[side]), self._counts(1 - side, link[1 - side])
        words = self._counts(side, [unit])
        total = sum(self.idf[w] * n for w, n in words.items())
        found = sum(self.idf[w] * min(n, max(0, other.get(w, 0) - own.get(w, 0))) for w, n in words.items())
        return float(found / total) if total and found >= self.rare else 0.0

    def _counts(self, side: int, sentences: Sequence[int]) -> dict[int, int]:
        _, stems = self._group_tokens(side, [sentences])
        ids, counts = np.unique(stems, return_counts=True)
        return dict(zip(ids.tolist(), counts.tolist(), strict=True))
