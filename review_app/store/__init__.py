"""Persistence of review work over SQLAlchemy: one :class:`Store` class, plain records, clear errors.

Every reviewer action is one transaction with one row in an append-only event log; segments
carry a version so that a stale write is refused (:class:`ConflictError`) instead of silently
overwriting another reviewer's work.
"""

from review_app.formats import EXPORT_FORMATS
from review_app.settings import DEFAULT_DB, resolve_db_url
from review_app.store.auth import Actor, Operator, User
from review_app.store.batch import BatchResult, PartialBatchError, Plan, PlannedChange, SegmentChange
from review_app.store.db import ENV_VAR
from review_app.store.effort import EffortReport, PostEdit, ReviewerEffort
from review_app.store.export import APE_FORMATS, REPORT_FORMATS
from review_app.store.glossary import GlossaryChange
from review_app.store.plans import EditOffer
from review_app.store.presence import PresenceInfo
from review_app.store.realign import RealignResult
from review_app.store.records import (
    DELETED_CHOICES,
    SORTS,
    ActionResult,
    AnnotationInfo,
    AssignmentInfo,
    BusyError,
    CommentInfo,
    ConflictError,
    DocumentInfo,
    EventInfo,
    FindingGroup,
    FindingInfo,
    FindingRow,
    FixError,
    LoginError,
    PermissionDenied,
    ProjectInfo,
    ReviewerProgress,
    SegmentDetail,
    SegmentFilter,
    SegmentPage,
    SegmentRow,
    StoreError,
    UserInfo,
    is_deleted,
)
from review_app.store.reports import CorpusReport, MqmReport, ReviewProgress
from review_app.store.repository import Store
from review_app.store.runs import NewRun, RunInfo
from review_app.store.texts import DocumentTexts

__all__ = [
    "APE_FORMATS",
    "DEFAULT_DB",
    "DELETED_CHOICES",
    "ENV_VAR",
    "EXPORT_FORMATS",
    "REPORT_FORMATS",
    "SORTS",
    "ActionResult",
    "Actor",
    "AnnotationInfo",
    "AssignmentInfo",
    "BatchResult",
    "BusyError",
    "CommentInfo",
    "ConflictError",
    "CorpusReport",
    "DocumentInfo",
    "DocumentTexts",
    "EditOffer",
    "EffortReport",
    "EventInfo",
    "FindingGroup",
    "FindingInfo",
    "FindingRow",
    "FixError",
    "GlossaryChange",
    "LoginError",
    "MqmReport",
    "NewRun",
    "Operator",
    "PartialBatchError",
    "PermissionDenied",
    "Plan",
    "PlannedChange",
    "PostEdit",
    "PresenceInfo",
    "ProjectInfo",
    "RealignResult",
    "ReviewProgress",
    "ReviewerEffort",
    "ReviewerProgress",
    "RunInfo",
    "SegmentChange",
    "SegmentDetail",
    "SegmentFilter",
    "SegmentPage",
    "SegmentRow",
    "Store",
    "StoreError",
    "User",
    "UserInfo",
    "is_deleted",
    "resolve_db_url",
]
