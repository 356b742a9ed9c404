"""A replacement inside a capitalised name grown to the whole name (``the World`` → ``Peace`` inside
``Friends of the World`` / ``Friends of Peace``), shared by the learned differences and edit propagation."""

from __future__ import annotations

from review_app.text import wordstats


def is_word(token: str) -> bool:
    """Starts with a letter or digit (not punctuation)."""
    return token[:1].isalnum()


def capitalised(token: str) -> bool:
    """Starts with a capital letter."""
    return token[:1].isupper()


def glue(token: str, lang: str) -> bool:
    """A small word inside a name (of, the, and): a function word in lower case."""
    return token.islower() and wordstats.is_function_word(token, lang)


def leading_glue(tokens: list[str], i: int, lang: str) -> bool:
    """A function word before a name: lower case, or capitalised only as a sentence's first word."""
    if glue(tokens[i], lang):
        return True
    initial = i == 0 or not is_word(tokens[i - 1])
    return initial and wordstats.is_function_word(tokens[i], lang)


def grow_to_name(
    a: list[str], b: list[str], op: tuple[str, int, int, int, int], lang: str
) -> tuple[int, int, int, int]:
    """Widen a replacement over equal tokens on both sides while they continue a capitalised name."""
    _, i1, i2, j1, j2 = op
    while i1 > 0 and j1 > 0 and a[i1 - 1] == b[j1 - 1] and (capitalised(a[i1 - 1]) or glue(a[i1 - 1], lang)):
        if not (any(map(capitalised, a[i1:i2])) and any(map(capitalised, b[j1:j2]))):
            break  # only a name on both sides grows ("Friends of the World" / "Friends of Peace")
        i1, j1 = i1 - 1, j1 - 1
    while i1 < i2 and j1 < j2 and a[i1] == b[j1] and leading_glue(a, i1, lang):
        i1, j1 = i1 + 1, j1 + 1  # a leading "the" belongs to the sentence, not to the name
    while (
        i2 < len(a)
        and j2 < len(b)
        and a[i2] == b[j2]
        and capitalised(a[i2])
        and any(capitalised(t) for t in a[i1:i2])
    ):
        i2, j2 = i2 + 1, j2 + 1
    return i1, i2, j1, j2
