"""Low-confidence alignment links as findings: "alignment uncertain".

A link whose confidence is below :data:`UNCERTAIN_BELOW` gets one finding with check id
``alignment`` (severity ``neutral``, no suggestion) on its segment, so the Review page, the
findings list, ``qa`` reports and ``--fail-on`` gates show it like any other finding. It is not a
QA check of :data:`review_app.checks.CHECKS`: it looks at the alignment, not at the text, so it is
neither listed by ``checks`` nor selected with ``--checks``; it appears wherever documents are
aligned (never for line-parallel input, whose links are given).
"""

from __future__ import annotations

from collections.abc import Sequence

from review_app.checks.base import Finding
from review_app.model import AlignedSegment

ALIGNMENT_CHECK = "alignment"
ALIGNMENT_CATEGORY = "Other"  # MQM has no alignment category: the link, not the text, is in doubt
ALIGNMENT_SEVERITY = "neutral"
# On the gold sets (scripts/eval_align.py) a third or more of the links below 0.5 are wrong, against
# 1-4% of those above 0.8.
UNCERTAIN_BELOW = 0.5


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
    segments: Sequence[AlignedSegment], findings: list[list[Finding]], below: float = UNCERTAIN_BELOW
) -> list[list[Finding]]:
    """``findings`` (one list per segment) with each uncertain link's finding appended, in place."""
    for segment, found in zip(segments, findings, strict=True):
        finding = uncertain_finding(segment, below)
        if finding is not None:
            found.append(finding)
    return findings
