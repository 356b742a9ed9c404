"""Attach source-language sentences to aligned MT/reference segments, without any model.

The source is aligned with the MT sentences by the same banded DP as :mod:`review_app.align`,
with a cross-lingual similarity in the spirit of Gale-Church: length agreement (after the
document's overall length ratio) plus anchors that survive translation — numbers, Latin-script
names and codes, and telling punctuation (questions, exclamations, quotes, colons, brackets).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import regex

from review_app.align.aligner import MERGE_TYPES, AlignParams, align
from review_app.align.similarity import VECTOR_DIM, Similarity
from review_app.model import AlignedSegment, Sentence

_NUMBER = regex.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?")
_LATIN_NAME = regex.compile(r"\b\p{Latin}*\p{Lu}[\p{Latin}\d]+\b")
_PUNCT_ANCHORS = "?!:;()\"«»“”„—"
_SEPARATOR = "\x1f"


def _anchors(sentence: str) -> str:
    """A sentence's anchors as one string: digit strings, Latin names, telling punctuation."""
    numbers = [regex.sub(r"\D", "", n) for n in _NUMBER.findall(sentence)]
    names = [n.lower() for n in _LATIN_NAME.findall(sentence)]
    punct = [c for c in sentence if c in _PUNCT_ANCHORS]
    return " ".join([*numbers, *names, *punct])


class AnchorSimilarity(Similarity):
    """Cross-lingual similarity: agreement of lengths and of anchors."""

    absorbs = False  # not an Indel similarity: the merges-over-skips test would not mean anything

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        # ``mt`` here is the MT side, ``ref`` the source side; texts hold "length<SEP>anchors".
        self.mt = [f"{len(s)}{_SEPARATOR}{_anchors(s)}" for s in mt]
        self.ref = [f"{len(s)}{_SEPARATOR}{_anchors(s)}" for s in ref]
        total_ref = sum(len(s) for s in ref) or 1
        self.length_ratio = (sum(len(s) for s in mt) or 1) / total_ref
        self.baseline = self._baseline()

    def lengths(self) -> tuple[list[int], list[int]]:
        return [int(t.split(_SEPARATOR)[0]) for t in self.mt], [int(t.split(_SEPARATOR)[0]) for t in self.ref]

    @staticmethod
    def vectors(texts: Sequence[str]) -> np.ndarray:
        """Coarse representation: hashed anchor counts plus a length component."""
        out = np.zeros((len(texts), VECTOR_DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, 0] = len(text) / 20.0
            for token in _anchors(text).split():
                # crc32, not hash(): str hashes are salted per process (PYTHONHASHSEED).
                out[row, 1 + zlib.crc32(token.encode("utf-8")) % (VECTOR_DIM - 1)] += 1.0
        return out

    @staticmethod
    def join(texts: list[str]) -> str:
        if not texts:
            return f"0{_SEPARATOR}"
        lengths, anchors = zip(*(t.split(_SEPARATOR) for t in texts), strict=True)
        return f"{sum(map(int, lengths))}{_SEPARATOR}{' '.join(a for a in anchors if a)}"

    def raw(self, a: list[str], b: list[str]) -> np.ndarray:
        out = np.empty(len(a), dtype=np.float64)
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            len_x, anchors_x = x.split(_SEPARATOR)
            len_y, anchors_y = y.split(_SEPARATOR)
            expected = self.length_ratio * int(len_y) + 1
            length = float(np.exp(-abs(np.log((int(len_x) + 1) / expected)) * 2.0))
            set_x, set_y = anchors_x.split(), anchors_y.split()
            if set_x or set_y:
                common = sum(min(set_x.count(t), set_y.count(t)) for t in set(set_x))
                anchor = 2 * common / (len(set_x) + len(set_y))
                out[k] = 0.5 * length + 0.5 * anchor
            else:
                out[k] = 0.5 * length + 0.25
        return out


def attach_source(segments: list[AlignedSegment], mt_sentences: list[Sentence], src: list[Sentence]) -> None:
    """Fill ``src``/``src_ids`` of ``segments`` (in place); every source sentence lands in one segment."""
    if not src or not segments:
        return
    links = align([s.text for s in mt_sentences], [s.text for s in src], AlignParams(), MERGE_TYPES, AnchorSimilarity)
    segment_of_mt = {mt_id: k for k, seg in enumerate(segments) for mt_id in seg.mt_ids}
    owner: list[int] = []
    current = next((k for k, seg in enumerate(segments) if seg.mt_ids), 0)
    for link in links:
        if link.mt:
            current = segment_of_mt.get(mt_sentences[link.mt[0]].id, current)
        owner.extend([current] * len(link.ref))
    for seg in segments:
        seg.src_ids = []
    for sentence_index, k in enumerate(owner):
        segments[k].src_ids.append(src[sentence_index].id)
    by_id = {s.id: s.text for s in src}
    for seg in segments:
        seg.src = " ".join(by_id[i] for i in seg.src_ids) if seg.src_ids else None
