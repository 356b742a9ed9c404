"""Doubled words (``the the``): a safe fix for function words, a note for everything else."""

from __future__ import annotations

from functools import lru_cache

import regex

from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.checks.langid import base_language
from review_app.checks.textutil import vocab
from review_app.text import wordstats

DOUBLED_RE = regex.compile(r"(?<![\p{L}\p{N}\-])(?P<w>\p{L}+)(?P<gap>[ \u00a0]+)(?P<again>\p{L}+)(?![\p{L}\-'’])")
# What every doubled word leaves in the lower-cased line: a run of letters, spaces and the same letters again.
# DOUBLED_RE matches at every pair of neighbouring words, so looking for this first spares the words of most lines.
AGAIN_RE = regex.compile(r"(?<!\p{L})(\p{L}+)[ \u00a0]+\1(?!\p{L})")
# Words that never stand twice in a row in correct text: deleting the second one is safe.
FUNCTION_WORDS = vocab(
    """
    the a an of to in on at for with from by and or but is are was were be been as than into onto about over
    under this these those their there its our your his her my we they he she it и в во на с со к ко по из
    за от до о об у для при без через над под а но же ли бы
    """
)
# Repeats that are correct: "had had", "that that", reduplication for emphasis, interjections.
LEGIT_REPEATS = vocab(
    """
    had that is do very no so bye ha ho la ta yeah yes well knock chop tut boo bla blah hush go come
    duh nein nee non si oui ja die der das den dem des sie nous vous
    да нет так ну ой ах ох ха хи бла очень еще ещё вот тук кис пили
    """
)


# Doubles that are correct in a language besides the repeats above (German and Dutch relative pronouns after an
# article or a pronoun: "die Frau, die die Zeitung liest", "dat dat klopt", "was was bedeutet"; French reflexives).
LEGIT_BY_LANGUAGE = {
    "de": vocab("die der das den dem des was wer sie es ihr"), "nl": vocab("dat die wat ze had"),
    "fr": vocab("nous vous si"), "es": frozenset(), "it": frozenset(), "pt": frozenset(),
    "pl": vocab("to tak nie"), "cs": vocab("to tak ne"), "sk": vocab("to tak nie"),
}
# Where a doubled function word (the language's most frequent words, less its legitimate repeats) is fixed by
# deleting one: the languages whose repeats are listed above; elsewhere a doubled word is a question.
SAFE_LANGUAGES = frozenset({"de", "nl", "fr", "es", "it", "pt"})


@lru_cache(maxsize=64)
def _words_for(lang: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """(the words whose double is deleted safely, the words whose double is correct) in ``lang``."""
    base = base_language(lang) or "en"
    if base in ("en", "ru"):
        return FUNCTION_WORDS, LEGIT_REPEATS
    legit = LEGIT_REPEATS | LEGIT_BY_LANGUAGE.get(base, frozenset())
    safe = wordstats.function_words(base) - legit if base in SAFE_LANGUAGES else frozenset()
    return safe, legit


class DoubledWord(Check):
    """The same word twice in a row (the the); fixed automatically only for function words."""

    id = "doubled-word"
    category = "Fluency/Grammar"
    severity = "minor"
    safe = True
    aliases = ("doubled", "repetition", "repeated-word")
    examples_flag = (
        Example("He went to the the market.", expect=(1, 14, 18, "")),
        Example("The The market opened.", expect=(1, 3, 7, "")),
        Example("Они пришли в в город.", target_lang="ru", expect=(1, 12, 14, "")),
        Example("Er dachte an an die Zukunft.", target_lang="de", expect=(1, 12, 15, "")),
        Example("To je je dobré.", target_lang="sk", expect=(1, 5, 8, None)),  # a question where no list says
        Example("They visited Moscow Moscow again.", expect=(1, 19, 26, None)),
    )
    examples_pass = (
        Example("What he had had was enough; he said that that was fine."),
        Example("Die Frau, die die Zeitung liest, weiß, was was bedeutet.", target_lang="de"),
        Example("Hij zei dat dat klopt.", target_lang="nl"),
        Example("Bye bye, said the very very tired man. Да да, так так."),
        Example("Bora-Bora and a well-well-known case."),
        Example("The Hague, the place."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Each doubled word; the suggestion deletes the gap and the second copy when that is safe."""
        if not may_double(text):
            return []
        safe, legit = _words_for(doc.context.target_lang)
        found: list[Finding] = []
        for m in DOUBLED_RE.finditer(text, overlapped=True):
            word, again = m["w"], m["again"]
            low = word.lower()
            if low != again.lower() or low in legit or (len(word) == 1 and word.isupper()):
                continue
            if low in safe:
                found.append(self.finding(m.start("gap"), m.end(), f"{word!r} twice in a row", ""))
            elif word[0].isupper() and again[0].isupper():
                # Names double legitimately (Walla Walla, Sirhan Sirhan): a note for a person.
                found.append(
                    self.finding(m.start("gap"), m.end(), f"{word!r} twice in a row", None, severity="neutral")
                )
            else:
                found.append(self.finding(m.start("gap"), m.end(), f"{word!r} twice in a row", None))
        return found


def may_double(text: str) -> bool:
    """Whether ``text`` may hold a doubled word: False only when it cannot.

    A doubled word is two runs of letters whose lower cases are equal. Lower-casing a line maps each character
    to one character, a letter to a letter and anything else to no letter, except for İ (two characters) and Σ
    (its lower case depends on the letters around it): without those, the lower-cased line holds the pair as
    one run of letters between two non-letters, repeated after spaces (that lower-casing keeps letters letters and
    non-letters non-letters is checked for every character in tests/test_checks_speed_equivalence.py).
    """
    low = text.lower()
    if len(low) != len(text) or "Σ" in text:
        return True
    return AGAIN_RE.search(low) is not None
