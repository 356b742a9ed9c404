"""Gold alignment sets built by construction from a line-parallel corpus.

Line k of the MT file and line k of the reference translate the same source segment. Each side is
re-cut independently: some segments are split in two (at a sentence boundary, else at a clause
boundary), some neighbours are joined into one unit, and a few segments are left out of one side.
Segments that end up in the same unit on either side are connected; each connected run of
segments is one gold bead (its MT units : its reference units), so the gold is known exactly.

In document mode the units of each side are further joined into paragraphs (differently on each
side), page-chrome lines are inserted on the MT side, and the aligner's own sentence splitter
re-segments the text: a sentence's gold segments are the segments its characters come from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import regex

from review_app.align.evaluate import Bead
from review_app.text.segment import split_sentences

CHROME = ("Advertisement", "Share", "Subscribe to our newsletter", "Read more", "Photo: Agency/Someone",
          "Skip to main content", "Print", "Comments (3)")

_CLAUSE = regex.compile(r"[,;:]\s+|\s+[—–-]\s+")


@dataclass(slots=True)
class GoldSet:
    """Sentences of both sides, their paragraph (line) numbers, and the gold beads.

    ``corpus`` and ``document`` group sets for cross-validation: sets of one document (two directions,
    two constructions from one text) are held out together, and each corpus counts alike in a choice.
    """

    name: str
    mt: list[str]
    ref: list[str]
    beads: list[Bead]
    mt_paragraphs: list[int] | None = None
    ref_paragraphs: list[int] | None = None
    chrome: frozenset[int] = frozenset()  # MT sentence ids that are inserted chrome
    corpus: str = ""  # defaults to the name
    document: str = ""  # defaults to the name

    def __post_init__(self) -> None:
        self.corpus = self.corpus or self.name
        self.document = self.document or self.name


@dataclass(slots=True)
class _Unit:
    """A unit of one side: its text and the segments it comes from (``first..last``)."""

    text: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Recut:
    """Rates of the re-cutting, per segment (split, drop) or per segment boundary (join)."""

    split: float = 0.1
    join: float = 0.1
    drop: float = 0.03


def _halves(text: str, lang: str) -> list[str]:
    """Two pieces of a segment: at the sentence boundary nearest the middle, else a clause boundary."""
    sentences = [s.text for s in split_sentences(text, lang)]
    if len(sentences) >= 2:
        cut = min(range(1, len(sentences)),
                  key=lambda k: abs(sum(map(len, sentences[:k])) - sum(map(len, sentences[k:]))))
        return [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
    cuts = [m.end() for m in _CLAUSE.finditer(text) if m.start() >= 20 and len(text) - m.end() >= 20]
    if not cuts:
        return [text]
    cut = min(cuts, key=lambda c: abs(2 * c - len(text)))
    return [text[:cut].rstrip(), text[cut:].strip()]


def _side(segments: list[str], joined: set[int], split: set[int], dropped: set[int], lang: str) -> list[_Unit]:
    """Units of one side: ``joined`` holds k when segment k is glued to segment k+1."""
    units: list[_Unit] = []
    k = 0
    while k < len(segments):
        if k in dropped:
            k += 1
            continue
        if k in split:
            units += [_Unit(piece, k, k) for piece in _halves(segments[k], lang)]
            k += 1
            continue
        last = k
        while last in joined and last + 1 < len(segments):
            last += 1
        units.append(_Unit(" ".join(segments[k : last + 1]), k, last))
        k = last + 1
    return units


def _beads(mt_owner: list[set[int]], ref_owner: list[set[int]], count: int) -> list[Bead]:
    """Gold beads: connected runs of segments (segments sharing a unit on either side are connected)."""
    parent = list(range(count))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for owner in (*mt_owner, *ref_owner):
        if owner:
            first = root(min(owner))
            for seg in owner:
                parent[root(seg)] = first
    groups: dict[int, tuple[list[int], list[int]]] = {}
    beads: list[Bead] = []
    for side, owners in enumerate((mt_owner, ref_owner)):
        for unit, owner in enumerate(owners):
            if owner:
                groups.setdefault(root(min(owner)), ([], []))[side].append(unit)
            else:  # page chrome: no counterpart
                beads.append(((unit,), ()) if side == 0 else ((), (unit,)))
    for mt_units, ref_units in groups.values():
        if mt_units and ref_units:
            beads.append((tuple(mt_units), tuple(ref_units)))
        else:
            beads += [((u,), ()) for u in mt_units] + [((), (u,)) for u in ref_units]
    return sorted(beads, key=lambda b: (b[0][0] if b[0] else -1, b[1][0] if b[1] else -1))


def recut(mt: list[str], ref: list[str], seed: int, lang: str, rates: Recut = Recut(), name: str = "") -> GoldSet:
    """Segmented gold set: MT and reference line-parallel segments re-cut independently per side."""
    if len(mt) != len(ref):
        raise ValueError(f"line-parallel sides differ in length: {len(mt)} vs {len(ref)}")
    rng = random.Random(seed)
    n = len(mt)
    joins = [{k for k in range(n - 1) if rng.random() < rates.join} for _ in range(2)]
    free = [k for k in range(n) if not any(k in j or k - 1 in j for j in joins)]
    splits: list[set[int]] = [set(), set()]
    drops: list[set[int]] = [set(), set()]
    for k in free:
        side = rng.randrange(2)
        draw = rng.random()
        # A segment is split or dropped on one side only, so that its gold bead stays minimal.
        if draw < rates.split:
            splits[side].add(k)
        elif draw < rates.split + rates.drop:
            drops[side].add(k)
    mt_units = _side(mt, joins[0], splits[0], drops[0], lang)
    ref_units = _side(ref, joins[1], splits[1], drops[1], lang)
    beads = _beads([set(range(u.first, u.last + 1)) for u in mt_units],
                   [set(range(u.first, u.last + 1)) for u in ref_units], n)
    return GoldSet(name or f"recut-{seed}", [u.text for u in mt_units], [u.text for u in ref_units], beads)


def _paragraphs(units: list[_Unit], rng: random.Random, most: int, chrome: bool) -> tuple[list[str], list[list[int]]]:
    """Lines of a document from consecutive units; per line, each character's segment (-1: chrome)."""
    lines: list[str] = []
    owners: list[list[int]] = []
    k = 0
    while k < len(units):
        group = units[k : k + rng.randint(1, most)]
        k += len(group)
        text, owner = "", []
        for unit in group:
            if text:
                text += " "
                owner.append(unit.first)
            text += unit.text
            owner += [unit.first] * len(unit.text)
        lines.append(text)
        owners.append(owner)
        if chrome and rng.random() < 0.08:
            line = rng.choice(CHROME)
            lines.append(line)
            owners.append([-1] * len(line))
    return lines, owners


def document(mt: list[str], ref: list[str], seed: int, lang: str, rates: Recut = Recut(), name: str = "") -> GoldSet:
    """Raw-document gold set: segments joined into paragraphs differently per side, chrome lines on
    the MT side, both sides re-segmented by :func:`split_sentences`."""
    if len(mt) != len(ref):
        raise ValueError(f"line-parallel sides differ in length: {len(mt)} vs {len(ref)}")
    # Only segments that are one sentence on both sides: the splitter may cut a longer segment
    # differently on each side, and which of its sentences match would not be known.
    keep = [k for k in range(len(mt))
            if len(split_sentences(mt[k], lang)) == 1 and len(split_sentences(ref[k], lang)) == 1]
    mt, ref = [mt[k] for k in keep], [ref[k] for k in keep]
    rng = random.Random(seed)
    n = len(mt)
    drops = [{k for k in range(n) if rng.random() < rates.drop / 2} for _ in range(2)]
    drops[1] -= drops[0]
    sides = []
    for side, (segments, most) in enumerate(((mt, 3), (ref, 4))):
        units = _side(segments, set(), set(), drops[side], lang)
        lines, owners = _paragraphs(units, rng, most, chrome=side == 0)
        sentences = split_sentences("\n".join(lines), lang)
        # A sentence comes from the segments that gave it letters or digits: a quote mark or a
        # space the splitter put on the wrong side of a boundary does not make a link.
        owner = [{o for o, c in zip(owners[s.line][s.start : s.end], s.text, strict=True) if c.isalnum()} - {-1}
                 for s in sentences]
        sides.append((sentences, owner))
    (mt_sents, mt_owner), (ref_sents, ref_owner) = sides
    beads = _beads(mt_owner, ref_owner, n)
    chrome = frozenset(i for i, owner in enumerate(mt_owner) if not owner)
    return GoldSet(name or f"document-{seed}", [s.text for s in mt_sents], [s.text for s in ref_sents], beads,
                   [s.line for s in mt_sents], [s.line for s in ref_sents], chrome)
