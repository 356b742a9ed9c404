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
