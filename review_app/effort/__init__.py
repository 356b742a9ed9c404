"""Post-editing effort: HTER, character edit rate, edit-distance bands, time to edit, words per hour, and
word-level QE tags and files as the WMT QE tasks produce them (docs/effort.md).

Pure functions and plain records over texts and event times: the store reads what they need
(``store/effort.py``), the CLI's ``effort`` command and the exports call them.
"""

from review_app.effort.aggregate import BandCount, EffortDict, EffortSummary, summarize, summarize_by
from review_app.effort.measures import (
    BAND_LABELS,
    BANDS,
    SegmentEffort,
    band_of,
    edit_rate,
    efforts_from_statistics,
    hters,
    segment_efforts,
)
from review_app.effort.qefiles import QeLine, qe_lines, write_qe_files
from review_app.effort.qetags import qe_tags, tercom_alignment
from review_app.effort.timing import (
    IDLE_SECONDS,
    Action,
    ReviewerSpeed,
    active_seconds,
    group_speeds,
    reviewer_speeds,
    segment_seconds,
)

__all__ = [
    "BANDS",
    "BAND_LABELS",
    "IDLE_SECONDS",
    "Action",
    "BandCount",
    "EffortDict",
    "EffortSummary",
    "QeLine",
    "ReviewerSpeed",
    "SegmentEffort",
    "active_seconds",
    "band_of",
    "edit_rate",
    "efforts_from_statistics",
    "group_speeds",
    "hters",
    "qe_lines",
    "qe_tags",
    "reviewer_speeds",
    "segment_efforts",
    "segment_seconds",
    "summarize",
    "summarize_by",
    "tercom_alignment",
    "write_qe_files",
]
