"""Sentence segmentation: lines first, then sentencex within a line, then rules where it errs.

A line is a paragraph (or a heading, a caption, a line of page chrome); a line without final
punctuation is therefore never glued to the next one. Within a line, ``sentencex`` (fast,
~300 languages) proposes boundaries and :func:`_repair` undoes its known mistakes:
dialogue tails (``— Will you go? — he asked.``), initials (``J. R. Smith``), abbreviations
followed by a lowercase word or a number, and fragments made only of closing punctuation.
"""

from __future__ import annotations

import regex
import sentencex

from review_app.model import Sentence

# A fragment that continues the previous sentence: it opens (after quotes, dashes, brackets
# and spaces) with a lowercase letter, or it holds no letter or digit at all.
_CONTINUATION = regex.compile(r"^[\s\p{Pd}\p{Pi}\p{Pf}\"'«»(\[]*(?:\p{Ll}|$)")
_ONLY_PUNCT = regex.compile(r"^[\s\p{P}]*$")
# The previous fragment ends with an initial ("J.", "В.") or a title like "M." / "Dr.".
_ENDS_WITH_INITIAL = regex.compile(r"(?:^|[\s(\"«])\p{Lu}\.\s*$")
_LAST_WORD = regex.compile(r"(\p{L}+)\.\s*$")
_STARTS_WITH_DIGIT = regex.compile(r"^\s*\d")

# Titles: a capitalised name follows and continues the sentence ("Dr. Smith", "проф. Иванов").
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "rep", "sen", "gov", "m",
                     "mm", "mme", "mlle", "ste", "hr", "fr", "проф", "акад", "св", "им", "ул"})
# Abbreviations after which a number continues the sentence ("Jan. 5", "No. 3", "ст. 15").
# Only those sentencex misses are needed; lowercase continuations are handled generally.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vol", "fig", "art", "p", "pp", "jan",
                     "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen",
                     "col", "lt", "sgt", "rep", "sen", "gov", "approx", "ca", "vs"}),
    "ru": frozenset({"г", "гг", "ст", "т", "тыс", "млн", "млрд", "руб", "коп", "ул", "пр", "д", "им", "св",
                     "проф", "акад", "см", "рис", "табл", "гл", "стр", "с", "п", "пп", "ок", "янв", "февр",
                     "авг", "сент", "окт", "нояб", "дек", "н", "э"}),
    "fr": frozenset({"m", "mm", "mme", "mlle", "dr", "st", "ste", "p", "art", "janv", "févr", "avr", "juil",
                     "sept", "oct", "nov", "déc", "n", "no", "vol", "cf", "env"}),
    "de": frozenset({"dr", "prof", "hr", "fr", "nr", "str", "bzw", "ca", "vgl", "s", "abs", "art", "jan",
                     "feb", "märz", "apr", "aug", "sept", "okt", "nov", "dez", "bd", "st"}),
}


def split_lines(text: str) -> list[Sentence]:
    """Segmented mode: one segment per non-blank line; a segment's id is its 0-based line number."""
    sentences = []
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped:
            start = line.index(stripped[0])
            sentences.append(Sentence(number, stripped, number, start, start + len(stripped)))
    return sentences


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    """Split a document into sentences, each with its line number and offsets within the line.

    Ids are 0-based in document order. Blank lines only separate paragraphs.
    """
    lang = (lang or "en").split("-")[0].lower()
    sentences: list[Sentence] = []
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        for start, end in _line_spans(line, lang):
            sentences.append(Sentence(len(sentences), line[start:end], number, start, end))
    return sentences


def _line_spans(line: str, lang: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences in one line, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in sentencex.segment(lang, line):
        # sentencex returns consecutive pieces; locate each to keep exact offsets.
        at = line.find(piece, cursor) if piece else -1
        if at == -1:
            at = cursor
        cursor = at + len(piece)
        stripped = piece.strip()
        if not stripped:
            continue
        start = at + piece.index(stripped[0])
        spans.append((start, start + len(stripped)))
    if not spans:
        stripped = line.strip()
        start = line.index(stripped[0])
        return [(start, start + len(stripped))]
    return _repair(line, spans, lang)


def _repair(line: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Merge fragments that sentencex split wrongly into the previous sentence."""
    abbreviations = _ABBREVIATIONS.get(lang, frozenset())
    merged: list[tuple[int, int]] = [spans[0]]
    for start, end in spans[1:]:
        previous = line[merged[-1][0] : merged[-1][1]]
        fragment = line[start:end]
        if _continues(previous, fragment, abbreviations):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _continues(previous: str, fragment: str, abbreviations: frozenset[str]) -> bool:
    """Whether ``fragment`` is the tail of the sentence ending with ``previous``."""
    if _ONLY_PUNCT.match(fragment) or _CONTINUATION.match(fragment):
        return True
    if _ENDS_WITH_INITIAL.search(previous):
        return True
    last = _LAST_WORD.search(previous)
    if last and (last.group(1).lower() in abbreviations or last.group(1).lower() in _TITLES):
        word = last.group(1).lower()
        return word in _TITLES or bool(_STARTS_WITH_DIGIT.match(fragment))
    return False
