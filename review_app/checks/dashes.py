"""Dash misuse: em/en dashes standing in for hyphens inside compounds and numbers in words, and lopsided spacing."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from review_app.checks import numberwords
from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.checks.langid import base_language
from review_app.checks.textutil import UNSPACED_SCRIPT_RE, vocab
from review_app.text import wordstats

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
SENTENCE_END_RE = regex.compile(r"[.!?…]\s")
SPACED_RE = regex.compile(rf"\s[{DASHES}]\s")
HYPHENATED_RE = regex.compile(r"(?<![\p{L}\p{N}-])[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+")
# Two words joined by a dash, spaced or not, in a reference ("Paris–Berlin", "answer — if").
DASHED_PAIR_RE = regex.compile(
    rf"(?P<left>[\p{{L}}\p{{N}}]+)[ \u00a0]?[{DASHES}][ \u00a0]?(?=(?P<right>[\p{{L}}\p{{N}}]+))"
)

# Russian particles and prefixes written with a hyphen (кто-то, из-за, по-русски, кое-что): a closed
# grammatical class, listed whole.
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
# French hyphenates a verb and its inverted subject (dit-il, puis-je, a-t-on), a demonstrative's -ci/-là,
# the compass points and a few locatives (au-dessus, là-haut): another closed class, listed whole.
FR_HYPHEN_RIGHT = vocab(
    """
    il elle on ils elles je tu t ci là même mêmes
    """
)
FR_HYPHEN_LEFT = vocab(
    """
    au là peut nord sud celui celle ceux celles
    """
)
# Only American-style English closes up the dash between clauses ("the answer—if there is one"). The
# other languages of spaced scripts (French, German, Russian, Spanish …) space it, so there a closed dash
# between two letters is a hyphen or a dash missing its spaces, never a correct clause dash. Scripts
# written without spaces (Chinese, Japanese) close every dash ("北京—上海") and are not among them.
CLOSED_CLAUSE_DASH_LANGUAGES = frozenset({"en"})
SPACED_SCRIPTS = frozenset({"Latin", "Cyrillic", "Greek"})
# Spanish and Catalan close an aside's dashes up to the aside ("Juan —dijo ella— vino"), spaced outside.
INCISO_LANGUAGES = frozenset({"es", "ca", "gl"})
OPENING_DASH_RE = regex.compile(rf"(?:^|(?<=[\s\p{{Ps}}\p{{Pi}}]))[{DASHES}](?=[\p{{L}}\p{{N}}¿¡])")
# A closed-up compound ("setup", "email", "lockdown") at least this common (Zipf) shows its parts form one word.
CLOSED_FORM_ZIPF = 2.0


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
    statistics = ("dash-in-compound:style",)
    examples_flag = (
        Example("They are time—tested true friends.", expect=(1, 13, 14, "-")),
        Example("A new stage of high—quality development.", expect=(1, 19, 20, "-")),
        Example("the Belt and Road High—level Forum", expect=(1, 22, 23, "-")),
        Example("the One Belt— One Road Initiative", expect=(1, 12, 14, None)),
        Example("the One Belt —One Road Initiative", expect=(1, 12, 14, None)),
        Example("the answer— if there is one", expect=(1, 10, 12, " — ")),
        Example("The answer—if there is one —is no.", expect=(1, 26, 28, "—")),
        Example("a COVID—19 vaccine", expect=(1, 7, 8, "-")),
        Example("a 62—year—old man", expect=(1, 4, 5, "-")),
        Example("Он сказал что—то.", target_lang="ru", expect=(1, 13, 14, "-")),
        Example("four regions — Asia — and a risk—averse view.", expect=(1, 32, 33, "-")),
        Example("an e—mail about twenty—five cases", expect=(1, 4, 5, "-")),
        Example("He was thirty—one years old.", expect=(1, 13, 14, "-")),  # "one" is also a function word
        Example("сорок—пятый президент", target_lang="ru", expect=(1, 5, 6, " ")),  # сорок пятый
        Example("The follow—up meeting is set.", expect=(1, 10, 11, "-")),
        # An engine that swaps every hyphen: compounds next to correct closed clause dashes.
        Example("The long—term plan—if it works—is a self—sufficient, cross—border grid.", expect=(1, 8, 9, "-")),
        Example(
            "The follow—up came.\nThe follow-up was late, the cross-border one too.\nA cross—border deal.",
            expect=(1, 10, 11, "-"),
        ),
        Example("A cross—border deal.\nThe cross-border one.", expect=(1, 7, 8, "-")),
        Example("The Asia–Pacific summit opened.", reference="The Asia-Pacific summit opened.", expect=(1, 8, 9, "-")),
        Example("« Non, dit—il. »", target_lang="fr", expect=(1, 10, 11, "-")),  # French spaces its clause dashes
        Example("宇宙影像– 这一系列", target_lang="zh", expect=(1, 4, 6, "–")),  # Chinese closes its dashes up
    )
    examples_pass = (
        Example("four regions — Asia, Africa, Europe and Latin America."),
        Example("— The Chinese side has repeatedly stressed the need for peace."),
        Example("In 1990–2000 prices rose; see pages 10–12."),
        Example("the Paris–Berlin train and the Michelson–Morley experiment"),
        Example("The answer—if there is one—is no."),
        Example("The answer—if there is one—is no.\nIt was long—too long—and well—so what."),
        Example("The United Nations—like many others—agreed on a plan."),
        Example("Москва — столица России, 1941—1945 годы."),
        Example("They met in 2000—the year it all began."),
        Example("The talks—not the war—decide.", reference="The talks — not the war — decide."),
        Example("— Yes."),
        Example("Juan —dijo ella— vino ayer.", target_lang="es"),  # a Spanish aside's dashes close up to it
        Example("北京—上海高速铁路开通了。", target_lang="zh"),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Closed dashes between word characters, then lopsided spacing."""
        if not any(dash in text for dash in DASHES):
            return []  # every pattern below matches a dash: most lines have none
        found: list[Finding] = []
        # A parenthesis opened by a clause dash ("Nations—like many others—agreed") is closed by the next
        # closed dash of the sentence, whatever its neighbours.
        open_paren = False
        last_end = 0
        for m in CLOSED_RE.finditer(text, overlapped=True):
            if SENTENCE_END_RE.search(text, last_end, m.start()):
                open_paren = False
            last_end = m.end("dash")
            verdict = self._closed(m, text, doc)
            if verdict == "clause":
                open_paren = not open_paren
            elif verdict in ("compound", "ambiguous") and open_paren and not _in_chain(text, m):
                open_paren = False
            elif isinstance(verdict, Finding):
                found.append(verdict)
            elif verdict == "compound":
                found.append(self._hyphen(m))
            elif verdict == "ambiguous":
                start = m.start("dash")
                note = (
                    f"closed dash in {m['left']}{m['dash']}{m['right']}: a hyphen (compound) or a dash between clauses?"
                )
                found.append(self.finding(start, start + 1, note, severity="neutral"))
        if self.options["flag_lopsided"]:
            found.extend(self._lopsided(text, doc))
        return found

    def _hyphen(self, m: regex.Match[str]) -> Finding:
        start = m.start("dash")
        return self.finding(
            start, start + 1, f"dash used as a hyphen in the compound {m['left']}{m['dash']}{m['right']}", "-"
        )

    def _closed(self, match: regex.Match[str], text: str, doc: DocumentContext) -> Finding | str | None:
        """``"compound"``, ``"clause"`` (a dash between clauses), a finding of its own, or None (leave it)."""
        left, right = match["left"], match["right"]
        if UNSPACED_SCRIPT_RE.search(left) or UNSPACED_SCRIPT_RE.search(right):
            return None  # Chinese, Japanese, Thai close every dash ("北京—上海"): no hyphen is meant
        if _is_number(left) and _is_number(right):
            return None  # a number range (1990–2000): correct with an en dash, Russian style with an em dash
        joined = numberwords.joiner(left, right, doc.context.target_lang)
        if joined is not None:
            return self._number(match.start("dash"), match.end("dash"), left, right, joined)
        evidence = _evidence(left, right, doc)
        if evidence is not None:
            return self._hyphen(match) if evidence else None
        spaced = _spaces_clause_dashes(doc)
        if spaced and (_particle(left, right, doc) or _in_chain(text, match)):
            return self._hyphen(match)  # кто—то, из—за, dit—il, Ростов—на—Дону
        if spaced and _document_style(doc).swapped and left.isalpha() and right.isalpha():
            return self._hyphen(match)  # an engine that writes every hyphen as a dash: Санкт—Петербург, sud—est too
        if doc.target_script == "Cyrillic":
            # A closed dash between two nouns may be the copula dash missing its spaces (Москва—столица).
            return self._unspaced(match) if left.islower() and right.islower() else None
        verdict = _classify(left, right, match["dash"], text, match, doc)
        if verdict == "clause" and spaced:
            return self._unspaced(match)  # "réponse—si elle existe": a hyphen or a spaced dash, never this
        return verdict

    def _unspaced(self, match: regex.Match[str]) -> Finding:
        start = match.start("dash")
        return self.finding(start, start + 1, "unspaced dash between words: a hyphen or a spaced dash?")

    def _number(self, start: int, end: int, left: str, right: str, joined: str) -> Finding:
        """A dash inside a number written in words (thirty—one, сорок—пятый): the language's joiner instead."""
        how = {"-": "with a hyphen", " ": "apart", "": "as one word"}[joined]
        message = f"dash inside a number in words: {left}{joined}{right} is written {how}"
        return self.finding(start, end, message, joined)

    def _lopsided(self, text: str, doc: DocumentContext) -> list[Finding]:
        found: list[Finding] = []
        incisos = base_language(doc.context.target_lang) in INCISO_LANGUAGES
        for pattern in (LOPSIDED_AFTER_RE, LOPSIDED_BEFORE_RE):
            for m in pattern.finditer(text):
                dash = m["dash"]
                start, end = m.span()
                if incisos and _inciso(text, m, opening=pattern is LOPSIDED_BEFORE_RE):
                    continue
                # The match starts after a word character (nothing to strip before it). Words are read
                # in place, not from slices of the rest of the line: a long line holds many dashes.
                left, right = _word_ending_at(text, start), _word_starting_at(text, end)
                joined = numberwords.joiner(left, right, doc.context.target_lang) if left and right else None
                if text[start - 1 : start].isdigit() and text[end : end + 1].isdigit():
                    found.append(self.finding(start, end, "dash spaced on one side only in a range", dash))
                elif joined is not None:
                    found.append(self._number(start, end, left, right, joined))
                elif left and right and (_evidence(left, right, doc) or _closed_form_word(left, right, doc)):
                    found.append(self.finding(start, end, f"dash and space inside the compound {left}-{right}", "-"))
                elif UNSPACED_SCRIPT_RE.search(left[-1:] + right[:1]):
                    message = "dash spaced on one side only (a script written without spaces closes its dashes up)"
                    found.append(self.finding(start, end, message, dash))
                elif left[:1].isupper() and right[:1].isupper():
                    # Inside a name ("One Belt— One Road"): hyphen, comma or spaced dash is the name's own
                    # spelling, which only the reference, the glossary or a person knows.
                    found.append(
                        self.finding(
                            start, end, "dash spaced on one side only inside a name: write the name as it is spelled"
                        )
                    )
                else:
                    closed = _document_style(doc).closed_style
                    suggestion = dash if closed else f" {dash} "
                    style = "closed up" if closed else "spaced"
                    found.append(
                        self.finding(
                            start, end, f"dash spaced on one side only (the document writes dashes {style})", suggestion
                        )
                    )
        return found


def _inciso(text: str, match: regex.Match[str], opening: bool) -> bool:
    """A Spanish or Catalan aside's dash: the opening one is closed up to the aside's first word (", —dijo"),
    the closing one to its last word ("ella— vino"), after an opening dash in the same sentence."""
    if opening:
        return True
    sentence_start = max((m.end() for m in SENTENCE_END_RE.finditer(text, 0, match.start())), default=0)
    return bool(OPENING_DASH_RE.search(text, sentence_start, match.start()))


WORD_TAIL_RE = regex.compile(r"(?r)[\p{L}\p{N}]+")  # matched backwards from a position
WORD_HEAD_RE = regex.compile(r"[\p{L}\p{N}]+")


def _word_ending_at(text: str, end: int) -> str:
    """The letters and digits that end at ``end`` ("" when none)."""
    m = WORD_TAIL_RE.match(text, 0, end)
    return m.group() if m else ""


def _word_starting_at(text: str, start: int) -> str:
    """The letters and digits that start at ``start`` ("" when none)."""
    m = WORD_HEAD_RE.match(text, start)
    return m.group() if m else ""


@dataclass(frozen=True, slots=True)
class DashStyle:
    """How a document writes dashes: closed-up clause dashes as its style, and its hyphenated pairs.

    ``hyphenated`` holds the document's and the reference's hyphenated word pairs, lower case;
    ``dashed`` the pairs the reference writes with a dash (so the dash is right). ``swapped``: the
    document has no hyphenated word but several dashes between content words, the mark of an
    engine that writes every hyphen as a dash.
    """

    closed_style: bool
    hyphenated: frozenset[str]
    dashed: frozenset[str]
    swapped: bool = False
    clause_dashes: bool = False


def _pairs(line: str) -> list[str]:
    """Lower-case ``a-b`` pairs of every hyphenated word of a line (``up-to-date`` gives up-to, to-date)."""
    out: list[str] = []
    for word in HYPHENATED_RE.findall(line):
        parts = word.lower().split("-")
        out.extend(f"{a}-{b}" for a, b in itertools.pairwise(parts))
    return out


def _dashed_pairs(line: str) -> list[str]:
    return [f"{m['left'].lower()}-{m['right'].lower()}" for m in DASHED_PAIR_RE.finditer(line, overlapped=True)]


def _document_style(doc: DocumentContext) -> DashStyle:
    """Dash habits of the whole document (and of its reference), computed once per run."""
    key = "dash-in-compound:style"
    if key not in doc.cache:
        spaced = clause = between_content = 0
        hyphenated: set[str] = set()
        dashed: set[str] = set()
        lang = doc.context.target_lang or ""
        for line in doc.document_lines:
            spaced += len(SPACED_RE.findall(line))
            for m in CLOSED_RE.finditer(line, overlapped=True):
                kind = _word_kind(m["left"], m["right"], lang)
                # A closed dash next to a function word joins clauses ("the answer—if there is one").
                clause += kind == "function"
                between_content += kind == "content"
            hyphenated.update(_pairs(line))
        own_hyphens = len(hyphenated)
        for line in doc.context.reference_lines or ():
            hyphenated.update(_pairs(line))
            dashed.update(_dashed_pairs(line))
        # Where clause dashes are spaced, a closed one before a function word (dit—il) is a swapped hyphen too.
        closed_clause_style = not _spaces_clause_dashes(doc)
        between_words = between_content + (0 if closed_clause_style else clause)
        doc.cache[key] = DashStyle(
            clause > spaced,
            frozenset(hyphenated),
            frozenset(dashed - hyphenated),
            swapped=between_words >= 2 and between_words > own_hyphens,
            clause_dashes=closed_clause_style and clause >= 2 and 2 * clause >= between_content,
        )
    style: DashStyle = doc.cache[key]
    return style


@dataclass(frozen=True, slots=True)
class _Spellings:
    """How one reference line writes word pairs, read once per line (not once per dash of the MT line)."""

    lower: str
    words: frozenset[str]  # its maximal runs of letters and digits, lower-cased
    pairs: frozenset[str]  # hyphenated pairs (``_pairs``)
    dashed: frozenset[str]  # dashed pairs (``_dashed_pairs``)


WORD_RE = regex.compile(r"[\p{L}\p{N}]+")


def _reference_spellings(ref: str, doc: DocumentContext) -> _Spellings:
    key = "dash-in-compound:reference"
    cached = doc.cache.get(key)
    if cached is None or cached[0] is not ref:
        lower = ref.lower()
        cached = (ref, _Spellings(lower, frozenset(WORD_RE.findall(lower)), frozenset(_pairs(ref)),
                                  frozenset(_dashed_pairs(ref))))
        doc.cache[key] = cached
    spellings: _Spellings = cached[1]
    return spellings


def _evidence(left: str, right: str, doc: DocumentContext) -> bool | None:
    """What the document and the reference say about ``left``/``right``: True hyphen, False dash, None nothing.

    The aligned reference segment decides first (it joins the words with a hyphen, writes them as
    one word, or separates them with a dash); then the pair's spelling anywhere in the document or
    the reference.
    """
    pair = f"{left.lower()}-{right.lower()}"
    ref = doc.reference_line
    if ref:
        spellings = _reference_spellings(ref, doc)
        closed = left.lower() + right.lower()
        if pair in spellings.pairs or (closed in spellings.words if WORD_RE.fullmatch(closed) else
                                       regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(closed)}(?![\p{{L}}\p{{N}}])",
                                                    spellings.lower)):
            return True
        if pair in spellings.dashed:
            return False
    style = _document_style(doc)
    if pair in style.hyphenated:
        return True
    if pair in style.dashed:
        return False
    return None


def _closed_form_word(left: str, right: str, doc: DocumentContext) -> bool:
    """The two parts written as one word are a common word of the language (setup, email, lockdown)."""
    lang = doc.context.target_lang or ""
    if left.isupper() != right.isupper() and len(left) > 1:
        return False  # "UN—it": an acronym and a word do not close up into "unit"
    return wordstats.zipf(left + right, lang) >= CLOSED_FORM_ZIPF


def _spaces_clause_dashes(doc: DocumentContext) -> bool:
    """The target writes its clause dashes spaced: every language of a spaced script but English."""
    lang = base_language(doc.context.target_lang)
    return lang is not None and lang not in CLOSED_CLAUSE_DASH_LANGUAGES and doc.target_script in SPACED_SCRIPTS


def _particle(left: str, right: str, doc: DocumentContext) -> bool:
    """A hyphenated particle or prefix of Russian (что-то, из-за) or French (dit-il, au-dessus)."""
    if doc.target_script == "Cyrillic":
        return right.lower() in RU_HYPHEN_RIGHT or left.lower() in RU_HYPHEN_LEFT
    if base_language(doc.context.target_lang) == "fr":
        return right.lower() in FR_HYPHEN_RIGHT or left.lower() in FR_HYPHEN_LEFT
    return False


def _in_chain(text: str, match: regex.Match[str]) -> bool:
    """Part of three or more words joined by closed dashes (up—to—date, twenty—five—year—old)."""
    start, end = match.start("left"), match.end("dash") + len(match["right"])
    # One character each side, not the slices before and after: a long line holds many dashes.
    return (start > 0 and text[start - 1] in DASHES) or text[end : end + 1] in tuple(DASHES)


def _classify(left: str, right: str, dash: str, text: str, match: regex.Match[str], doc: DocumentContext) -> str | None:
    """``"compound"`` (the dash stands for a hyphen), ``"clause"``, ``"ambiguous"`` or None (leave it).

    A compound's parts make one word: its closed-up form is a common word, it is a chain of
    three or more parts, it opens with a single letter (e—mail, T—shirt) or with a number. A
    closed dash between clauses has a function word after it ("answer—if", "one—is", "Nations—like").
    Between two content words the dash is a compound's, except an en dash joining two names
    (Paris–Berlin, a correct range of names) and in a document that closes up its clause dashes
    and writes its compounds with hyphens: there it may be either.
    """
    lang = doc.context.target_lang or ""
    if _closed_form_word(left, right, doc) or _in_chain(text, match):
        return "compound"
    if not wordstats.supported(lang):
        return None  # no word statistics for the language: only the evidence above counts
    if _is_number(left) or _number_word(left, lang):
        # 62—year, 5—star, five—year, twenty—five—year: a number opens a compound, whatever the dash style
        return "clause" if wordstats.is_function_word(right, lang) else "compound"
    if _is_number(right):
        # COVID—19, G—7, Boeing—737 name a model; "very close—30 kilometres" opens a clause.
        return "compound" if left.isupper() or (left[:1].isupper() and len(left) <= 4) else None
    kind = _word_kind(left, right, lang)
    style = _document_style(doc)
    if kind == "function":
        return "clause"
    if style.clause_dashes and not style.swapped:
        # The document closes up its clause dashes: a rarer function word ("too", "then") opens a
        # clause, and between content words it may be either.
        return "clause" if kind == "stop" else "ambiguous"
    if len(left) == 1:
        return "compound" if len(right) > 1 and not wordstats.is_function_word(left, lang) else None
    if left[:1].isupper() and right[:1].isupper() and dash == "–":
        return None
    return "compound"


def _number_word(word: str, lang: str) -> bool:
    """A number in words that is no function word ("two", "thirty"; not "one", also a pronoun)."""
    return numberwords.is_number_word(word, lang) and not wordstats.is_function_word(word, lang)


def _word_kind(left: str, right: str, lang: str) -> str:
    """What the word after a closed dash is: ``function`` (top-frequency), ``stop`` (a stop word) or ``content``.

    A dash between clauses is followed by the word that opens the next clause, almost always a
    function word; a compound's second part is almost always a content word.
    """
    if wordstats.is_function_word(right, lang):
        return "function"
    if right.casefold() in wordstats.stop_words(lang):
        return "stop"
    return "content" if left.isalpha() and right.isalpha() else "other"
