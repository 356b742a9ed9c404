"""The review vocabulary, defined once: severities, MQM categories and weights, statuses, colours.

Checks, the store, MQM scoring, the CLI, the reports and the app all read these names from here,
so a severity or a status means the same thing everywhere and is spelled in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

# Severity of a QA finding or an MQM annotation, mildest first (so ``index`` ranks them).
SEVERITIES: tuple[str, ...] = ("neutral", "minor", "major", "critical")

# One colour per severity for every chart, badge, report and MQM tag: four distinct hues (grey, blue,
# orange, dark red; also apart in lightness), each at least 4.5:1 against white so that a thin underline
# stays visible, and none of them the yellow that marks a QA finding in a text.
SEVERITY_COLORS: dict[str, str] = {"critical": "#991b1b", "major": "#c2410c", "minor": "#1d4ed8",
                                   "neutral": "#64748b"}
# Streamlit's named badge colours (``:orange-badge[...]``) for the same severities.
SEVERITY_BADGES: dict[str, str] = {"critical": "red", "major": "orange", "minor": "blue", "neutral": "gray"}
# The highlighter a QA finding's text gets (a background), whatever its severity: MQM tags are underlined.
FINDING_HIGHLIGHT = "#fde68a"

# How an empty value (a score without a reference, the baseline's p-value) shows in every table and report.
NO_VALUE = "—"


def shown(value: float | None, spec: str = ".1f") -> str:
    """A score as text in ``spec``'s format, or :data:`NO_VALUE` when there is none."""
    return NO_VALUE if value is None else format(value, spec)


# Colours of compared systems (series in charts), in system order; repeats after ten.
SERIES_COLORS: tuple[str, ...] = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#db2777", "#65a30d",
                                  "#b45309", "#4f46e5", "#64748b")

# Review status of a segment: not yet reviewed, accepted as is, corrected, needs more work.
# STATUSES are the codes the database stores and the store's methods take; STATUS_LABELS are the one
# name of each status that people and files see: the app, the history, the URL and the ``status``
# field of every export print these words and nothing else.
STATUSES: tuple[str, ...] = ("todo", "accepted", "corrected", "needs_work")
STATUS_LABELS: dict[str, str] = {
    "todo": "to review",
    "accepted": "accepted",
    "corrected": "corrected",
    "needs_work": "needs work",
}


def status_code(name: str) -> str | None:
    """The code of a status given by its name (``"to review"``) or its code (``"todo"``); None when unknown."""
    if name in STATUS_LABELS:
        return name
    return next((code for code, label in STATUS_LABELS.items() if label == name), None)
STATUS_COLORS: dict[str, str] = {"todo": "#94a3b8", "accepted": "#16a34a", "corrected": "#2563eb",
                                 "needs_work": "#dc2626"}

# Roles of a user account, most powerful first: an admin manages users, projects and assignments and
# may change everything; a reviewer changes the documents assigned to them; a viewer only reads.
ROLES: tuple[str, ...] = ("admin", "reviewer", "viewer")
ROLE_LABELS: dict[str, str] = {
    "admin": "admin (users, projects, assignments, everything)",
    "reviewer": "reviewer (edits the documents assigned to them)",
    "viewer": "viewer (read-only: dashboards, exports)",
}

# State of a QA finding: open; closed by a reviewer (its fix applied, or dismissed); or resolved by an
# edit: the corrected text no longer has the problem (set by the store's re-check, never by hand).
# What an undo undid, by the undone event's kind, for the one-line result of Undo ("undid the edit").
UNDONE_LABELS: dict[str, str] = {
    "edit": "the edit", "status": "the status change", "apply-fix": "the fix",
    "apply-fix-all": "the fix of all similar findings", "apply-check-fixes": "the check's fixes",
    "apply-edit-all": "the edit applied everywhere", "batch": "the batch change",
    "dismiss": "the dismissal of a finding", "annotate": "the annotation",
    "delete-annotation": "the deletion of an annotation",
    "confirm-link": "the confirmation of the link", "merge-segments": "the merge", "split-segment": "the split",
    "move-sentence": "the move of a sentence", "detach-sentence": "the detachment of a sentence",
}

FINDING_STATES: tuple[str, ...] = ("open", "applied", "dismissed", "resolved")
FINDING_STATE_LABELS: dict[str, str] = {
    "open": "open",
    "applied": "applied",
    "dismissed": "dismissed",
    "resolved": "resolved by edit",
}
# Which text a finding's span points into: the MT (the checks at import) or the corrected text (a
# problem a reviewer's edit introduced, found by the re-check after it).
FINDING_SPANS: tuple[str, ...] = ("mt", "corrected")

# The MQM typology as used in Google's WMT annotations (which the checks' categories follow).
MQM_CATEGORIES: tuple[str, ...] = (
    "Accuracy/Mistranslation",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Accuracy/Untranslated",
    "Fluency/Grammar",
    "Fluency/Spelling",
    "Fluency/Punctuation",
    "Fluency/Register",
    "Fluency/Inconsistency",
    "Fluency/Character encoding",
    "Terminology/Wrong term",
    "Terminology/Inconsistent use of terminology",
    "Style/Awkward",
    "Locale convention/Number format",
    "Locale convention/Date format",
    "Locale convention/Currency format",
    "Design/Extraneous text",
    "Design/Markup",
    "Non-translation!",
    "Source error",
    "Other",
)

# Google's MQM TSV marks an annotated segment without errors with this pseudo-category/severity.
NO_ERROR = "No-error"
# Severities an MQM TSV row may carry: Google's scheme has no critical level but has "No-error".
MQM_TSV_SEVERITIES: frozenset[str] = frozenset({"neutral", "minor", "major", NO_ERROR.lower()})

# Google's scheme has no critical level; the MQM framework's usual critical multiplier is used for it.
CRITICAL_WEIGHT = 25.0


@dataclass(frozen=True, slots=True)
class MqmWeights:
    """Error weights by severity; the defaults are Google's WMT weights (Freitag et al. 2021)."""

    name: str = "google-wmt"
    major: float = 5.0
    minor: float = 1.0
    minor_punctuation: float = 0.1
    non_translation: float = 25.0
    critical: float = CRITICAL_WEIGHT

    def weight(self, category: str, severity: str) -> float:
        """Weight of one annotation as Google scores MQM TSV; ``ValueError`` for an unknown severity."""
        sev, cat = severity.lower(), category.lower()
        if sev == "major":
            return self.non_translation if cat.startswith("non-translation") else self.major
        if sev == "minor":
            return self.minor_punctuation if cat == "fluency/punctuation" else self.minor
        if sev in ("neutral", NO_ERROR.lower()):
            return 0.0
        raise ValueError(f"unknown MQM severity {severity!r}")

    def signature(self) -> str:
        """Everything that changes the number, to print beside it."""
        return (
            f"mqm|weights:{self.name}|major:{self.major:g}|minor:{self.minor:g}|minor-punct:{self.minor_punctuation:g}"
            f"|non-translation:{self.non_translation:g}|avg:raters>segments"
        )

    def describe(self) -> str:
        """The weights in words, for a caption beside a score."""
        return (f"major {self.major:g}, minor {self.minor:g}, minor punctuation {self.minor_punctuation:g}, "
                f"non-translation {self.non_translation:g}; critical {self.critical:g}")


GOOGLE_WMT = MqmWeights()
