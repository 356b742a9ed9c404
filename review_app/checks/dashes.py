"""Dash misuse: em/en dashes standing in for hyphens inside compounds, and lopsided dash spacing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.checks.textutil import vocab

DASHES = "—–―"
# Word-internal closed dash: letters/digits on both sides, no space.
CLOSED_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?P<left>[\p{{L}}\p{{N}}]+)(?P<dash>[{DASHES}])(?=(?P<right>[\p{{L}}\p{{N}}]+))"
)
# A dash spaced on one side only, between words: "Belt— One", "Belt —One".
# Straight quotes are left out: whether one opens or closes is unknown ("— well" after an opening quote).
_WORD_END = r"(?<=[\p{L}\p{N}\p{Pe}\p{Pf}])"
_WORD_START = r"(?=[\p{L}\p{N}\p{Ps}\p{Pi}])"
LOPSIDED_AFTER_RE = regex.compile(rf"{_WORD_END}(?P<dash>[{DASHES}])(?P<space>[ \t\u00a0]+){_WORD_START}")
LOPSIDED_BEFORE_RE = regex.compile(rf"{_WORD_END}(?P<space>[ \t\u00a0]+)(?P<dash>[{DASHES}]){_WORD_START}")
SPACED_RE = regex.compile(rf"\s[{DASHES}]\s")
HYPHENATED_RE = regex.compile(r"(?<![\p{L}-])\p{L}+-\p{L}+(?![\p{L}-])")

# Parts that mostly occur in hyphenated compounds (English), lower case. In a document that writes
# its dashes closed up, both parts must be known (or the pair listed) before "—" counts as a hyphen.
COMPOUND_FIRST = vocab(
    """
    high low long short well self non co anti pro multi cross full part half semi inter mid far near ex post pre
    sino euro afro ill bi tri sub super ultra micro macro counter trans pan quasi cyber eco neo vice step great
    real ice cutting
    """
)
COMPOUND_SECOND = vocab(
    """
    tested based level quality term scale known related oriented free friendly like made owned run led style
    type sized old minded making looking speaking established defined driven intensive profile ranking class
    efficient effective sufficient reaching awaited lasting standing called proof ready famous centric specific
    wise being time
    """
)
COMPOUND_PAIRS = vocab(
    """
    follow-up set-up check-in log-in sign-in sign-up drop-off take-off break-up build-up stand-off spin-off
    walk-out turn-out lock-down count-down round-up start-up make-up back-up line-up pick-up roll-out shut-down
    run-up trade-off write-off cut-off kick-off hand-over take-over cross-over so-called up-to to-date
    mother-in in-law father-in sister-in brother-in day-to to-day face-to to-face one-on on-one
    """
)
TENS = vocab("twenty thirty forty fifty sixty seventy eighty ninety")
UNITS = vocab("one two three four five six seven eight nine first second third fourth fifth sixth seventh eighth ninth")
# Russian particles and prefixes written with a hyphen (кто-то, из-за, по-русски, кое-что).
RU_HYPHEN_RIGHT = vocab(
    """
    то либо нибудь ка таки де
    """
)
RU_HYPHEN_LEFT = vocab(
    """
    кое по во из
    """
)


def _is_number(token: str) -> bool:
    return token[:1].isdigit()


class DashInCompound(Check):
    """An em or en dash used as a hyphen inside a word, or spaced on one side only."""

    id = "dash-in-compound"
    category = "Fluency/Punctuation"
    severity = "minor"
    safe = True
    aliases = ("dash", "dashes")
    defaults: ClassVar[dict[str, Any]] = {"flag_lopsided": True}
    examples_flag = (
        Example("They are time—tested true friends.", expect=(1, 13, 14, "-")),
        Example("A new stage of high—quality development.", expect=(1, 19, 20, "-")),
        Example("the Belt and Road High—level Forum", expect=(1, 22, 23, "-")),
        Example("the One Belt— One Road Initiative", expect=(1, 12, 14, " — ")),
        Example("the One Belt —One Road Initiative", expect=(1, 12, 14, " — ")),
        Example("a COVID—19 vaccine", expect=(1, 7, 8, "-")),
        Example("Он сказал что—то.", target_lang="ru", expect=(1, 13, 14, "-")),
        Example("four regions — Asia — and a risk—averse view.", expect=(1, 32, 33, None)),
        Example("an e—mail about twenty—five cases", expect=(1, 4, 5, "-")),
        Example(
            "The follow—up came.\nThe follow-up was late, the cross-border one too.\nA cross—border deal.",
            expect=(1, 10, 11, "-"),
        ),
        Example("A cross—border deal.\nThe cross-border one.", expect=(1, 7, 8, "-")),
    )
    examples_pass = (
        Example("four regions — Asia, Africa, Europe and Latin America."),
        Example("— The Chinese side has repeatedly stressed the need for peace."),
        Example("In 1990–2000 prices rose; see pages 10–12."),
        Example("the Paris–Berlin train and the Michelson–Morley experiment"),
        Example("The answer—if there is one—is no."),
        Example("The answer—if there is one—is no.\nIt was long—too long—and well—so what."),
        Example("Москва — столица России, 1941—1945 годы."),
        Example("— Yes."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Closed dashes between word characters, then lopsided spacing."""
        found = [f for m in CLOSED_RE.finditer(text, overlapped=True) if (f := self._closed(m, doc)) is not None]
        if self.options["flag_lopsided"]:
            found.extend(self._lopsided(text))
        return found

    def _closed(self, match: regex.Match[str], doc: DocumentContext) -> Finding | None:
        left, right, dash = match["left"], match["right"], match["dash"]
        start = match.start("dash")
        if _is_number(left) and _is_number(right):
            return None  # a number range (1990–2000): correct with an en dash, Russian style with an em dash
        if _is_number(left) or _is_number(right):
            word = right if _is_number(left) else left
            if word.isupper() or len(word) <= 4:
                return self.finding(start, start + 1, f"{dash!r} used as a hyphen in {left}{dash}{right}", "-")
            return None
        low_left, low_right = left.lower(), right.lower()
        if doc.target_script == "Cyrillic":
            if low_right in RU_HYPHEN_RIGHT or low_left in RU_HYPHEN_LEFT:
                return self.finding(start, start + 1, f"dash used as a hyphen in {left}{dash}{right}", "-")
            if left.islower() and right.islower():
                return self.finding(start, start + 1, "unspaced dash between words: a hyphen or a spaced dash?")
            return None
        style = _document_style(doc)
        if _is_compound(left, right, style.hyphenated, strict=style.closed_style):
            return self.finding(start, start + 1, f"dash used as a hyphen in the compound {left}{dash}{right}", "-")
        if dash == "–" and left[:1].isupper() and right[:1].isupper():
            return None  # Paris–Berlin, Russia–Ukraine: the en dash joins equal names
        if style.closed_style:
            return None  # the document writes its dashes closed up (the answer—if any—is no)
        return self.finding(
            start,
            start + 1,
            f"unspaced dash in {left}{dash}{right}: a hyphen (compound) or a spaced dash?",
        )

    def _lopsided(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        for pattern in (LOPSIDED_AFTER_RE, LOPSIDED_BEFORE_RE):
            for m in pattern.finditer(text):
                dash = m["dash"]
                start, end = m.span()
                before, after = text[:start].rstrip(), text[end:]
                ranged = before[-1:].isdigit() and after[:1].isdigit()
                suggestion = dash if ranged else f" {dash} "
                found.append(self.finding(start, end, "dash spaced on one side only", suggestion))
        return found


@dataclass(frozen=True, slots=True)
class DashStyle:
    """How a document writes dashes: closed up as its style, and which hyphenated pairs it uses."""

    closed_style: bool
    hyphenated: frozenset[str]


def _is_compound(left: str, right: str, hyphenated: frozenset[str], strict: bool = False) -> bool:
    """Evidence that ``left—right`` is a hyphenated compound written with a dash.

    ``strict`` (documents that close up their dashes): both parts must be known compound parts.
    """
    low_left, low_right = left.lower(), right.lower()
    first, second = low_left in COMPOUND_FIRST, low_right in COMPOUND_SECOND
    return (
        (first and second if strict else first or second)
        or f"{low_left}-{low_right}" in COMPOUND_PAIRS
        or (len(left) == 1 and len(right) > 1)  # e—mail, T—shirt, x—ray
        or (low_left in TENS and low_right in UNITS)  # twenty—five
        or f"{low_left}-{low_right}" in hyphenated  # spelled with a hyphen elsewhere in the document
    )


def _document_style(doc: DocumentContext) -> DashStyle:
    """Dash habits of the whole document, computed once per run."""
    key = "dash-in-compound:style"
    if key not in doc.cache:
        spaced = closed = 0
        hyphenated: set[str] = set()
        for line in doc.lines:
            spaced += len(SPACED_RE.findall(line))
            for m in CLOSED_RE.finditer(line, overlapped=True):
                left, right = m["left"], m["right"]
                if not (_is_number(left) or _is_number(right) or _is_compound(left, right, frozenset())):
                    closed += 1
            hyphenated.update(h.lower() for h in HYPHENATED_RE.findall(line))
        doc.cache[key] = DashStyle(closed >= 2 and closed > spaced, frozenset(hyphenated))
    return doc.cache[key]
