"""Consistent MT↔reference differences: phrases the MT writes one way where the reference says another.

From aligned pairs (MT segment, reference or post-edit segment), a word diff of each pair gives
replacements (``OBOR`` → ``BRI``; ``the World`` → ``Peace``). A replacement inside a name grows
to the whole name on both sides (``Friends of the World`` → ``Friends of Peace``). A proposal is
kept only when it holds in most of its occurrences (precision first): among the MT segments that
contain the phrase, most have the replacement in their reference and not the phrase itself, and
it holds at least twice. Findings carry the reference's phrase as the fix; a reviewer can add a
proposal to the project's glossary.

A proposal is a term (:mod:`review_app.checks.termlike`): never another form of the same words
(``поддержкой`` → ``поддержку``), an article or a broken encoding. A human reference written
independently of the MT differs everywhere, so from it only names and acronyms are proposed
(``Макинэни`` → ``Макинани``, ``ASIO`` → ``АСБР``); a post-edit, which differs only where the MT
was wrong, may propose any consistent replacement. Which one a reference is, is measured from
its pairs (``reference`` option: ``auto``, ``post-edit``, ``independent``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

import regex
from rapidfuzz.distance import Levenshtein

from review_app.checks import termlike
from review_app.checks.base import Check, DocumentContext, Example, Finding, script_of_language
from review_app.text import wordstats
from review_app.text.names import glue, grow_to_name, is_word
from review_app.text.phrases import MAX_TOKENS, TOKEN_RE

RUN_TOKENS = 12


@dataclass(frozen=True, slots=True)
class Difference:
    """``mt`` is written ``ref`` in the reference in ``held`` of the ``seen`` aligned pairs holding ``mt``."""

    mt: str
    ref: str
    held: int
    seen: int

    @property
    def share(self) -> float:
        """The share of the MT phrase's occurrences where the reference says ``ref``."""
        return self.held / self.seen if self.seen else 0.0


def _tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def _candidate_keys(a: list[str], b: list[str], lang: str) -> tuple[set[str], set[str]]:
    """Replacements from the word diff of one aligned pair, unfiltered, as ``"mt phrase\nreference phrase"``
    (tokens joined by a space: no token holds whitespace, so the key gives its tokens back): all of them,
    and those that are a whole run (the others are edges of a run). None has an empty side (never a term).

    Filtering waits until a candidate is seen twice: most are seen once, and counting is cheap. A key is a
    string, not tuples of tokens: a one-token side is the token itself, and a string is hashed once.
    """
    keys: set[str] = set()
    whole: set[str] = set()
    add = keys.add
    for o1, o2, p1, p2 in _runs(a, b):
        if o2 - o1 > RUN_TOKENS or p2 - p1 > RUN_TOKENS:
            continue  # a rephrased stretch of sentence, not a term
        mt_run, ref_run = " ".join(a[o1:o2]), " ".join(b[p1:p2])
        run_key = mt_run + "\n" + ref_run
        if a[o1] != b[p1] and mt_run.islower():
            # Nothing to grow (most runs): a name grows only from a capitalised token of the MT run (no
            # character of a lower-case text is upper case), and a leading equal token is cut off only when
            # the run starts with one.
            whole.add(run_key)
        else:
            i1, i2, j1, j2 = grow_to_name(a, b, ("replace", o1, o2, p1, p2), lang)
            if i2 > i1 and j2 > j1:
                whole.add(" ".join(a[i1:i2]) + "\n" + " ".join(b[j1:j2]))
        if _joined_letters(mt_run) == _joined_letters(ref_run):
            continue  # spacing, case or punctuation ("JC Decaux"/"JCDecaux"): its edges are no term either
        # Neighbouring changes merge into one replacement ("OBOR rose" / "BRI went up"): its edges (one or
        # two tokens a side, at its start and at its end) are candidates too, and only those that hold
        # elsewhere survive the count.
        if o2 - o1 == 1 and p2 - p1 == 1:
            add(run_key)  # one token a side (most runs): both edges are the run
            continue
        start_a, end_a, start_b, end_b = a[o1] + "\n", a[o2 - 1] + "\n", b[p1], b[p2 - 1]
        add(start_a + start_b)
        add(end_a + end_b)
        two_b = p2 - p1 > 1
        if two_b:
            start_b2, end_b2 = start_b + " " + b[p1 + 1], b[p2 - 2] + " " + end_b
            add(start_a + start_b2)
            add(end_a + end_b2)
        if o2 - o1 > 1:
            start_a2, end_a2 = a[o1] + " " + a[o1 + 1] + "\n", a[o2 - 2] + " " + end_a
            add(start_a2 + start_b)
            add(end_a2 + end_b)
            if two_b:
                add(start_a2 + start_b2)
                add(end_a2 + end_b2)
    keys |= whole
    return keys, whole


def _runs(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """Maximal runs of changed tokens with something on both sides (``a[i1:i2]`` → ``b[j1:j2]``): the gaps
    between the blocks rapidfuzz's word-level edit script keeps."""
    out: list[tuple[int, int, int, int]] = []
    i = j = 0  # where the tokens after the last kept block start
    for x, y, size in Levenshtein.editops(a, b).as_matching_blocks():  # the last block: (len(a), len(b), 0)
        if x > i and y > j:
            out.append((i, x, j, y))
        i, j = x + size, y + size
    return out


class _PairTests:
    """Whether candidates are terms, each side's own tests made once per document.

    A side recurs in many candidates (``OBOR`` → ``BRI``, ``OBOR`` → ``BRI went``): whether it is a phrase of
    words and whether it is a broken encoding are kept by side.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._side: dict[tuple[str, ...], bool] = {}
        self._garbled: dict[tuple[str, ...], bool] = {}

    def acceptable(self, left: tuple[str, ...], right: tuple[str, ...], edge: bool) -> bool:
        """A term pair, and an edge of a run shares no word with its replacement."""
        if not self.term_pair(left, right):
            return False
        return not edge or not {t.lower() for t in left} & {t.lower() for t in right}

    def term_pair(self, left: tuple[str, ...], right: tuple[str, ...]) -> bool:
        """Both sides look like terms, and they differ in more than letter case."""
        # Every test must pass, so their order does not change the outcome: the cheapest and most often failed
        # first (on real pairs: the phrase test turns down about half the candidates; the encoding test, which
        # tries to repair both sides, almost never).
        if not (self.side(left) and self.side(right)):
            return False
        low_left, low_right = _letters(left), _letters(right)
        if low_left.startswith(low_right) or low_right.startswith(low_left):
            # "Group"/"group", "camera"/"cameras", "long — awaited"/"long-awaited": case, grammar or
            # punctuation (other checks' business), not a term
            return False
        lang = self.lang
        if termlike.only_function_words_differ(left, right, lang):
            return False  # "Die Rakaposhi"/"Der Rakaposhi": an article or preposition, grammar
        # another form of the same words ("поддержкой"/"поддержку"), or a broken encoding
        return not (termlike.one_lemma(left, right, lang) or self.garbled(right) or self.garbled(left))

    def side(self, tokens: tuple[str, ...]) -> bool:
        """One side's own tests: a phrase of words (at most ``MAX_TOKENS``) with content words."""
        ok = self._side.get(tokens)
        if ok is None:
            ok = self._side[tokens] = (0 < len(tokens) <= MAX_TOKENS and is_word(tokens[0]) and is_word(tokens[-1])
                                       and _phrase_like(tokens, self.lang))
        return ok

    def garbled(self, tokens: tuple[str, ...]) -> bool:
        """The side, as text, is a broken encoding."""
        found = self._garbled.get(tokens)
        if found is None:
            found = self._garbled[tokens] = termlike.garbled(_join(tokens))
        return found


def _letters(tokens: Sequence[str]) -> str:
    # each token lowered alone, as a word (Greek final sigma), then its letters and digits: token by token
    return "".join(map(_token_letters, tokens))


@lru_cache(maxsize=1 << 16)
def _token_letters(token: str) -> str:
    return "".join(filter(str.isalnum, token.lower()))


@lru_cache(maxsize=1 << 16)
def _joined_letters(text: str) -> str:
    """:func:`_letters` of tokens joined by spaces: a space ends a word for lower-casing as the token's end does
    (it is neither cased nor case-ignorable, so a final sigma stays final), and it is no letter."""
    return "".join(filter(str.isalnum, text.lower()))


def _phrase_like(tokens: Sequence[str], lang: str) -> bool:
    """A term, not a rephrased stretch of sentence: content words, no function word at either edge."""
    content = [t for t in tokens if is_word(t) and not wordstats.is_function_word(t, lang)]
    if not content or all(t.isdigit() for t in content):
        return False
    return not (glue(tokens[0], lang) or glue(tokens[-1], lang))


def _join(tokens: Sequence[str]) -> str:
    return " ".join(tokens)


# A learned phrase matches where ``whole_words(r"\s*".join(escaped tokens))`` would: no word character
# before it, its tokens literally with any whitespace (or none) between them, no word character after.
# Matched here without compiling a pattern per phrase (a document has thousands of candidate phrases;
# compiling each cost more than all the matching), with the same results: a token never starts with
# whitespace, so the pattern matches at most one way at a given start.
_WORD_BEFORE = regex.compile(r"(?<=[\p{L}\p{N}_])")
_WORD_AFTER = regex.compile(r"(?=[\p{L}\p{N}_])")
_SPACES = regex.compile(r"\s*")
_RUN_START = regex.compile(r"(?<![\p{L}\p{N}_])[\p{L}\p{N}]+")
_LEADING_RUN = regex.compile(r"[\p{L}\p{N}]+")

Phrase = tuple[str, ...]  # a learned phrase as its tokens


def _end_of_match(phrase: Phrase, text: str, start: int) -> int | None:
    """Where the phrase's match starting at ``start`` ends, or None when it does not match there."""
    if _WORD_BEFORE.match(text, start):
        return None
    k = start
    for n, token in enumerate(phrase):
        if n:
            spaces = _SPACES.match(text, k)  # \s* matches everywhere (perhaps nothing)
            k = spaces.end() if spaces else k
        if not text.startswith(token, k):
            return None
        k += len(token)
    return None if _WORD_AFTER.match(text, k) else k


def _matches(phrase: Phrase, text: str) -> Iterator[tuple[int, int]]:
    """The phrase's non-overlapping matches in ``text``, left to right (as ``finditer`` gives them)."""
    at = text.find(phrase[0]) if phrase else -1
    while at >= 0:
        end = _end_of_match(phrase, text, at)
        if end is not None:
            yield at, end
        at = text.find(phrase[0], end if end is not None else at + 1)


def _spans(phrase: Phrase, text: str) -> list[tuple[int, int]]:
    return list(_matches(phrase, text))


def _occurs(phrase: Phrase, text: str) -> bool:
    return next(_matches(phrase, text), None) is not None


class _PhraseIndex:
    """Many learned phrases matched against a text in one pass over its words.

    A match starts where a run of letters and digits starts, and that run begins with the leading run
    of the phrase's first token; the phrases are filed by that leading run, and a text's runs look up
    their prefixes. Phrases whose first token is no word are matched one by one.
    """

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        self.phrases = list(phrases)
        self._by_run: dict[str, list[int]] = defaultdict(list)
        self._direct: list[int] = []
        for n, phrase in enumerate(self.phrases):
            lead = _LEADING_RUN.match(phrase[0]) if phrase else None
            if lead is None:
                self._direct.append(n)
            else:
                self._by_run[lead.group()].append(n)
        # Only the lengths some leading run has are looked up (a few, where a word has many prefixes).
        self._sizes = sorted({len(run) for run in self._by_run})
        # A text holding none of the leading runs has no match among them (most lines: a document learns a few)
        self._leads = tuple(self._by_run)

    def spans(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Per phrase (by index) that occurs in ``text``, its non-overlapping matches left to right."""
        found: dict[int, list[tuple[int, int]]] = {}
        for n in self._direct:
            if hits := _spans(self.phrases[n], text):
                found[n] = hits
        if not any(lead in text for lead in self._leads):
            return found
        for run in _RUN_START.finditer(text):
            start, word = run.start(), run.group()
            for size in self._sizes:
                if size > len(word):
                    break
                for n in self._by_run.get(word[:size], ()):
                    hits = found.setdefault(n, [])
                    if hits and hits[-1][1] > start:
                        continue  # inside this phrase's previous match
                    end = _end_of_match(self.phrases[n], text, start)
                    if end is not None:
                        hits.append((start, end))
                    elif not hits:
                        del found[n]
        return found


def mine_differences(
    pairs: Sequence[tuple[str, str]],
    lang: str = "en",
    *,
    min_held: int = 2,
    min_share: float = 0.75,
    post_edit: bool | None = None,
) -> list[Difference]:
    """Consistent replacements over aligned ``(mt, ref)`` pairs, most frequent first.

    A replacement ``m → r`` holds in a pair when the MT segment contains ``m`` and its reference
    contains ``r`` but not ``m``; it is proposed when it holds in at least ``min_held`` pairs and in
    at least ``min_share`` of the pairs whose MT contains ``m``. Of several proposals for one MT
    phrase only the best is kept, and a shorter phrase inside a proposed longer one is dropped.

    Never another form of the same words. ``post_edit`` says whether the references are post-edits
    of the MT (None: measured, :func:`termlike.is_post_edit`); from an independent reference only
    names and acronyms are proposed (:func:`termlike.term_like`).
    """
    pairs = [(m, r) for m, r in pairs if m and r]
    tokens: dict[str, list[str]] = {}  # a line written twice (a reference that keeps the MT's line) is tokenised once

    def tokens_of(text: str) -> list[str]:
        found = tokens.get(text)
        if found is None:
            found = tokens[text] = _tokens(text)
        return found

    tokenised = [(tokens_of(m), tokens_of(r)) for m, r in pairs]  # read only: a line's list may be shared
    if post_edit is None:
        post_edit = termlike.is_post_edit(tokenised)
    term: Callable[[str, str], bool] = (lambda m, r: True) if post_edit else _names_test(tokenised, lang)
    raw: Counter[str] = Counter()
    whole: set[str] = set()  # seen as a whole run at least once
    for mt_tokens, ref_tokens in tokenised:
        if mt_tokens == ref_tokens:
            continue
        keys_here, whole_here = _candidate_keys(mt_tokens, ref_tokens, lang)
        raw.update(keys_here)  # each once per aligned pair
        whole.update(whole_here)
    found: dict[tuple[str, str], int] = {}
    tests = _PairTests(lang)
    for key, n in raw.items():
        if n >= min_held:
            m, r = key.split("\n")
            if tests.acceptable(tuple(m.split(" ")), tuple(r.split(" ")), key not in whole):
                found[(m, r)] = n
    proposals = [(m, r, tuple(_tokens(m)), tuple(_tokens(r))) for (m, r), n in found.items()
                 if n >= min_held and term(m, r)]
    # MT token → the pairs whose MT has it, filed only for the proposals' tokens (a few of a document's words)
    wanted = {t for _, _, pm, _ in proposals for t in pm}
    holding: dict[str, set[int]] = defaultdict(set)
    for k, (mt_tokens, _) in enumerate(tokenised):
        for token in wanted.intersection(mt_tokens):
            holding[token].add(k)
    by_mt: dict[str, list[Difference]] = defaultdict(list)
    for m, r, pm, pr in proposals:
        seen = held = 0
        for k in min((holding[t] for t in pm), key=len):
            mt, ref = pairs[k]
            if _occurs(pm, mt):
                seen += 1
                held += _occurs(pr, ref) and not _occurs(pm, ref)
        if held >= min_held and held / seen >= min_share:
            by_mt[m].append(Difference(m, r, held, seen))
    # Of each MT phrase's proposals: the one that holds most often, in the larger share, the longer, and of
    # proposals equal in all three the reference phrase first in code-point order (never the order of a
    # set, which follows the strings' hashes: they change from process to process).
    best = [min(options, key=lambda d: (-d.held, -d.share, -len(d.ref), d.ref)) for options in by_mt.values()]
    # A shorter proposal inside a longer one that holds as often goes: found through one index of the
    # proposals, each longer phrase's text looked up once (not every pair of proposals compared).
    index = _PhraseIndex([tuple(_tokens(d.mt)) for d in best])
    covered = {n for o in best for n in index.spans(o.mt) if best[n].mt != o.mt and o.held >= best[n].held}
    kept = [d for n, d in enumerate(best) if n not in covered]
    return sorted(kept, key=lambda d: (-d.held, d.mt))


def _names_test(pairs: Sequence[tuple[list[str], list[str]]], lang: str) -> Callable[[str, str], bool]:
    """Whether a proposal is names and acronyms, from how each side's whole text (as tokens) writes its words."""
    names: list[termlike.Names] = []  # the MT's and the reference's, made when a first proposal is tested
    script = script_of_language(lang)

    def test(m: str, r: str) -> bool:
        if not names:
            names.extend((termlike.Names((m for m, _ in pairs), lang), termlike.Names((r for _, r in pairs), lang)))
        return termlike.term_like(_tokens(m), names[0], lang, script, whole=True) and termlike.term_like(
            _tokens(r), names[1], lang, script, whole=False
        )

    return test


_REFERENCE_KINDS: dict[str, bool | None] = {"auto": None, "post-edit": True, "independent": False}


class ReferenceDifference(Check):
    """A phrase the MT writes one way where the reference consistently writes another (OBOR → BRI)."""

    id = "reference-term"
    category = "Terminology/Wrong term"
    severity = "minor"
    safe = False
    aliases = ("terms", "terminology", "learned")
    learned = True
    # reference: "auto" (a post-edit or an independent translation, measured), "post-edit" or "independent"
    defaults: ClassVar[dict[str, Any]] = {"min_held": 2, "min_share": 0.75, "reference": "auto"}
    statistics = ("reference-term:differences",)
    examples_flag = (
        Example(
            "The OBOR grows.\nTrade along the OBOR rose.\nThe OBOR and the EAEU met.",
            reference="The BRI grows.\nTrade along the BRI went up.\nThe BRI and the EAEU met.",
            expect=(1, 4, 8, "BRI"),
        ),
        Example(
            "He spoke of the Friends of the World group.\nThe Friends of the World met in May.",
            reference="He spoke of the Friends of Peace group.\nThe Friends of Peace met in May.",
            expect=(1, 16, 36, "Friends of Peace"),
        ),
    )
    examples_pass = (
        Example("The OBOR grows.", reference="The BRI grows."),  # once is no evidence
        Example(
            "The OBOR grows.\nThe OBOR rose.\nThe OBOR and the EAEU met.\nThe OBOR is old.",
            reference="The BRI grows.\nThe OBOR went up.\nThe OBOR and EAEU met.\nThe BRI is old.",
        ),  # holds in two of four: not consistent
        Example("The talks went well.\nThe talks ended.", reference="The talks went well.\nThe talks ended."),
        Example(
            "The OBOR grows.\nThe OBOR and the EAEU met.",
            reference="The BRI grows.\nThe BRI and the EAEU met.",
            glossary=(("OBOR", "BRI"),),
        ),  # the glossary check reports it
    )

    def __init__(self, severity: str | None = None, **options: Any) -> None:
        super().__init__(severity, **options)
        if self.options["reference"] not in _REFERENCE_KINDS:
            raise ValueError(f"{self.id}: reference must be one of {', '.join(_REFERENCE_KINDS)}")

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Occurrences in this line of the document's consistent differences."""
        if doc.reference_line is None or not text:
            return []
        key = "reference-term:differences"
        if key not in doc.cache:
            refs = doc.context.reference_lines or ()
            # reference_line is set, so the reference is line-aligned with the document
            pairs = [(m, refs[i] if i < len(refs) else "") for i, m in enumerate(doc.document_lines)]
            differences = mine_differences(
                pairs,
                doc.context.target_lang or "en",
                min_held=self.options["min_held"],
                min_share=self.options["min_share"],
                post_edit=_REFERENCE_KINDS[self.options["reference"]],
            )
            in_glossary = {e.wrong.casefold() for e in doc.context.glossary}
            differences = [d for d in differences if d.mt.casefold() not in in_glossary]  # the glossary's
            doc.cache[key] = (differences, _PhraseIndex([tuple(_tokens(d.mt)) for d in differences]))
        differences, index = doc.cache[key]
        found: list[Finding] = []
        spans = index.spans(text)
        for n in sorted(spans):
            diff = differences[n]
            message = f"the reference writes {diff.ref!r} for {diff.mt!r} ({diff.held} of {diff.seen} times)"
            found.extend(self.finding(start, end, message, diff.ref) for start, end in spans[n])
        return found
