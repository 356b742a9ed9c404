"""A small model of page boilerplate: how likely a line is page chrome, from its shape and its words.

Logistic regression over features that do not name any site's strings: length, sentence
punctuation, title case and capitals, the share of the language's function words (a line without
any reads as a label, not a sentence), separators of menus and breadcrumbs (``/ | › » > · •``), digits
and dates, web addresses, the share of web-UI vocabulary, whether the first word is one a call to
action opens with, and the words themselves: the mean of their log-odds of being furniture, learned
only for words in the furniture of several sites (a site's own names learn nothing). Trained by
``scripts/train_chrome_model.py`` on the lines of real pages labelled by their markup (trafilatura's
annotated evaluation pages, see ``scripts/data/PROVENANCE.md``) against real sentences and headings;
the weights ship in :mod:`review_app.checks.chrome_weights` (19 numbers and a table of single words
with their log-odds, no line of any page). A German target's lines are read with the same weights and the
table joined by the furniture words of German pages (:mod:`review_app.checks.chrome_weights_de`).
"""

from __future__ import annotations

import importlib
import itertools
import math
import operator
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import filterfalse
from operator import itemgetter

import regex

from review_app.checks import lexicon
from review_app.checks.langid import base_language
from review_app.checks.textutil import mask_protected, vocab, words
from review_app.text import wordstats

SEPARATORS = "/|›»>·•→"
SEPARATOR_RE = regex.compile(r"\s[/|›»>·•→]\s|[›»→•·|]")
_SEPARATOR_CHARS = frozenset(SEPARATORS)  # each match of SEPARATOR_RE holds one
DATE_RE = regex.compile(
    r"\b(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d\d-\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|\d{1,2}:\d\d\s*(?:am|pm)?|\d+\s+(?:minutes?|hours?|days?|mins?|hrs?)\s+ago)\b",
    regex.IGNORECASE,
)
DIGIT_RE = regex.compile(r"\d", regex.IGNORECASE)  # DATE_RE's digits, as it reads them
# Verbs a web call to action opens with (Read, Share, Sign up, Подпишитесь): imperatives, not sentence openers.
CTA_OPENERS = vocab(
    """
    read watch listen share follow subscribe sign log join get download click tap see view show hide load
    continue register learn discover explore find shop buy order book donate support contact email print
    save copy send leave add accept allow manage opt skip jump back go visit try start please enter
    читайте читать смотрите смотреть слушайте подпишитесь подписаться поделиться поделитесь войти
    зарегистрируйтесь скачайте узнайте перейти вернуться показать открыть
    """
)
# What follows an imperative in a call to action: a particle or a function word ("Sign up", "Read more",
# "Share this", "Follow us"); "Share prices fell" opens with a noun, not a call.
PARTICLES = vocab("up in out on off down now here more all today free")
FEATURES: tuple[str, ...] = (
    "bias",
    "log_words",
    "one_or_two_words",
    "sentence_end",
    "colon_end",
    "title_share",
    "caps_share",
    "function_share",
    "no_function_word",
    "separator",
    "digit_share",
    "date",
    "address",
    "ui_share",
    "ui_strong",
    "cta_opener",
    "comma",
    "lower_start",
    "lexical",
)
# The shape features :func:`vector` computes; the last feature, ``lexical``, is the words' learned log-odds.
SHAPE_FEATURES = len(FEATURES) - 1


# A line's words are asked for by the shape features, the lexical score and the call-to-action test (three times
# in chrome.features): found once. A small cache: the calls for one line come one after the other.
@lru_cache(maxsize=256)
def _masked_words(stripped: str) -> tuple[str, ...]:
    """The words of a stripped line, web addresses and e-mails left out."""
    return tuple(words(mask_protected(stripped)))


@lru_cache(maxsize=256)
def _lower_words(stripped: str) -> tuple[str, ...]:
    return tuple(map(str.lower, _masked_words(stripped)))


@lru_cache(maxsize=1 << 16)
def vector(line: str, lang: str = "en") -> tuple[float, ...]:
    """The shape feature values of one line (in :data:`FEATURES` order, without ``lexical``)."""
    stripped = line.strip()
    masked = mask_protected(stripped)
    tokens = _masked_words(stripped)
    lower = _lower_words(stripped)
    n = len(tokens)
    function = wordstats.function_words(lang) or frozenset(lexicon.STOPWORDS)
    n_function = sum(map(function.__contains__, lower))
    share, strong = ui_share(lower, lang)
    # the share of digits among the characters that are not spaces (a digit is never a space)
    n_chars = len("".join(stripped.split()))  # str.split() splits at what str.isspace() calls a space
    n_digits = _digits(stripped)
    # Counted by the interpreter's C code, not a generator: first letters upper case; words of two or more
    # characters (a non-empty rest after the first) all upper case.
    initials = "".join(map(itemgetter(0), tokens))
    n_caps = sum(map(operator.and_, map(str.isupper, tokens), map(bool, map(_REST, tokens))))
    return (
        1.0,
        math.log1p(n),
        float(1 <= n <= 2),
        float(bool(stripped) and stripped[-1] in ".!?…»”\"" and stripped.rstrip("»”\"")[-1:] in ".!?…"),
        float(stripped.endswith(":")),
        sum(map(str.isupper, initials)) / n if n else 0.0,
        n_caps / n if n else 0.0,
        n_function / n if n else 0.0,
        float(n >= 3 and n_function == 0),
        float(not _SEPARATOR_CHARS.isdisjoint(masked) and bool(SEPARATOR_RE.search(masked))),
        n_digits / n_chars if n_chars else 0.0,
        float(has_date(stripped)),
        float(masked != stripped),
        share,
        float(strong),
        float(is_call_to_action(stripped, lang)),
        float("," in stripped),
        float(bool(tokens) and tokens[0][0].islower()),
    )


_REST = itemgetter(slice(1, None))
_ASCII_DIGITS = b"0123456789"


def _digits(stripped: str) -> int:
    """How many characters of ``stripped`` are digits (str.isdigit)."""
    if stripped.isascii():  # most lines: the ASCII digits are the only ASCII characters isdigit() accepts
        data = stripped.encode("ascii")
        return len(data) - len(data.translate(None, _ASCII_DIGITS))
    return sum(map(str.isdigit, stripped))


@lru_cache(maxsize=256)
def ui_share(lower: tuple[str, ...], lang: str = "en") -> tuple[float, bool]:
    """The share of web-UI words among the content words (not stop words) of lower-cased ``lower``, and whether
    one of them is a strong one. Memoised: the model and the chrome analysis ask for the same words in turn.

    Outside English and Russian the language's own function words are stop words too ("Folgen Sie uns"), and the
    UI words of other languages' pages count; the English model's feature stays as it was trained."""
    others = other_pages(lang)
    content = list(filterfalse(_stop_words(lang).__contains__, lower))
    kinds = [lexicon.ui_word_kind(word, others) for word in content]
    return ((len(kinds) - kinds.count(None)) / len(content) if content else 0.0), "strong" in kinds


@lru_cache(maxsize=64)
def other_pages(lang: str) -> bool:
    """A target other than the English and Russian the lexicon and the model were written for."""
    return (base_language(lang) or "en") not in ("en", "ru")


@lru_cache(maxsize=64)
def _stop_words(lang: str) -> frozenset[str]:
    if not other_pages(lang):
        return frozenset(lexicon.STOPWORDS)
    return frozenset(lexicon.STOPWORDS) | wordstats.function_words(lang)


@lru_cache(maxsize=256)
def has_date(stripped: str) -> bool:
    """A date or a time in a stripped line (the model's feature and web evidence, asked in turn)."""
    # Every alternative of DATE_RE holds a digit: most lines have none, found by a simpler scan.
    return bool(DIGIT_RE.search(stripped)) and bool(DATE_RE.search(stripped))


def tokens_of(stripped: str) -> tuple[str, ...]:
    """The lower-cased words of a stripped line, web addresses and e-mails left out (memoised for the line)."""
    return _lower_words(stripped)


def tokens(line: str) -> list[str]:
    """The lower-cased words of a line, web addresses and e-mails left out (what :func:`lexical` looks up)."""
    return list(_lower_words(line.strip()))


def lexical(line: str, table: Mapping[str, float]) -> float:
    """The mean over the line's words of their learned log-odds of furniture (0 for a word the table lacks)."""
    found = _lower_words(line.strip())
    return math.fsum(map(table.get, found, itertools.repeat(0.0))) / len(found) if found else 0.0


def is_call_to_action(line: str, lang: str = "en") -> bool:
    """An imperative a call to action opens with, then nothing, a particle or a function word ("Sign up for …")."""
    lower = _lower_words(line.strip())
    if not lower or lower[0] not in CTA_OPENERS:
        return False
    # The language's function words and the lexicon's possessives and pronouns ("our", "your", "us").
    function = _cta_function_words(lang)
    return len(lower) == 1 or lower[1] in PARTICLES or lower[1] in function or mask_protected(line) != line


@lru_cache(maxsize=64)
def _cta_function_words(lang: str) -> frozenset[str]:
    """The language's function words and the lexicon's (united once per language, not once per line)."""
    return wordstats.function_words(lang) | lexicon.STOPWORDS


def web_evidence(line: str, lang: str = "en") -> bool:
    """A call to action, a date, a web address or an e-mail: signs of page furniture that title case is not."""
    stripped = line.strip()
    return bool(
        is_call_to_action(stripped, lang) or has_date(stripped) or mask_protected(stripped) != stripped
    )


# Targets whose own pages add their furniture words to the English word table (``chrome_weights_<lang>.py``, written
# by ``scripts/train_chrome_model.py --lang``); the English weights score their lines' shape.
OWN_TABLES: tuple[str, ...] = ("de",)
# Per target: the English table its merged table was built on, and the merged table (built once, not per line).
_MERGED: dict[str, tuple[Mapping[str, float], dict[str, float]]] = {}


def model(lang: str | None) -> tuple[Sequence[float], Mapping[str, float]]:
    """The weights and the word table that score a ``lang`` target's lines. Read from ``chrome_weights`` at each
    call: the leave-one-site-out evaluation swaps them for a model trained without the site it checks."""
    from review_app.checks import chrome_weights

    base = base_language(lang) or "en"
    if base not in OWN_TABLES:
        return chrome_weights.WEIGHTS, chrome_weights.LEXICON
    english = chrome_weights.LEXICON
    merged = _MERGED.get(base)
    if merged is None or merged[0] is not english:
        own: Mapping[str, float] = importlib.import_module(f"review_app.checks.chrome_weights_{base}").LEXICON
        merged = _MERGED[base] = (english, {**english, **own})
    return chrome_weights.WEIGHTS, merged[1]


def probability(line: str, lang: str | None = "en", weights: Sequence[float] | None = None,
                table: Mapping[str, float] | None = None) -> float:
    """How likely ``line`` is page chrome (0–1) by its shape and words; the target's shipped model (:func:`model`)
    unless weights and a table are given."""
    if weights is None or table is None:
        shipped_weights, shipped_table = model(lang)
        weights = shipped_weights if weights is None else weights
        table = shipped_table if table is None else table
    lang = (lang or "en").split("-")[0]
    # Plain Python, one line at a time: the checks (and every command that runs them) need no numpy for 19
    # products; the training's numpy lives in scripts/train_chrome_model.py.
    features = (*vector(line, lang), lexical(line, table))
    if len(features) != len(weights):
        raise ValueError(f"{len(weights)} weights for {len(features)} features")
    z = math.fsum(map(operator.mul, features, weights))  # the same products, summed exactly as before
    return 1.0 / (1.0 + math.exp(-min(30.0, max(-30.0, z))))
