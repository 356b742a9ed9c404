"""What makes a learned MT↔reference difference a term: names, acronyms, not a word's other form.

Three questions the reference-term check asks of a proposal ``mt → ref``:

- **Is the reference a post-edit or an independent translation?** A post-edit differs from the MT only
  where the MT was wrong, so most of its pairs are (nearly) the MT's words; an independent human
  reference differs everywhere. Measured on the shared corpora (pairs whose word-level Levenshtein
  similarity is ≥ 0.8): post-edits 0.57 (Izvestia), 0.67–0.70 (MLQE-PE ru→en); independent references
  0.03–0.07 (WMT21 en→ru, five systems and reference B against reference A; TED sk→en, two systems).
  A reference is taken as a post-edit when at least :data:`POST_EDIT_SHARE` of its pairs are that close.
- **Are the two sides one lemma?** ``поддержкой``/``поддержку``, ``camera``/``cameras``: the same word in
  another case or number is grammar, not terminology. Each side's words are reduced to their Snowball
  stems (``snowballstemmer``; for a language without a stemmer, the common prefix of the two words).
- **Is it a term?** On an independent reference only names and acronyms are evidence: every content
  word of the MT phrase is written as a name in the document (capitalised where a sentence does not
  start, and never in lower case), is an acronym, holds a digit or is in another script than the
  text's; the reference phrase starts with such a word (Russian names keep their tail in lower case:
  ``Законодательного собрания``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from functools import lru_cache

import regex
import snowballstemmer
from rapidfuzz.distance import Levenshtein

from review_app.checks.mojibake import repair, repair_single_byte
from review_app.checks.textutil import script_of_word
from review_app.text import wordstats
from review_app.text.names import is_word

# A pair this close (word-level Levenshtein similarity) is the MT kept with small corrections.
NEAR_SIMILARITY = 0.8
# The share of near pairs from which a reference is a post-edit (independent ≤ 0.07, post-edits ≥ 0.57).
POST_EDIT_SHARE = 0.3
RARE_ZIPF = 3.0

_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
_SENTENCE_END = frozenset(".!?…:;«»\"“”„()[]—–-•")
_ACRONYM = regex.compile(r"(?:\p{Lu}[\p{Lu}\p{N}]*[\-’']?){2,}\p{L}{0,2}(?:-\p{N}+)?")


def _base(lang: str | None) -> str:
    return (lang or "").lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=64)
def _stemmer(lang: str) -> snowballstemmer.stemmer | None:
    name = _SNOWBALL.get(_base(lang))
    return snowballstemmer.stemmer(name) if name else None


@lru_cache(maxsize=65536)
def _stem(word: str, lang: str) -> str | None:
    stemmer = _stemmer(lang)
    return str(stemmer.stemWord(word)) if stemmer is not None else None


def _same_word(a: str, b: str, lang: str) -> bool:
    a, b = a.casefold(), b.casefold()
    if a == b:
        return True
    if _stemmer(lang) is not None:
        return _stem(a, lang) == _stem(b, lang)
    # No stemmer: inflection changes the end of a word, so a long common start is one lemma.
    common = sum(1 for _ in itertools.takewhile(lambda xy: xy[0] == xy[1], zip(a, b, strict=False)))
    return common >= 4 and common >= min(len(a), len(b)) - 2


def one_lemma(mt: Sequence[str], ref: Sequence[str], lang: str) -> bool:
    """The two phrases are the same words in other forms (case, number, letter case, punctuation)."""
    left = [t for t in mt if is_word(t)]
    right = [t for t in ref if is_word(t)]
    return len(left) == len(right) and all(_same_word(a, b, lang) for a, b in zip(left, right, strict=True))


def only_function_words_differ(mt: Sequence[str], ref: Sequence[str], lang: str) -> bool:
    """What one phrase has and the other lacks is function words only (``Die Rakaposhi``/``Der Rakaposhi``)."""
    left = [t.casefold() for t in mt if is_word(t)]
    right = [t.casefold() for t in ref if is_word(t)]
    # the words one phrase has more often than the other (a phrase has a few words: counted by list.count)
    changed = {t for t in (*left, *right) if left.count(t) != right.count(t)}
    return bool(changed) and all(wordstats.is_function_word(t, lang) for t in changed)


def garbled(phrase: str) -> bool:
    """Mojibake (``Àðãèðèñ``): the encoding check's business, never a term."""
    # ASCII reads the same in UTF-8, CP1252, CP1251 and Latin-1: nothing to repair (most phrases)
    return not phrase.isascii() and (repair(phrase) is not None or repair_single_byte(phrase) is not None)


def is_post_edit(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> bool:
    """The reference is a post-edit of the MT (most pairs nearly the MT's words), not an independent translation.

    ``pairs`` are the aligned pairs as tokens (``text.phrases.TOKEN_RE``).
    """
    near = total = 0
    for mt, ref in pairs:
        if not (mt and ref):
            continue
        total += 1
        near += Levenshtein.normalized_similarity(mt, ref, score_cutoff=NEAR_SIMILARITY) >= NEAR_SIMILARITY
    return total > 0 and near / total >= POST_EDIT_SHARE


class Names:
    """The words a text (its lines as tokens) writes as names.

    Capitalised somewhere after a sentence's first word, and never in lower case.
    """

    def __init__(self, lines: Iterable[Sequence[str]], lang: str) -> None:
        self.lang = _base(lang)
        # The document's distinct tokens are tested once each (names.is_word inlined: a word starts with a letter or
        # digit): a capitalised word never written in lower case may be a name. Then its occurrences are looked
        # up, only in the lines that hold one after their first token, until one is found: it counts after a
        # word, a comma or an ampersand (a sentence end is none of them).
        lines = list(lines)
        vocabulary: set[str] = set().union(*lines)
        lower = {t.casefold() for t in vocabulary if t[:1].islower() and t[:1].isalnum()}
        pending = {t for t in vocabulary if t[:1].isupper() and t[:1].isalnum() and t.casefold() not in lower}
        names: set[str] = set()
        for line in lines:
            if pending.isdisjoint(itertools.islice(line, 1, None)):
                continue
            found = [t for p, t in itertools.pairwise(line)
                     if t in pending and (p[:1].isalnum() or p == "," or p == "&")]
            names.update(found)
            pending.difference_update(found)
        self._names = names

    def is_name(self, token: str, text_script: str | None) -> bool:
        """``token`` is written as a name, is an acronym, holds a digit or is in another script."""
        if _ACRONYM.fullmatch(token) or any(ch.isdigit() for ch in token):
            return True
        if text_script and script_of_word(token) not in (None, text_script):
            return True
        if token not in self._names:
            return False
        return self.lang not in wordstats.NOUN_CAPITALS or wordstats.zipf(token, self.lang) < RARE_ZIPF


def term_like(tokens: Sequence[str], names: Names, lang: str, text_script: str | None, *, whole: bool) -> bool:
    """Names and acronyms: every content word (``whole``) or the first one is a name."""
    content = [t for t in tokens if is_word(t) and not wordstats.is_function_word(t, lang)]
    if not content:
        return False
    return all(names.is_name(t, text_script) for t in (content if whole else content[:1]))
