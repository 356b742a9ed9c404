"""Link confidence as the chance that a link is right, from six signs of a wrong one.

The search's margin (:mod:`review_app.align.margin`) says how much worse the best alignment that
avoids a link is, in the cost model's terms; but those terms charge every extra sentence of a link,
so two 1-1 links where the reference cut one passage at another place look as safe as any. Two more
signs see that: the characters that match only *across* a link's boundary with a neighbouring link
(the longest common subsequence of the two links joined, less that of each apart, per character of
both), whether the link leaves a sentence out, and how many sentences it joins: a 1-3 or a 2-3 link is
wrong far more often than a 1-1 of the same margin, as any of its sentences may belong with a neighbour
instead. Two more read words rather than characters (:mod:`review_app.align.words`: rare words weigh more,
inflected forms of one word count as one): the rare words found only across a link's boundary, as a
share of the smaller link's words (a name or a number the reference put in the next sentence), and the
share of the link's own words its two sides hold in common (characters match by chance in any two long
sentences; rare words do not). A logistic model of the six, fitted on the gold
sets of ``scripts/eval_align.py`` by ``scripts/train_link_confidence.py`` (each corpus weighing alike;
weights in :mod:`review_app.align.confidence_weights`), turns them into the confidence a reviewer
sees and the "alignment uncertain" flags are drawn from (:mod:`review_app.align.uncertain`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from review_app.align.confidence_weights import WEIGHTS
from review_app.align.words import WordEvidence

FEATURES: tuple[str, ...] = ("margin", "crossing", "left_out", "sentences", "words_across", "words_shared")
# A search confidence of 1 (a link no other alignment comes near) is a margin of this many scales.
MOST_MARGIN = 9.0


class Texts(Protocol):
    """What the features read: the two sides' normalised sentences, joined per link, and their words."""

    def span_texts(self, mt: Sequence[int], ref: Sequence[int]) -> tuple[str, str]: ...
    @property
    def words(self) -> WordEvidence: ...


class Linked(Protocol):
    """A link of either side's sentence indices with the search's confidence."""

    @property
    def mt(self) -> tuple[int, ...]: ...
    @property
    def ref(self) -> tuple[int, ...]: ...
    @property
    def confidence(self) -> float: ...


def features(links: Sequence[Linked], texts: Texts) -> np.ndarray:
    """One row of :data:`FEATURES` per link (in document order), with a leading 1 for the bias."""
    own = _common(texts, [(link.mt, link.ref) for link in links])
    joined = _common(texts, [(tuple(sorted(a.mt + b.mt)), tuple(sorted(a.ref + b.ref)))
                             for a, b in itertools.pairwise(links)])
    # Characters matched only when two neighbours are read as one, per character of the two.
    across = np.zeros(len(links) + 1)
    if len(links) > 1:
        across[1:-1] = (joined[:, 0] - own[:-1, 0] - own[1:, 0]) / np.maximum(joined[:, 1], 1.0)
    crossing = np.maximum(across[:-1], across[1:])  # the boundary before the link, or after it
    margin = np.array([min(-math.log(max(1.0 - link.confidence, 1e-12)), MOST_MARGIN) for link in links])
    left_out = np.array([float(not link.mt or not link.ref) for link in links])
    sentences = np.array([float(len(link.mt) + len(link.ref)) for link in links])
    words_across, words_shared = _word_signs(links, texts.words)
    return np.column_stack([np.ones(len(links)), margin, crossing, left_out, sentences, words_across, words_shared])


def _word_signs(links: Sequence[Linked], words: WordEvidence) -> tuple[np.ndarray, np.ndarray]:
    """Per link: the rare words shared only across its boundary before or after (at most 1: a share of the
    smaller link's words, :meth:`WordEvidence.crossing`), and the share of its words its two sides share."""
    beads = [(link.mt, link.ref) for link in links]
    across = np.zeros(len(links) + 1)
    if len(links) > 1:
        across[1:-1] = np.minimum(words.crossing(beads), 1.0)
    mt, ref = [link.mt for link in links], [link.ref for link in links]
    weight = words.weight(0, mt) + words.weight(1, ref)
    shared = 2.0 * words.shared(mt, ref) / np.maximum(weight, 1e-9)
    return np.maximum(across[:-1], across[1:]), np.where(weight > 0, shared, 0.0)


def _common(texts: Texts, spans: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> np.ndarray:
    """Per span: twice the longest common subsequence of its two sides' characters, and their total length."""
    if not spans:
        return np.zeros((0, 2))
    pairs = [texts.span_texts(mt, ref) for mt, ref in spans]
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    total = np.array([len(x) + len(y) for x, y in pairs], dtype=np.float64)
    distance = process.cpdist(a, b, scorer=Indel.distance).astype(np.float64)
    # Indel distance counts what is not common on either side: total - 2 * LCS.
    return np.column_stack([total - distance, total])


def confidences(rows: np.ndarray, weights: Sequence[float] = WEIGHTS) -> np.ndarray:
    """The model's chance that each link (a row of :func:`features`) is right."""
    z = np.clip(rows @ np.asarray(weights, dtype=np.float64), -30.0, 30.0)
    right: np.ndarray = 1.0 / (1.0 + np.exp(z))  # the model scores the odds of a wrong link
    return right
