"""The building blocks of every QA check: findings, contexts, examples and the ``Check`` base class.

A check is one small class: a stable ``id``, its docstring as the title, an MQM ``category``,
a default ``severity``, whether its suggestions are ``safe`` to apply unattended, optional
``defaults`` (tunable options) and ``find(text, doc) -> list[Finding]`` over one line (or one
segment) with the whole document visible through :class:`DocumentContext`.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import regex

from review_app.checks.textutil import vocab
from review_app.text.phrases import phrase_pattern
from review_app.vocab import SEVERITIES


def _with_first_case(text: str, upper: bool) -> str:
    return (text[0].upper() if upper else text[0].lower()) + text[1:]


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One forbidden term and its replacement; upper case in ``wrong`` makes matching case-aware."""

    wrong: str
    right: str
    note: str = ""

    @property
    def case_sensitive(self) -> bool:
        """Entries written with capitals (names, acronyms) match only in that case or in ALL CAPS."""
        return self.wrong != self.wrong.lower()

    def pattern(self) -> regex.Pattern[str]:
        """Whole-word, whitespace-tolerant, case-insensitive pattern for ``wrong``."""
        return phrase_pattern(self.wrong)

    def suggestion_for(self, found: str) -> str | None:
        """The replacement in the case of the occurrence ``found``; None when the case does not match."""
        if found.isupper() and len(found) > 1 and not self.wrong.isupper():
            return self.right.upper()
        if self.case_sensitive:
            if found == self.wrong or (found.isupper() and self.wrong.isupper()):
                return self.right
            if found[1:] == self.wrong[1:]:  # only the first letter's case differs: carry it over
                return _with_first_case(self.right, found[0].isupper())
            return None
        if found[0].isupper() and not self.right[0].isupper():
            return _with_first_case(self.right, True)
        return self.right


def at_or_above(severity: str, threshold: str) -> bool:
    """True when ``severity`` is ``threshold`` or worse (the ``--fail-on`` rule of ``check`` and ``qa``)."""
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)


# Scripts that write each target language; a language missing here is not checked for script.
LATIN_LANGS = vocab(
    """
    en de fr es it pt nl sv da no nb nn fi et lv lt pl cs sk sl hr bs ro hu tr id ms vi sq is ga cy eu ca gl
    af sw tl uz az
    """
)
CYRILLIC_LANGS = vocab(
    """
    ru uk be bg sr mk kk ky mn tg
    """
)
GREEK_LANGS = frozenset({"el"})


def script_of_language(lang: str | None) -> str | None:
    """``"Latin"``, ``"Cyrillic"``, ``"Greek"`` or None for a language code (``en``, ``ru-RU``)."""
    if not lang:
        return None
    base = lang.lower().replace("_", "-").split("-")[0]
    if base in LATIN_LANGS:
        return "Latin"
    if base in CYRILLIC_LANGS:
        return "Cyrillic"
    if base in GREEK_LANGS:
        return "Greek"
    return None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at ``line[start:end]``; ``suggestion`` replaces that span (None: only a person can fix it).

    ``line`` is 1-based (the physical line of the checked text, 1 for a single segment);
    ``start``/``end`` are 0-based character offsets within that line, end exclusive.
    """

    line: int
    start: int
    end: int
    check: str
    category: str
    severity: str
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``check`` JSONL output contract, keys in contract order."""
        return {
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "check": self.check,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(slots=True)
class Context:
    """What a run knows besides the text: languages, aligned source/reference lines, glossary.

    ``source_lines``/``reference_lines`` are used line by line when they have as many lines as
    the checked text (line-aligned corpora, aligned segments); otherwise only as whole documents.
    ``glossary`` is a list of :class:`GlossaryEntry`.
    ``repeated`` holds the short lines that recur across the documents of the batch or project
    (:func:`~review_app.checks.chrome.repeated_lines`): page furniture repeats from page to page, text does not.
    """

    target_lang: str | None = "en"
    source_lang: str | None = None
    source_lines: Sequence[str] | None = None
    reference_lines: Sequence[str] | None = None
    glossary: Sequence[GlossaryEntry] = ()
    repeated: frozenset[str] = frozenset()


def _content_length(lines: Sequence[str]) -> int:
    return len(lines) - 1 if lines and lines[-1] == "" else len(lines)


def line_aligned(lines: Sequence[str], others: Sequence[str]) -> bool:
    """``others`` goes line by line with ``lines``: as many lines, ignoring one empty last line (a final newline)."""
    return len(others) == len(lines) or _content_length(others) == _content_length(lines)


@dataclass(slots=True)
class DocumentContext:
    """One line being checked, with the whole document around it.

    ``lines`` are all the document's lines (or all segments' MT); ``index`` is the current one.
    ``cache`` is shared by every line of one run so document-level checks compute their
    analysis once (keyed by check id).

    ``document`` is the document as first checked, when ``lines`` are the document as reviewers have
    edited it since (:class:`~review_app.checks.DocumentChecks`). Document-level statistics that must
    not drift with their work (dash and spacing style, terms learned from the reference) come from
    :attr:`document_lines`; analyses of the text as it now reads (page structure, quotation pairs,
    spellings) read ``lines``.
    """

    lines: Sequence[str]
    index: int
    context: Context
    cache: dict[str, Any] = field(default_factory=dict)
    document: Sequence[str] | None = None

    @property
    def document_lines(self) -> Sequence[str]:
        """The lines document-level statistics are computed from (``document``, else ``lines``)."""
        return self.lines if self.document is None else self.document

    @property
    def line(self) -> str:
        """The current line."""
        return self.lines[self.index]

    def _aligned(self, others: Sequence[str] | None) -> str | None:
        # Line-aligned when the counts agree, ignoring one empty last line (a final newline) on either side.
        if others is None:
            return None
        if line_aligned(self.lines, others):
            return others[self.index] if self.index < len(others) else ""
        return None

    @property
    def source_line(self) -> str | None:
        """The aligned source line, or None when the source is absent or not line-aligned."""
        return self._aligned(self.context.source_lines)

    @property
    def reference_line(self) -> str | None:
        """The aligned reference line, or None when absent or not line-aligned."""
        return self._aligned(self.context.reference_lines)

    @property
    def target_script(self) -> str | None:
        """Script of the target language (None when unknown)."""
        return script_of_language(self.context.target_lang)

    @property
    def source_script(self) -> str | None:
        """Script of the source language (None when unknown)."""
        return script_of_language(self.context.source_lang)


@dataclass(frozen=True, slots=True)
class Example:
    """A test case kept next to a check: ``text`` (one or more lines) and what the check must find.

    ``expect`` optionally pins the first finding as ``(line, start, end, suggestion)``.
    """

    text: str
    target_lang: str = "en"
    source_lang: str | None = None
    source: str | None = None
    reference: str | None = None
    glossary: tuple[tuple[str, str], ...] = ()
    expect: tuple[int, int, int, str | None] | None = None


class Check:
    """Base class: subclasses set the class attributes and implement :meth:`find`."""

    id: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[str] = "minor"
    safe: ClassVar[bool] = False
    # Extra selectors that pick this check on the command line (e.g. "credits").
    aliases: ClassVar[tuple[str, ...]] = ()
    # Tunable options with their defaults; a profile may override them (same type).
    defaults: ClassVar[dict[str, Any]] = {}
    # Keys of ``doc.cache`` holding document-level statistics computed from ``doc.document_lines`` and
    # the context only: a re-check of one edited line reuses them. Any other cache entry is computed
    # again for every re-checked line (the safe default for an analysis that reads ``doc.lines``).
    statistics: ClassVar[tuple[str, ...]] = ()
    # Keys of ``doc.cache`` holding an analysis of ``doc.lines`` that follows the lines one by one (its
    # ``replace(index, line)`` method) instead of being computed again (see ``DocumentChecks``).
    tracked: ClassVar[tuple[str, ...]] = ()
    # The check compares a line with the document's other lines (term consistency): an edit of another
    # line can settle its finding, so a re-check looks at its findings elsewhere too.
    consistency: ClassVar[bool] = False
    # The findings are proposals learned from the reference (its consistent differences), not QA of the
    # MT: reports, compare and the dashboard count them apart, and release gates leave them out.
    learned: ClassVar[bool] = False
    examples_flag: ClassVar[tuple[Example, ...]] = ()
    examples_pass: ClassVar[tuple[Example, ...]] = ()

    def __init__(self, severity: str | None = None, **options: Any) -> None:
        unknown = set(options) - set(self.defaults)
        if unknown:
            raise ValueError(f"{self.id}: unknown option(s) {sorted(unknown)}")
        if severity is not None and severity not in SEVERITIES:
            raise ValueError(f"{self.id}: severity must be one of {', '.join(SEVERITIES)}")
        self.level = severity or type(self).severity
        self.options: dict[str, Any] = {**self.defaults, **options}

    @classmethod
    def title(cls) -> str:
        """The first line of the class's own docstring ("" when it has none: the registry test fails)."""
        doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
        return doc.splitlines()[0] if doc else ""

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
        *,
        severity: str | None = None,
    ) -> Finding:
        """A finding of this check on the current line (the runner sets the line number)."""
        return Finding(0, start, end, self.id, self.category, severity or self.level, message, suggestion)

    def whole_line(
        self, line: str, message: str, suggestion: str | None = "", *, severity: str | None = None
    ) -> Finding:
        """A finding covering the whole line; by default its suggestion deletes the line."""
        return self.finding(0, len(line), message, suggestion, severity=severity)

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Findings on ``text`` (the current line or segment, ``doc.line``); offsets within it."""
        raise NotImplementedError
