"""Plain, immutable records the store hands out (never live ORM objects), and the store's errors.

Records are safe to cache, pickle and pass between threads; a page re-reads them after every
action instead of holding database state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from review_app.vocab import FINDING_STATE_LABELS

SORTS: dict[str, str] = {
    "position": "document order",
    "chrf": "worst chrF first",
    "corrected_chrf": "worst corrected chrF first",
    "findings": "most open findings first",
}

# What the Review list does with segments deleted in the correction: its SegmentFilter.deleted.
DELETED_CHOICES: dict[str, bool | None] = {"all": None, "hide": False, "only": True}

# The blanks a deleted segment's corrected text may consist of: one set for Python and SQL (``reports.live``).
BLANKS = " \t\n\r\f\v"


def is_deleted(corrected: str) -> bool:
    """Whether a segment was deleted in the correction (page chrome, credits): its corrected text is blank."""
    return not corrected.strip(BLANKS)


class StoreError(Exception):
    """A refused store operation, with a one-line message for the reviewer."""


class ConflictError(StoreError):
    """Another session changed the segment since it was read: the change was not saved."""


class PermissionDenied(StoreError):
    """The signed-in account's role (or assignments) does not allow the change: nothing was written."""


class LoginError(StoreError):
    """A refused sign-in. The message is the same whatever the cause (unknown name, wrong password, a locked
    or disabled account), so that it tells a visitor nothing about the account; ``reason`` says which (for
    the log, never for the page)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class FixError(StoreError):
    """A finding's fix cannot be applied (its text is gone from the corrected text, or it is closed)."""


BUSY = "the database is busy with another change; try again"


class BusyError(StoreError):
    """The database stayed locked by another writer past the lock timeout: nothing was written."""

    def __init__(self, message: str = BUSY) -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    """A project and how much it holds."""

    id: int
    name: str
    src_lang: str
    tgt_lang: str
    glossary: str | None
    created_at: datetime
    documents: int = 0
    segments: int = 0
    archived_at: datetime | None = None
    archived_by: str | None = None

    @property
    def archived(self) -> bool:
        """True once archived (hidden from listings, restorable)."""
        return self.archived_at is not None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document of a project."""

    id: int
    project_id: int
    name: str
    system: str | None
    ref_kind: str
    segmented: bool
    created_at: datetime
    segments: int = 0
    archived_at: datetime | None = None
    archived_by: str | None = None
    # The document's project is archived: the document is hidden with it.
    project_archived: bool = False

    @property
    def archived(self) -> bool:
        """True when the document or its project is archived."""
        return self.archived_at is not None or self.project_archived


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One segment as listed and reviewed; ``open_findings`` counts findings still open."""

    id: int
    document_id: int
    position: int
    src: str | None
    mt: str
    ref: str
    corrected: str
    link: str
    confidence: float
    scores: dict[str, float | None]  # sentence metric id -> the MT's score (registry order)
    corrected_scores: dict[str, float | None]  # the same for the corrected text
    status: str
    version: int
    updated_by: str | None
    updated_at: datetime | None
    open_findings: int = 0
    # The link: its input sentences (0-based ids in document order) and who confirmed or set it (None: the aligner).
    mt_ids: tuple[int, ...] = ()
    ref_ids: tuple[int, ...] = ()
    src_ids: tuple[int, ...] = ()
    confirmed_by: str | None = None

    @property
    def deleted(self) -> bool:
        """Deleted in the correction: exported without it, left out of every count, struck out in lists."""
        return is_deleted(self.corrected)


@dataclass(frozen=True, slots=True)
class FindingInfo:
    """A QA finding; ``start``/``end`` are offsets into the segment's MT (``span_on == "mt"``) or into its
    corrected text (``"corrected"``: a problem an edit introduced), ``quote`` the text there."""

    id: int
    segment_id: int
    check: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    quote: str
    suggestion: str | None
    state: str
    span_on: str = "mt"

    @property
    def state_label(self) -> str:
        """The state in words ("resolved by edit")."""
        return FINDING_STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A finding with where it is: its document and segment number (for a findings list)."""

    finding: FindingInfo
    document_id: int
    document: str
    position: int
    mt: str
    corrected: str


@dataclass(slots=True)
class FindingGroup:
    """One check's findings in a list: how many of each severity, and how many open ones have a fix."""

    check: str
    by_severity: dict[str, int]
    fixable: int

    @property
    def total(self) -> int:
        """Findings of the check."""
        return sum(self.by_severity.values())


@dataclass(frozen=True, slots=True)
class AnnotationInfo:
    """An MQM annotation; ``start``/``end`` are offsets into the MT (None: no span)."""

    id: int
    segment_id: int
    start: int | None
    end: int | None
    quote: str
    category: str
    severity: str
    comment: str | None
    reviewer: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CommentInfo:
    """A comment on a segment: who wrote what, when (naive UTC)."""

    id: int
    segment_id: int
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One audit-log entry."""

    id: int
    at: datetime
    actor: str
    kind: str
    document_id: int | None
    segment_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    undoes: int | None
    batch: str | None = None  # shared by the events of one bulk action
    position: int | None = None  # the 0-based position of its segment (None: not a segment's event)


@dataclass(frozen=True, slots=True)
class SegmentDetail:
    """A segment with its findings, annotations and whether an undo is possible."""

    segment: SegmentRow
    findings: list[FindingInfo]
    annotations: list[AnnotationInfo]
    can_undo: bool = False
    # The findings whose fix "apply fix" can place in the corrected text as it is now.
    placeable: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class SegmentFilter:
    """Which segments a review list shows; empty fields do not filter.

    ``checks``/``severities`` match segments with a finding of that check and severity (open
    findings only when ``open_only``); ``chrf_min``/``chrf_max`` bound the MT's chrF (segments
    without a score are left out once a bound is set); ``text`` searches all four texts;
    ``deleted`` keeps only the segments deleted in the correction (True) or only the others (False);
    ``uncertain`` keeps the segments whose link is still uncertain (an open "alignment uncertain" finding).
    """

    checks: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    open_only: bool = False
    statuses: tuple[str, ...] = ()
    chrf_min: float | None = None
    chrf_max: float | None = None
    text: str = ""
    deleted: bool | None = None
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class SegmentPage:
    """One page of a filtered, sorted segment list and the list's full length."""

    rows: list[SegmentRow]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What a review action did: the segment's new version and the event that records it."""

    segment_id: int
    version: int
    event_id: int
    message: str = ""


@dataclass(frozen=True, slots=True)
class UserInfo:
    """An account as listed for admins (never its password hash)."""

    id: int
    name: str
    role: str
    active: bool
    demo: bool
    created_at: datetime
    last_login_at: datetime | None
    locked_until: datetime | None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class AssignmentInfo:
    """A document assigned to a reviewer, with the document's review progress."""

    id: int
    document_id: int
    document: str
    project_id: int
    project: str
    user_id: int
    user: str
    assigned_by: str
    created_at: datetime
    segments: int = 0
    reviewed: int = 0


@dataclass(frozen=True, slots=True)
class ReviewerProgress:
    """One person's work on some documents: what is assigned to them, how far it is, what they did."""

    name: str
    role: str
    documents: int
    segments: int
    reviewed: int
    actions: int
    last_action: datetime | None
