"""Low-confidence alignment links as findings: "alignment uncertain".

A link whose confidence is below :data:`UNCERTAIN_BELOW` gets one finding with check id
``alignment`` (severity ``neutral``, no suggestion) on its segment, on at most :data:`UNCERTAIN_SHARE`
of a document's links (the least confident first), so the Review page, the findings list, ``qa``
reports and ``--fail-on`` gates show it like any other finding. It is not a QA check of
:data:`review_app.checks.CHECKS`: it looks at the alignment, not at the text, so it is neither listed
by ``checks`` nor selected with ``--checks``; it appears wherever documents are aligned (never for
line-parallel input, whose links are given).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from review_app.checks.base import Finding
from review_app.checks.merge import deletes_line
from review_app.model import AlignedSegment

ALIGNMENT_CHECK = "alignment"
ALIGNMENT_CATEGORY = "Other"  # MQM has no alignment category: the link, not the text, is in doubt
ALIGNMENT_SEVERITY = "neutral"
# The confidence (review_app.align.calibrate's) under which 80% of the wrong links of the gold sets of
# scripts/eval_align.py fall, each corpus weighing alike: 0.888 on all of them (scripts/train_link_confidence.py),
# 0.79 to 0.93 with each document held out (docs/evaluation.md).
UNCERTAIN_BELOW = 0.89
# A reviewer sees at most this share of a document's links flagged, the least confident first: in a
# poorly aligned document more links fall below the threshold than anyone checks one by one.
UNCERTAIN_SHARE = 0.15
# ... but a short document may show this many (a share of five links would hide all but one).
UNCERTAIN_FEWEST = 3


def flagged(
    confidences: Sequence[float], below: float = UNCERTAIN_BELOW, most: float = UNCERTAIN_SHARE
) -> list[bool]:
    """Which links of a document get "alignment uncertain": those below ``below``, at most ``most`` of the
    links (rounded down, but at least :data:`UNCERTAIN_FEWEST`), the least confident first (the earlier
    one of equal confidence)."""
    allowed = max(math.floor(most * len(confidences) + 1e-9), UNCERTAIN_FEWEST)
    order = sorted(range(len(confidences)), key=lambda k: confidences[k])
    chosen = {k for k in order[:allowed] if confidences[k] < below}
    return [k in chosen for k in range(len(confidences))]


def uncertain_finding(segment: AlignedSegment, below: float = UNCERTAIN_BELOW) -> Finding | None:
    """The segment's "alignment uncertain" finding, or None when its link is confident enough."""
    if segment.confidence >= below:
        return None
    if not segment.ref_ids:
        what = "no reference sentence was matched to this MT; it may belong with a neighbouring segment"
    elif not segment.mt_ids:
        what = "this reference sentence was matched to no MT; it may belong with a neighbouring segment"
    else:
        what = f"the {segment.link} link may pair the wrong sentences; check the reference against the MT"
    return Finding(1, 0, len(segment.mt), ALIGNMENT_CHECK, ALIGNMENT_CATEGORY, ALIGNMENT_SEVERITY,
                   f"alignment uncertain (confidence {segment.confidence:.2f}): {what}")


def add_uncertain(
    segments: Sequence[AlignedSegment], findings: list[list[Finding]], below: float = UNCERTAIN_BELOW,
    most: float = UNCERTAIN_SHARE,
) -> list[list[Finding]]:
    """``findings`` (one list per segment) with the finding of each uncertain link of ``segments`` (one
    document, or in ``qa`` one chunk of it; :func:`flagged`) appended, in place.

    An MT sentence left out whose line a check already deletes whole (page chrome, a credit) is no doubt
    to report: that finding says what the line is (one problem, one finding, as
    :mod:`review_app.checks.merge`), so it is ranked as sure and leaves its place to another link."""
    explained = [not segment.ref_ids and any(deletes_line(f, segment.mt) for f in found)
                 for segment, found in zip(segments, findings, strict=True)]
    marks = flagged([1.0 if known else segment.confidence for segment, known in zip(segments, explained, strict=True)],
                    below, most)
    for segment, found, mark in zip(segments, findings, marks, strict=True):
        finding = uncertain_finding(segment, below) if mark else None
        if finding is not None:
            found.append(finding)
    return findings
