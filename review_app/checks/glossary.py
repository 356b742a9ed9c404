"""Terminology: a TSV glossary of forbidden terms, and consistency of terms within a document.

Glossary file: ``wrong<TAB>right[<TAB>note]`` per line; ``#`` comments and blank lines ignored.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.checks.textutil import vocab
from review_app.errors import InputError
from review_app.text.acronyms import NAME_RE, definitions
from review_app.text.ingest import read_text
from review_app.text.phrases import PhraseMatcher, phrase_pattern


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


def _with_first_case(text: str, upper: bool) -> str:
    return (text[0].upper() if upper else text[0].lower()) + text[1:]


def parse_glossary(text: str, label: str | Path = "<glossary>") -> list[GlossaryEntry]:
    """Entries of a glossary TSV; a malformed line raises :class:`InputError` naming file and line."""
    entries: list[GlossaryEntry] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) not in (2, 3):
            raise InputError(
                label, f"line {number}: expected 'wrong<TAB>right[<TAB>note]', got {len(fields)} tab-separated field(s)"
            )
        wrong, right = fields[0], fields[1]
        if not wrong or not right:
            raise InputError(label, f"line {number}: empty term")
        if wrong == right:
            raise InputError(label, f"line {number}: the wrong and the right term are the same ({wrong!r})")
        entries.append(GlossaryEntry(wrong, right, fields[2] if len(fields) == 3 else ""))
    if not entries:
        raise InputError(label, "no glossary entries")
    return entries


def load_glossary(path: str | Path) -> list[GlossaryEntry]:
    """Read and parse a glossary TSV file."""
    return parse_glossary(read_text(path), path)


class GlossaryCheck(Check):
    """A term the glossary forbids, with the glossary's replacement in the occurrence's case."""

    id = "glossary"
    category = "Terminology/Wrong term"
    severity = "major"
    safe = True
    aliases = ("terms", "terminology")
    examples_flag = (
        Example(
            "the Friends of the World platform",
            glossary=(("Friends of the World", "Friends of Peace"),),
            expect=(1, 4, 24, "Friends of Peace"),
        ),
        Example("integration of the OBOR and EAEU", glossary=(("OBOR", "BRI"),), expect=(1, 19, 23, "BRI")),
        Example(
            "Cross-border data flows", glossary=(("cross-border", "transborder"),), expect=(1, 0, 12, "Transborder")
        ),
        Example(
            "NEW PEACEKEEPING FORCES",
            glossary=(("peacekeeping forces", "peacekeepers"),),
            expect=(1, 4, 23, "PEACEKEEPERS"),
        ),
    )
    examples_pass = (
        Example("the worldwide friends of the world", glossary=(("Friends of the World", "Friends of Peace"),)),
        Example("the OBORONA plant", glossary=(("OBOR", "BRI"),)),
        Example("the Belt and Road Initiative", glossary=(("Belt and Road", "Belt and Road Initiative"),)),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Occurrences of glossary ``wrong`` terms, whole words, skipping ones inside a ``right`` term."""
        if not doc.context.glossary:
            return []
        key = "glossary:matcher"
        if key not in doc.cache:  # once per run; the matcher itself once per glossary (cached)
            doc.cache[key] = glossary_matcher(tuple(doc.context.glossary))
        matcher: GlossaryMatcher = doc.cache[key]
        found: list[Finding] = []
        for n, (entry, spans) in enumerate(zip(matcher.entries, matcher.wrong.spans(text), strict=True)):
            if not spans:
                continue
            right_spans = [m.span() for m in matcher.right(n).finditer(text)]
            for start, end in spans:
                if any(s <= start and end <= e for s, e in right_spans):
                    continue
                suggestion = entry.suggestion_for(text[start:end])
                if suggestion is None:
                    continue
                note = f" ({entry.note})" if entry.note else ""
                found.append(
                    self.finding(start, end, f"glossary: use {entry.right!r}, not {entry.wrong!r}{note}", suggestion)
                )
        return found


class GlossaryMatcher:
    """A glossary compiled for matching: one index over every ``wrong`` term, each ``right`` term's
    pattern compiled on first need. Per line the cost does not grow with the number of terms."""

    def __init__(self, entries: tuple[GlossaryEntry, ...]) -> None:
        self.entries = entries
        self.wrong = PhraseMatcher([e.wrong for e in entries])
        self._right: dict[int, regex.Pattern[str]] = {}

    def right(self, n: int) -> regex.Pattern[str]:
        """The pattern of entry ``n``'s right term (where a wrong term inside it is no error)."""
        if n not in self._right:
            self._right[n] = phrase_pattern(self.entries[n].right)
        return self._right[n]


@functools.lru_cache(maxsize=8)
def glossary_matcher(entries: tuple[GlossaryEntry, ...]) -> GlossaryMatcher:
    """The matcher of a glossary, built once per process for each of the last few glossaries."""
    return GlossaryMatcher(entries)


# --- consistency ------------------------------------------------------------------------------

TOKEN_RE = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
NAME_WORD_RE = regex.compile(r"\p{Lu}[\p{L}\p{N}]*(?:[-—–]\p{L}+)*")
NAME_GLUE = vocab(
    """
    and of the for on in de la и по
    """
)


def _variant_key(token: str) -> str:
    return token.casefold().replace("-", "").replace("'", "").replace("’", "")


def _is_variant_pair(a: str, b: str) -> bool:
    """Spelling variants worth a note: hyphenation (e-mail/email) or acronym case (COVID/Covid)."""
    if a.replace("-", "") != a or b.replace("-", "") != b:
        return a.lower() != b.lower() or a.replace("-", "") == b.replace("-", "")
    if a.islower() or b.islower() or a[1:] == b[1:]:
        return False  # word vs acronym (us/US), or only sentence-initial capitalisation
    return (a.isupper() or b.isupper()) and len(a) >= 3


def _content(words: Sequence[str]) -> set[str]:
    return {w.lower().strip("—–-") for w in words if w.lower() not in NAME_GLUE}


def analyse_terms(lines: Sequence[str]) -> dict[int, list[tuple[int, int, str, str | None]]]:
    """Term inconsistencies per line index: (start, end, message, suggestion)."""
    out: dict[int, list[tuple[int, int, str, str | None]]] = defaultdict(list)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    places: list[tuple[int, int, int, str]] = []
    for i, line in enumerate(lines):
        if sum(c.isupper() for c in line) > 0.6 * max(1, sum(c.isalpha() for c in line)):
            continue  # ALL-CAPS headlines say nothing about spelling
        for m in TOKEN_RE.finditer(line):
            forms[_variant_key(m.group())][m.group()] += 1
            places.append((i, m.start(), m.end(), m.group()))
    for i, start, end, token in places:
        counts = forms[_variant_key(token)]
        top, top_n = counts.most_common(1)[0]
        if token != top and counts[token] < top_n and _is_variant_pair(token, top):
            out[i].append((start, end, f"spelled {top!r} elsewhere in the document ({top_n}×)", top))
    _acronym_variants(lines, out)
    return out


def _acronym_variants(lines: Sequence[str], out: dict[int, list[tuple[int, int, str, str | None]]]) -> None:
    """A name defined with an acronym ("One Belt, One Road Initiative (OBOR)") and named otherwise elsewhere."""
    defined: list[tuple[str, str]] = [(d.acronym, d.name) for line in lines for d in definitions(line)]
    if not defined:
        return
    # The names of the document, found once and filed by their last word: a variant ends in the
    # defined name's last word. Each distinct definition is compared with those only, once.
    by_last: dict[str, list[tuple[int, regex.Match[str]]]] = defaultdict(list)
    for i, line in enumerate(lines):
        for m in NAME_RE.finditer(line):
            by_last[m.group().split()[-1].lower()].append((i, m))
    variants: dict[tuple[str, str], list[tuple[int, tuple[int, int, str, str | None]]]] = {}
    for acronym, name in defined:
        if (acronym, name) not in variants:
            content, last = _content(NAME_WORD_RE.findall(name)), name.split()[-1].lower()
            variants[acronym, name] = found = []
            for i, m in by_last.get(last, ()):
                span = _variant_of(m.group(), name, content, last)
                if span is not None:
                    other = m.group()[span:]
                    msg = f"{other!r} and {name!r} ({acronym}) seem to name the same thing: use one form"
                    found.append((i, (m.start() + span, m.end(), msg, None)))
        for i, note in variants[acronym, name]:  # once per definition, as each one names the concept
            out[i].append(note)


def _variant_of(other: str, name: str, content: set[str], last: str) -> int | None:
    """Offset in ``other`` of its longest tail that names ``name``'s concept differently, or None.

    Same head word, at least three of the name's words and nothing else ("Belt and Road Initiative"
    for "One Belt — One Road Initiative"); a sentence-initial word before it is cut off.
    """
    if other.split()[-1].lower() != last:
        return None
    for w in NAME_WORD_RE.finditer(other):
        tail = other[w.start() :]
        if tail == name or name.endswith(tail) or tail.endswith(name):
            return None
        words = _content(NAME_WORD_RE.findall(tail))
        if len(words) >= 3 and words <= content:
            return w.start()
    return None


class TermConsistency(Check):
    """The same term written two ways in one document (e-mail/email, COVID/Covid, two names for one acronym)."""

    id = "term-consistency"
    category = "Terminology/Inconsistent use of terminology"
    severity = "neutral"
    safe = False
    aliases = ("terms", "terminology", "consistency")
    examples_flag = (
        Example("Send an e-mail today.\nThe e-mail came.\nThe email was late.", expect=(3, 4, 9, "e-mail")),
        Example(
            "the One Belt — One Road Initiative (OBOR) began.\nLater the Belt and Road Initiative grew.",
            expect=(2, 10, 34, None),
        ),
    )
    examples_pass = (
        Example("The US said so.\nLet us go.\nThe Group met. The group agreed."),
        Example("NEWS FROM THE FRONT\nThe news came late."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Notes on minority spellings and on second names for an acronym's concept."""
        key = "term-consistency:analysis"
        if key not in doc.cache:
            doc.cache[key] = analyse_terms(doc.lines)
        return [self.finding(s, e, msg, sug) for s, e, msg, sug in doc.cache[key].get(doc.index, [])]
