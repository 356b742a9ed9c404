"""Word-level quality-estimation tags as the WMT QE tasks (and MLQE-PE) produce them from MT and post-edit.

For ``N`` MT tokens there are ``2·N + 1`` tags: a gap tag before the first word, then each word's tag
followed by the gap after it. A word is ``BAD`` when the post-editor replaced or deleted it, a gap is
``BAD`` when the post-editor inserted words there; everything else is ``OK``.

How the organisers derive them (Unbabel's ``word-level-qe-corpus-builder``, with scripts for the WMT 2017
and 2018 data; MLQE-PE's tags follow the same rules, as the reproduction shows): tercom aligns MT
(hypothesis) with the post-edit (reference) and its edit alignment gives the tags. Three details decide
the result, and each is reproduced here:

* tercom is called with ``-d 0`` (maximum shift distance 0): **no shifts** in the alignment behind the
  tags (the HTER itself is TER with shifts);
* tercom's default **case-insensitive** matching aligns the words, but a word is ``OK`` only when it
  equals its post-edited word exactly, so a case-only change is a ``BAD`` word;
* tercom's edit-distance search keeps, column by column of the MT, only cells within ``20`` edits of
  the previous column's best (its **beam**), and breaks ties match/substitution, then MT word
  dropped, then post-edit word inserted; where the beam prunes a cell, the alignment (and so the
  place of a gap) differs from an unbounded edit distance.

With these, the tags of all 1,000 lines of MLQE-PE ru-en test20 are reproduced (docs/effort.md).
Inputs are token lists: the files are tokenized (Moses-style) and the tags refer to their tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

OK = "OK"
BAD = "BAD"
BEAM_WIDTH = 20  # tercom's default beam (its -b option)

# Alignment operations, as tercom writes them (hypothesis = MT, reference = post-edit).
MATCH, SUBSTITUTE, MT_ONLY, PE_ONLY = " ", "S", "I", "D"


def tercom_alignment(mt: Sequence[str], pe: Sequence[str], beam: int = BEAM_WIDTH) -> tuple[int, str]:
    """(edit count, operations) of tercom's beam-limited edit distance without shifts.

    The operations, read left to right, are :data:`MATCH`/:data:`SUBSTITUTE` (one MT and one post-edit
    word), :data:`MT_ONLY` (an MT word the post-edit dropped) and :data:`PE_ONLY` (a post-edit word
    missing from the MT). The search relaxes cells forward (diagonal, then MT word, then post-edit word,
    the first of equal costs kept) and skips, in every MT column but the last, cells more than ``beam``
    edits above the previous column's best, as tercom's ``MinEditDist`` does.
    """
    rows, cols = len(pe), len(mt)
    # One dictionary per MT column, holding only the cells the search reaches: the beam keeps a band of
    # rows around the best path, so time and memory grow with the length times the beam, not length².
    cost: list[dict[int, int]] = [{} for _ in range(cols + 1)]
    step: list[dict[int, str]] = [{} for _ in range(cols + 1)]
    cost[0][0] = 0
    first = last = 0  # the first row kept and the lowest row reached in the previous column
    best = infinity = rows + cols + beam + 1  # no column before the first: nothing pruned in it
    for j in range(cols + 1):
        previous_best, best = best, infinity
        start, first, reach, last = first, -1, last, -1
        here, ahead = cost[j], cost[j + 1] if j < cols else {}
        i = start
        while i <= rows and i <= reach:
            score = here.get(i)
            if score is None or (j < cols and score > previous_best + beam):
                i += 1
                continue
            if first == -1:
                first = i
            if i < rows and j < cols:
                same = pe[i] == mt[j]
                new = score + (0 if same else 1)
                if new < ahead.get(i + 1, infinity):
                    ahead[i + 1], step[j + 1][i + 1] = new, MATCH if same else SUBSTITUTE
                best = min(best, new)
            last = i + 1
            if j < cols and ahead.get(i, infinity) > score + 1:
                ahead[i], step[j + 1][i] = score + 1, MT_ONLY
            if i < rows and here.get(i + 1, infinity) > score + 1:
                here[i + 1], step[j][i + 1] = score + 1, PE_ONLY
                reach = max(reach, i + 1)  # the column continues down while deletions reach new rows
            i += 1
    ops = []
    i, j = rows, cols
    while i > 0 or j > 0:
        op = step[j][i]
        ops.append(op)
        if op in (MATCH, SUBSTITUTE):
            i, j = i - 1, j - 1
        elif op == MT_ONLY:
            j -= 1
        else:
            i -= 1
    return cost[cols][rows], "".join(reversed(ops))


def qe_tags(mt: Sequence[str], pe: Sequence[str]) -> list[str]:
    """MT word and gap tags (``2·len(mt) + 1``, gap first) of MT tokens against post-edit tokens."""
    if not mt:
        return [BAD if pe else OK]
    if not pe:  # everything deleted: every word BAD, nothing missing
        return [OK, *[tag for _ in mt for tag in (BAD, OK)]]
    _edits, ops = tercom_alignment([w.lower() for w in mt], [w.lower() for w in pe])
    words: list[str] = []
    gaps = [OK] * (len(mt) + 1)
    m = p = 0
    for op in ops:
        if op in (MATCH, SUBSTITUTE):
            words.append(OK if mt[m] == pe[p] else BAD)  # aligned regardless of case, OK only if identical
            m, p = m + 1, p + 1
        elif op == MT_ONLY:
            words.append(BAD)
            m += 1
        else:
            gaps[m] = BAD  # missing words go in the gap before the next MT word
            p += 1
    tags = [gaps[0]]
    for word, gap in zip(words, gaps[1:], strict=True):
        tags += [word, gap]
    return tags


def format_hter(value: float) -> str:
    """An HTER as MLQE-PE writes it: six decimals."""
    return f"{value:.6f}"
