"""Monotonic sentence alignment of MT with a reference in the same language.

Dynamic programming over links 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 2-3, 3-2, 1-4, 4-1, 1-0 and 0-1. A
link's cost grows as the character similarity of its two sides falls (rapidfuzz's C-level Indel
similarity, rescaled so that an unrelated pair of this document scores 0), plus a length prior
and a penalty per extra sentence in a merged link; leaving a sentence unaligned has a fixed cost.
Links of four or more sentences are scored only where the lengths of their sides agree.

Merges over skips: a sentence the search left out then joins the neighbouring link on its side
when its characters or its rare words find partners there clearly above chance, or when it is the
rest of the neighbour's clause (:mod:`review_app.align.continuity`); only what has no counterpart
(page chrome, a dropped sentence) stays out. Two neighbouring links join when rare words cross
between them, or when one side's boundary between them falls inside brackets. The links these
post-passes build may be longer than the search's.

The search is restricted to a band around a coarse path, as Vecalign does: both documents are
halved repeatedly (neighbouring sentences joined) until small, aligned, and the path of each
level widened into the band of the next. Time and memory grow linearly with document length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from review_app.align import calibrate
from review_app.align.continuity import inside_brackets, inside_sentence
from review_app.align.dp import CostModel, banded_dp
from review_app.align.similarity import Similarity, VectorSimilarity

# The post-passes' evidence is a threshold test, not a margin over every other alignment: a link
# it builds is at most of middling confidence.
EVIDENCE_CONFIDENCE = 0.75

# Link types (MT sentences, reference sentences) other than the two skips.
MERGE_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2), (1, 4), (4, 1))
SKIP_TYPES: tuple[tuple[int, int], ...] = ((1, 0), (0, 1))


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Tunable costs of the alignment search (defaults tuned on the gold sets of ``scripts/eval_align.py``).

    ``merge_length``: largest |log length ratio| at which a link of 4+ sentences is scored;
    ``absorb_tolerance``: how far above chance (0) towards the link's own match rate (1) a left-out
    sentence's characters must find partners to join a neighbouring link; ``absorb_words``: or what
    share of its rare words (IDF-weighted stems) the link's counterpart holds beyond its own side;
    ``join_words``: the share of the smaller link's word weight that must match across two
    neighbouring links for them to become one; ``joined_side``: most sentences on a side of a link
    the post-passes build (their evidence, unlike the search's scores, is not limited to short links).
    """

    skip_cost: float = 0.6
    merge_cost: float = 0.2
    length_weight: float = 0.3
    char_weight: float = 0.4
    paragraph_cost: float = 0.3
    absorb_tolerance: float = 0.25
    absorb_words: float = 0.15
    join_words: float = 0.19
    joined_side: int = 6
    gap_side: int = 2
    merge_length: float = 0.3
    confidence_scale: float = 0.125
    band: int = 16
    full_limit: int = 40_000
    # The search's confidence through the link-confidence model (:mod:`review_app.align.calibrate`); off
    # only to fit that model's weights.
    calibrate: bool = True


@dataclass(frozen=True, slots=True)
class Link:
    """One alignment bead: 0-based sentence indices on each side and a confidence in [0, 1]."""

    mt: tuple[int, ...]
    ref: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        """Link type such as ``"2-1"``."""
        return f"{len(self.mt)}-{len(self.ref)}"


def align(
    mt: Sequence[str],
    ref: Sequence[str],
    params: AlignParams | None = None,
    link_types: Sequence[tuple[int, int]] = MERGE_TYPES,
    similarity: type[Similarity] = Similarity,
    paragraphs: tuple[Sequence[int], Sequence[int]] | None = None,
) -> list[Link]:
    """Align two sentence lists; every sentence of each side is in exactly one link, in order.

    ``paragraphs`` gives each sentence's paragraph (line) number on both sides: a link that joins
    sentences of different paragraphs costs more, so a short line of page chrome is left out
    rather than glued to the next paragraph.
    """
    params = params or AlignParams()
    if not mt or not ref:
        return [Link((i,), (), 1.0) for i in range(len(mt))] + [Link((), (j,), 1.0) for j in range(len(ref))]
    n, m = len(mt), len(ref)
    if (n + 1) * (m + 1) <= params.full_limit:
        band = [(0, m)] * (n + 1)
    else:
        # The rough path comes from the next coarser level (neighbours summed), projected back.
        coarse = _vector_path(_pair_sums(similarity.vectors(mt)), _pair_sums(similarity.vectors(ref)), params)
        band = _widen(coarse, n, m, 2, params.band)
    sim = similarity(mt, ref)
    links = _search(sim, band, params, link_types, paragraphs, fine=True)
    if not sim.absorbs:
        return links
    links = _join_crossing(_absorb_skips(links, sim, params, paragraphs), sim, params)
    links = _pair_gaps(_join_brackets(links, sim.texts, params, paragraphs), params, paragraphs)
    if not params.calibrate:
        return links
    right = calibrate.confidences(calibrate.features(links, sim))
    return [Link(link.mt, link.ref, float(c)) for link, c in zip(links, right, strict=True)]


def _joinable(params: AlignParams, mt: int, ref: int) -> bool:
    """Whether a post-pass may build a link of ``mt`` and ``ref`` sentences.

    The search scores links of up to 5 sentences (their character similarity blurs beyond that);
    the post-passes' word evidence does not, so a 1-4 link may grow into a 1-5 where a list was
    cut into more sentences on one side.
    """
    return 1 <= mt <= params.joined_side and 1 <= ref <= params.joined_side


def _join_crossing(links: list[Link], sim: Similarity, params: AlignParams) -> list[Link]:
    """Two neighbouring links become one when words cross between them: each side's text of one
    holds rare words of the other's counterpart, as where the two translations cut a passage at
    different places (a 2-2 the search split into two 1-1 links)."""
    # Evidence for every pair of neighbouring links of the search, in one vectorised pass; a link
    # joins at most one neighbour (the pass does not chain).
    evidence = sim.words.crossing([(link.mt, link.ref) for link in links]) / params.join_words
    out: list[Link] = []
    joined = False
    for k, link in enumerate(links):
        if k and not joined and links[k - 1].mt and links[k - 1].ref and link.mt and link.ref and evidence[k - 1] >= 1:
            last = out[-1]
            if _joinable(params, len(last.mt) + len(link.mt), len(last.ref) + len(link.ref)):
                confidence = max(min(last.confidence, link.confidence), _evidence_confidence(float(evidence[k - 1])))
                out[-1] = Link(last.mt + link.mt, last.ref + link.ref, confidence)
                joined = True
                continue
        joined = False
        out.append(link)
    return out


def _join_brackets(
    links: list[Link], texts: tuple[Sequence[str], Sequence[str]], params: AlignParams,
    paragraphs: tuple[Sequence[int], Sequence[int]] | None,
) -> list[Link]:
    """Two neighbouring links become one when either side's boundary between them falls inside
    brackets (a unit leaves a "(" open that the next one closes): the two units are one sentence
    cut in two, so no link boundary belongs there. Runs of such cuts chain."""
    out: list[Link] = []
    for link in links:
        last = out[-1] if out else None
        if last is not None and last.mt and last.ref and link.mt and link.ref \
                and _joinable(params, len(last.mt) + len(link.mt), len(last.ref) + len(link.ref)) \
                and (_cut_in_brackets(texts, paragraphs, 0, last.mt, link.mt)
                     or _cut_in_brackets(texts, paragraphs, 1, last.ref, link.ref)):
            confidence = max(min(last.confidence, link.confidence), EVIDENCE_CONFIDENCE)
            out[-1] = Link(last.mt + link.mt, last.ref + link.ref, confidence)
            continue
        out.append(link)
    return out


def _cut_in_brackets(
    texts: tuple[Sequence[str], Sequence[str]], paragraphs: tuple[Sequence[int], Sequence[int]] | None,
    side: int, before: Sequence[int], after: Sequence[int],
) -> bool:
    """Whether the boundary of ``side`` between two consecutive links falls inside brackets
    (never across a paragraph break: a paragraph ends whatever its punctuation)."""
    first = after[0]
    return before[-1] == first - 1 and _same_paragraph(paragraphs, side, first, -1) \
        and inside_brackets(texts[side][first - 1], texts[side][first])


def _pair_gaps(
    links: list[Link], params: AlignParams, paragraphs: tuple[Sequence[int], Sequence[int]] | None,
) -> list[Link]:
    """Sentences left out on both sides between the same two links become one link (up to
    ``params.gap_side`` a side): both texts say something at that place, and where nothing in the texts
    decides, that is one passage translated more often than two unrelated ones. In documents a side's
    left-out run must share a paragraph with a neighbouring sentence (a line of page chrome is a paragraph
    of its own and stays out). The link keeps the low confidence of the skips it replaces."""
    out: list[Link] = []
    k = 0
    while k < len(links):
        end = k
        while end < len(links) and not (links[end].mt and links[end].ref):
            end += 1
        if end == k:
            out.append(links[k])
            k += 1
            continue
        mt = tuple(i for link in links[k:end] for i in link.mt)
        ref = tuple(j for link in links[k:end] for j in link.ref)
        if k > 0 and end < len(links) and 0 < len(mt) <= params.gap_side and 0 < len(ref) <= params.gap_side \
                and _in_paragraph(paragraphs, 0, mt) and _in_paragraph(paragraphs, 1, ref):
            out.append(Link(mt, ref, min(link.confidence for link in links[k:end])))
        else:
            out.extend(links[k:end])
        k = end
    return out


def _in_paragraph(paragraphs: tuple[Sequence[int], Sequence[int]] | None, side: int, run: Sequence[int]) -> bool:
    """Whether the run of sentences of ``side`` shares a paragraph with the sentence before or after it."""
    if paragraphs is None:
        return True
    lines = paragraphs[side]
    return (run[0] > 0 and lines[run[0]] == lines[run[0] - 1]) \
        or (run[-1] + 1 < len(lines) and lines[run[-1]] == lines[run[-1] + 1])


def _vector_path(mt: np.ndarray, ref: np.ndarray, params: AlignParams) -> list[Link]:
    """Rough 1-1/skip path over count vectors, itself searched in a band from the next coarser level."""
    n, m = len(mt), len(ref)
    if (n + 1) * (m + 1) <= params.full_limit or min(n, m) < 8:
        band = [(0, m)] * (n + 1)
    else:
        # Halve both sides (sum neighbours), find the path there, project it back and widen it.
        coarse = _vector_path(_pair_sums(mt), _pair_sums(ref), params)
        band = _widen(coarse, n, m, 2, params.band)
    sim = VectorSimilarity(mt, ref)
    return _search(sim, band, params, ((1, 1),), None, fine=False)


def _pair_sums(vectors: np.ndarray) -> np.ndarray:
    """Rows 0+1, 2+3, … (an odd last row stays alone)."""
    if len(vectors) % 2:
        vectors = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=vectors.dtype)])
    sums: np.ndarray = vectors[0::2] + vectors[1::2]
    return sums


def _widen(path: list[Link], n: int, m: int, scale: int, width: int) -> list[tuple[int, int]]:
    """Band of allowed reference positions per MT position 0..n around a path ``scale`` times coarser."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    ci = cj = 0
    for link in path:
        ni, nj = ci + len(link.mt), cj + len(link.ref)
        for i in range(min(scale * ci, n), min(scale * ni, n) + 1):
            lo[i] = min(lo[i], min(scale * cj, m))
            hi[i] = max(hi[i], min(scale * nj, m))
        ci, cj = ni, nj
    return [(max(0, lo[i] - width), min(m, hi[i] + width)) for i in range(n + 1)]


def _search(
    sim: Similarity,
    band: list[tuple[int, int]],
    params: AlignParams,
    link_types: Sequence[tuple[int, int]],
    paragraphs: tuple[Sequence[int], Sequence[int]] | None,
    *,
    fine: bool,
) -> list[Link]:
    """The DP in a band; ``fine`` is the final search (the coarse passes need no confidence)."""
    model = CostModel(params.skip_cost, params.merge_cost, params.length_weight, params.char_weight,
                      params.paragraph_cost, params.merge_length,
                      params.confidence_scale)
    return [Link(mt, ref, confidence)
            for mt, ref, confidence in banded_dp(sim, sim.lengths(), band, model, link_types, paragraphs,
                                                 confidence=fine)]


def _absorb_skips(
    links: list[Link], sim: Similarity, params: AlignParams, paragraphs: tuple[Sequence[int], Sequence[int]] | None
) -> list[Link]:
    """Merges over skips: a sentence the search left out joins the neighbouring link on its side
    (before or after) when the joined span explains the partner at least as well as before.

    Only what has no counterpart stays out: unrelated text (page chrome, a dropped sentence) lowers
    the joined similarity. In documents a sentence never joins a link across a paragraph break, and
    a joined link has at most ``params.joined_side`` sentences a side.
    """
    links = list(links)
    k = 0
    while k < len(links):
        link = links[k]
        if link.mt and link.ref:
            k += 1
            continue
        side = 0 if link.mt else 1
        unit = (link.mt or link.ref)[0]
        best: tuple[float, int, Link] | None = None
        for step in (-1, 1):
            other = _neighbour(links, k, step, side, unit)
            if other is None or not _same_paragraph(paragraphs, side, unit, step):
                continue
            target = links[other]
            grown = (tuple(sorted((*target.mt, unit))), target.ref) if side == 0 else \
                (target.mt, tuple(sorted((*target.ref, unit))))
            if not _joinable(params, len(grown[0]), len(grown[1])):
                continue
            # Characters or rare words: either finding partners clearly above chance is enough.
            gain = max(_match_gain(sim, (target.mt, target.ref), grown, side, unit) / params.absorb_tolerance,
                       sim.words.gain((target.mt, target.ref), side, unit) / params.absorb_words)
            # Or its own side's punctuation: it is the rest of the neighbour's sentence.
            texts = sim.texts[side]
            if inside_sentence(*((texts[unit - 1], texts[unit]) if step < 0 else (texts[unit], texts[unit + 1]))):
                gain = max(gain, 1.0)
            if gain >= 1.0 and (best is None or gain > best[0]):
                # The joined link's boundaries are the outer boundaries of the two links it joins.
                confidence = max(min(target.confidence, link.confidence), _evidence_confidence(gain))
                best = (gain, other, Link(grown[0], grown[1], confidence))
        if best is None:
            k += 1
            continue
        _, other, merged = best
        links[other] = merged
        del links[k]
        k = min(k, other)
    return links


def _evidence_confidence(evidence: float) -> float:
    """Confidence of a link a post-pass built on ``evidence`` (its measure over the threshold, >= 1):
    the search was unsure there, the added evidence settles it in part (1 gives 0.63)."""
    return round(min(1.0 - math.exp(-evidence), EVIDENCE_CONFIDENCE), 4)


def _neighbour(links: list[Link], k: int, step: int, side: int, unit: int) -> int | None:
    """Index of the nearest link (before or after ``k``) with both sides, adjacent to ``unit`` on ``side``."""
    other = k + step
    while 0 <= other < len(links):
        ids = (links[other].mt, links[other].ref)
        if ids[side]:
            if not ids[1 - side]:
                return None  # the next sentence on this side is left out too
            return other if (ids[side][-1] == unit - 1 if step < 0 else ids[side][0] == unit + 1) else None
        other += step
    return None


def _same_paragraph(paragraphs: tuple[Sequence[int], Sequence[int]] | None, side: int, unit: int, step: int) -> bool:
    """Whether sentence ``unit`` of ``side`` and its neighbour ``unit + step`` are in one paragraph."""
    if paragraphs is None:
        return True
    lines = paragraphs[side]
    return lines[unit] == lines[unit + step]


def _match_gain(
    sim: Similarity, link: tuple[Sequence[int], Sequence[int]], grown: tuple[Sequence[int], Sequence[int]],
    side: int, unit: int,
) -> float:
    """How far above chance the added sentence's characters find partners.

    The Indel similarity ``s`` of texts of lengths ``la``, ``lb`` has ``s·(la+lb)/2`` characters in
    common. The rate at which the added sentence raises that count is compared with chance (the
    document's random-pair similarity) and with the link's own rate: 0 means chance, 1 means as
    well as the rest of the link.
    """
    before_texts, after_texts = sim.span_texts(*link), sim.span_texts(*grown)
    before, after = sim.raw([before_texts[0], after_texts[0]], [before_texts[1], after_texts[1]])
    common_before = float(before) * (len(before_texts[0]) + len(before_texts[1])) / 2
    common_after = float(after) * (len(after_texts[0]) + len(after_texts[1])) / 2
    added = len((sim.mt if side == 0 else sim.ref)[unit])
    rate = (common_after - common_before) / max(added, 1)
    own = max(float(before), sim.baseline + 1e-6)
    return (rate - sim.baseline) / (own - sim.baseline)
