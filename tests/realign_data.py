"""A document with known wrong links: a small gold alignment shifted so that fixing it takes one confirmation,
a merge, a split, a move and a detach (for the app's and the browser's tests of correcting the alignment)."""

from __future__ import annotations

from review_app.align.uncertain import uncertain_finding
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.store import Actor, Store

MT = ["The river station reopened on Saturday.", "Hundreds of people came to the opening.",
      "The mayor cut the ribbon.", "She thanked the builders.", "The first ship left at noon.",
      "Tickets cost 650 rubles.", "The museum on the second floor is free.", "Photo: TASS",
      "Ships will sail until October.", "Read more"]
REF = ["The river terminal reopened on Saturday.", "Hundreds of people came to the opening.",
       "The mayor cut the ribbon and thanked the builders.", "The first vessel left at noon.",
       "A ticket costs 650 rubles.", "The museum on the second floor is free of charge.", "Entry needs no ticket.",
       "Ships will sail until October."]
SRC = [f"Исходное предложение {i + 1}." for i in range(len(MT))]  # one source sentence per MT sentence

Bead = tuple[tuple[int, ...], tuple[int, ...]]
GOLD: list[Bead] = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5,), (4,)), ((6,), (5, 6)),
                    ((7,), ()), ((8,), (7,)), ((9,), ())]
# The aligner's links, wrong where a fix is named; each with its confidence (below 0.5: "alignment uncertain").
SHIFTED: list[tuple[Bead, float]] = [
    (((0,), (0,)), 0.95),
    (((1,), (1,)), 0.45),  # right, but uncertain: confirm it
    (((2,), (2,)), 0.40),  # MT 4 belongs here: merge with the next segment
    (((3,), ()), 0.30),
    (((4, 5), (3, 4)), 0.35),  # two links in one: split after MT 5 and ref 4
    (((6,), (5,)), 0.42),  # ref 7 belongs here: move the next segment's first reference sentence back
    (((7,), (6,)), 0.25),
    (((8, 9), (7,)), 0.38),  # "Read more" is page chrome: detach the last MT sentence
]


def _segment(bead: Bead, confidence: float) -> AlignedSegment:
    mt_ids, ref_ids = bead
    src_ids = list(mt_ids)
    return AlignedSegment(mt=" ".join(MT[i] for i in mt_ids), ref=" ".join(REF[i] for i in ref_ids),
                          src=" ".join(SRC[i] for i in src_ids), mt_ids=list(mt_ids), ref_ids=list(ref_ids),
                          src_ids=src_ids, link=f"{len(mt_ids)}-{len(ref_ids)}", confidence=confidence)


def add_shifted(store: Store, project_id: int, actor: Actor, name: str = "shifted") -> int:
    """Import the shifted alignment (its sentences kept, its uncertain links flagged); the document's id."""
    segments = [_segment(bead, confidence) for bead, confidence in SHIFTED]
    add_sentence_scores(segments)
    findings = [[f] if (f := uncertain_finding(s)) is not None else [] for s in segments]
    document = store.add_document(project_id, name, segments, findings, ref_kind="reference",
                                  sentences={"mt": MT, "ref": REF, "src": SRC}, actor=actor)
    return document.id


def beads(store: Store, document_id: int) -> list[Bead]:
    """The document's alignment as it now stands, as tuples (comparable with :data:`GOLD`)."""
    return [(tuple(mt), tuple(ref)) for mt, ref in store.alignment_beads(document_id)]
