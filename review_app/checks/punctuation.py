"""Quotes, brackets and spacing: unpaired marks, guillemets in English, double spaces, misplaced spaces."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, ClassVar

import regex

from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.checks.langid import base_language
from review_app.checks.textutil import CJK_RE, KANA_RE, in_spans, protected_spans

PAIRS = {"“": "”", "«": "»", "(": ")", "[": "]", "{": "}"}
# Emoticons and Russian-style smileys ")))" are not brackets.
EMOTICON_RE = regex.compile(r"[:;=8xX]['\-^o]?[()\[\]DPp]|\^_\^|(?<=\s|^)[)(]{2,}(?=\s|$)|[)]{2,}$")
LIST_MARKER_RE = regex.compile(r"(?<![\w(])(?:\d{1,3}|[a-zA-Zа-яА-Я]|[ivxIVX]{1,4})\)(?=\s|$)")
INCH_RE = regex.compile(r'(?<=\d)"')


# A quotation may run over several lines: paragraphs, or sentences in sentence-per-line corpora.
QUOTE_SPAN_LINES = 6
QUOTE_MARKS = "“”„«»\""
CURLY_MARKS = "“”„«»"
Issue = tuple[int, int, str]


@lru_cache(maxsize=1 << 16)
def _quote_line(line: str) -> tuple[bool, str, tuple[tuple[int, str], ...], tuple[int, ...]]:
    """What quotation pairing needs of a line: is it blank, its first character, its curly and angle
    marks (position, mark) and its straight double quotes that are not inch marks.

    Memoised: a re-check of one edited line pairs the marks of the whole document again, every other
    line unchanged.
    """
    straight = tuple(m.start() for m in regex.finditer(r'"', line) if not INCH_RE.match(line, m.start()))
    marks = tuple((pos, ch) for pos, ch in enumerate(line) if ch in CURLY_MARKS)
    return not line.strip(), line.lstrip()[:1], marks, straight


def _pair_marks(lines: Sequence[str], open_: str, closers: str, out: dict[int, list[Issue]],
                skip: frozenset[tuple[int, int]] = frozenset()) -> None:
    """Pair opening marks with closing ones (any of ``closers``) across lines; record the unpaired ones in ``out``.
    The marks at ``skip`` (line, position) belong to another pairing."""
    stack: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        blank, first, marks, _straight = _quote_line(line)
        if blank or not (stack or marks):
            continue  # nothing open and no mark: the line changes nothing
        if stack and stack[-1][0] < i and first == open_:
            stack.pop()  # a quotation reopened at the next paragraph: the earlier one continues
        depth_max, opened = 0, 0
        for pos, ch in marks:
            if (i, pos) in skip:
                continue
            if ch == open_:
                stack.append((i, pos))
                opened += 1
                depth_max = max(depth_max, sum(1 for ln, _ in stack if ln == i))
            elif ch in closers:
                if stack:
                    if stack[-1][0] == i:
                        opened -= 1
                    stack.pop()
                else:
                    out[i].append((pos, pos + 1, f"closing {ch} without an opening {open_}"))
        if open_ == "«" and opened == 1 and depth_max >= 2:
            stack.pop()  # «…«…» — Russian merges two closing marks into one
        while stack and i - stack[0][0] >= QUOTE_SPAN_LINES:
            ln, pos = stack.pop(0)
            out[ln].append((pos, pos + 1, f"opening {open_} never closed"))
    for ln, pos in stack:
        out[ln].append((pos, pos + 1, f"opening {open_} never closed"))


def _pair_straight(lines: Sequence[str], out: dict[int, list[Issue]], mark: str = '"') -> None:
    """Marks that both open and close (straight quotes; Swedish ” … ”): a line with an odd number pairs with
    the next such line nearby."""
    pending: tuple[int, int] | None = None
    for i, line in enumerate(lines):
        _blank, _first, curly, straight = _quote_line(line)
        marks = straight if mark == '"' else tuple(pos for pos, ch in curly if ch == mark)
        if len(marks) % 2 == 0:
            continue
        if pending is not None and i - pending[0] < QUOTE_SPAN_LINES:
            pending = None
            continue
        if pending is not None:
            out[pending[0]].append((pending[1], pending[1] + 1, "unpaired quotation mark"))
        pending = (i, marks[-1])
    if pending is not None:
        out[pending[0]].append((pending[1], pending[1] + 1, "unpaired quotation mark"))


def analyse_quotes(lines: Sequence[str]) -> dict[int, list[Issue]]:
    """Unpaired quotation marks of a document, per line index, in the quotation style the document writes.

    English opens with “ and closes with ”; German, Czech and Slovak open low and close with “ („…“),
    Polish, Hungarian and Romanian with ” („…”); Swedish and Finnish write ” at both ends; French and
    Russian quote «…», German and Danish also »…«.
    """
    out: dict[int, list[Issue]] = defaultdict(list)
    used = Counter(ch for line in lines for _, ch in _quote_line(line)[2])
    if used["„"] and used["„"] >= used["”"]:  # an English text quoting one German phrase keeps its own style
        _pair_marks(lines, "„", "“”", out)
    elif used["“"] or not used["”"]:
        _pair_marks(lines, "“", "”", out, _low_quotations(lines) if used["„"] else frozenset())
    else:
        _pair_straight(lines, out, "”")
    if _reversed_guillemets(lines):
        _pair_marks(lines, "»", "«", out)
    else:
        _pair_marks(lines, "«", "»", out)
    _pair_straight(lines, out)
    return out


def _low_quotations(lines: Sequence[str]) -> frozenset[tuple[int, int]]:
    """The closing “ of each „…“ inside one line: a German phrase quoted in a text of the English style."""
    closing = set()
    for i, line in enumerate(lines):
        opened = False
        for pos, ch in _quote_line(line)[2]:
            if ch == "„":
                opened = True
            elif ch == "“" and opened:
                closing.add((i, pos))
                opened = False
    return frozenset(closing)


def _reversed_guillemets(lines: Sequence[str]) -> bool:
    """The document quotes »…« (German, Danish): more of its lines pair » then « than « then »."""
    pointed_in = pointed_out = 0
    for line in lines:
        guillemets = "".join(ch for _, ch in _quote_line(line)[2] if ch in "«»")
        pointed_in += "»«" in guillemets
        pointed_out += "«»" in guillemets
    return pointed_in > pointed_out


def _unbalanced(text: str) -> bool:
    """Quotation marks that do not pair up within ``text`` (used on the source side)."""
    straight = len([m for m in regex.finditer(r'"', text) if not INCH_RE.match(text, m.start())])
    return straight % 2 == 1 or text.count("«") != text.count("»") or text.count("“") != text.count("”")


class Quotes(Check):
    """Unpaired quotation marks, and Russian « » guillemets left in English text."""

    id = "quotes"
    category = "Fluency/Punctuation"
    severity = "minor"
    safe = False
    aliases = ("quote",)
    examples_flag = (
        Example("He said «no» to that.", expect=(1, 8, 9, "“")),
        Example('He said "no to that.', expect=(1, 8, 9, None)),
        Example("He said “no to that.", expect=(1, 8, 9, None)),
        Example("Он сказал: нет» и ушёл.", target_lang="ru", expect=(1, 14, 15, None)),
        Example("Er sagte: „Nein, und ging.", target_lang="de", expect=(1, 10, 11, None)),
    )
    examples_pass = (
        Example('He said "no" to that, and “yes” to this.'),
        Example("«Правительство говорит: «Мы надеемся на работодателей».", target_lang="ru"),
        Example('A 5" screen and a 10" one.'),
        Example('" He never used it , " the court was told .'),
        Example("He said: “We will come.\nWe will win,” he added."),
        Example("“The first paragraph of a long quotation.\n\n“The second one ends it.”"),
        Example("Er sagte: „Nein“, und ging. Sie nennen es „Wegwerfkultur“.", target_lang="de"),
        Example("Powiedział: „Nie”, i wyszedł.", target_lang="pl"),
        Example("Han sa: ”Nej” och gick.", target_lang="sv"),
        Example("Er sagte: »Nein«, und ging.\nSie sagte: »Ja«.", target_lang="de"),
        Example("He said “no” and “never”, and Merkel's „Wir schaffen das“ was quoted.", target_lang="en"),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Guillemets in English; curly, angle and straight quotes that do not pair up in the document."""
        found: list[Finding] = []
        if ("«" in text or "»" in text) and base_language(doc.context.target_lang) == "en":
            for m in regex.finditer(r"[«»]", text):
                suggestion = "“" if m.group() == "«" else "”"
                found.append(self.finding(m.start(), m.end(), "« » guillemets in English text", suggestion))
        source = doc.source_line
        if source is not None and _unbalanced(source):
            return found  # the segment was cut mid-quotation in the source too
        if not any(mark in text for mark in QUOTE_MARKS):
            return found  # no mark of its own to leave unpaired: the document's pairs are not needed
        key = "quotes:analysis"
        if key not in doc.cache:
            doc.cache[key] = analyse_quotes(doc.lines)
        found.extend(self.finding(s, e, msg) for s, e, msg in doc.cache[key].get(doc.index, []))
        return found


class Brackets(Check):
    """Unpaired round, square or curly brackets."""

    id = "brackets"
    category = "Fluency/Punctuation"
    severity = "minor"
    safe = False
    aliases = ("bracket",)
    examples_flag = (
        Example("The Belt and Road Initiative (BRI has grown.", expect=(1, 29, 30, None)),
        Example("The initiative) has grown.", expect=(1, 14, 15, None)),
    )
    examples_pass = (
        Example("The Belt and Road Initiative (BRI) [2013] {x} has grown."),
        Example("1) first point; a) second point"),
        Example("Nice :) and great )))"),
        Example("( If you need a description , ask ) )"),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """A stack walk over brackets, skipping emoticons and list markers."""
        if not _BRACKET_RE.search(text):
            return []  # most lines: no bracket to pair
        skip = {i for m in EMOTICON_RE.finditer(text) for i in range(*m.span())}
        markers = {m.end() - 1 for m in LIST_MARKER_RE.finditer(text)}  # "1) first; a) second"
        stack: list[tuple[int, str]] = []
        found: list[Finding] = []
        closers = {v: k for k, v in PAIRS.items() if k in "([{"}
        for bracket in _BRACKET_RE.finditer(text):  # every other character leaves the stack as it is
            i, ch = bracket.start(), bracket.group()
            if i in skip or (i in markers and not any(c == "(" for _, c in stack)):
                continue
            if ch in "([{":
                stack.append((i, ch))
            elif ch in closers:
                if stack and stack[-1][1] == closers[ch]:
                    stack.pop()
                elif any(c == closers[ch] for _, c in stack):
                    while stack and stack[-1][1] != closers[ch]:
                        j, c = stack.pop()
                        found.append(self.finding(j, j + 1, f"{c} never closed"))
                    stack.pop()
                elif not (ch == ")" and _before_spaces(text, i) == ")"):  # "ask ) )": a doubled closer
                    found.append(self.finding(i, i + 1, f"{ch} without an opening {closers[ch]}"))
        found.extend(self.finding(j, j + 1, f"{c} never closed") for j, c in stack)
        return found


_BRACKET_RE = regex.compile(r"[()\[\]{}]")
# A colon or semicolon before a closing bracket is a smiley (":)", ";)"), not a mark spaced off its word.
SPACE_BEFORE_RE = regex.compile(
    r"(?<=[\p{L}\p{N}\p{Pe}\p{Pf}\"'])[ \u00a0]+(?P<p>[,.;:!?])(?=\s|$|[\"»”’\]]|(?<![:;])\))"
)
DOUBLE_SPACE_RE = regex.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_BEFORE_HINT_RE = regex.compile(r"[ \u00a0][,.;:!?]")  # what every SPACE_BEFORE_RE match holds
MISSING_AFTER_RE = regex.compile(
    r"(?<=\p{L})[,;](?=\p{L})|(?<=\p{L}{2})[!?](?=\p{Lu})|(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll})"
)
# The full-width marks of Chinese, and Japanese (whose comma is the ideographic one), for a half-width one.
FULL_WIDTH = {",": "，", ";": "；"}
FULL_WIDTH_JA = {",": "、", ";": "；"}
TOKENIZED_RE = regex.compile(r"\s[,.;:!?](?:\s|$)")
PUNCT_RE = regex.compile(r"[,.;:!?](?:\s|$)")


SITE_NAME_RE = regex.compile(r"(?<!\S)\p{Lu}[\p{L}\d-]*\.\p{Lu}\p{Ll}{1,2}(?!\S)")


def _site_name(text: str, dot: int) -> bool:
    """A site written in title case (Kasparov.Ru, Rino.Ink): the dot is no sentence end."""
    start = text.rfind(" ", 0, dot) + 1
    return text[dot] == "." and bool(SITE_NAME_RE.match(text, start))


def _tokenized(doc: DocumentContext, setting: str) -> bool:
    """Tokenized text (``word , word .``) spaces its punctuation on purpose.

    Decided from the document when it has a few lines with punctuation, else from the line itself.
    """
    if setting in ("yes", "no"):
        return setting == "yes"
    key = "spacing:tokenized"
    if key not in doc.cache:
        with_punct = [ln for ln in doc.document_lines if PUNCT_RE.search(ln)]
        spaced = sum(1 for ln in with_punct if TOKENIZED_RE.search(ln))
        doc.cache[key] = len(with_punct) >= 3 and spaced / len(with_punct) >= 0.3
    return bool(doc.cache[key]) or len(TOKENIZED_RE.findall(doc.line)) >= 2


class Spacing(Check):
    """Double spaces, a space before punctuation, a missing space after it."""

    id = "spacing"
    category = "Fluency/Punctuation"
    severity = "minor"
    safe = True
    aliases = ("space", "whitespace")
    defaults: ClassVar[dict[str, Any]] = {"tokenized": "auto"}
    statistics = ("spacing:tokenized",)
    examples_flag = (
        Example("Beijing  welcomes the talks.", expect=(1, 7, 9, " ")),
        Example("Beijing welcomes the talks , and hopes for peace.", expect=(1, 26, 27, "")),
        Example("Beijing welcomes the talks,and hopes for peace.", expect=(1, 26, 27, ", ")),
        Example("It ended.Then it began again.", expect=(1, 8, 9, ". ")),
        Example("不过,宇宙不是一部默剧。", target_lang="zh", expect=(1, 2, 3, "，")),  # no space: the full-width comma
        Example("東京,大阪と京都", target_lang="ja", expect=(1, 2, 3, "、")),
    )
    examples_pass = (
        Example("It costs 3.5 million, i.e. 1,000 times more in the U.S. than at https://example.com/a,b today."),
        Example("Wait... what? Yes! See Node.js and e.g. the ASP.NET site."),
        Example("Il a dit : non !", target_lang="fr"),
        Example("He says : yes .\nShe says : no .\nThey say , maybe .\nWe say : never ."),
        Example("    Indented text stays."),
        Example("Great news :) See you soon ;)"),  # smileys, not marks spaced off their words
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Spacing problems outside URLs and e-mail addresses."""
        spans = protected_spans(text)
        # Each pattern's pre-test is a text it cannot match without: two spaces; a space before a mark
        found = ([self.finding(*m.span(), "double space", " ") for m in DOUBLE_SPACE_RE.finditer(text)]
                 if "  " in text else [])
        french = base_language(doc.context.target_lang) == "fr"
        if _SPACE_BEFORE_HINT_RE.search(text) and not _tokenized(doc, self.options["tokenized"]):
            for m in SPACE_BEFORE_RE.finditer(text):
                if (french and m["p"] in ";:!?") or in_spans(m.start("p"), spans):
                    continue
                if m["p"] == "." and text.startswith("..", m.start("p")):
                    continue
                found.append(self.finding(m.start(), m.start("p"), f"space before {m['p']!r}", ""))
        for m in MISSING_AFTER_RE.finditer(text):
            if in_spans(m.start(), spans) or _site_name(text, m.start()):
                continue
            around = text[m.start() - 1] + text[m.end()]
            if CJK_RE.search(around):
                # Chinese and Japanese put no space after a comma: their comma is full-width.
                wide = FULL_WIDTH_JA[m.group()] if KANA_RE.search(around) or base_language(
                    doc.context.target_lang) == "ja" else FULL_WIDTH[m.group()]
                found.append(self.finding(m.start(), m.end(), f"half-width {m.group()!r} between Chinese or "
                                          f"Japanese characters: the full-width {wide!r}", wide))
            else:
                found.append(self.finding(m.start(), m.end(), f"no space after {m.group()!r}", m.group() + " "))
        return found


def _before_spaces(text: str, end: int) -> str:
    """The last character before ``end`` that is not whitespace ("" when none), read back from ``end``
    rather than from a stripped copy of the line before it (a long line holds many brackets)."""
    k = end
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return text[k - 1] if k else ""
