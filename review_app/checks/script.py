"""Untranslated text: words or lines in another script than the target's, lines in another language of the same
script, or copies of the source."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from review_app.checks.base import Check, DocumentContext, Example, Finding, script_of_language
from review_app.checks.langid import base_language, close_languages, detect_language, identify, other_language
from review_app.checks.mojibake import repair, repair_single_byte
from review_app.checks.textutil import (
    is_dialogue_line,
    is_fragment_shaped,
    mask_protected,
    script_of_char,
    script_of_word,
    vocab,
)
from review_app.text.wordstats import NOUN_CAPITALS, function_words_in, is_function_word, zipf

# A word with inner hyphens/apostrophes; digits glued to it (COVID-19, G7) are looked at separately.
WORD_RE = regex.compile(r"[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")
TOKEN_RE = regex.compile(r"\S+")
# A token with a letter in it: a word of the line (one C call rather than a test per character).
WORD_TOKEN_RE = regex.compile(r"\S*\p{L}\S*")
# A quotation inside a line: words mentioned, not the line's language ("When to use "wurde" versus "war"").
QUOTED_RE = regex.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]')
# Latin tokens a Cyrillic-script text keeps as they are: units and common abbreviations.
LATIN_KEPT = vocab(
    """
    km kg mg ml mm cm m g l s h kwh mwh gwh ghz mhz khz hz gb mb kb tb vs etc pm am feat aka ok
    """
)
# Small words inside multi-word names kept in Latin (Face the Nation, Press Trust of India, Mann ki Baat).
NAME_GLUE = vocab("of the on and for in at to a an de la le du des del da di do von van der den y et ki al el bin")
# A word at least this common in the source language (Zipf) may show that a run of words is the source's.
SOURCE_WORD_ZIPF = 2.5
# A run with one word only the source language writes is the source's when langid, between the two, is this sure.
COPY_MIN_PROB = 0.9
# Lone Greek letters are symbols (α-particle, μm, Ω), not untranslated text.
GREEK_SYMBOL_MAX = 1


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive foreign-script words: span, script, and how many of them are not allowed names."""

    start: int
    end: int
    script: str
    words: int
    suspicious: int


def _allowed_latin_in_cyrillic(word: str, token: str) -> bool:
    """Names and abbreviations Russian (etc.) text keeps in Latin: NATO, iPhone, COVID-19, Twitter, oOh!media."""
    if len(word) == 1 or word.lower() in LATIN_KEPT:
        return True
    if any(ch.isdigit() for ch in token) or any(ch.isupper() for ch in token[1:]):
        return True  # model numbers and brands written in mixed case belong to one name
    return word[0].isupper()


def _looks_single_byte_mojibake(word: str) -> bool:
    """CP1251 text shown as Latin-1 (Ðåöåíçèÿ): the mojibake check reports it, not this one."""
    high = sum("\u00c0" <= ch <= "\u00ff" for ch in word)
    return high >= 2 and high >= 0.5 * len(word)


def _count_suspicious(words: list[tuple[int, int, str, bool]], texts: list[str]) -> int:
    """Words not allowed as names, except glue words inside a name (Face the Nation, Trust of India)."""
    count = 0
    for k, (*_, allowed) in enumerate(words):
        if allowed:
            continue
        inside = 0 < k < len(words) - 1 and words[k - 1][3] and any(w[3] for w in words[k + 1 :])
        if inside and texts[k].lower() in NAME_GLUE:
            continue
        count += 1
    return count


_OTHER_LETTER = {name: regex.compile(rf"(?!\p{{Script={name}}})\p{{L}}") for name in ("Latin", "Cyrillic", "Greek")}


def foreign_runs(line: str, target_script: str) -> list[Run]:
    """Runs of words not in ``target_script`` (URLs and e-mail masked out first)."""
    other = _OTHER_LETTER.get(target_script)
    if other is not None and not other.search(line):
        return []  # the common case: every letter is in the target's script
    masked = mask_protected(line)
    token_spans = [m.span() for m in TOKEN_RE.finditer(masked)]
    token_starts = [start for start, _ in token_spans]
    runs: list[Run] = []
    current: list[tuple[int, int, str, bool]] = []
    texts: list[str] = []

    def close() -> None:
        if current:
            suspicious = _count_suspicious(current, texts)
            runs.append(Run(current[0][0], current[-1][1], current[0][2], len(current), suspicious))
            current.clear()
            texts.clear()

    for m in WORD_RE.finditer(masked):
        word = m.group()
        script = script_of_word(word)
        if script is None or script == target_script or _looks_single_byte_mojibake(word):
            close()
            continue
        if script == "Greek" and sum(script_of_char(c) == "Greek" for c in word) <= GREEK_SYMBOL_MAX:
            close()
            continue
        tok_start, tok_end = token_spans[bisect.bisect_right(token_starts, m.start()) - 1]
        token = masked[tok_start:tok_end]
        allowed = target_script == "Cyrillic" and script == "Latin" and _allowed_latin_in_cyrillic(word, token)
        if current and current[-1][2] != script:
            close()
        current.append((m.start(), m.end(), script, allowed))
        texts.append(word)
    close()
    return runs


def _letters(text: str) -> int:
    return len(regex.findall(r"\p{L}", text))


def _foreign_share(line: str, runs: list[Run]) -> float:
    total = _letters(mask_protected(line))
    return sum(_letters(line[r.start : r.end]) for r in runs) / total if total else 0.0


class Untranslated(Check):
    """Text left untranslated: source-script words in the target, a line in another language of the target's script
    (the source's or any other langid is sure of, source or not), or a sentence copied from the source."""

    id = "untranslated"
    category = "Accuracy/Untranslated"
    severity = "major"
    safe = False
    defaults: ClassVar[dict[str, Any]] = {
        "fragment_words": 5,
        "whole_line_share": 0.8,
        "langid_min_words": 6,
        "langid_min_prob": 0.95,
        # A line in another language than the target's, whatever the source: langid gives the target (and its
        # close varieties) at most this probability, over a line of at least this many words.
        "other_min_words": 4,
        "other_max_prob": 0.01,
        # ... unless at least this many of its words, and this share of them, are the target's function words (top 50).
        "other_function_share": 0.3,
        "other_function_min": 3,
        # A line whose other language is in its quotations only: the words outside them read as the target's, at
        # least this sure (langid between the two).
        "mention_min_prob": 0.9,
        # Words in a row copied from the source line into a line of the same script.
        "copy_min_words": 3,
    }
    examples_flag = (
        Example("The talks in Istanbul were described as очень полезные by both sides.", expect=(1, 40, 54, None)),
        Example("Переговоры прошли успешно, и стороны договорились о новой встрече.", expect=(1, 0, 66, None)),
        Example("Министр заявил, что the decision was made quickly.", target_lang="ru", expect=(1, 20, 49, None)),
        Example(
            "Die Regierung hat heute beschlossen, die Steuern im nächsten Jahr zu senken.",
            source_lang="de",
            expect=(1, 0, 76, None),
        ),
        Example("Same words here as in the source.", source="Same words here as in the source."),
    )
    examples_pass = (
        Example("NATO и ЕС обсудили iPhone 15, COVID-19 и Twitter на сайте https://example.com.", target_lang="ru"),
        Example("Компания Apple выпустила новый MacBook Pro весом 1,2 kg.", target_lang="ru"),
        Example("The α-particle is 5 μm wide.", source_lang="ru"),
        Example("Write to info@example.ru for details.", source_lang="ru"),
        Example("Озвучить текст"),  # a short fragment: the untranslated-fragment check's case
        Example("NATO", source="NATO"),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Foreign-script runs, whole untranslated lines, copies of the source line."""
        target = doc.target_script
        if not text.strip():
            return []
        runs = [r for r in foreign_runs(text, target) if r.suspicious] if target else []
        if runs:
            return self._script_findings(text, runs, doc)
        # Lines in the target's script, or in any script where the target's is not one the runs know (Chinese,
        # Arabic, Hindi …): the line's language tells.
        return self._line_language(text, doc)

    def _script_findings(self, text: str, runs: list[Run], doc: DocumentContext) -> list[Finding]:
        source_script = doc.source_script
        if _foreign_share(text, runs) >= self.options["whole_line_share"]:
            if is_fragment_shaped(text, self.options["fragment_words"]) and not is_dialogue_line(text):
                return []  # a label or alt text: reported (with a deletion) by untranslated-fragment
            run = runs[0]
            return [self.whole_line(text, f"line left in {run.script} script (untranslated)", None)]
        found = []
        for run in runs:
            from_source = source_script is None or run.script == source_script
            # One Latin word in Cyrillic text may be a name; anything else left untranslated is major.
            lone_latin = doc.target_script == "Cyrillic" and run.suspicious == 1
            severity = None if from_source and not lone_latin else "minor"
            what = "untranslated" if from_source else "unexpected"
            found.append(self.finding(run.start, run.end, f"{what} {run.script}-script text", None, severity=severity))
        return found

    def _line_language(self, text: str, doc: DocumentContext) -> list[Finding]:
        """A line with no foreign-script run: a copy of the source; the source language where it shares the target's
        script (de→en); any other language langid is sure of (a German line in English MT, English in Chinese MT,
        source unknown)."""
        source = doc.source_line
        stripped = text.strip()
        if source is not None and stripped == source.strip() and len(regex.findall(r"\p{L}{2,}", stripped)) >= 3:
            return [self.whole_line(text, "line identical to the source (not translated)", None)]
        src, tgt = base_language(doc.context.source_lang), base_language(doc.context.target_lang)
        tokens = WORD_TOKEN_RE.findall(stripped)
        if not tgt or len(tokens) < self.options["other_min_words"]:
            return []
        if sum(w[0].isupper() for w in tokens) >= 0.6 * len(tokens):
            return []  # names, titles, references: langid reads the names' origin, not the text's language
        if (src and src != tgt and doc.source_script == doc.target_script
                and len(tokens) >= self.options["langid_min_words"]):
            lang, prob = identify(stripped, (src, tgt))
            if lang == src and prob >= self.options["langid_min_prob"] and not self._mentions(stripped, tgt, src):
                return [self.whole_line(text, f"line is in the source language ({src}), not translated", None)]
        if source is not None and src != tgt:
            copied = self._copied_from_source(text, source, doc)
            if copied:
                return copied
        own, words = function_words_in(stripped, tgt)
        if own >= self.options["other_function_min"] and own >= self.options["other_function_share"] * words:
            return []  # the target's own function words: langid need not be asked (most lines; 0.1 ms a line)
        other = other_language(stripped, tgt, self.options["other_max_prob"])
        if other is not None and self._mentions(stripped, tgt, other):
            return []
        if other is None or repair(stripped) is not None or repair_single_byte(stripped) is not None:
            return []  # mojibake is the mojibake check's to report: its letters are no language's
        if src and other in close_languages(src):
            return [self.whole_line(text, f"line is in the source language ({other}), not translated", None)]
        return [self.whole_line(text, f"line is in another language ({other}), not in the target language ({tgt}): "
                                      "left untranslated, or text of another page", None)]

    def _mentions(self, stripped: str, tgt: str, other: str) -> bool:
        """The line's other language is in its quotations only: outside them, enough words that read as the
        target's rather than the other language (a line that is mostly one quotation is judged whole)."""
        outside = QUOTED_RE.sub(" ", stripped)
        if outside == stripped or len(WORD_TOKEN_RE.findall(outside)) < self.options["other_min_words"]:
            return False
        lang, prob = identify(outside, (tgt, other))
        return lang == tgt and prob >= self.options["mention_min_prob"]

    def _copied_from_source(self, text: str, source: str, doc: DocumentContext) -> list[Finding]:
        """A run of the source's words left in a line of the same script ("The minister said that die Steuern im
        nächsten Jahr gesenkt werden"): at least ``copy_min_words`` words in a row as in the source line, not a name,
        two of them the source language's and not the target's (a function word of one but not the other, or a word
        far more common in the source language), or one such word and langid sure the run is the source's."""
        given, tgt = base_language(doc.context.source_lang), base_language(doc.context.target_lang)
        if given and (given == tgt or script_of_language(given) != doc.target_script):
            return []  # the same language, or another script (whose copies are foreign runs): no need to look
        least = self.options["copy_min_words"]
        mt_words = [(m.start(), m.end(), m.group().casefold()) for m in WORD_RE.finditer(mask_protected(text))]
        src_words = [m.group().casefold() for m in WORD_RE.finditer(mask_protected(source))]
        runs = _shared_runs([w for _, _, w in mt_words], src_words, least)
        if not runs:
            return []  # most lines: no words in a row as in the source, so its language need not be known
        src = given or _source_language(doc)
        if not src or not tgt or src == tgt or script_of_language(src) != doc.target_script:
            return []  # another script's copies are foreign runs
        found = []
        for a, b in runs:
            run = mt_words[a:b]
            original = [text[start:end] for start, end, _ in run]
            if _name_like(original, src):
                continue  # a name or a title kept in the original (Place de la Concorde, Neue Zürcher Zeitung)
            start, end = run[0][0], run[-1][1]
            only = sum(_source_only(word, src, tgt) for _, _, word in run)
            if only < 2 and not (only and _reads_as(text[start:end], src, tgt)):
                continue  # words both languages write (in Berlin, the same loanwords)
            found.append(self.finding(start, end, f"untranslated: copied from the source ({src}): "
                                                  f"{text[start:end]!r}", None))
        return found


def _shared_runs(words: list[str], source: list[str], least: int) -> list[tuple[int, int]]:
    """The maximal runs ``(start, end)`` of ``words`` each of whose windows of ``least`` words is in ``source``
    in the same order: one pass over each side (most lines share no three words in a row with their source)."""
    windows = {tuple(source[i : i + least]) for i in range(len(source) - least + 1)}
    runs: list[tuple[int, int]] = []
    for i in range(len(words) - least + 1):
        if tuple(words[i : i + least]) in windows:
            if runs and runs[-1][1] >= i + least - 1:
                runs[-1] = (runs[-1][0], i + least)
            else:
                runs.append((i, i + least))
    return runs


def _name_like(words: list[str], src: str) -> bool:
    """Mostly capitalised, or every word but the source language's function words capitalised (Place de la
    Concorde), where the source language does not capitalise its nouns (German does: die Massenanziehung des)."""
    capitalised = [w[:1].isupper() for w in words]
    if sum(capitalised) >= 0.6 * len(words):
        return True
    content = [c for w, c in zip(words, capitalised, strict=True) if not is_function_word(w, src)]
    return src not in NOUN_CAPITALS and bool(content) and all(content)


def _reads_as(text: str, src: str, tgt: str) -> bool:
    """langid, choosing between the two languages only, is sure the words are the source's."""
    lang, prob = identify(text, (src, tgt))
    return lang == src and prob >= COPY_MIN_PROB


def _source_only(word: str, src: str, tgt: str) -> bool:
    """A word of the source language that the target does not write: a function word of the source but not of
    the target (die, im, und in English), or a word the source language writes at least a hundred times as often
    (Zipf 2 higher: eines, wo, Lager in French)."""
    if is_function_word(word, src) and not is_function_word(word, tgt):
        return True
    common = zipf(word, src)
    return common >= SOURCE_WORD_ZIPF and common - zipf(word, tgt) >= 2


def _source_language(doc: DocumentContext) -> str | None:
    """The source document's language by langid, asked once per run (the source language was not given)."""
    key = "untranslated:source-language"
    if key not in doc.cache:
        lines = doc.context.source_lines or ()
        # A few thousand characters tell the language as well as the whole document does, at a fraction of the cost.
        doc.cache[key] = base_language(detect_language("\n".join(lines), sample=4000)) if lines else None
    language: str | None = doc.cache[key]
    return language


class UntranslatedFragment(Check):
    """A short line in another script (image alt text, a widget label): delete it, or translate a heading."""

    id = "untranslated-fragment"
    category = "Accuracy/Untranslated"
    severity = "minor"
    safe = True
    defaults: ClassVar[dict[str, Any]] = {"fragment_words": 5, "whole_line_share": 0.8}
    examples_flag = (
        Example("Озвучить текст", expect=(1, 0, 14, "")),
        Example("ООН Эмблема\nPhoto: TASS/Valery Sharifulin", expect=(1, 0, 11, "")),
        Example("Read more", target_lang="ru", expect=(1, 0, 9, "")),
    )
    examples_pass = (
        Example("Chinese President Xi Jinping after the Red Square parade"),
        Example("BBC News", target_lang="ru"),
        Example("Переговоры прошли успешно.", target_lang="ru"),
        Example("— Да."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Whole-line finding for a short, unpunctuated line written in another script."""
        target = doc.target_script
        if target is None or is_dialogue_line(text) or not is_fragment_shaped(text, self.options["fragment_words"]):
            return []
        runs = [r for r in foreign_runs(text, target) if r.suspicious]
        if not runs or _foreign_share(text, runs) < self.options["whole_line_share"]:
            return []
        return [self.whole_line(text, f"untranslated {runs[0].script}-script fragment (alt text or a label?)")]
