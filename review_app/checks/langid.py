"""Language identification with py3langid (its model ships inside the package, no download; mapped from a
cache, :mod:`review_app.checks.langid_model`)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from review_app.checks.textutil import letter_scripts

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier


@lru_cache(maxsize=16)
def _identifier(langs: tuple[str, ...] | None) -> LanguageIdentifier:
    from review_app.checks.langid_model import load_identifier  # and numpy: loaded when a text is identified

    ident = load_identifier(norm_probs=True)
    if langs:
        known = set(ident.labels)
        ident.set_languages([lang for lang in langs if lang in known] or None)
    return ident


def identify(text: str, langs: tuple[str, ...] | None = None) -> tuple[str, float]:
    """``(language, probability)`` of ``text``, optionally restricted to ``langs``."""
    lang, prob = _identifier(langs).classify(text)
    return str(lang), float(prob)


def base_language(code: str | None) -> str | None:
    """``ru`` for ``ru-RU`` / ``ru_RU``; None stays None."""
    return code.lower().replace("_", "-").split("-")[0] if code else None


def detect_language(text: str, sample: int = 20000) -> str | None:
    """The language of a document: langid over its first ``sample`` characters of main-script text.

    Only lines in the document's dominant script are used, so page chrome or leftovers in
    another script do not sway the answer. None when the text has no letters.
    """
    scripts = letter_scripts(text[:sample])
    if not scripts:
        return None
    main = scripts.most_common(1)[0][0]
    lines = [ln for ln in text[:sample].splitlines() if _main_script(ln) == main]
    return identify(" ".join(lines) or text[:sample])[0]


def _main_script(line: str) -> str | None:
    counts = letter_scripts(line).most_common(1)
    return counts[0][0] if counts else None


# Varieties langid's model holds beside a language and often mistakes for it on one sentence ("hr" text scored
# "bs", "no" as "nn" or "da", "pt" as "gl"): a line in one of them, in a document of the other, is not taken
# for another language. Ukrainian and Belarusian are not Russian's: langid tells them apart, and a Ukrainian
# line in Russian MT is the defect the check is for.
CLOSE_LANGUAGES: tuple[frozenset[str], ...] = tuple(frozenset(group.split()) for group in (
    "bs hr sr sh me", "cs sk", "da nb nn no", "gl pt", "an ast es ext gl", "ca oc", "id ms", "bg mk",
    "de lb", "af fy nl", "fr gcf gcr wa", "it lij vec", "en pcm sco", "lv ltg", "crh tr", "uz uzs",
    "ar ary arz", "wuu yue zh",
))
# langid's label for text in no language (digits, symbols).
NO_LANGUAGE = "zxx"
# A long line's language shows in its beginning; identifying all of a 1 MB line would only cost time.
SAMPLE_CHARS = 1000


@lru_cache(maxsize=64)
def close_languages(lang: str) -> frozenset[str]:
    """``lang`` and the varieties langid mistakes for it (:data:`CLOSE_LANGUAGES`)."""
    return frozenset({lang}).union(*(group for group in CLOSE_LANGUAGES if lang in group))


def other_language(text: str, target: str, most: float) -> str | None:
    """The language ``text`` is written in when langid gives the target language and its close varieties together
    at most ``most``; None when the text may be in the target language, or when langid does not know the target."""
    ident = _identifier(None)
    own = close_languages(target)
    if own.isdisjoint(_labels()):
        return None
    sample = text[:SAMPLE_CHARS]
    if ident.classify(sample)[0] in own:  # most lines: the target's, and no need to rank every language
        return None
    ranked = ident.rank(sample)
    best = ranked[0][0]
    if best == NO_LANGUAGE or sum(p for lang, p in ranked if lang in own) > most:
        return None
    return str(best)


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(_identifier(None).labels)
