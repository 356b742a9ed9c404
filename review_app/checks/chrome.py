"""Page chrome scraped with an article: UI and navigation lines, photo credits, machine-translation credits.

Chrome lines are found from evidence, not from a list of one page's strings: with a line-aligned
reference (or post-edit) or source, a short MT line with no counterpart there (its reference and
source lines blank) is the strongest sign; without one, the line's shape scored by a small model
trained on real page boilerplate (:mod:`chromemodel`: length, sentence punctuation, title case,
function words, separators, dates, UI vocabulary, a call-to-action opener), its position (the runs of
short lines at the very top and bottom of the page, next to a credit or another chrome line),
whole-line UI phrases and banners, and repetition (the same short line elsewhere flagged as chrome).
Headlines are protected: quoted lines, dialogue lines and, between paragraphs, lines the model does not
find clearly furniture-shaped, unless a title-shaped line is the only one between the page's paragraphs (section
headings come in sets). Shape and position count only on a web page (English and Russian targets): a document
no line of which is a page's by its own words (:func:`_page_sign`) keeps its titles, lists and signatures, and a
document's own list (quantities, bullets, numbered items) is protected as a quotation is.

A caption next to a photo credit gets only a neutral note: captions and headings have the
same shape, and a rule strong enough to delete captions would delete real headings too.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from hashlib import blake2b
from typing import Any, ClassVar
from unicodedata import category

import regex

from review_app.checks import chromemodel, lexicon
from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.checks.textutil import (
    is_dialogue_line,
    is_fragment_shaped,
    is_quoted,
    letter_scripts,
    mask_protected,
    words,
)
from review_app.text.wordstats import zipf

UI_TRAILERS = "…:›»>→"
# The most words of the headline that may end an arrow path after two labels.
PATH_TITLE_WORDS = 10
EDGE_MAX_WORDS = 8
# The most words of a UI phrase ending in an exclamation mark or a colon (a short line ends in neither).
PHRASE_MAX_WORDS = 12
# The most characters of a text read as a UI phrase or a form's line (_ui_phrase, _form_line): their patterns open
# with a run of punctuation given back one character at a time, in time growing with the square of a long run's
# length ("© " and 16,000 dashes); the longest pooled or page line either takes has 75.
PHRASE_MAX_CHARS = 200
GAP_MAX_WORDS = 3
BLOCK_SHARE = 0.6
# The chrome model's probability a line needs: in the top or bottom block of short lines, between
# paragraphs (where headings live), and next to a line already found to be chrome or a credit.
EDGE_P = 0.6
BODY_P = 0.93
NEXT_TO_P = 0.75
BODY_MAX_WORDS = 6
RUN_MIN = 4
# The fewest lines of a menu: a run of one- or two-word lines, or a stretch at the page's edge with a UI line in it.
MENU_MIN = 3
# Below the last paragraph there is no headline to protect: three furniture-shaped lines make a footer.
FOOTER_RUN_MIN = 2
# Repetition across the documents of a batch: in this many documents, and at least this furniture-shaped.
REPEAT_MIN_DOCS = 3
# Repetition is counted for lines of at most this many words (a store keeps their keys): a related story's
# title in every page's navigation recurs as much as a menu item does.
KEY_MAX_WORDS = 14
REPEAT_P = 0.5
CTA_MAX_WORDS = 12
# A longer line in a run of furniture at the page's edge: still a line of a menu or footer, not a paragraph.
LONG_MAX_WORDS = 14
# A line with no counterpart in the reference or source: short enough to be furniture, not a dropped paragraph.
UNALIGNED_MAX_WORDS = 20
UNALIGNED_P = 0.5
# The page's top and bottom furniture as one stretch of lines: the stretch from the edge whose lines' summed
# log-odds of being furniture (the model's, less EDGE_COST a line) is largest, when that sum reaches EDGE_MIN. A
# sentence-shaped line inside the navigation costs less than the furniture around it brings; the article's first
# sentences end the stretch. A paragraph (more words than EDGE_STOP_WORDS) or a quotation always ends it.
EDGE_COST = 1.0
EDGE_MIN = 6.0
EDGE_NEG = 4.0
# Or the lines besides the innermost bring this much (a long navigation of clear furniture).
STRETCH_STRONG = 14.0
BOTTOM_RUN_MIN = 1
TAIL_MIN = 2
EDGE_STOP_WORDS = 20
# What a line the analysis already takes for furniture (a UI phrase, a path, a credit) brings to the sum.
SURE_Z = 6.0
REPEAT_Z = 3.0
# The mean log-odds of a line's words (the model's word table) from which its words are evidence of furniture.
LEXICAL_EVIDENCE = 0.5
# A lone title between paragraphs: a page's section headings come in sets, so a short title-shaped line that is the
# only one between the page's paragraphs is a widget's label, a menu item or a related link (a one-word line: the
# only one-word line). Lines of at most this many words, at least this furniture-shaped; heading-shaped lines of at
# most HEADING_MAX_WORDS words count as the page's other headings.
LONE_MAX_WORDS = BODY_MAX_WORDS
LONE_P = 0.95
HEADING_MAX_WORDS = 8
# A label ending in a full stop, an ellipsis or an exclamation mark between paragraphs: this many words at most, and
# this clear a score.
LABEL_MAX_WORDS = 3
# A sentence about the site's mechanics to its reader: at least this many words (a shorter one is a button's label).
MECHANICS_MIN_WORDS = 4
LABEL_P = 0.97
# A story's headline after a widget's label ("Read also: …"): at most this many words.
TEASER_MAX_WORDS = 14
# A news agency's sign-off ("Reporting by Jane Roe in Moscow; Editing by John Smith"): at most this many words.
SIGN_OFF_MAX_WORDS = 30
# A byline's names, date and time ("by Jane Roe @janeroe February 1, 2016: 12:41 PM ET").
BYLINE_MAX_WORDS = 16
# The most characters of a byline or a sign-off: their patterns try a name's every length against what follows, in
# time growing with the square of a long word's length (a word of 16,000 dashes); the longest pooled or page line
# either takes has 59.
BYLINE_MAX_CHARS = 300
# A glued pager link (_pager) is a title of at least this many words.
PAGER_MIN_WORDS = 4
# A dateline is short ("Wednesday, 20th November 2019 08:05 GMT"); the pattern's run of times is not read on a long
# line (its backtracking grows with the square of the line's length).
DATELINE_MAX_CHARS = 80
# A source named in words under a picture or chart ("Source: open sources"): at most this many words in all.
SOURCE_MAX_WORDS = 8
# A copyright line is short: "© 2021 Konrad-Adenauer-Stiftung e.V.", not a sentence about copyright law.
COPYRIGHT_MAX_WORDS = 12
# The fewest items in a row that make a list of the document's own.
LIST_MIN = 3
# A story's title under a list's label ("Trending"): at most this many words.
STORY_MAX_WORDS = 18
# ... and without a label, at the bottom of the page, at least this many (a signature's lines are shorter).
STORY_MIN_WORDS = 4
# A line of this many words or more with a title's shape next to the text at the top may be the page's headline.
HEADLINE_MIN_WORDS = 3
# A word at least this frequent in English (wordfreq's Zipf scale: once in 10 million words and more) is a common one.
COMMON_ZIPF = 3.0
# Pictographs at a line's ends (with their variation selectors and joiners): a button's icon. Not the signs of
# copyright and trade marks: they are words of the line ("© 2024 Bloomberg L.P.").
_ICON = r"[^\P{So}©®℗™]|\p{Sk}|[\uFE0F\u200D\s]"
# (The icons at the end are tried only where a run of them starts: tried from inside a long run of spaces, each
# start scanned the run again, in time growing with the square of its length.)
ICONS_RE = regex.compile(rf"^(?:{_ICON})+|(?<!{_ICON})(?:{_ICON})++$")
# Where buttons scraped with no space between them meet: a lower-case letter (or a "!") before a capital.
GLUE_RE = regex.compile(r"(?<=[\p{Ll}!])(?=\p{Lu})")
LONE_WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}+&'’.\-]*")


# Memoised, as features(): the page analysis asks of every line of a page, the credit checks of each line again.
@lru_cache(maxsize=1 << 16)
def is_photo_credit(line: str) -> bool:
    """A whole line crediting a photo or picture agency (``Photo: TASS/Name``, ``Getty Images``), or shaped like
    a credit: names joined by ``/`` or ``|`` (``Jane Roe / Keystone``), or a label, a colon and names only
    (``Source: Kyodo / Jane Roe``), or a short lead-in and a name (``Courtesy of Jane Roe``); a source named in words
    (``Source: open sources``); a news agency's sign-off (``Reporting by Jane Roe; Editing by John Smith``)."""
    return _credit_evidence(line) is not None


def credit_by_words(line: str) -> bool:
    """A photo credit by a credit's words (``Photo:``, an agency, ``Courtesy of``, a sign-off), not by its shape
    alone: a web page's sign. A shape alone (``Model: KJ380G``, ``Jane Roe / Keystone``) may be a document's too."""
    return _credit_evidence(line) == "words"


@lru_cache(maxsize=1 << 16)
def _credit_evidence(line: str) -> str | None:
    """``"words"``, ``"shape"`` or None: whether and how ``line`` is a photo credit (:func:`is_photo_credit`)."""
    stripped = line.strip()
    if len(stripped) > 2 and stripped[0] in "([" and stripped[-1] in ")]":
        stripped = stripped[1:-1].strip()  # "(Photo by Jane Roe/Getty Images)": the credit in brackets
    n_words = len(stripped.split())
    if n_words <= SIGN_OFF_MAX_WORDS and _sign_off(stripped):
        return "words"
    if not stripped or n_words > 12:
        return None
    if stripped.endswith((".", "!", "?")) and n_words > 6:
        return None
    if lexicon.PHOTO_CREDIT_RE.match(stripped) or lexicon.AGENCY_LINE_RE.match(stripped):
        return "words"
    if lexicon.SOURCE_LINE_RE.match(stripped) and n_words <= SOURCE_MAX_WORDS:
        return "words"
    if lexicon.CREDIT_LEAD_RE.match(stripped):
        # The lead-in names what is credited (a picture): a credit's words.
        return "words" if len(regex.findall(r"[/|›»>→]", stripped)) < 2 and not is_mt_credit(stripped) else None
    # By shape only: not a menu path of three or more parts, not a translation credit.
    if not lexicon.CREDIT_SHAPE_RE.match(stripped) or len(regex.findall(r"[/|›»>→]", stripped)) >= 2 \
            or is_mt_credit(stripped):
        return None
    labelled = lexicon.LABEL_VALUE_RE.match(stripped)
    if labelled and lexicon.CREDIT_LABEL_RE.match(labelled["label"]):
        return "words"
    # The shape stands for the credits whose label it does not know ("Zdjęcie: Jan Kowalski"). A label that is a
    # common English word of no credit's labels a document's data ("Venue: Main Auditorium", "Active substance:
    # Ibuprofen"), and a value with a digit is a code or a quantity ("Model: MC-5021"): names have none.
    if labelled and (any(c.isdigit() for c in stripped[labelled.end() - 1:])
                     or all(zipf(word, "en") >= COMMON_ZIPF for word in labelled["label"].split())):
        return None
    return "shape"


def in_label_list(lines: Sequence[str], index: int) -> bool:
    """Line ``index`` is one of a list of "Label: value" lines (the nearest text line before or after it is one
    too, with another label): a data sheet's, a form's, a leaflet's ("Model: KJ380G", "Weight: 4 kg"), where a
    credit stands alone or beside one other ("Text: Jane Roe", "Photo: John Smith")."""
    own = lexicon.LABEL_VALUE_RE.match(lines[index].strip())
    if not own or credit_by_words(lines[index]):
        return False
    for step in (-1, 1):
        j = _next_text(lines, index, step)
        other = lexicon.LABEL_VALUE_RE.match(lines[j].strip()) if j is not None else None
        if other and other["label"].lower() != own["label"].lower():
            return True
    return False


@lru_cache(maxsize=1 << 16)
def is_mt_credit(line: str) -> bool:
    """A short line crediting a (machine) translation service or a translator."""
    stripped = line.strip()
    if not stripped or len(stripped.split()) > 15:
        return False
    n_words = len(stripped.split())
    if (n_words <= 8 and (n_words <= 4 or not stripped.endswith((".", "!", "?")))
            and lexicon.MT_ENGINE_CREDIT_RE.search(stripped)):
        return True  # an engine's name and "translated" in any language, no sentence: "Übersetzt mit DeepL"
    if not any(word in lexicon.folded(stripped) for word in lexicon.MT_CREDIT_WORDS):
        return bool(lexicon.MT_ENGINE_LINE_RE.match(stripped))  # the other patterns need one of the words
    return bool(
        lexicon.MT_ENGINE_LINE_RE.match(stripped)
        or lexicon.TRANSLATOR_LINE_RE.match(stripped)
        or ((lexicon.MT_CREDIT_RE.search(stripped)
             # (A longer line when it opens as a credit: "This article was translated from Spanish with the help of
             # artificial intelligence tools.")
             or ((len(stripped.split()) <= 12 or lexicon.MT_CREDIT_OPENER_RE.match(stripped))
                 and lexicon.MT_CREDIT_SHAPE_RE.search(stripped)))
            and _credit_not_news(stripped))
    )


_SENTENCE_END_RE = regex.compile(r"(?<=[.!?])\s+")


def _credit_not_news(stripped: str) -> bool:
    """A line that says a text was (machine) translated is a credit unless it is a sentence of some length that opens
    as news about translation does ("The court rejected a machine-translated contract.", "Experts say AI translation
    still makes errors."). A stamp of short notes is no such sentence ("Original in Ukrainian. Translated by
    machine.")."""
    return (not stripped.endswith((".", "!", "?")) or len(stripped.split()) <= 5
            or bool(lexicon.MT_CREDIT_OPENER_RE.match(stripped))
            or all(len(sentence.split()) <= 5 for sentence in _SENTENCE_END_RE.split(stripped)))


@dataclass(frozen=True, slots=True)
class LineFeatures:
    """What the chrome analysis knows about one line."""

    blank: bool
    short: bool
    protected: bool
    n_words: int
    ui_share: float
    strong: bool
    toggle: bool
    phrase: bool
    credit: bool
    bracketed: bool = False
    model: float = 0.0
    path: bool = False
    # Web evidence beyond title case: UI vocabulary, a call-to-action opener, a date, an address, a path.
    webby: bool = False
    cta: bool = False
    ends_sentence: bool = False
    # Between paragraphs a date is no evidence (a dated heading): a call to action, an address, UI words, words
    # the model learned as furniture words, a lone lower-case word (a tag, a widget's label: no heading is one).
    body_evidence: bool = False
    # Two or three words of letters and a final mark ("Read More...", "Share It!"): a label, not a sentence, when
    # its words are furniture's ("Explore." alone is a sentence of a talk; digits and initials are a reference's).
    label: bool = False
    # A sentence the site writes to its reader about its own mechanics (lexicon.WEB_MECHANICS_RE), or a button's label.
    mechanics: bool = False
    # A phrase only as a form's or an offer's line (lexicon.FORM_LINE_RE, FORM_MESSAGE_RE): a printed form, an agenda
    # or a brochure has it too, so it is furniture on a web page but no sign that the page is one.
    form: bool = False
    # A byline (_byline): furniture between paragraphs on a web page; at the page's top it belongs to the headline's
    # block, which the stretch rules judge as a whole (a printed article has its byline too: no page sign).
    byline: bool = False
    # A date and nothing else (lexicon.DATELINE_RE): furniture between paragraphs, at the top the headline block's (as
    # a byline); no page sign (a printed article is dated too).
    dateline: bool = False


# Sentence ends of scripts written without spaces (Chinese, Japanese): such a line is a sentence, not a label.
FULLWIDTH_ENDS = "。！？；："


def _short(line: str) -> bool:
    stripped = line.strip()
    if stripped.endswith(tuple(FULLWIDTH_ENDS)):
        return False
    if is_fragment_shaped(stripped, EDGE_MAX_WORDS):
        return True
    # UI labels may end in an ellipsis or an arrow ("Subscribe…", "Loading...", "Read more ›", "Tags:").
    return (bool(stripped) and (stripped[-1] in UI_TRAILERS or stripped.endswith("..."))
            and len(stripped.split()) <= 4)


# Memoised: a re-check of one edited line analyses the whole page again, every other line unchanged.
@lru_cache(maxsize=1 << 16)
def features(line: str, lang: str | None = "en") -> LineFeatures:
    """Shape and vocabulary features of one line (``lang``: the text's language, for the model's function words)."""
    # Soft hyphens (Im\u00adpres\u00adsum) are invisible on the page: the words are read without them.
    stripped = line.strip().replace("\u00ad", "")
    base_lang = (lang or "en").lower().replace("_", "-").split("-")[0]
    # A button's icon ("✉️ Join my mailing list", "✨ Subscribe") is no word: its phrase is read without it.
    words_only = _without_icons(stripped)
    # A colon at the end introduces what follows ("Listen to Mr. Kropotkin:"): text, not a button.
    follow = lexicon.FOLLOW_RE.match(words_only) if base_lang == "en" else None
    cta = (chromemodel.is_call_to_action(words_only, base_lang) or follow is not None) and not stripped.endswith(":")
    masked = mask_protected(stripped)
    # The model's words are the masked line's: the same words when nothing is masked (most lines), found once.
    tokens = chromemodel.tokens_of(stripped) if masked == stripped else tuple(map(str.lower, words(stripped)))
    share, strong = chromemodel.ui_share(tokens, base_lang)
    short = _short(stripped)
    byline = base_lang == "en" and _byline(words_only, len(tokens))
    web_phrase = bool(stripped) and (
        # A button's phrase may end in an exclamation mark ("Put likes and subscribe to our channel!"), a widget's
        # label in a colon ("You may also be interested in:"): the phrase is the whole line, so no sentence of the
        # text's is one.
        ((short or (stripped.endswith(("!", ":")) and len(tokens) <= PHRASE_MAX_WORDS)) and _ui_phrase(words_only))
        or (len(tokens) <= 40 and _banner(words_only))
        or _teaser(words_only)
        or _glued(words_only)
        or _pager(words_only)
        or _lead_cta(words_only, base_lang)
        or (follow is not None and bool(follow["tail"] or follow["colon"]))
    )
    form = not web_phrase and bool(stripped) and (
        (short and _form_line(words_only))
        or (len(tokens) <= 40 and _form_message(words_only)))
    return LineFeatures(
        blank=not stripped,
        short=short,
        protected=is_quoted(stripped) or is_dialogue_line(line),
        n_words=len(tokens),
        ui_share=share,
        strong=strong,
        toggle=stripped.lower() in lexicon.TOGGLES,
        phrase=web_phrase or form,
        form=form,
        credit=is_photo_credit(stripped) or is_mt_credit(stripped),
        # "(Applause)", "[Music]": a transcript's stage direction, not a menu item ("[ 167 comments ]" is a counter,
        # "(Editor: Liu Yang)" a byline as Chinese sites write it: "（责任编辑：…）").
        bracketed=len(stripped) > 2 and category(stripped[0]) == "Ps" and category(stripped[-1]) == "Pe"
        and not web_phrase and not byline,
        model=chromemodel.probability(stripped, lang) if stripped else 0.0,
        path=_path(stripped),
        webby=share >= 0.5 or chromemodel.web_evidence(stripped, base_lang),
        cta=cta,
        ends_sentence=stripped[-1:] in ".!?…",
        body_evidence=cta or share >= 0.5 or masked != stripped
        or chromemodel.lexical(stripped, chromemodel.model(lang)[1]) >= LEXICAL_EVIDENCE
        or (len(tokens) == 1 and stripped.isalpha() and stripped.islower()),
        label=2 <= len(tokens) <= LABEL_MAX_WORDS and all(len(w) > 1 and w.isalpha() for w in tokens)
        and not any(c.isdigit() for c in stripped),
        mechanics=(base_lang == "en" and (_mechanics(words_only, len(tokens), cta) or _button(tokens, words_only)))
        or (base_lang == "de" and _mechanics(words_only, len(tokens), cta, "de")),
        byline=byline,
        dateline=len(stripped) <= DATELINE_MAX_CHARS and chromemodel.DIGIT_RE.search(stripped) is not None
        and lexicon.DATELINE_RE.match(stripped) is not None,
    )


def _glued(stripped: str) -> bool:
    """Buttons scraped with no space between them ("Envoyer par e-mailPartager sur TwitterPartager sur Facebook",
    "HomeNewsSport"): three pieces or more where a lower-case letter meets a capital, two thirds of them a UI phrase,
    a UI word or a social platform's name ("iPhone", "McDonald's" have no such pieces)."""
    pieces = [piece.strip() for piece in GLUE_RE.split(stripped) if piece.strip()]
    if len(pieces) < 3:
        return False
    ui = sum(_ui_phrase(piece) or piece.lower() in lexicon.SOCIAL_PLATFORMS
             or lexicon.ui_word_kind(piece.lower(), others=True) is not None for piece in pieces)
    return 3 * ui >= 2 * len(pieces)


def _pager(stripped: str) -> bool:
    """A post's "previous" or "next" link with its button's word glued on (lexicon.PAGER_GLUED_RE): a title of four
    words or more; after a glued "Next" no full stop ("NextEra Energy said profits rose." is a company's sentence)."""
    found = lexicon.PAGER_GLUED_RE.search(stripped)
    return (found is not None and len(stripped.split()) >= PAGER_MIN_WORDS
            and (bool(found["tail"]) or found["head"].startswith("Prev") or not stripped.endswith(".")))


def _without_icons(stripped: str) -> str:
    """``stripped`` without pictographs at its ends (none at an ASCII end: most lines are read without the pattern)."""
    if stripped[:1].isascii() and stripped[-1:].isascii():
        return stripped
    return ICONS_RE.sub("", stripped) or stripped


def _button(tokens: tuple[str, ...], stripped: str) -> bool:
    """A button's label: two or three words, a verb a site's button opens with and what it acts on in the site
    ("Allow Notifications", "Update Consent", "Post Comment", "Leave a Reply"); "Share prices" acts on nothing there."""
    if not (2 <= len(tokens) <= 3 and stripped[-1:] not in ".?"
            and (tokens[0] in chromemodel.CTA_OPENERS or tokens[0] in lexicon.BUTTON_VERBS)):
        return False
    rest = " ".join(tokens[1:])  # what the verb acts on ("Post office": the verb is no object)
    return bool(lexicon.WEB_MECHANICS_RE.search(rest) or lexicon.BUTTON_OBJECT_RE.search(rest))


# A site's mechanics and its address to the reader, by language (English on any page, German on German pages).
_MECHANICS: dict[str, tuple[regex.Pattern[str], regex.Pattern[str]]] = {
    "en": (lexicon.WEB_MECHANICS_RE, lexicon.READER_ADDRESS_RE),
    "de": (lexicon.GERMAN_MECHANICS_RE, lexicon.GERMAN_READER_ADDRESS_RE),
}


def _mechanics(stripped: str, n_words: int, cta: bool, lang: str = "en") -> bool:
    """A sentence of a site to its reader about the site: two different words of its mechanics, the reader addressed
    (you, please, an imperative), at most EDGE_STOP_WORDS words, no quotation (someone quoted is the article's)."""
    if not MECHANICS_MIN_WORDS <= n_words <= EDGE_STOP_WORDS or any(q in stripped for q in '"“”«»„'):
        return False
    address = _MECHANICS[lang][1]
    return len(_mechanics_words(stripped, lang)) >= 2 and (cta or bool(address.search(stripped)))


def _mechanics_words(stripped: str, lang: str = "en") -> set[str]:
    """The different words of a site's mechanics in the line (lexicon.WEB_MECHANICS_RE; "e-mail" and "emails" one)."""
    return {regex.sub(r"[\s-]", "", m.lower()).removesuffix("s") for m in _MECHANICS[lang][0].findall(stripped)}


def _sign_off(stripped: str) -> bool:
    """A news agency's sign-off (lexicon.SIGN_OFF_RE), tried only on a line with the words it needs."""
    return len(stripped) <= BYLINE_MAX_CHARS and _hinted(stripped, lexicon.SIGN_OFF_WORDS, lexicon.SIGN_OFF_RE)


def _teaser(stripped: str) -> bool:
    """A link to another story under a widget's label: "Read also: Farmers protest against fuel tax", "RELATED |
    …" (the label a UI phrase of at most four words, the headline at most TEASER_MAX_WORDS words)."""
    head, mark, tail = stripped.partition(":")
    if not mark:
        head, mark, tail = stripped.partition("|")
    tail = tail.strip()
    # A headline opens with a capital, a digit or a quotation mark and ends with no full stop ("Watch: the moment the
    # bridge fell was filmed." is a sentence).
    # French, Spanish and Italian headlines are in sentence case: under their "read also" a title may open lower case.
    return (bool(mark) and 0 < len(head.split()) <= 4 and 0 < len(tail.split()) <= TEASER_MAX_WORDS
            and (tail[0].isupper() or tail[0].isdigit() or tail[0] in '"“«„\''
                 or bool(lexicon.READ_ALSO_RE.match(head)))
            and tail[-1] not in ".;,"
            and (_ui_phrase(head) or bool(lexicon.TEASER_LABEL_RE.match(head))))


# "Want more stories like this? Sign up here", "Don't miss out — sign up for alerts": a short lead-in, a question or an
# exclamation or a dash or a colon, then the call to action itself.
LEAD_MAX_WORDS = 6
LEAD_CTA_MAX_WORDS = 8
# Such a line is short, read when a UI phrase would be (PHRASE_MAX_CHARS; the longest of the pool and the page sets
# has 74 characters).
# The call runs to its last word character (greedy, then one step back to it: a lazy call before "\W*$" was retried
# at every character, in time growing with the square of a long line's length).
_LEAD_RE = regex.compile(r"^(?P<head>[^.!?:;—–]+?)(?:[?!]+|\s[—–-]\s|:)\s*(?P<tail>\S(?:.*\w)?)\W*$")
# What the call after a lead-in acts on, when it is no UI phrase of its own: the site, the reader's friends, here.
_SITE_OBJECTS = frozenset({"us", "our", "here", "friends"})


def _lead_cta(stripped: str, lang: str) -> bool:
    """A call to action after a short lead-in (:data:`LEAD_MAX_WORDS` words, no sentence of its own): the call a UI
    phrase or a form's line as a line would be ("sign up for breaking news alerts"), or an imperative a call opens
    with that acts on the site or the reader's friends ("Contact our newsroom", "Share it with your friends"). "Need
    a break? Try walking for ten minutes." acts on nothing of a site's."""
    found = _LEAD_RE.match(stripped) if len(stripped) <= PHRASE_MAX_CHARS else None
    if found is None:
        return False
    head, tail = found["head"], found["tail"]
    if not 0 < len(head.split()) <= LEAD_MAX_WORDS or not 1 < len(tail.split()) <= LEAD_CTA_MAX_WORDS:
        return False
    if _ui_phrase(tail) or _form_line(tail):
        return True
    return chromemodel.is_call_to_action(tail, lang) and not _SITE_OBJECTS.isdisjoint(chromemodel.tokens(tail))


def _ui_phrase(text: str) -> bool:
    """A UI phrase as a whole (lexicon.UI_PHRASE_RE), read only on a text of :data:`PHRASE_MAX_CHARS` at most."""
    return len(text) <= PHRASE_MAX_CHARS and bool(lexicon.UI_PHRASE_RE.match(text))


def _form_line(text: str) -> bool:
    """A form's line (lexicon.FORM_LINE_RE), read only on a text of :data:`PHRASE_MAX_CHARS` at most."""
    return len(text) <= PHRASE_MAX_CHARS and bool(lexicon.FORM_LINE_RE.match(text))


def _hinted(stripped: str, needed: tuple[str, ...], pattern: regex.Pattern[str]) -> bool:
    """``pattern`` found in the line, tried only when the folded line holds one of the words every match ``needed``
    (a substring test per word is cheaper than the pattern's search on the many lines with none)."""
    text = lexicon.folded(stripped)
    return any(word in text for word in needed) and bool(pattern.search(stripped))


def _banner(stripped: str) -> bool:
    """A banner's sentence (BANNER_RE)."""
    return _hinted(stripped, lexicon.BANNER_WORDS, lexicon.BANNER_RE)


def _form_message(stripped: str) -> bool:
    """A form's message or an offer's terms (FORM_MESSAGE_RE)."""
    return _hinted(stripped, lexicon.FORM_MESSAGE_WORDS, lexicon.FORM_MESSAGE_RE)


def _byline(stripped: str, n_words: int) -> bool:
    """The author named on a line of their own, or their role (lexicon.BYLINE_RE, BYLINE_ROLE_FIRST_RE, BYLINE_ROLE_RE):
    after the names only dates, times, handles, e-mails, roles and separators (BYLINE_TAIL_RE); not a time ("By
    Monday")."""
    if n_words > BYLINE_MAX_WORDS or len(stripped) > BYLINE_MAX_CHARS:
        return False
    if lexicon.BYLINE_SPLIT_RE.match(stripped):
        return True  # "By" alone: the names follow on the next line (_split_bylines)
    found = lexicon.BYLINE_RE.match(stripped) or lexicon.BYLINE_ROLE_FIRST_RE.match(stripped)
    if found is None:
        return n_words <= LABEL_MAX_WORDS + 3 and bool(lexicon.BYLINE_ROLE_RE.match(stripped))
    first = found["names"].split()[0]
    return (first.lower().strip(".") not in lexicon.BYLINE_NOT_NAMES
            and all(lexicon.BYLINE_TAIL_RE.fullmatch(token) for token in stripped[found.end():].split()))


_PATH_SEPARATORS = frozenset("/|›»>→")
# Other sites' separators between a path's parts, read as the ones above: "News :: Economics :: Labour market",
# "Home ❯ Sport ❯ Football", "Home ▸ Science ▸ Space".
_OTHER_SEPARATORS = ((regex.compile(r"\s::\s"), " / "), (regex.compile(r"\s[❯❱▸▶►⟩〉➔➜➤]\s"), " › "))


def _path(stripped: str) -> bool:
    """A breadcrumb or menu path: short parts, no sentence end, no URL (a path of a web address is text)."""
    for separator, as_read in _OTHER_SEPARATORS:
        stripped = separator.sub(as_read, stripped)
    if not stripped or stripped[-1] in ".!?" or len(stripped.split()) > 14 or mask_protected(stripped) != stripped:
        return False
    if _PATH_SEPARATORS.isdisjoint(stripped) or not lexicon.BREADCRUMB_RE.match(stripped):
        return False  # a path has a separator (both of BREADCRUMB_RE's forms)
    parts = [p.strip() for p in regex.split(r"[/|›»>→]", stripped)]
    arrows = bool(regex.search(r"[›»>→]", stripped))
    if arrows and len(parts) >= 3:
        # "Home » Climbing » <the article's title>", "Health » Fitness »": after two labels an arrow path may end
        # in the page's own headline, or in its separator.
        last = parts.pop()
        if last and len(last.split()) > PATH_TITLE_WORDS:
            return False
    # A path's parts are labels (capitalised), unless an arrow-like separator says so: "a joke / story / song"
    # is text.
    labels = all(p[:1].isupper() or p[:1].isdigit() for p in parts if p) or arrows
    return labels and all(p and len(p.split()) <= 4 and not regex.fullmatch(r"[\d\s.,]+", p) for p in parts)


def may_be_chrome(line: str, lang: str | None = "en") -> bool:
    """Whether :func:`analyse` can flag ``line`` at all: every one of its rules needs a short line, a UI phrase, a
    path, a call to action, a longer furniture-shaped line, or a line that may lie inside the furniture at the
    page's top or bottom (not a paragraph, a quotation or a stage direction)."""
    f = features(line, lang)
    return f.short or f.phrase or f.path or f.cta or _long_furniture(f) or not (
        f.blank or f.protected or f.bracketed or f.n_words > EDGE_STOP_WORDS)


def _edge_blocks(feats: list[LineFeatures]) -> list[list[int]]:
    """The runs of short lines at the very top and the very bottom of the page."""
    blocks: list[list[int]] = []
    for order in (range(len(feats)), range(len(feats) - 1, -1, -1)):
        block: list[int] = []
        for i in order:
            f = feats[i]
            if f.blank:
                continue
            if not (f.short or f.credit or f.phrase or _long_furniture(f)) or f.protected:
                break
            block.append(i)
        blocks.append(block)
    return blocks


def _headline_over(block: list[int], feats: list[LineFeatures], lines: Sequence[str]) -> int | None:
    """The page's headline in its top block or stretch when lines of its own follow it towards the text (its byline,
    a name, a credit, a sentence or a line the model does not score as furniture: a standfirst, a line left
    untranslated): from the inner end over such lines, the first with a headline's shape (HEADLINE_MIN_WORDS words or
    more, a title's, no web evidence). It is judged as the line next to the text is."""
    for j in reversed(block):
        f = feats[j]
        if f.credit or f.byline or f.dateline or _name_line(lines[j]):
            continue
        if _headline_shaped(f, lines[j]) and not f.webby:
            return j
        if f.model >= EDGE_P and f.short:
            return None
    return None


def _headline_shaped(f: LineFeatures, line: str) -> bool:
    """A line the page's own headline could be: HEADLINE_MIN_WORDS words or more, a title's shape."""
    return f.n_words >= HEADLINE_MIN_WORDS and _story_title(f, line)


def _scored_inner(f: LineFeatures, line: str, at_top: bool) -> bool:
    """Whether the line of a page's top or bottom next to the text goes by a high score of the model alone. Not at
    the top when it has a headline's shape: the page's own headline sits there, and the model, which learnt other
    stories' titles as furniture, scores a headline in title case as high."""
    return f.model >= BODY_P and not (at_top and _headline_shaped(f, line))


def _long_furniture(f: LineFeatures) -> bool:
    """A longer line the model finds furniture-shaped (a copyright line, a related story's title)."""
    # "Thanks." after the last paragraph is the talk's end, not a footer: a short sentence does not continue it.
    return f.model >= EDGE_P and f.n_words <= LONG_MAX_WORDS and (f.n_words >= 4 or not f.ends_sentence)


def _is_ui(f: LineFeatures, at_edge: bool, run: bool = False) -> bool:
    """``run``: the line is in a top or bottom block with several furniture-shaped lines."""
    if f.blank or f.protected or f.credit or f.bracketed:
        return False
    # A byline or a dateline at the page's edge is the headline's block's (the stretch rules judge it); between
    # paragraphs it is an author's card, a story's date.
    if f.phrase or f.path or f.mechanics or ((f.byline or f.dateline) and not at_edge):
        return True
    if run and _long_furniture(f):
        return True
    # A call to action written out ("Sign up for our morning newsletter.", "Get the latest news delivered to your
    # inbox"): an imperative opener, a dozen words at most, and scored as furniture; a sentence of the article
    # rarely opens with one. With a full stop or without one (a button's text has none).
    if f.cta and 4 <= f.n_words <= CTA_MAX_WORDS and f.model >= BODY_P:
        return True
    if not f.short:
        # A label of a few words with a full stop, an ellipsis or an exclamation mark ("Read More...", "PRIVACY
        # POLICY.", "Share It!"): the mark does not make it a sentence when its words are furniture's and its score
        # is clear.
        return not at_edge and f.label and f.body_evidence and f.model >= LABEL_P
    if at_edge:
        furniture = f.model >= EDGE_P and (run or f.webby)
        return f.toggle or (f.ui_share >= 0.5 and (f.strong or f.ui_share == 1.0)) or furniture
    # In the body of the article only clear cases: mostly UI words, very short; a line of one UI word
    # ("Video", "Gallery", "More") is a widget's label, as no heading is a single UI word; or a short
    # line the model finds clearly furniture-shaped.
    return (
        (f.strong and f.ui_share >= 0.67 and f.n_words <= 5)
        or (f.ui_share == 1.0 and 1 <= f.n_words <= 4)
        or (f.model >= BODY_P and f.body_evidence and f.n_words <= BODY_MAX_WORDS)
    )


def _page_sign(f: LineFeatures, line: str) -> bool:
    """The line is a web page's by its own words, not only by its shape: a UI phrase or banner (not a contact line
    alone), a breadcrumb path, the site's mechanics (in English on any page), a copyright line, a toggle, a credit by
    its words, a call to action, mostly UI words with a strong one, a one- to three-word line of UI words only, one
    strong UI word of any language's pages ("Impressum" on a German site's page translated into English), or a
    social platform's name alone (a share button: "Reddit"). (Not a line recurring across the batch: a batch of
    contracts or minutes shares its headings too.)"""
    if f.blank:
        return False
    stripped = line.strip()
    folded = stripped.replace("\u00ad", "").lower()
    # A credit by its shape alone may be a document's "Label: value" line (and a contact line a letter's or a CV's).
    credit = f.credit and (credit_by_words(stripped) or is_mt_credit(stripped))
    # A path of arrows or bars ("Home › World", "News | Sport"), or of slashes between capitalised words ("News /
    # Business"); a colon, or slashes between a form's field names, are a document's ("Vessel / Voyage No.: …",
    # "Repair date / Fault description").
    path = f.path and ":" not in stripped and (bool(regex.search(r"[|›»>→]", stripped)) or all(
        word[:1].isupper() or word[:1].isdigit() for word in regex.split(r"[\s/]+", stripped) if word))
    # The site's mechanics in English whatever the page's language ("Notify me of new comments via email." on a
    # German blog); a copyright line with a year or opening with ©, whatever follows ("© Stiftung e.V. 2021").
    mechanics = f.mechanics or _mechanics(stripped, f.n_words, f.cta) or (
        f.n_words <= EDGE_STOP_WORDS and len(_mechanics_words(stripped)) >= 3)
    copyright_line = f.n_words <= COPYRIGHT_MAX_WORDS and bool(lexicon.COPYRIGHT_LINE_RE.search(stripped)) and (
        stripped.startswith("©") or not f.ends_sentence)
    return ((f.phrase and not f.form and not lexicon.CONTACT_LINE_RE.match(stripped)) or path or mechanics
            or copyright_line
            or f.toggle or credit
            or (f.cta and f.model >= BODY_P) or (f.strong and f.ui_share >= 0.5)
            or (f.ui_share == 1.0 and 1 <= f.n_words <= LABEL_MAX_WORDS)
            or (f.n_words == 1 and lexicon.ui_word_kind(folded, others=True) == "strong")
            or folded in lexicon.SOCIAL_PLATFORMS)


def _list_items(lines: Sequence[str]) -> list[int]:
    """The lines of the document's own lists: three or more lines in a row, each an item by its form
    (lexicon.LIST_ITEM_RE: a quantity and a word in lower case, "2 cups flour"; a bullet and three words or more,
    "• Keep out of the reach of children"; an item number and two, "2. Financial report"). A menu's items are a word
    or two, with no quantity."""
    found: list[int] = []
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line.strip() and lexicon.LIST_ITEM_RE.match(line.strip()):
            run.append(i)
            continue
        if len(run) >= LIST_MIN:
            found += run
        run = []
    return found


def _language_switcher(lines: Sequence[str]) -> bool:
    """Two language choices on consecutive lines ("EN" then "RU", "English" then "Deutsch"): a page's switcher."""
    text = [line.strip() for line in lines if line.strip()]
    return any(lexicon.is_language_choice(a) and lexicon.is_language_choice(b) for a, b in itertools.pairwise(text))


def _log_odds(f: LineFeatures, repeated: bool) -> float:
    """How strongly the line's shape (and its repetition across the batch) says furniture, as log-odds."""
    if f.phrase or f.path or f.credit or f.toggle or f.mechanics:
        return SURE_Z
    p = min(max(f.model, 1e-3), 1 - 1e-3)
    z = math.log(p / (1 - p)) + (REPEAT_Z if repeated else 0.0)
    return min(z, SURE_Z)


def _sums(feats: list[LineFeatures], zs: list[float], order: list[int]) -> list[float]:
    """Running sums of the furniture log-odds (less EDGE_COST a line, a line against costing EDGE_NEG times) over the
    text lines in ``order``: entry k for the first k lines; -inf past a paragraph, a quotation or a stage direction."""
    sums, total = [0.0], 0.0
    for i in order:
        f = feats[i]
        if f.protected or f.bracketed or f.n_words > EDGE_STOP_WORDS:
            total = -math.inf
        z = zs[i] - EDGE_COST
        total += z if z > 0 else EDGE_NEG * z
        sums.append(total)
    return sums


def _stretches(feats: list[LineFeatures], zs: list[float]) -> tuple[list[int], list[int]]:
    """The furniture at the page's top and at its bottom: the first ``t`` and the last lines from ``b`` on, chosen
    together so that their summed log-odds (each at least EDGE_MIN, or nothing) are largest with some text between
    them. Linear: for every ``b``, the best ``t`` before it is a running maximum."""
    text = [i for i, f in enumerate(feats) if not f.blank]
    top = _sums(feats, zs, text)
    bottom = _sums(feats, zs, text[::-1])[::-1]  # bottom[b]: the lines text[b:]

    def worth(total: float, lines: int) -> float:
        return 0.0 if lines == 0 else total if total >= EDGE_MIN else -math.inf

    best, best_at = (-math.inf, 0, len(text)), (0.0, 0)
    for b in range(1, len(text) + 1):
        t = b - 1  # the top stretch may end before text[b - 1], the last line of text
        if worth(top[t], t) > best_at[0]:
            best_at = (worth(top[t], t), t)
        value = best_at[0] + worth(bottom[b], len(text) - b)
        if value > best[0]:
            best = (value, best_at[1], b)
    _, t, b = best
    return _trimmed(text[:t], zs), _trimmed(text[b:][::-1], zs)  # each from the edge inwards


def _trimmed(stretch: list[int], zs: list[float]) -> list[int]:
    """The stretch without its inner end from the last line against furniture on, unless furniture (TAIL_MIN lines
    of it) follows that line towards the text: a line of the text between the navigation and a share button is the
    article's, a banner sentence inside a navigation is not."""
    end, tail = len(stretch), 0  # one pass from the inner end: ``tail`` furniture lines follow line k up to ``end``
    for k in range(len(stretch) - 1, -1, -1):
        if zs[stretch[k]] - EDGE_COST >= 0:
            tail += 1
        elif tail < TAIL_MIN:
            end, tail = k, 0
        else:
            break
    return stretch[:end]


def _recurring(feats: list[LineFeatures], recurs: list[bool]) -> list[int]:
    """The lines that recur across the batch's documents and are furniture-shaped: furniture on any page."""
    return [i for i, f in enumerate(feats) if recurs[i] and _repeat_shaped(f)]


def _repeat_shaped(f: LineFeatures) -> bool:
    return not (f.blank or f.credit or f.protected or f.bracketed) and f.short and f.model >= REPEAT_P


def _menu_item(f: LineFeatures, line: str) -> bool:
    return not (f.credit or f.protected or f.bracketed) and f.short and len(_item_words(line)) <= 2


def _item_words(line: str) -> list[str]:
    """A menu item's words: those with a letter or digit, a category's joining "and" left out ("Art and Design",
    "Climate & Environment": two words; "Intellectuals and Power :", a title introducing what follows, is three)."""
    parts = line.split()
    found = [word for word in parts if any(c.isalnum() for c in word)]
    joined = len(found) == len(parts) == 3 and parts[1].lower() == "and" and parts[2][-1:].isalnum()
    return [found[0], found[2]] if joined else found


def _no_signature(f: LineFeatures, line: str) -> bool:
    """A furniture-shaped label under the last paragraph that is no signature: not a sentence, opening with a capital
    (a menu's item; "name of province" is the text's fragment), and a word in lower case that no name has ("Things
    to Do", "Game settings"; not "Anna Smith", "Ludwig van Beethoven")."""
    stripped = line.strip()
    return f.model >= EDGE_P and not f.ends_sentence and stripped[:1].isupper() and any(
        word.isalpha() and word.islower() and word not in lexicon.NAME_PARTICLES for word in stripped.split())


def _menu_word(f: LineFeatures, line: str) -> bool:
    """A menu's item by its shape: one furniture-shaped word, or two in title case with a clear score ("Real
    Estate"). A kicker, a short headline and a dateline ("Economy", "Rouble slumps", "Moscow") are words too, but a
    headline in sentence case has its second word in lower case."""
    found = _item_words(line)
    if f.ends_sentence or len(found) > 2:
        return False
    if len(found) == 1:
        return f.model >= EDGE_P
    return f.model >= BODY_P and all(word[:1].isupper() or word[:1].isdigit() for word in found)


def _runs(block: list[int], feats: list[LineFeatures], lines: Sequence[str]) -> list[list[int]]:
    """Runs of menu-item lines next to each other (blank lines between them do not break a run)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i in block:
        contiguous = current and all(feats[j].blank for j in range(current[-1] + 1, i))
        if _menu_item(feats[i], lines[i]) and (not current or contiguous):
            current.append(i)
            continue
        if current:
            runs.append(current)
        current = [i] if _menu_item(feats[i], lines[i]) else []
    if current:
        runs.append(current)
    return runs


def _neighbour(feats: list[LineFeatures], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(feats) and feats[j].blank:
        j += step
    return j if 0 <= j < len(feats) else None


def _title_shaped(f: LineFeatures, line: str) -> bool:
    """A line a heading could be: short, no sentence end, opening with a capital or a digit, not ending in a comma
    (a sentence broken across lines), not a function word alone ("On": a switch in a block of chrome), a quotation,
    a stage direction ("(Applause) — —") or a credit."""
    stripped = line.strip()
    return (f.short and not (f.ends_sentence or f.protected or f.bracketed or f.credit)
            and 1 <= f.n_words <= HEADING_MAX_WORDS and (stripped[:1].isupper() or stripped[:1].isdigit())
            and stripped[-1:] not in ",;" and stripped.lower() not in lexicon.STOPWORDS)


def _story_title(f: LineFeatures, line: str) -> bool:
    """A line another story's title could be: a few words opening with a capital, a digit or a quotation mark,
    with no full stop, exclamation mark, colon or comma at its end (a sentence, a title introducing what follows, a
    broken sentence), a question only in title case; not a quotation, a stage direction or a credit."""
    stripped = line.strip()
    return (not (f.blank or f.protected or f.bracketed or f.credit) and 2 <= f.n_words <= STORY_MAX_WORDS
            and (stripped[:1].isupper() or stripped[:1].isdigit() or stripped[:1] in "\"'“‘«")
            and stripped[-1:] not in ".:,;!" and (not stripped.endswith("?") or _title_case(stripped)))


def _title_case(stripped: str) -> bool:
    """Every word of four letters or more capitalised: a title's question ("Is Now the Right Time to Buy?"), not
    the text's ("Do you know how many plants there are?")."""
    return all(word[:1].isupper() for word in stripped.split() if len(word) >= 4 and word[:1].isalpha())


def _story_lists(feats: list[LineFeatures], lines: Sequence[str], chrome: Collection[int],
                 top: Collection[int]) -> list[int]:
    """The titles listed under a widget's label ("Trending", "Recent Posts", "You May Also Like": lexicon.
    STORY_LIST_RE): the title-shaped lines after it, over chrome lines between them (a date), up to the next label or
    a line of text. Evidence of place: the titles' words are any story's. ``top``: the short lines at the page's top.

    Titles that run into the text are taken only at the top of the page, two at least, and keep their last, which
    may be the page's own headline; a label in the body over the text's next lines is a widget whose titles were
    not scraped."""
    text = [i for i, f in enumerate(feats) if not f.blank]
    labels = {i for i in text if lexicon.STORY_LIST_RE.match(lines[i])}
    # The page's first line of its own: a label before it is at the top.
    own = next((i for i in text if not (i in chrome or feats[i].credit or i in top)), len(feats))
    found: list[int] = []
    for k, label in enumerate(text):
        if label not in labels:
            continue
        titles: list[int] = []
        stop: int | None = None
        for j in text[k + 1:]:
            if j in labels:
                break
            if j in chrome or feats[j].credit:
                continue
            if not _story_title(feats[j], lines[j]):
                stop = j
                break
            titles.append(j)
        if stop is not None:  # the titles run into the text: only at the top, two at least, the last kept
            if label > own or len(titles) < 2:
                continue
            titles.pop()
        found += titles
    return found


def _bottom_titles(feats: list[LineFeatures], lines: Sequence[str], chrome: Collection[int]) -> list[int]:
    """Other stories' titles under the article with no label: below its last line of text, two or more
    title-shaped lines of STORY_MIN_WORDS words or more, among the page's furniture (a date, a footer, a widget's
    label the model scores as furniture, which goes with them) or alone (a related-stories widget scraped without
    its label), the one next to the text not counted (the article's own last line may have no full stop); none under
    a name (a signature's roles are title-shaped)."""
    text = [i for i, f in enumerate(feats) if not f.blank]
    region: list[int] = []
    titles: list[int] = []  # the region's title-shaped lines long enough, chrome or not (a credit is no title)
    labels: list[int] = []
    for i in reversed(text):
        titled = _story_title(feats[i], lines[i])
        # A widget's label among the titles ("Rising", "Most Popular"), found or not: a short line the model scores as
        # furniture (a stage direction is the talk's).
        label = feats[i].short and feats[i].model >= BODY_P and not (feats[i].bracketed or feats[i].protected)
        if not (i in chrome or feats[i].credit or titled or label):
            break
        region.append(i)
        if titled and feats[i].n_words >= STORY_MIN_WORDS:
            titles.append(i)
        elif label and not titled:  # "Rising", not a short title of the text's ("Dead Patriotism")
            labels.append(i)
    else:
        return []  # no line of text above: not the bottom of an article
    if not region or _name_line(lines[region[-1]]):
        return []  # nothing under the text, or a signature: the roles under a name are title-shaped
    if titles and titles[-1] == region[-1]:
        titles.pop()
    if len(titles) < 2:
        return []
    # The widget's labels go with its titles (not a line next to the text: the article's last may be short).
    return [i for i in titles + labels if i not in chrome and i != region[-1]]


def _listed_headline(feats: list[LineFeatures], lines: Sequence[str]) -> int | None:
    """The line right over the text's first paragraph when it has a headline's shape (HEADLINE_MIN_WORDS words or
    more, a title's) and the same line stands higher on the page: a site lists its own stories in its navigation,
    and the copy over the text is the article's headline."""
    first = next((i for i, f in enumerate(feats) if not (f.blank or f.short)), None)
    above = _neighbour(feats, first, -1) if first is not None else None
    if above is None or not _headline_shaped(feats[above], lines[above]):
        return None
    own = lines[above].strip()
    return above if any(line.strip() == own for line in lines[:above]) else None


def _name_line(line: str) -> bool:
    """A person's name alone: two to four capitalised words of letters (name particles allowed: "Ludwig van
    Beethoven")."""
    found = line.split()
    return 2 <= len(found) <= 4 and all(
        (word[:1].isupper() and regex.fullmatch(r"[\p{L}.'’\-]+", word) is not None) or word in lexicon.NAME_PARTICLES
        for word in found)


def _split_bylines(feats: list[LineFeatures], lines: Sequence[str], chrome: Collection[int]) -> list[int]:
    """The names under a byline's "By" on a line of its own, when that line went as furniture ("By" / "Mike Wall")."""
    found = []
    for i in chrome:
        after = _neighbour(feats, i, 1)
        if after is not None and lexicon.BYLINE_SPLIT_RE.match(lines[i].strip()) and not feats[after].protected \
                and _name_line(lines[after].strip().rstrip(",;")):
            found.append(after)
    return found


def _header_and_footer(feats: list[LineFeatures], lines: Sequence[str]) -> list[int]:
    """A short line both above the text's first paragraph and below its last ("Wordsmith.org: the magic of words",
    a site's name in its header and its footer): the page's frame, not its text (a document's title is not
    repeated under it). Not a sentence, a quotation, a stage direction or a credit."""
    paragraphs = [i for i, f in enumerate(feats) if not (f.blank or f.short)]
    if not paragraphs:
        return []
    first, last = paragraphs[0], paragraphs[-1]
    framed = [i for i, f in enumerate(feats) if (i < first or i > last) and f.short and not (
        f.ends_sentence or f.protected or f.bracketed or f.credit)]
    above = {lines[i].strip() for i in framed if i < first}
    below = {lines[i].strip() for i in framed if i > last}
    return [i for i in framed if lines[i].strip() in above & below]


REPEATED_REASON = "web-page UI text (repeated across the documents)"
LONE_TITLE_REASON = "web-page UI text (a lone title between paragraphs: a page's headings come in sets)"


def _lone_titles(feats: list[LineFeatures], lines: Sequence[str], chrome: Collection[int]) -> list[int]:
    """The lines between the page's first and last paragraph that are its only title there: one word (the only
    one-word title; a score of BODY_P), or up to LONE_MAX_WORDS words (the only title; a score of LONE_P).

    Evidence of position, not of words: an article's section headings come in sets ("Background", then
    "Reaction"), so two or more different titles are kept as headings; a single one (or one title repeated: a
    section has one heading) is a widget's label, a menu item, a related link. The page's top and bottom (the
    headline, a signature) are not between paragraphs."""
    own = [i for i, f in enumerate(feats) if not f.blank and i not in chrome and not f.credit]
    titled = {i for i in own if _title_shaped(feats[i], lines[i])}
    paragraphs = [i for i in own if i not in titled]
    if len(paragraphs) < 2:
        return []
    between = [i for i in sorted(titled) if paragraphs[0] < i < paragraphs[-1]]
    titles = {lines[i].strip() for i in between}
    words = {t for t in titles if len(t.split()) == 1}
    lone: list[int] = []
    for i in between:
        f, text = feats[i], lines[i].strip()
        word = f.n_words == 1 and len(words) == 1 and f.model >= BODY_P and bool(LONE_WORD_RE.fullmatch(text))
        if word or (len(titles) == 1 and f.model >= LONE_P and f.n_words <= LONE_MAX_WORDS):
            lone.append(i)
    return lone


def repeated_lines(documents: Iterable[Iterable[str]], min_documents: int = REPEAT_MIN_DOCS) -> frozenset[str]:
    """Short lines found in at least ``min_documents`` of the documents (page furniture repeats from page to
    page; a sentence or a heading does not). For :attr:`Context.repeated`; one pass, only each document's short
    lines kept, shape only (no model: a batch's every line passes through here once more)."""
    counts: Counter[str] = Counter()
    for lines in documents:
        counts.update({stripped for ln in lines if (stripped := ln.strip()) and _keyed(stripped)})
    return frozenset(line for line, n in counts.items() if n >= min_documents)


def line_key(line: str) -> str:
    """A short fixed-size key of a line's text (stripped), so a store keeps a document's short lines as keys."""
    return blake2b(line.strip().encode("utf-8"), digest_size=8).hexdigest()


def line_keys(lines: Iterable[str]) -> list[str]:
    """The sorted keys of a document's distinct lines of at most :data:`KEY_MAX_WORDS` words (what a store keeps
    of each document for :func:`repeated_among`)."""
    return sorted({line_key(ln) for ln in lines if _keyed(ln.strip())})


def _keyed(stripped: str) -> bool:
    """A line short enough to be furniture, whose repetition across documents is counted."""
    return bool(stripped) and len(stripped.split()) <= KEY_MAX_WORDS


def repeated_among(lines: Iterable[str], others: Iterable[Collection[str]],
                   min_documents: int = REPEAT_MIN_DOCS) -> frozenset[str]:
    """The short lines of a document also found in at least ``min_documents - 1`` other documents, given as their
    :func:`line_keys` (a project's stored documents). For :attr:`Context.repeated`."""
    mine = {line_key(ln): ln.strip() for ln in lines if _keyed(ln.strip())}
    counts: Counter[str] = Counter()
    for keys in others:
        counts.update(mine.keys() & set(keys))
    return frozenset(mine[key] for key, n in counts.items() if n >= min_documents - 1)


def analyse(lines: list[str] | tuple[str, ...], lang: str | None = "en",
            repeated: frozenset[str] = frozenset()) -> dict[int, str]:
    """Chrome lines of a document: index → reason (credits excluded: their own checks report them).

    ``repeated``: short lines that recur across the batch's documents.
    """
    feats = [features(line, lang) for line in lines]
    for i in _list_items(lines):
        feats[i] = replace(feats[i], protected=True)  # the document's own list, as a quotation is the article's
    # A line that recurs across the batch's documents is no headline or signature: a page has its own.
    recurs = [line.strip() in repeated and not (f.blank or f.credit or f.protected or f.bracketed)
              for f, line in zip(feats, lines, strict=True)]
    # Read only where the page's words are known well enough to be its signs (English and Russian): for German or
    # French pages the short lexicon misses too many pages' signs (a held-out German page's furniture went from
    # 0.773 found to 0.728 with the rule, docs/evaluation-chrome.md).
    gated = not chromemodel.other_pages(lang or "en")
    if gated and not (
            any(map(_page_sign, feats, lines))
            or _language_switcher(lines)):
        # Not a web page by any line's own words: its short lines are a document's (a letter opens with
        # addresses, a recipe with its ingredients, minutes with those present, a contract's articles have
        # headings, a manual ends with its data), whatever their shape. Only what recurs across the batch.
        return dict.fromkeys(_recurring(feats, recurs), REPEATED_REASON)
    blocks = _edge_blocks(feats)
    edge = set(blocks[0]) | set(blocks[1])
    # A block with five or more furniture-shaped lines is a menu or a footer (a kicker, headline, byline and dateline
    # make four at most); its line next to the text may be
    # the headline (or the last paragraph's signature), so that one needs web evidence or a high score (at the top, a
    # headline's shape needs web evidence: _scored_inner).
    runs: set[int] = set()
    for block, least, at_top in zip(blocks, (RUN_MIN, FOOTER_RUN_MIN), (True, False), strict=True):
        if sum(feats[j].model >= EDGE_P for j in block[:-1]) >= least:
            # The line next to the text, and at the top a headline over its byline or credit, go only by evidence.
            over = _headline_over(block, feats, lines) if at_top else None
            runs.update(j for j in block[:-1] if j != over)
            runs.update(j for j in (block[-1], over) if j is not None and (
                feats[j].webby or _scored_inner(feats[j], lines[j], at_top)))
    chrome = {i: "web-page UI text" for i, f in enumerate(feats) if _is_ui(f, i in edge, i in runs)}
    zs = [_log_odds(f, again) for f, again in zip(feats, recurs, strict=True)]
    top, bottom = _stretches(feats, zs)
    for stretch, least, at_bottom in ((top, RUN_MIN, False), (bottom, BOTTOM_RUN_MIN, True)):
        # As a block of short lines: enough furniture-shaped lines besides the innermost (a kicker, headline, byline
        # and dateline under an advertisement are not a menu), and the innermost, next to the text, may be the
        # headline (or the last paragraph's signature): it goes only with web evidence or a high score (_scored_inner).
        # Or fewer, when one is the page's by its own words and the others clearly furniture-shaped ("About Us",
        # "Write For Us", "Advertising"); an advertisement's label over a headline ("Bridge reopens") is not a menu.
        inner = stretch[:-1]
        shaped = [feats[j].model >= EDGE_P or zs[j] >= SURE_Z or recurs[j] for j in inner]
        signed = len(stretch) >= MENU_MIN and any(zs[j] >= SURE_Z for j in inner) and all(
            zs[j] >= SURE_Z or feats[j].model >= BODY_P for j in inner)
        if sum(shaped) < least and sum(zs[j] - EDGE_COST for j in inner) < STRETCH_STRONG and not signed:
            continue
        innermost = {stretch[-1], None if at_bottom else _headline_over(stretch, feats, lines)}
        for i in stretch:
            f = feats[i]
            if i in chrome or f.credit or (i in innermost and not (
                    f.webby or _scored_inner(f, lines[i], not at_bottom) or recurs[i]
                    or (at_bottom and _no_signature(f, lines[i])))):
                continue
            chrome[i] = "web-page UI text (the page's top or bottom furniture)"
    for i in _recurring(feats, recurs):
        chrome.setdefault(i, REPEATED_REASON)

    def marked(j: int | None) -> bool:
        return j is not None and (j in chrome or feats[j].credit)

    changed = True
    while changed:  # fill gaps: a tiny line between two chrome lines in the top/bottom block
        changed = False
        for i in sorted(edge - set(chrome)):
            f = feats[i]
            if f.credit or f.protected or f.bracketed or f.n_words > GAP_MAX_WORDS or not f.short:
                continue
            # The page's first or last line counts the edge as chrome when clearly furniture-shaped ("E-Paper" over
            # "Recent Posts"); a title over an advertisement is not.
            before, after = _neighbour(feats, i, -1), _neighbour(feats, i, 1)
            framed = f.model >= BODY_P and (before is None or after is None)
            if (marked(before) or (framed and before is None)) and (marked(after) or (framed and after is None)):
                chrome[i] = "web-page UI text (inside a block of page chrome)"
                changed = True
    # Next to chrome or a credit: furniture comes in runs (a share bar, "Related" and its links).
    changed = True
    while changed:
        changed = False
        for i, f in enumerate(feats):
            if i in chrome or f.blank or f.credit or f.protected or f.bracketed or not f.short:
                continue
            if f.model >= NEXT_TO_P and f.body_evidence and f.n_words <= BODY_MAX_WORDS and (
                marked(_neighbour(feats, i, -1)) or marked(_neighbour(feats, i, 1))
            ):
                chrome[i] = "web-page UI text (next to page chrome)"
                changed = True
    # A top or bottom block that is mostly chrome: its remaining one- or two-word lines are menu
    # items too ("Economy", "Sport" after "Menu", "Search", "Log in"); a headline is longer.
    for block in blocks:
        flagged = sum(1 for i in block if i in chrome or feats[i].credit)
        if len(block) >= 4 and flagged >= BLOCK_SHARE * len(block):
            for i in block:
                if _menu_item(feats[i], lines[i]) and i not in chrome:
                    chrome[i] = "web-page UI text (in a block of page chrome)"
    # A menu: three or more one- or two-word lines in a row at the top or bottom, one of them UI text; or three or
    # more of them a menu's word by shape ("Jobs", "Study", "Travel", "Real Estate"), which go (a short headline in
    # such a run, "Rouble slumps", is no menu's word and stays).
    for block in blocks:
        for run in _runs(sorted(block), feats, lines):
            if len(run) < MENU_MIN:
                continue
            items = run
            if not any(i in chrome for i in run):
                items = [i for i in run if _menu_word(feats[i], lines[i])]
                if len(items) < MENU_MIN:
                    continue
            for i in items:
                chrome.setdefault(i, "web-page UI text (a menu of short lines)")
    for i in _split_bylines(feats, lines, chrome):
        chrome.setdefault(i, "web-page UI text")
    for i in _story_lists(feats, lines, chrome, set(blocks[0])):
        chrome.setdefault(i, "web-page UI text (a list of other stories' titles)")
    # Only on a page known to be one by its own words: a German or French document's closing captions and
    # headings have the shape of titles too.
    for i in _bottom_titles(feats, lines, chrome) if gated else ():
        chrome.setdefault(i, "web-page UI text (other stories' titles under the article)")
    for i in _lone_titles(feats, lines, chrome):
        chrome[i] = LONE_TITLE_REASON
    # The rules of repetition take every copy of a line; the copy over the text of a headline the site also lists in
    # its navigation is the article's.
    headline = _listed_headline(feats, lines)
    for i in _header_and_footer(feats, lines):
        if i != headline:
            chrome.setdefault(i, "web-page UI text (the same line above and below the text)")
    # Repetition: a short line that is chrome somewhere is chrome everywhere on the page.
    texts = Counter(line.strip() for line in lines if line.strip())
    chrome_texts = {lines[i].strip() for i in chrome}
    for i, line in enumerate(lines):
        f = feats[i]
        if i not in chrome and i != headline and f.short and not f.protected and texts[line.strip()] > 1 \
                and line.strip() in chrome_texts:
            chrome[i] = "web-page UI text (repeated on the page)"
    return chrome


class PageChrome(Check):
    """Navigation, widget and banner text scraped with the article (Skip to main content, Share, Subscribe)."""

    id = "chrome"
    category = "Design/Extraneous text"
    severity = "minor"
    safe = True
    aliases = ("page-chrome",)
    defaults: ClassVar[dict[str, Any]] = {"flag_captions": True}
    examples_flag = (
        Example(
            "Skip to main content\nAdvertisement\nLive broadcast\n\nThe talks went on for hours.", expect=(1, 0, 20, "")
        ),
        Example("Main slide\nSelect important\nOn\nOff\n\nThe talks went on for hours.", expect=(1, 0, 10, "")),
        Example(
            "The talks went on for hours, officials said.\n\nRead more\n\nThe next round is in June.",
            expect=(3, 0, 9, ""),
        ),
        Example("The talks went on for hours, officials said.\n\nFollow us on Telegram", expect=(3, 0, 21, "")),
        Example("The talks went on for hours.\n\nVideo\n\nThe next round is in June.", expect=(3, 0, 5, "")),
        Example("The talks went on for hours.\nSubscribe to The Daily Star\nThey ended.", expect=(2, 0, 27, "")),
        Example("We use cookies to improve your experience. By using the site you agree.", expect=(1, 0, 71, "")),
        Example("Реклама\n\nПереговоры продолжались несколько часов.", target_lang="ru", expect=(1, 0, 7, "")),
        Example("Menu\nSearch\nLog in\nTop news\nEconomy\nSport\n\nThe talks went on for hours.", expect=(1, 0, 4, "")),
        Example(
            "Text of the article goes here, and it is long enough.\n\nCaption of a picture\nPhoto: Reuters",
            expect=(3, 0, 20, None),
        ),
        # No counterpart in the post-edit; a breadcrumb path; a call to action between paragraphs.
        Example("The talks went on for hours.\nKeep up with our coverage\nThey ended.",
                reference="The talks went on for hours.\n\nThey ended.", expect=(2, 0, 25, "")),
        Example("The talks went on for hours.\n\nHome › World › Europe\n\nThey ended.", expect=(3, 0, 21, "")),
        Example("The talks went on for hours.\n\nJoin our community today\n\nThey ended.", expect=(3, 0, 24, "")),
        # A lone title between paragraphs (a page's section headings come in sets), on a page (a photo credit).
        Example("The talks went on for hours.\n\nHardware\n\nThe next round is in June.\n\nPhoto: Reuters",
                expect=(3, 0, 8, "")),
    )
    examples_pass = (
        Example('"The end point of any conflict is negotiations"\n\n— Is China ready to help?\n\n— Yes.'),
        Example("China will not send peacekeepers to Ukraine\n\nBeijing said on Monday that it would not."),
        Example("The talks went on for hours.\n\nNo.\n\nShares fall on Wall Street\n\nMarkets were down."),
        Example("Live: Russia and Ukraine hold talks in Istanbul\n\nThe talks began at noon."),
        Example("Please share your views with us, the minister said on Monday."),
        # Section headings come in sets: two of them are the article's.
        Example("The talks went on for hours.\n\nBackground\n\nThe next round is in June.\n\nReaction\n\nThey agreed."),
        # ... and one heading the human translation keeps is the article's too.
        Example("The talks went on for hours.\n\nHardware\n\nThe next round is in June.\n\nPhoto: Reuters",
                reference="The talks lasted for hours.\n\nHardware\n\nThe next round is in June.\n\nPhoto: Reuters"),
        # A document that never was a web page: its title, list and signature are its own.
        Example("Minutes of the Board Meeting\n\nPresent\nAnna Petrova, Chair\nIgor Smirnov, Treasurer\n"
                "Oleg Kuznetsov\n\nThe minutes of the last meeting were approved.\n\nNext meeting: 9 April"),
        Example("Thank you all.\n\n(Applause)"),
        Example("The talks went on for hours.\n\nShare prices fell sharply on Monday\n\nThey ended."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Whole-line deletion for chrome lines; a neutral note for a possible caption."""
        unaligned = _no_counterpart(text, doc)
        if unaligned:
            return [self.whole_line(text, unaligned)]
        key = "chrome:analysis"
        lang = doc.context.target_lang
        if key not in doc.cache and may_be_chrome(text, lang):  # the page is analysed only for a line it may flag
            doc.cache[key] = analyse(list(doc.lines), lang, doc.context.repeated)
        reason = doc.cache[key].get(doc.index) if key in doc.cache else None
        if reason == LONE_TITLE_REASON and _in_reference(doc):
            reason = None  # position alone is weak evidence: the human translation (or post-edit) kept the heading
        if reason:
            return [self.whole_line(text, reason)]
        if self.options["flag_captions"] and self._caption(text, doc):
            return [
                self.whole_line(
                    text,
                    "possible image caption (next to a photo credit): delete it unless it is a heading",
                    None,
                    severity="neutral",
                )
            ]
        return []

    @staticmethod
    def _caption(text: str, doc: DocumentContext) -> bool:
        # The photo credit after the line first: most lines have none, and the tests of the line's own shape
        # (its scripts letter by letter) are needed only for a line followed by one.
        j = doc.index + 1
        while j < len(doc.lines) and not doc.lines[j].strip():
            j += 1
        if not (j < len(doc.lines) and is_photo_credit(doc.lines[j])):
            return False
        stripped = text.strip()
        if not is_fragment_shaped(stripped, 15) or is_quoted(stripped) or is_dialogue_line(text):
            return False
        if is_photo_credit(stripped) or is_mt_credit(stripped):
            return False
        scripts = letter_scripts(stripped).most_common(1)
        # alt text in another script: untranslated-fragment reports it
        return not (doc.target_script and scripts and scripts[0][0] != doc.target_script)


def _next_text(lines: Sequence[str], index: int, step: int) -> int | None:
    """The nearest non-blank line before (``step`` -1) or after (1) line ``index``."""
    j = index + step
    while 0 <= j < len(lines) and not lines[j].strip():
        j += step
    return j if 0 <= j < len(lines) else None


def _sides(doc: DocumentContext, index: int) -> tuple[str | None, str | None]:
    """The line-aligned reference and source lines of line ``index`` (None: not given or not line-aligned)."""
    other = DocumentContext(doc.lines, index, doc.context)
    return other.reference_line, other.source_line


def _in_reference(doc: DocumentContext) -> bool:
    """The current line has text beside it in the line-aligned reference or post-edit. (Not the source: a scraped
    page's furniture is in the source the MT was made from, so a source line says nothing about it.)"""
    ref, _src = _sides(doc, doc.index)
    return ref is not None and bool(ref.strip())


def _unaligned(doc: DocumentContext, index: int) -> bool:
    """Line ``index`` has text and nothing beside it in the reference or source (at least one of them given)."""
    ref, src = _sides(doc, index)
    if not doc.lines[index].strip() or (ref is None and src is None):
        return False
    return not ((ref is not None and ref.strip()) or (src is not None and src.strip()))


def _no_counterpart(text: str, doc: DocumentContext) -> str | None:
    """The reason to delete a short line that has nothing beside it in the line-aligned reference (or post-edit)
    and source: what the translator or post-editor left out, or what was added after translation."""
    stripped = text.strip()
    if not stripped or len(stripped.split()) > UNALIGNED_MAX_WORDS or not _unaligned(doc, doc.index):
        return None
    if is_photo_credit(stripped) or is_mt_credit(stripped):
        return None  # credits: their own checks report them
    f = features(stripped, doc.context.target_lang)
    if f.protected or f.bracketed:
        return None
    if not (f.short or f.model >= UNALIGNED_P):
        # A sentence the aligner left alone may be a real one (an addition, a merge it missed), unless it is one
        # of a run of such lines: page furniture (a footer, related headlines) comes in runs.
        near = [_next_text(doc.lines, doc.index, step) for step in (-1, 1)]
        if not any(j is not None and _unaligned(doc, j) for j in near):
            return None
    ref, src = _sides(doc, doc.index)
    where = " and ".join(name for name, side in (("reference", ref), ("source", src)) if side is not None)
    return f"extraneous line: nothing corresponds to it in the {where}"


class PhotoCredit(Check):
    """A photo or picture credit (Photo: TASS/Name, Фото: …, Image: Reuters, Getty Images)."""

    id = "photo-credit"
    category = "Design/Extraneous text"
    severity = "minor"
    safe = True
    aliases = ("credits", "credit")
    examples_flag = (
        Example("Photo: TASS/Valery Sharifulin", expect=(1, 0, 29, "")),
        Example("Фото: РИА Новости/Алексей Никольский", target_lang="ru", expect=(1, 0, 36, "")),
        Example("AFP/Getty Images", expect=(1, 0, 16, "")),
        Example("Image: Reuters", expect=(1, 0, 14, "")),
        Example("Xi Jinping at the parade. Photo: TASS/Mikhail Tereshchenko", expect=(1, 25, 58, "")),
        Example("Source: Kyodo News / Jane Roe", expect=(1, 0, 29, "")),
        Example("Courtesy of Jane Roe", expect=(1, 0, 20, "")),
    )
    examples_pass = (
        Example("The photo was taken by a Reuters photographer in Kyiv on Monday."),
        Example("According to Getty Images, sales rose."),
        Example("Images of the parade were shown on television."),
        Example("Testimony of Valentin Yumashev"),
        # A transcript's speaker and their words.
        Example("CA: Great."),
        Example("Chris Anderson: Welcome, Julian."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Whole-line credit lines, or a credit at the end of a caption line."""
        if is_photo_credit(text) and not in_label_list(doc.lines, doc.index):
            return [self.whole_line(text, "photo credit")]
        if not any(word in text for word in lexicon.TRAILING_CREDIT_WORDS):
            return []  # the pattern's words (in this case) are not in the line: most lines
        m = lexicon.TRAILING_CREDIT_RE.search(text)
        if m and m.start() > 0:
            return [self.finding(m.start(), len(text), "photo credit at the end of the line", "")]
        return []


class TranslatorCredit(Check):
    """A machine-translation or translator credit (Переведено сервисом «Яндекс Переводчик», Translated by …)."""

    id = "mt-credit"
    category = "Design/Extraneous text"
    severity = "minor"
    safe = True
    aliases = ("credits", "credit", "translator-credit")
    examples_flag = (
        Example("Переведено сервисом «Яндекс Переводчик»", expect=(1, 0, 39, "")),
        Example("Machine translated by Google", expect=(1, 0, 28, "")),
        Example("Translated by Yandex Translator", expect=(1, 0, 31, "")),
        Example("Translated by Jane Doe", expect=(1, 0, 22, "")),
        Example("Automatic translation by Lingvanex", expect=(1, 0, 34, "")),
    )
    examples_pass = (
        Example("The book was translated by a team of volunteers over ten years and published in 2010, she said."),
        Example("Google said its translation tools were used by millions of people every day."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Whole-line finding deleting a translation credit line."""
        return [self.whole_line(text, "translation credit")] if is_mt_credit(text) else []
