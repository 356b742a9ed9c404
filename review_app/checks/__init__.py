"""QA checks: the registry ``CHECKS``, check selection, and running checks over texts and segments.

>>> findings = run_checks("They are time—tested friends.", Context(target_lang="en"))
>>> [(f.check, f.start, f.end, f.suggestion) for f in findings]
[('dash-in-compound', 13, 14, '-')]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from review_app.checks.base import Check, Context, DocumentContext, Example, Finding, GlossaryEntry, at_or_above
from review_app.checks.chrome import PageChrome, PhotoCredit, TranslatorCredit
from review_app.checks.dashes import DashInCompound
from review_app.checks.fixer import FixResult, apply_fixes
from review_app.checks.glossary import GlossaryCheck, TermConsistency, load_glossary, parse_glossary
from review_app.checks.learned import ReferenceDifference
from review_app.checks.merge import one_per_problem
from review_app.checks.mojibake import Mojibake
from review_app.checks.numbers import Numbers
from review_app.checks.profile import Profile
from review_app.checks.profile import load_profile as _load_profile
from review_app.checks.punctuation import Brackets, Quotes, Spacing
from review_app.checks.repetition import DoubledWord
from review_app.checks.script import Untranslated, UntranslatedFragment
from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.plugins import CHECK_GROUP, load_group, skip

__all__ = [
    "CHECKS",
    "DEFAULT_FIX_IDS",
    "Check",
    "Context",
    "DocumentChecks",
    "DocumentContext",
    "Example",
    "Finding",
    "FixResult",
    "GlossaryEntry",
    "Profile",
    "apply_fixes",
    "at_or_above",
    "build_checks",
    "check_segments",
    "is_learned",
    "load_check_plugins",
    "load_glossary",
    "load_profile",
    "parse_glossary",
    "resolve_selection",
    "run_checks",
    "run_lines",
    "segments_context",
]

# The registry: id → check class. The CLI's ``checks`` listing and the app's lists come from here.
CHECKS: dict[str, type[Check]] = {
    cls.id: cls
    for cls in (
        DashInCompound,
        Untranslated,
        UntranslatedFragment,
        PageChrome,
        PhotoCredit,
        TranslatorCredit,
        GlossaryCheck,
        ReferenceDifference,
        TermConsistency,
        Numbers,
        Quotes,
        Brackets,
        Spacing,
        DoubledWord,
        Mojibake,
    )
}



def load_check_plugins() -> list[str]:
    """Add the installed plugins' checks (entry point group ``review_app.checks``: each a :class:`Check`
    subclass with a new id) to :data:`CHECKS`; the ids added. Run once on import."""
    added = []
    for name, loaded in load_group(CHECK_GROUP):
        if not (isinstance(loaded, type) and issubclass(loaded, Check)):
            skip(CHECK_GROUP, name, "it is not a subclass of review_app.checks.base.Check")
        elif not loaded.id or loaded.id in CHECKS:
            skip(CHECK_GROUP, name, f"the check id {loaded.id!r} is {'taken' if loaded.id else 'empty'}")
        else:
            CHECKS[loaded.id] = loaded
            added.append(loaded.id)
    return added


load_check_plugins()


def is_learned(check_id: str) -> bool:
    """The check's findings are learned from the reference (``reference-term``), not QA findings: counted apart.
    Asked of the registry each time, so a plugin's check counts as it declares."""
    check = CHECKS.get(check_id)
    return check is not None and check.learned


# What ``fix`` applies when not told otherwise: the checks whose suggestions are safe.
DEFAULT_FIX_IDS: tuple[str, ...] = tuple(cid for cid, cls in CHECKS.items() if cls.safe)


def load_profile(path: str | Path) -> Profile:
    """Read and validate a TOML profile file of the registered checks."""
    return _load_profile(path, CHECKS)


def _match(selector: str) -> list[str]:
    """Check ids a selector names: an id, an id prefix up to a hyphen (``dash``), or an alias."""
    sel = selector.strip().lower()
    return [cid for cid, cls in CHECKS.items() if cid == sel or cid.startswith(sel + "-") or sel in cls.aliases]


def resolve_selection(
    only: Iterable[str] | None = None, skip: Iterable[str] | None = None, *, base: Iterable[str] | None = None
) -> list[str]:
    """Check ids to run, in registry order: ``only`` (or ``base``, or all) minus ``skip``.

    Unknown selectors raise :class:`InputError` listing the known ids.
    """

    def expand(selectors: Iterable[str], label: str) -> set[str]:
        ids: set[str] = set()
        for sel in selectors:
            if not sel.strip():
                continue
            matched = _match(sel)
            if not matched:
                raise InputError(label, f"unknown check {sel.strip()!r} (known: {', '.join(CHECKS)})")
            ids.update(matched)
        return ids

    chosen = expand(only, "--checks") if only is not None else set(base if base is not None else CHECKS)
    chosen -= expand(skip or (), "--skip")
    return [cid for cid in CHECKS if cid in chosen]


def build_checks(ids: Iterable[str] | None = None, profile: Profile | None = None) -> list[Check]:
    """Instances of the selected checks (all by default), tuned and filtered by ``profile``."""
    wanted = list(CHECKS) if ids is None else list(ids)
    profile = profile or Profile()
    checks = []
    for cid in wanted:
        if not profile.enabled(cid):
            continue
        cls = CHECKS[cid]
        checks.append(cls(severity=profile.severity.get(cid), **profile.options.get(cid, {})))
    return checks


def _line_findings(checks: Sequence[Check], doc: DocumentContext) -> list[Finding]:
    """Every check's findings on the current line of ``doc``, numbered with its 1-based line."""
    return [
        Finding(doc.index + 1, f.start, f.end, f.check, f.category, f.severity, f.message, f.suggestion)
        for check in checks
        for f in check.find(doc.line, doc)
    ]


def _ordered(found: list[Finding], lines: Sequence[str]) -> list[Finding]:
    found.sort(key=lambda f: (f.line, f.start, f.end, f.check))
    return one_per_problem(found, lines, list(CHECKS))


def run_lines(
    lines: Sequence[str], context: Context | None = None, checks: Sequence[Check] | None = None
) -> list[Finding]:
    """Run ``checks`` on every line of a document; findings sorted by line, start, end, check."""
    context = context or Context()
    checks = build_checks() if checks is None else checks
    cache: dict[str, object] = {}
    found: list[Finding] = []
    for index in range(len(lines)):
        found.extend(_line_findings(checks, DocumentContext(lines, index, context, cache)))
    return _ordered(found, lines)


class DocumentChecks:
    """A checked document that reviewers edit line by line, ready to check one line again without checking
    the document again.

    ``document`` is the document as first checked; :meth:`set_line` records an edit, so ``lines`` is
    the document as it now reads. The document-level statistics the checks declare
    (:attr:`Check.statistics`: dash and spacing style, terms learned from the reference, the source's
    numbers) are computed once from ``document`` and reused; the analyses they declare as
    :attr:`Check.tracked` (spellings) follow ``lines`` edit by edit; everything else, the line's own
    checks and the analyses of the lines around it (page structure, quotation pairs), runs on every
    call. ``check_line(i, lines[i])`` on an unedited document finds exactly what :func:`run_lines` finds.
    """

    def __init__(self, lines: Sequence[str], context: Context | None = None,
                 checks: Sequence[Check] | None = None) -> None:
        self.document = tuple(lines)
        self.lines = list(lines)
        self.context = context or Context()
        self.checks = build_checks() if checks is None else list(checks)
        self._statistic_keys = frozenset(key for check in self.checks for key in check.statistics)
        self._tracked_keys = frozenset(key for check in self.checks for key in check.tracked)
        self._cache: dict[str, Any] = {}  # statistics and tracked analyses only

    def set_line(self, index: int, text: str) -> None:
        """Line ``index`` (0-based) of the document now reads ``text``."""
        if self.lines[index] != text:
            self.lines[index] = text
            for key in self._tracked_keys & self._cache.keys():
                self._cache[key].replace(index, text)

    def check_line(self, index: int, text: str, only: Collection[str] | None = None) -> list[Finding]:
        """Findings of ``text`` as line ``index`` (0-based) of the document, every other line as it now reads
        (the document itself is left as it is); ``only``: just these checks. ``line`` in the findings is
        ``index + 1``, offsets are into ``text``."""
        if not 0 <= index < len(self.lines):
            raise IndexError(f"line {index} is outside the document's {len(self.lines)} lines")
        was = self.lines[index]
        self.set_line(index, text)
        try:
            cache = dict(self._cache)
            checks = self.checks if only is None else [c for c in self.checks if c.id in only]
            found = _line_findings(checks, DocumentContext(self.lines, index, self.context, cache, self.document))
            lines = list(self.lines)
            for key in (self._statistic_keys | self._tracked_keys) & (cache.keys() - self._cache.keys()):
                self._cache[key] = cache[key]
        finally:
            self.set_line(index, was)
        return _ordered(found, lines)


def segments_context(base: Context | None, sources: Sequence[str | None], references: Sequence[str | None]
                     ) -> Context:
    """The context of a document of aligned segments: ``base``'s languages, glossary and batch repetition, and the
    segments' sources and references line by line (None when no segment has one)."""
    # replace(), not a new Context: every other field of the run's context (``repeated``) carries over.
    return replace(
        base or Context(),
        source_lines=[s or "" for s in sources] if any(sources) else None,
        reference_lines=[r or "" for r in references] if any(references) else None,
    )


def run_checks(text: str, context: Context | None = None, checks: Sequence[Check] | None = None) -> list[Finding]:
    """Run checks on a text (a document or one segment); ``line`` in findings is 1-based."""
    return run_lines(text.split("\n"), context, checks)


def check_segments(
    segments: Sequence[AlignedSegment], context: Context | None = None, checks: Sequence[Check] | None = None
) -> list[list[Finding]]:
    """Findings per aligned segment (``segment.mt`` checked against its ``src``/``ref``).

    The segments' MT texts form the document that document-level checks (chrome position,
    repetition, term consistency) see; each finding has ``line == 1`` and offsets into ``segment.mt``.
    """
    ctx = segments_context(context, [s.src for s in segments], [s.ref for s in segments])
    found = run_lines([s.mt for s in segments], ctx, checks)
    per_segment: list[list[Finding]] = [[] for _ in segments]
    for f in found:
        per_segment[f.line - 1].append(
            Finding(1, f.start, f.end, f.check, f.category, f.severity, f.message, f.suggestion)
        )
    return per_segment
