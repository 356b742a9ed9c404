"""Terminology: a TSV glossary of forbidden terms, and consistency of terms within a document.

Glossary file: ``wrong<TAB>right[<TAB>note]`` per line; ``#`` comments and blank lines ignored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import regex

from review_app.checks.base import Check, DocumentContext, Example, Finding, GlossaryEntry
from review_app.checks.textutil import vocab
from review_app.errors import InputError
from review_app.text.acronyms import NAME_RE, definitions
from review_app.text.cells import neutralize_cell, unneutralize_cell
from review_app.text.ingest import read_text
from review_app.text.phrases import PhraseMatcher, phrase_pattern


def format_glossary(entries: Sequence[GlossaryEntry]) -> str:
    """Entries as glossary TSV (``wrong<TAB>right[<TAB>note]``, one per line), safe to open in a spreadsheet:
    a cell it would run as a formula gets the leading ``'`` of :mod:`review_app.text.cells`, which
    :func:`parse_glossary` strips again (the round trip is exact)."""
    return "".join("\t".join(neutralize_cell(cell) for cell in (e.wrong, e.right, *([e.note] if e.note else [])))
                   + "\n" for e in entries)


def parse_glossary(text: str, label: str | Path = "<glossary>") -> list[GlossaryEntry]:
    """Entries of a glossary TSV; a malformed line raises :class:`InputError` naming file and line. A cell
    neutralised for spreadsheets (``'=…``, see :func:`format_glossary`) reads as it was before."""
    entries: list[GlossaryEntry] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [unneutralize_cell(f.strip()) for f in line.split("\t")]
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


@lru_cache(maxsize=8)
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


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_UPPER + _ASCII_UPPER.lower()


def _shouting(line: str) -> bool:
    """An ALL-CAPS line: it says nothing about spelling."""
    if line.isascii():  # most lines: upper-case letters and letters counted by deleting them from the bytes
        data = line.encode("ascii")
        upper = len(data) - len(data.translate(None, _ASCII_UPPER))
        letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
        return upper > 0.6 * max(1, letters)
    return sum(map(str.isupper, line)) > 0.6 * max(1, sum(map(str.isalpha, line)))


NamedAcronym = tuple[str, frozenset[str], str]  # (acronym, content words of the name, name)


@lru_cache(maxsize=1 << 16)
def _line_words(line: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[NamedAcronym, ...]]:
    """A line's tokens and their variant keys (none in an ALL-CAPS line), and the names it defines with an
    acronym. Found by the regex engine and string methods over the whole line, not token by token in Python."""
    tokens: tuple[str, ...] = () if _shouting(line) else tuple(TOKEN_RE.findall(line))
    # _variant_key of every token at once: case folding maps each character on its own and no token holds a
    # newline, so the joined keys split back into one key per token.
    keys = tuple(_variant_key("\n".join(tokens)).split("\n")) if tokens else ()
    # A definition needs its acronym in brackets: most lines have none.
    defined = tuple((d.acronym, frozenset(_content(NAME_WORD_RE.findall(d.name))), d.name)
                    for d in definitions(line)) if "(" in line else ()
    return tokens, keys, defined


@lru_cache(maxsize=1 << 16)
def _line_terms(line: str) -> tuple[tuple[tuple[int, str, str], ...], tuple[NamedAcronym, ...]]:
    """A line's tokens (start, token, variant key; none in an ALL-CAPS line) and the names it defines
    with an acronym. Memoised: the spellings follow the document line by line as reviewers edit it."""
    tokens, keys, defined = _line_words(line)
    starts = (m.start() for m in TOKEN_RE.finditer(line)) if tokens else ()
    return tuple(zip(starts, tokens, keys, strict=True)), defined


@dataclass(slots=True)
class _Form:
    count: int
    first: tuple[int, int]  # (line, start) of its first occurrence in document order
    lines: dict[int, tuple[int, int]]  # line -> (occurrences, first start in that line); filled at a first edit


class TermForms:
    """A document's spellings: every form of each token (by variant key) with its count, the most common
    form of each key (ties: the form written first), and the names defined with an acronym ("One Belt,
    One Road Initiative (OBOR)").

    It follows the document line by line (:meth:`replace`), as reviewers' edits change it.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines: list[str] = list(lines)
        self._forms: dict[str, dict[str, _Form]] = {}  # filed at a first edit (see _file_by_line)
        self._top: dict[str, tuple[str, int]] = {}
        self._defined: dict[int, tuple[NamedAcronym, ...]] = {}
        self._all_defined: list[NamedAcronym] | None = None
        self._by_line = False
        # Until a first edit (most documents are checked once) the spellings are counted by the interpreter's
        # C code over whole lines: how often each form is written, its variant key, and the forms in the order the
        # document first writes them (a dict keeps its first insertion), which settles the most common form's ties
        # as the first occurrence (line, start) does.
        found = list(map(_line_words, self._lines))
        self._counts: Counter[str] = Counter(chain.from_iterable(t for t, _k, _d in found))
        self._key_of: dict[str, str] = dict(zip(chain.from_iterable(t for t, _k, _d in found),
                                                 chain.from_iterable(k for _t, k, _d in found), strict=True))
        self._known = frozenset(self._lines)
        for index, (_tokens, _keys, defined) in enumerate(found):
            if defined:
                self._defined[index] = defined
        # A key's only form (the last one written for a key of several, which are filed below instead).
        self._one: dict[str, str] = dict(zip(self._key_of.values(), self._key_of, strict=True))
        several: dict[str, list[str]] = {}
        if len(self._one) < len(self._key_of):
            one = self._one
            for form, key in self._key_of.items():  # a key of several forms: its last one comes last
                if one[key] != form or key in several:
                    several.setdefault(key, []).append(form)
        # Each form whose line gets a note (the token alone decides: its key is a function of it).
        self._notes: dict[str, tuple[str, int]] = {}
        counts = self._counts
        for forms in several.values():
            top = max(forms, key=counts.__getitem__)  # the first of the most common forms in document order
            top_n = counts[top]
            self._top[self._key_of[top]] = (top, top_n)
            for form in forms:
                if form != top and counts[form] < top_n and _is_variant_pair(form, top):
                    self._notes[form] = (top, top_n)

    def _file_by_line(self) -> None:
        """Every form's count, first occurrence and occurrences line by line (the document as it now reads,
        before a first edit): what :meth:`replace` keeps up to date."""
        self._by_line = True
        self._top.clear()
        forms_of = self._forms
        for index, line in enumerate(self._lines):
            for start, token, key in _line_terms(line)[0]:
                forms = forms_of.get(key)
                if forms is None:
                    forms_of[key] = forms = {}
                stats = forms.get(token)
                if stats is None:
                    forms[token] = _Form(1, (index, start), {index: (1, start)})
                else:
                    stats.count += 1  # lines come in order: the first occurrence stays first
                    seen = stats.lines.get(index)
                    stats.lines[index] = (seen[0] + 1, seen[1]) if seen else (1, start)

    def replace(self, index: int, line: str) -> None:
        """Line ``index`` of the document is now ``line``."""
        if self._lines[index] != line:
            if not self._by_line:
                self._file_by_line()
            self._remove(index, self._lines[index])
            self._lines[index] = line
            self._add(index, line)

    def top(self, key: str) -> tuple[str, int] | None:
        """The most common form of a variant key and its count (None: the document never writes it)."""
        if not self._by_line:
            if key in self._top:
                return self._top[key]
            form = self._one.get(key)
            return None if form is None else (form, self._counts[form])
        if key not in self._top:
            forms = self._forms.get(key)
            if not forms:
                return None
            form, stats = min(forms.items(), key=lambda item: (-item[1].count, item[1].first))
            self._top[key] = (form, stats.count)
        return self._top[key]

    def count(self, key: str, form: str) -> int:
        """How often the document writes ``form``."""
        if not self._by_line:
            return self._counts[form] if self._key_of.get(form) == key else 0
        stats = self._forms.get(key, {}).get(form)
        return stats.count if stats is not None else 0

    def spelling_issues(self, line: str) -> list[tuple[int, int, str, str | None]]:
        """The minority spellings in ``line`` of words the document writes otherwise: (start, end, message,
        suggestion). Before a first edit the forms that get a note are known (most lines have none of them); after
        it, or for a line the document does not have, each token is compared with its key's most common form."""
        out: list[tuple[int, int, str, str | None]] = []
        if not self._by_line and line not in self._known:
            self._file_by_line()  # a line the document does not have: its forms are counted the general way
        if not self._by_line:
            notes = self._notes
            if notes and not notes.keys().isdisjoint(_line_words(line)[0]):
                for start, token, _key in _line_terms(line)[0]:
                    if (note := notes.get(token)) is not None:
                        out.append((start, start + len(token), _spelled(*note), note[0]))
            return out
        for start, token, key in _line_terms(line)[0]:
            forms = self._forms.get(key)
            if not forms or (len(forms) == 1 and token in forms):
                continue  # the document never writes the word, or writes it only this way (most words)
            best = self.top(key)
            if best is None:
                continue  # a word the document does not write (checked as a line it does not have)
            top, top_n = best
            if token != top and self.count(key, token) < top_n and _is_variant_pair(token, top):
                out.append((start, start + len(token), _spelled(top, top_n), top))
        return out

    @property
    def defined(self) -> list[NamedAcronym]:
        """The names defined with an acronym, in document order."""
        if self._all_defined is None:
            self._all_defined = [d for index in sorted(self._defined) for d in self._defined[index]]
        return self._all_defined

    def _add(self, index: int, line: str) -> None:
        tokens, defined = _line_terms(line)
        for start, token, key in tokens:
            forms = self._forms.setdefault(key, {})
            stats = forms.get(token)
            if stats is None:
                forms[token] = _Form(1, (index, start), {index: (1, start)})
            else:
                stats.count += 1
                seen = stats.lines.get(index)
                if seen:
                    stats.lines[index] = (seen[0] + 1, seen[1])
                else:
                    stats.lines[index] = (1, start)
                    if index < stats.first[0]:  # a line's own tokens come in order: only an earlier line is first
                        stats.first = (index, start)
            self._top.pop(key, None)
        if defined:
            self._defined[index] = defined
            self._all_defined = None

    def _remove(self, index: int, line: str) -> None:
        tokens, defined = _line_terms(line)
        for _start, token, key in tokens:
            forms = self._forms[key]
            stats = forms[token]
            stats.count -= 1
            seen = stats.lines[index]
            if seen[0] > 1:
                stats.lines[index] = (seen[0] - 1, seen[1])
            else:
                del stats.lines[index]
            if not stats.count:
                del forms[token]
                if not forms:
                    del self._forms[key]
            elif stats.first[0] == index and index not in stats.lines:
                stats.first = min((ln, first) for ln, (_n, first) in stats.lines.items())
            self._top.pop(key, None)
        if defined:
            del self._defined[index]
            self._all_defined = None


def _spelled(top: str, top_n: int) -> str:
    return f"spelled {top!r} elsewhere in the document ({top_n}×)"


def term_issues(document: TermForms, line: str) -> list[tuple[int, int, str, str | None]]:
    """Term inconsistencies of one line against the document's spellings: (start, end, message, suggestion).

    A minority spelling of a word the document writes otherwise (``e-mail`` where ``email`` is more
    common), and a second name for a concept the document defines with an acronym.
    """
    return _name_issues(document, line, document.spelling_issues(line))


def _name_issues(document: TermForms, line: str, out: list[tuple[int, int, str, str | None]]
                 ) -> list[tuple[int, int, str, str | None]]:
    """``out`` and the line's second names for a concept the document defines with an acronym."""
    if not document.defined:
        return out
    # The line's names filed by their last word (a variant ends in the defined name's last word), and each
    # distinct definition compared with those once: linear in a long line's names and definitions.
    by_last: dict[str, list[regex.Match[str]]] = defaultdict(list)
    for m in NAME_RE.finditer(line):
        by_last[m.group().split()[-1].lower()].append(m)
    variants: dict[tuple[str, str], list[tuple[int, int, str, str | None]]] = {}
    for acronym, content, name in document.defined:
        if (acronym, name) not in variants:
            last = name.split()[-1].lower()
            variants[acronym, name] = found = []
            for m in by_last.get(last, ()):
                span = _variant_of(m.group(), name, content, last)
                if span is not None:
                    other = m.group()[span:]
                    msg = f"{other!r} and {name!r} ({acronym}) seem to name the same thing: use one form"
                    found.append((m.start() + span, m.end(), msg, None))
        out.extend(variants[acronym, name])  # once per definition, as each one names the concept
    return out


def _variant_of(other: str, name: str, content: AbstractSet[str], last: str) -> int | None:
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
    # The spellings follow the document as reviewers edit it; a note on one line can be settled elsewhere.
    tracked = ("term-consistency:forms",)
    consistency = True
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
        key = "term-consistency:forms"
        if key not in doc.cache:
            doc.cache[key] = TermForms(doc.lines)
        return [self.finding(s, e, msg, sug) for s, e, msg, sug in term_issues(doc.cache[key], text)]
