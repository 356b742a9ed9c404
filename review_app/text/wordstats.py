"""Word statistics of a language from wordfreq (its frequency lists ship inside the package; no download).

Questions the checks ask of real usage instead of hand-made lists: how common is a word
(Zipf scale: 0 = unseen, 3 = once per million words, 7 = "the"), and is it one of the language's
function words. The core function words are simply the language's most frequent words: in every
language wordfreq covers, its top 50 are articles, pronouns, auxiliaries, conjunctions and
prepositions (English reaches the first open-class noun, "time", at rank 60). The wider stop-word
lists of the ``stop-words`` package add the rarer ones ("too", "perhaps", "whether") but also
some words that build compounds ("year", "old", "new"), so they count only as weaker evidence.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from stop_words import StopWordError, get_stop_words

FUNCTION_WORDS_RANK = 50
# Languages that capitalise every noun: there a capital letter is no sign of a name.
NOUN_CAPITALS = frozenset({"de", "lb"})


@lru_cache(maxsize=64)
def supported(lang: str | None) -> bool:
    """True when wordfreq has a frequency list for the language code (``en``, ``en-GB``)."""
    from wordfreq import available_languages  # imported on first use: a run that needs no statistics skips it

    return bool(lang) and _base(lang) in available_languages()


def _base(lang: str | None) -> str:
    return (lang or "").lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=64)
def _tokenizes(base: str) -> bool:
    """wordfreq can split ``base``'s text into words: Chinese, Japanese and Korean need packages (jieba,
    MeCab and its dictionaries) that are not installed, and wordfreq imports them on the first lookup."""
    from wordfreq.tokens import tokenize

    try:
        tokenize("a", base)
    except ImportError:
        return False
    return True


@lru_cache(maxsize=131072)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` (case-folded) in ``lang``; 0.0 when unseen, unsupported or not tokenizable."""
    if not supported(lang) or not _tokenizes(_base(lang)):
        return 0.0
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, _base(lang)))


@lru_cache(maxsize=64)
def function_words(lang: str, rank: int = FUNCTION_WORDS_RANK) -> frozenset[str]:
    """The ``rank`` most frequent words of ``lang`` (empty when unsupported)."""
    if not supported(lang):
        return frozenset()
    # The small list has the same top words and costs a tenth of the memory of the large one.
    from wordfreq import top_n_list

    return frozenset(top_n_list(_base(lang), rank, wordlist="small"))


_WORD_RE = regex.compile(r"\p{L}+")


def function_words_in(text: str, lang: str) -> tuple[int, int]:
    """How many of ``text``'s words (runs of letters, case-folded) are function words of ``lang``
    (:func:`function_words`), and how many words it has."""
    words = _WORD_RE.findall(text.casefold())
    own = function_words(lang)
    return sum(word in own for word in words), len(words)


def is_function_word(word: str, lang: str, rank: int = FUNCTION_WORDS_RANK) -> bool:
    """One of the language's ``rank`` most frequent words."""
    return word.casefold() in function_words(lang, rank)


@lru_cache(maxsize=64)
def stop_words(lang: str | None) -> frozenset[str]:
    """The ``stop-words`` package's list for the language (empty when it has none)."""
    try:
        return frozenset(w.casefold() for w in get_stop_words(_base(lang)))
    except StopWordError:
        return frozenset()
