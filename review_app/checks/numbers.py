"""Numbers in the MT against the source (or the reference): missing, extra or changed.

Formats are normalised before comparing: ``1,000`` = ``1 000`` = ``1000``, ``1,5`` = ``1.5``,
``3 thousand`` = ``3 тыс.`` = ``3000``; a number written as a word (``two``, ``два``) may stand
for a digit on the other side.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from review_app.checks import numberwords
from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.checks.langid import base_language
from review_app.checks.textutil import mask_protected

# A multiplier after a number (3 thousand, 2,5 Mio., 14 lakh, 3.000 millones), in the languages' words.
MULTIPLIER = (
    r"(?:thousand|million\w*|billion|trillion|bn|lakhs?|crores?|тыс\.?|тысяч\w*|млн\.?|миллион\w*|млрд\.?"
    r"|миллиард\w*|трлн\.?|триллион\w*|tausend|tsd\.?|mio\.?|milliard\w*|mrd\.?|md\.?|mille|mill[oó]n\w*|milion\w*"
    r"|miliard\w*|milh\w*|bilh\w*|mil)(?![\p{L}])"
)
NUMBER_RE = regex.compile(
    r"(?<![\p{L}\p{N}.,]|\p{L}-)"
    # Indian grouping first (2,06,737 = 206,737; 1,50,000 = a lakh and a half): its pairs are no decimals.
    r"(?P<num>\d{1,2}(?:,\d{2})+,\d{3}(?![\d])(?:\.\d+)?"
    r"|\d{1,3}(?:(?:[ \u00a0\u202f]\d{3})+|(?:,\d{3})+|(?:\.\d{3})+)(?![\d])(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    rf"(?:\s*(?P<mult>{MULTIPLIER}))?",
    regex.IGNORECASE,
)
MULTIPLIER_RE = regex.compile(MULTIPLIER, regex.IGNORECASE)
MULTIPLIERS = {
    "thousand": 10**3, "тыс": 10**3, "тысяч": 10**3, "million": 10**6, "млн": 10**6, "миллион": 10**6,
    "billion": 10**9, "bn": 10**9, "млрд": 10**9, "миллиард": 10**9, "trillion": 10**12, "трлн": 10**12,
    "триллион": 10**12, "lakh": 10**5, "crore": 10**7,
    # other languages' (Millionen, Mio., Mrd., millions, milliards, Md, millones, milioni, milhões, bilhões, mil)
    "tausend": 10**3, "tsd": 10**3, "mio": 10**6, "milliard": 10**9, "mrd": 10**9, "md": 10**9, "mille": 10**3,
    "millon": 10**6, "millón": 10**6, "milion": 10**6, "miliard": 10**9, "milh": 10**6, "bilh": 10**9,
    "mil": 10**3,  # last: the words above open with it
}  # fmt: skip
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6,
    "first": 1, "second": 2, "third": 3, "twice": 2, "once": 1, "dozen": 12, "half": 0.5, "single": 1, "double": 2,
    "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "одном": 1, "первый": 1, "два": 2, "две": 2,
    "двух": 2, "двум": 2, "дважды": 2, "второй": 2, "три": 3, "трех": 3, "трёх": 3, "трижды": 3, "третий": 3,
    "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "двадцать": 20,
    "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100, "тысяча": 1000, "тысячи": 1000, "миллион": 10**6,
    "полтора": 1.5, "пол": 0.5, "половина": 0.5, "дюжина": 12, "оба": 2, "обе": 2, "both": 2, "pair": 2,
}  # fmt: skip
# Words that stand for several numbers: a fraction for its parts and its percentage ("a quarter" = 1/4 = 25%,
# "two thirds" = 2/3, ein Viertel, un quart, la mitad), noon and midnight for their clock hours. Like every number
# word they only excuse a digit on the other side.
READINGS = {
    "half": (0.5, 1, 2, 50), "halves": (0.5, 2, 50), "third": (1, 3, 33, 33.3), "thirds": (2, 3, 66, 67, 66.7),
    "quarter": (0.25, 1, 4, 25), "quarters": (0.75, 3, 4, 75), "noon": (12,), "midday": (12,),
    "midnight": (0, 12, 24),
    "hälfte": (0.5, 1, 2, 50), "viertel": (0.25, 1, 4, 25), "drittel": (1, 3, 33, 33.3), "mitternacht": (0, 12, 24),
    "moitié": (0.5, 1, 2, 50), "demi": (0.5, 50), "demie": (0.5, 50), "quart": (0.25, 1, 4, 25),
    "quarts": (0.75, 3, 4, 75), "tiers": (1, 2, 3, 33, 66, 67), "midi": (12,), "minuit": (0, 12, 24),
    "mitad": (0.5, 1, 2, 50), "cuarto": (0.25, 1, 4, 25), "tercio": (1, 3, 33, 33.3), "medianoche": (0, 12, 24),
    "metà": (0.5, 1, 2, 50), "terzo": (1, 3, 33, 33.3), "mezzanotte": (0, 12, 24), "metade": (0.5, 1, 2, 50),
    "terço": (1, 3, 33, 33.3), "helft": (0.5, 1, 2, 50), "kwart": (0.25, 1, 4, 25),
    "половина": (0.5, 1, 2, 50), "половины": (0.5, 1, 2, 50), "половину": (0.5, 1, 2, 50),
    "треть": (1, 3, 33, 33.3), "трети": (1, 2, 3, 33, 66, 67), "четверть": (0.25, 1, 4, 25),
    "четверти": (0.25, 0.75, 1, 3, 4, 25, 75), "полдень": (12,), "полночь": (0, 12, 24),
}  # fmt: skip
WORD_RE = regex.compile(r"\p{L}+")
# The indefinite article stands for a lone "1" on the other side ("a daughter" = "1 daughter"), only that: "1,000"
# may also read 1.0, and no article excuses it.
ARTICLES = {
    "en": "a|an", "de": "ein|eine|einen|einem|einer|eines", "nl": "een", "fr": "un|une", "es": "un|una|uno",
    "it": "un|uno|una", "pt": "um|uma", "ca": "un|una",
}
_ARTICLE_RES = {lang: regex.compile(rf"(?<!\p{{L}})(?:{words})(?!\p{{L}})", regex.IGNORECASE)
                for lang, words in ARTICLES.items()}
# Between the words of one spelt number: spaces or a hyphen (thirty-five, twenty first, vingt-et-un).
SPELT_JOIN_RE = regex.compile(r"[\s\-\u2010\u2011]+")
SPELT_MAX_WORDS = 4  # quatre-vingt-dix-neuf
# A year shortened to its last two digits: '85, ’90s, and the second year of a range (2025-26, 1998/99).
SHORT_YEAR_RE = regex.compile(r"(?:(?<![\p{L}\p{N}])[’'‘]|(?P<first>(?<!\d)\d{2})\d{2}[-–—/])(?P<yy>\d{2})(?!\d)")
# 23:30, 11.30pm, 8 pm: the hour may appear in 12- or 24-hour form on the other side.
TIME_RE = regex.compile(
    r"(?<!\d)(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\b\.?)|(?<![\d.,])(?P<h2>\d{1,2}):(?P<m2>\d{2})(?!\d)",
    regex.IGNORECASE,
)
# 24-hour clock times of other languages: 14h30, 14 h 30 (French), 14.30 Uhr (German), 14.30 ч: an hour and its
# minutes, not a decimal (14.3) nor a thousand.
CLOCK_RE = regex.compile(
    r"(?<![\d.,])(?P<h>[01]?\d|2[0-3])(?:\s?h\s?(?P<m>[0-5]\d)|[.:](?P<m2>[0-5]\d)(?=\s?(?:Uhr|h|ч|godz)\b))(?![\d])"
)
# 14.02.2019, 02/14/2019, 02 / 14 / 2019: day and month swap between conventions.
DATE_RE = regex.compile(r"(?<![\d.])(?P<a>\d{1,2})\s?([./])\s?(?P<b>\d{1,2})\s?\2\s?(?P<y>\d{2,4})(?![\d])")
# Number words by stem: they only ever excuse a digit on the other side, so loose stems are harmless.
STEMS = {
    "eleven": 11, "twelf": 12, "twelv": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twent": 20, "thirt": 30, "fort": 40, "fift": 50,
    "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
    "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16,
    "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "тридцат": 30, "сорок": 40,
    "пятидесят": 50, "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90, "четвер": 4,
    "пят": 5, "шест": 6, "седьм": 7, "восьм": 8, "девят": 9, "десят": 10, "сот": 100, "тысяч": 1000,
    "миллион": 10**6, "миллиард": 10**9, "втор": 2, "трет": 3, "перв": 1,
    # compounds opening with a number's genitive: двухнедельный, четырехлетнего, пятисотлетней
    "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пятисот": 500, "семикрат": 7,
}  # fmt: skip
STEM_RE = regex.compile("|".join(sorted(STEMS, key=len, reverse=True)))


@dataclass(frozen=True, slots=True)
class Mention:
    """A number in a text: where, as written, and every value it may stand for."""

    start: int
    end: int
    text: str
    values: frozenset[Decimal]
    word: bool = False


def _dec(text: str) -> Decimal:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:  # cannot happen for regex-matched digits; keep the comparison total
        return Decimal(-1)


def _readings(num: str) -> set[Decimal]:
    """Every value a written number may have (1,000 → 1000 or 1.0; 1,5 → 1.5; 1 000,5 → 1000.5)."""
    plain = num.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in plain:  # spaces group thousands (1 000 000); a comma or point after them is decimal
        return {_dec(plain.replace(" ", "").replace(",", "."))}
    seps = [c for c in plain if c in ",."]
    if not seps:
        return {_dec(plain)}
    if len(seps) == 1:
        left, right = plain.split(seps[0])
        readings = {_dec(f"{left}.{right}")}
        if len(right) == 3:
            readings.add(_dec(left + right))  # 1,000 in English, 1.000 in German
        return readings
    if len(set(seps)) == 1:  # 1,000,000 or 1.000.000
        return {_dec(plain.replace(seps[0], ""))}
    return {_dec(plain.replace(seps[0], "").replace(seps[-1], "."))}  # 1,000.5 or 1.000,5


def mentions(text: str, lang: str | None = None) -> list[Mention]:
    """Numbers written in digits (with multipliers) and as words (English and Russian ones, and the numbers to a
    hundred spelt in ``lang``: thirty-five, vingt et un)."""
    masked = mask_protected(text)
    found: list[Mention] = []
    for m in DATE_RE.finditer(masked):  # dates first: their parts are not decimals (14.02.2019)
        day_month = frozenset({_dec(m["a"]), _dec(m["b"])})
        found.append(Mention(m.start("a"), m.end("a"), m["a"], day_month))
        found.append(Mention(m.start("b"), m.end("b"), m["b"], day_month))
        found.append(Mention(m.start("y"), m.end("y"), m["y"], frozenset({_dec(m["y"])})))
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in CLOCK_RE.finditer(masked):
        hour = int(m["h"])
        found.append(Mention(m.start("h"), m.end("h"), m["h"], frozenset(_dec(str(h)) for h in _clock_hours(hour))))
        minute = "m" if m["m"] else "m2"
        if m[minute] != "00":  # "14h00" = "2 pm": minutes say nothing
            found.append(Mention(m.start(minute), m.end(minute), m[minute], frozenset({_dec(m[minute])})))
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in NUMBER_RE.finditer(masked):
        values = _readings(m["num"])
        if m["mult"]:
            values |= {(v * _factor(m["mult"])).normalize() for v in values}
        found.append(Mention(m.start("num"), m.end("num"), m["num"], frozenset(values)))
    words = list(WORD_RE.finditer(masked))
    code = (lang or "en") if numberwords.values(lang or "en") else "en"
    openers, heads = numberwords.first_words(code), numberwords.heads(code)
    starts = []  # the words that may open a number spelt in the language
    for i, m in enumerate(words):
        low = m.group().lower()
        word_values = _word_values(low)
        if word_values:
            found.append(Mention(m.start(), m.end(), m.group(),
                                 word_values | _scaled(masked, words, i, word_values), True))
        if low in openers or low[:4] in heads:
            starts.append(i)
    found += _spelt(masked, words, starts, code)
    return _special_forms(masked, sorted(found, key=lambda m: m.start))


def _spelt(text: str, words: list[regex.Match[str]], starts: list[int], lang: str) -> list[Mention]:
    """Numbers to a hundred spelt in ``lang`` (English when not given): in several words (thirty-five = 35,
    twenty-first = 21, vingt et un), or in one word the tables lack, alone or opening a compound (einundzwanzig,
    sevenfold and desaťkrát for 7 and 10 times), from the words ``starts`` (the indices of those that may open one)."""
    table, openers = numberwords.values(lang), numberwords.first_words(lang)
    found: list[Mention] = []
    for i in starts:
        first = words[i]
        head = first.group().lower()
        best: tuple[int, int] | None = None
        if head in openers:
            run = [head]
            for j in range(i, min(len(words), i + SPELT_MAX_WORDS)):
                if j > i:
                    if not _joined(text, words, j):
                        break
                    run.append(words[j].group())
                value = table.get(numberwords.key(run))
                if value is not None:
                    best = (j, value)
        else:  # a compound opening with a number of four letters or more (seven|fold, not ten|ant)
            value = next((table[head[:n]] for n in range(len(head) - 1, 3, -1) if head[:n] in table), None)
            if value is not None:
                best = (i, value)
        if best is not None:
            j, value = best
            values = frozenset({Decimal(value)})
            if j == i and values <= _word_values(head):
                continue  # one word the word tables read already ("two"): mentioned once
            found.append(Mention(first.start(), words[j].end(), text[first.start() : words[j].end()],
                                 values | _scaled(text, words, j, values), True))
    return found


def _factor(multiplier: str) -> int:
    """The factor of a word :data:`MULTIPLIER` matched."""
    low = multiplier.lower().rstrip(".")
    return next(MULTIPLIERS[k] for k in MULTIPLIERS if low.startswith(k))


# After a number in words: "and a half" adds a half, and a multiplier word that follows (with an article: "half a
# million") scales it: "two and a half thousand" = 2,500, "one and a half million" = 1,500,000.
HALF_WORDS = ("and", "a", "half")


def _joined(text: str, words: list[regex.Match[str]], k: int) -> bool:
    """Word ``k`` follows word ``k - 1`` as the next word of one number (a space or a hyphen between them)."""
    return k < len(words) and SPELT_JOIN_RE.fullmatch(text, words[k - 1].end(), words[k].start()) is not None


def _scaled(text: str, words: list[regex.Match[str]], j: int, values: frozenset[Decimal]) -> frozenset[Decimal]:
    """The readings of the number in words ending at word ``j`` with what follows it ("and a half", a multiplier)."""
    out = set(values)
    k = j + 1
    if all(_joined(text, words, k + n) and words[k + n].group().casefold() == w for n, w in enumerate(HALF_WORDS)):
        out |= {v + Decimal("0.5") for v in values}
        k = j + 1 + len(HALF_WORDS)
    if _joined(text, words, k) and words[k].group().casefold() in ("a", "an"):
        k += 1
    if not _joined(text, words, k) or not MULTIPLIER_RE.match(text, words[k].start()):  # "two miles" is no two thousand
        return frozenset(out - values)
    factor = _factor(words[k].group())
    return frozenset({(v * factor).normalize() for v in out} | out) - values


# STEM_RE's match is the longest stem the word starts with (its alternatives are longest first, and two stems
# of one length cannot both start a word): found by slicing, after a look at the word's first three letters.
_STEM_LENGTHS = sorted({len(stem) for stem in STEMS}, reverse=True)
_STEM_HEADS = frozenset(stem[:3] for stem in STEMS)
assert min(_STEM_LENGTHS) >= 3


def _word_values(word: str) -> frozenset[Decimal]:
    """Every number a word may stand for (none for most words)."""
    found = _WORDS.get(word)
    if found is not None:
        return found
    if word[:3] not in _STEM_HEADS:
        return _NONE
    value = _word_value(word)
    return _NONE if value is None else frozenset({Decimal(str(value)).normalize()})


_NONE: frozenset[Decimal] = frozenset()
_WORDS = {word: frozenset({Decimal(str(v)).normalize()}) for word, v in NUMBER_WORDS.items()} | {
    word: frozenset(Decimal(str(v)).normalize() for v in values) for word, values in READINGS.items()}


def _word_value(word: str) -> float | None:
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if word[:3] not in _STEM_HEADS:
        return None
    return next((STEMS[word[:n]] for n in _STEM_LENGTHS if n <= len(word) and word[:n] in STEMS), None)


def _clock_hours(hour: int, afternoon: bool = True) -> set[int]:
    """The hour in 24- and 12-hour form (14 = 2 pm; 2 = 14 when it may be the afternoon)."""
    return {hour, hour % 12, hour + 12 if hour < 12 and afternoon else hour}


def _special_forms(text: str, found: list[Mention]) -> list[Mention]:
    """Widen readings for clock times (23:30 = 11:30 pm) and decades (1960s = 60s)."""
    extra: dict[int, set[Decimal]] = {}
    for m in TIME_RE.finditer(text):
        hour = int(m["h"] or m["h2"])
        at = m.start("h") if m["h"] else m.start("h2")
        pm = (m["ampm"] or "").lower().startswith("p")
        extra[at] = {Decimal(h) for h in _clock_hours(hour, pm or not m["ampm"])}
        minute = m["m"] or m["m2"]
        if minute == "00":
            extra[m.start("m") if m["m"] else m.start("m2")] = set()  # "20:00" = "8 pm": minutes say nothing
    for m in SHORT_YEAR_RE.finditer(text):  # '85 = 1985 (or 2085); 2025-26: 26 = 2026
        yy = int(m["yy"])
        centuries = (int(m["first"]),) if m["first"] else (19, 20)
        extra.setdefault(m.start("yy"), set()).update(Decimal(100 * c + yy) for c in centuries)
    result = []
    for mention in found:
        if mention.start in extra:
            if not extra[mention.start]:
                continue
            mention = Mention(mention.start, mention.end, mention.text, mention.values | extra[mention.start])
        if _decade(text, mention):
            mention = Mention(mention.start, mention.end, mention.text, mention.values | {Decimal(mention.text[2:])})
        result.append(mention)
    return result


def _decade(text: str, mention: Mention) -> bool:
    """A year read as its decade: 1960s = the 60s, 1960-х (Russian); not the first year of a range (2025-26)."""
    after = text[mention.end : mention.end + 2]
    return (mention.text.isdigit() and len(mention.text) == 4 and after[:1] in ("s", "-")
            and not (after[:1] == "-" and after[1:].isdigit()))


# Every digit mention (NUMBER_RE, DATE_RE) holds a digit: two texts without one have nothing to compare, and
# most pairs of real text have none (the same \d as the patterns', so no other digits slip through).
_DIGIT_RE = regex.compile(r"\d")


def compare(mt: str, other: str, mt_lang: str | None = None,
            other_lang: str | None = None) -> tuple[list[Mention], list[Mention]]:
    """(MT digit numbers with no counterpart, other-side digit numbers with no counterpart); the languages read the
    numbers spelt in words."""
    if not (_DIGIT_RE.search(mt) or _DIGIT_RE.search(other)):
        return [], []
    mt_all, other_all = mentions(mt, mt_lang), mentions(other, other_lang)
    used: set[int] = set()
    extra: list[Mention] = []
    # Digits first, then words, so "2 … two" pairs prefer an exact digit partner: each MT number takes
    # the first unused mention in that order sharing a value. The mentions are filed by value once
    # (a long line holds thousands of numbers), each value's list read past its used entries once.
    order = sorted(range(len(other_all)), key=lambda j: other_all[j].word)
    by_value: dict[Decimal, list[int]] = defaultdict(list)
    for rank, j in enumerate(order):
        for value in other_all[j].values:
            by_value[value].append(rank)
    heads: dict[Decimal, int] = defaultdict(int)
    for m in sorted((m for m in mt_all if not m.word), key=lambda m: m.start):
        best: int | None = None
        for value in m.values:
            ranks = by_value.get(value, [])
            head = heads[value]
            while head < len(ranks) and order[ranks[head]] in used:
                head += 1
            heads[value] = head
            if head < len(ranks) and (best is None or ranks[head] < best):
                best = ranks[head]
        if best is None:
            extra.append(m)
        else:
            used.add(order[best])
    mt_values: set[Decimal] = set().union(*(m.values for m in mt_all if m.word))
    missing = [o for j, o in enumerate(other_all) if j not in used and not o.word and not o.values & mt_values]
    if any(m.text == "1" for m in extra) and _has_article(other, other_lang):
        extra = [m for m in extra if m.text != "1"]
    if any(o.text == "1" for o in missing) and _has_article(mt, mt_lang):
        missing = [o for o in missing if o.text != "1"]
    return extra, missing


def _has_article(text: str, lang: str | None) -> bool:
    """An indefinite article of the language (English when not given) in ``text``."""
    found = _ARTICLE_RES.get(base_language(lang) or "en")
    return bool(found and found.search(text))


class Numbers(Check):
    """A number in the MT that the source (or reference) lacks, or one of theirs that the MT lacks."""

    id = "numbers"
    category = "Accuracy/Mistranslation"
    severity = "minor"
    safe = False
    aliases = ("number",)
    statistics = ("numbers:document",)
    examples_flag = (
        Example("Sales rose by 15% in 2023.", source="Продажи выросли на 5% в 2023 году.", expect=(1, 14, 16, None)),
        Example("Sales rose in 2023.", source="Продажи выросли на 5% в 2023 году.", expect=(1, 0, 19, None)),
        Example("It cost 1,200 roubles.", reference="It cost 1,300 roubles.", expect=(1, 8, 13, None)),
        Example("Twenty-five people and 3 cars.", reference="35 people and 3 cars.", expect=(1, 0, 30, None)),
    )
    examples_pass = (
        Example("It cost 1,000 roubles, or 1.5 times more.", source="Это стоило 1 000 рублей, в 1,5 раза больше."),
        Example("Two men and 3 thousand roubles.", source="2 мужчины и 3 тыс. рублей."),
        Example("It rose to 3,000,000.", source="Он вырос до 3 млн."),
        Example("The 80th anniversary, COVID-19.", source="80-летие, COVID-19."),
        Example("No numbers here.", source=None),
        Example("Um 14.30 Uhr kamen 20 000 Menschen.", target_lang="de", source="At 2:30 p.m. 20,000 people came."),
        Example("Rendez-vous à 14h30, ou à 9 h 15.", target_lang="fr", source="Meet at 2:30 pm, or at 9:15 am."),
        # The same quantity written another way in an independent reference.
        Example("Born in '85, a quarter of them left in 2025-26.", reference="Born in 1985, 25% left in 2025–2026."),
        Example("The twenty-first edition drew a crowd at noon.", reference="The 21st edition drew 1 crowd at 12:00."),
        Example("Ein Kind und 2 Hunde.", target_lang="de", reference="1 Kind und zwei Hunde."),
        Example("В двадцать пять лет он уехал.", target_lang="ru", reference="В 25 лет он уехал."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Compare with the aligned source line, else the aligned reference, else whole documents."""
        other = doc.source_line if doc.source_line is not None else doc.reference_line
        side = "source" if doc.source_line is not None else "reference"
        if other is None:
            return self._against_document(text, doc)
        target = doc.context.target_lang
        extra, missing = compare(text, other, target, doc.context.source_lang if side == "source" else target)
        if len(extra) == 1 and len(missing) == 1:
            e, m = extra[0], missing[0]
            return [self.finding(e.start, e.end, f"{e.text} in the MT, {m.text} in the {side}", None, severity="major")]
        found = [self.finding(e.start, e.end, f"{e.text} is not in the {side}") for e in extra]
        if missing:
            listed = ", ".join(m.text for m in missing)
            found.append(self.finding(0, len(text), f"missing from the MT: {listed} (in the {side})"))
        return found

    def _against_document(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Unaligned source/reference: flag MT numbers found nowhere in it (missing ones cannot be placed)."""
        lines = doc.context.source_lines or doc.context.reference_lines
        if not lines:
            return []
        key = "numbers:document"
        if key not in doc.cache:
            doc.cache[key] = frozenset().union(*(m.values for m in mentions("\n".join(lines))))
        values = doc.cache[key]
        return [
            self.finding(m.start, m.end, f"{m.text} is not in the source or reference")
            for m in mentions(text, doc.context.target_lang)
            if not m.word and not m.values & values
        ]
