#!/usr/bin/env python
"""Precision and recall of the QA checks on real MT with the artifacts of scraped pages injected.

The MT is real system output the checks were never tuned on:

* ``ted-zhen``: the 13 WMT21 systems' English output of five TED talks, Chinese source
  (../shared/corpora/google-mqm-wmt/ted/mqm_ted_zhen.tsv, error markers removed); one document
  per system and talk, human reference ref-A beside it.
* ``mlqe-dev``: MLQE-PE ru→en dev MT (../shared/corpora/mlqe-pe-ru-en/dev), Russian source,
  post-edit as reference; documents of 25 consecutive lines.

Into each document a seeded generator injects what a scraped page brings along: hyphens
written as em or en dashes (in every hyphenated word of the document, the engine-wide case, or
in some of them), lines left in the source language (whole, or a source clause inside an English
line), page chrome (a navigation block on top, one-word and short UI lines between paragraphs,
a footer) and photo, caption and translation credits, from templates with varied vocabulary.
Everything else is the systems' own text and counts as clean: a finding there is a false alarm.

    .venv/bin/python scripts/eval_checks.py [--corpus ted-zhen] [--reference] [--seed 7] [--show KIND]
    .venv/bin/python scripts/eval_checks.py --pages loso --no-source [--batch]   # MT only, leave one site out
    .venv/bin/python scripts/eval_checks.py --pages heldout --no-source [--batch] # MT only, the held-out sites
    .venv/bin/python scripts/eval_checks.py --pages heldout-every --no-source     # ... each in every document
    .venv/bin/python scripts/eval_checks.py --clean --no-source [--show x]        # false alarms on clean corpora

Prints, per injected kind, recall; per check, precision and false-positive lines; and overall
the share of clean lines with any finding (minor or above) of these checks.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from review_app.checks import Check, Context, Finding, at_or_above, build_checks, run_lines  # noqa: E402
from review_app.checks.chrome import repeated_lines  # noqa: E402

sys.path.insert(0, str(REPO / "scripts"))
from train_chrome_model import PAGE_SETS, TRAINING_SETS, Model, heldout_site, negatives, page_lines, train  # noqa: E402

SHARED = REPO.parent / "shared" / "corpora"
TED = SHARED / "google-mqm-wmt" / "ted" / "mqm_ted_zhen.tsv"
MLQE = SHARED / "mlqe-pe-ru-en" / "dev"
HUMAN = {"ref", "refB"}

# Which checks answer for which injected kind (a line counts as found when one of them deletes it
# or, for dashes, when the dash itself gets a hyphen).
KINDS: dict[str, tuple[str, ...]] = {
    "dash": ("dash-in-compound",),
    "untranslated-line": ("untranslated", "untranslated-fragment"),
    "untranslated-span": ("untranslated",),
    "chrome": ("chrome",),
    "photo-credit": ("photo-credit", "chrome"),
    "mt-credit": ("mt-credit",),
    # Lines of real pages of other sites (scripts/data/page_lines.tsv): any whole-line deletion of a page check.
    "site-chrome": ("chrome", "photo-credit", "mt-credit", "untranslated-fragment"),
}
# The whole-line kinds the chrome targets are about.
LINE_KINDS = ("untranslated-line", "chrome", "photo-credit", "mt-credit", "site-chrome")
CHECKS = sorted({c for ids in KINDS.values() for c in ids})
COMPOUND_RE = regex.compile(r"(?<![\p{L}\p{N}-])\p{L}+(?:-\p{L}+)+(?![\p{L}\p{N}-])")


@dataclass
class Doc:
    """One document: its lines, aligned source and reference lines, and the injected labels."""

    name: str
    lines: list[str]
    source: list[str]
    reference: list[str]
    kinds: dict[int, str] = field(default_factory=dict)
    dashes: set[tuple[int, int]] = field(default_factory=set)
    compounds: frozenset[str] = frozenset()
    site: str = ""
    # The line of the page's own headline put over the text (``--headlines``): text, never furniture.
    headline: int | None = None


# --- real MT ---------------------------------------------------------------------------------


def ted_documents(path: Path = TED) -> list[Doc]:
    """One document per (system, talk) of a WMT21 TED MQM file (zh→en unless ``path`` says otherwise); ref-A as
    reference."""
    segs: dict[tuple[str, str], dict[int, tuple[str, str]]] = defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for row in handle:
            system, talk, _, seg, _, source, target, *_ = row.rstrip("\n").split("\t")
            # The MQM file marks the raters' error spans with <v>…</v> on both sides: not the MT's or the source's text
            # (a source line left "untranslated" with the marks read as a tag, and was counted as chrome's).
            text, source = (side.replace("<v>", "").replace("</v>", "").strip() for side in (target, source))
            segs[(system, talk)].setdefault(int(seg), (source, text))
    compounds = _compounds(t for (system, _), by in segs.items() if system in HUMAN for _, t in by.values())
    docs = []
    for (system, talk), by_seg in sorted(segs.items()):
        if system in HUMAN:
            continue
        ref = segs.get(("ref", talk), {})
        order = sorted(by_seg)
        docs.append(
            Doc(
                f"{system}/{talk}",
                [by_seg[s][1] for s in order],
                [by_seg[s][0] for s in order],
                [ref.get(s, ("", ""))[1] for s in order],
                compounds=compounds,
            )
        )
    return docs


def mlqe_documents(size: int = 25) -> list[Doc]:
    """MLQE-PE dev MT in documents of ``size`` lines; the post-edit as reference."""

    def read(ext: str) -> list[str]:
        return (MLQE / f"dev.{ext}").read_text(encoding="utf-8").rstrip("\n").split("\n")

    mt, src, pe = read("mt"), read("src"), read("pe")
    compounds = _compounds(pe)
    return [
        Doc(f"mlqe/{i // size}", mt[i : i + size], src[i : i + size], pe[i : i + size], compounds=compounds)
        for i in range(0, len(mt), size)
    ]


def _compounds(human_lines: Iterable[str]) -> frozenset[str]:
    """Hyphenated words that people wrote in the corpus's references: the MT's hyphens known to be compounds.

    Some systems also write a hyphen where a dash belongs ("the hole-30 kilometres away"): those
    are not compounds, and writing them as dashes would make correct text, so they are left alone.
    """
    return frozenset(w.lower() for line in human_lines for w in COMPOUND_RE.findall(line))


CORPORA = {"ted-zhen": ted_documents, "mlqe-dev": mlqe_documents}

# --- generated page material -----------------------------------------------------------------

SECTIONS = "World Business Politics Tech Science Health Sport Culture Opinion Travel Lifestyle Climate Video Podcasts"
UI_WORDS = (
    "Share Subscribe Advertisement Comments Print Search Menu Newsletter Bookmark Login Sponsored Tweet"
    " Video Photos Gallery Related Watch Listen Live Audio"
)
UI_SHORT = [
    "Read more",
    "Most read",
    "Related articles",
    "Sign in",
    "Log in",
    "Share this article",
    "Follow us on {social}",
    "Show comments",
    "Continue reading",
    "Skip to content",
    "Back to top",
    "Load more",
    "Top stories",
    "Watch the video",
    "{n} comments",
    "Share on {social}",
    "Advertisement",
    "Subscribe to {outlet}",
]
FOOTER = [
    "© {year} {outlet}. All rights reserved.",
    "Privacy policy",
    "Terms of use",
    "Contact us",
    "Cookie settings",
    "About us",
    "Advertise with us",
    "Sign up for our newsletter",
]
SOCIAL = ["Facebook", "Twitter", "Instagram", "Telegram", "WhatsApp", "LinkedIn", "YouTube"]
AGENCIES = ["AFP", "Reuters", "AP", "Getty Images", "EPA", "Xinhua", "Shutterstock", "Bloomberg", "dpa", "Alamy"]
CREDIT_TEMPLATES = [
    "Photo: {agency}/{name}",
    "Photo: {name}/{agency}",
    "Image: {agency}",
    "Photograph: {name}/{agency}",
    "{agency}/{name}",
    "Photo credit: {name}",
    "Picture: {name} / {agency}",
    "Photo by {name}/{agency}",
    "Credit: {agency}",
    "© {agency}",
]
MT_CREDIT_TEMPLATES = [
    "Translated by {engine}",
    "Machine translated by {engine}",
    "Translated with {engine}",
    "Translation: {engine}",
    "This page was automatically translated",
]
ENGINES = ["Google Translate", "DeepL", "Yandex Translator", "Microsoft Translator", "Bing", "Systran"]
SYLLABLES = "ka ri an to mel vi sa den lo ra be nor ta li son mar ev gen hol ki da"

# Held-out credits: written before the checks were changed, with vocabulary (agencies, engines, label words,
# wording) that neither the templates above nor the checks' lexicon use; never used in development.
HELDOUT_AGENCIES = [
    "Magnum Photos", "Polaris Images", "Redux Pictures", "Keystone", "Ritzau Scanpix", "Yonhap", "Kyodo News",
    "Jiji Press", "Hollandse Hoogte", "ANSA", "Agencia Estado", "Abaca Press",
]
HELDOUT_CREDIT_TEMPLATES = [
    "Source: {agency} / {name}",
    "SOURCE: {agency}",
    "Courtesy of {name}",
    "Photography: {name} for {outlet}",
    "Pic: {name}",
    "{name} | {agency}",
    "Illustration by {name}",
    "Image credit: {agency} via {agency2}",
    "Handout photo from {agency}",
    "{name} / {agency} / {agency2}",
]
HELDOUT_ENGINES = ["Lingvanex", "ModernMT", "Papago", "Apertium", "Tilde MT", "Watson Language Translator"]
HELDOUT_MT_TEMPLATES = [
    "This article was translated using an AI tool.",
    "Automatic translation by {engine}",
    "English version produced by machine translation",
    "Text translated automatically; it may contain errors.",
    "Translation generated by {engine}",
    "Translated from Russian by {engine}",
    "AI-translated",
    "This text has been machine-translated from the original.",
]


def person(rng: random.Random) -> str:
    """A made-up personal name (two or three syllables, twice)."""
    sy = SYLLABLES.split()

    def word() -> str:
        return "".join(rng.choice(sy) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def outlet(rng: random.Random) -> str:
    """A made-up news outlet name."""
    return f"The {rng.choice(['Daily', 'Evening', 'Morning', 'Weekly'])} {person(rng).split()[1]}"


def fill(template: str, rng: random.Random, heldout: bool = False) -> str:
    """A template with its slots filled at random (from the held-out vocabulary when ``heldout``)."""
    agencies, engines = (HELDOUT_AGENCIES, HELDOUT_ENGINES) if heldout else (AGENCIES, ENGINES)
    return template.format(
        social=rng.choice(SOCIAL),
        outlet=outlet(rng),
        n=rng.randint(2, 480),
        year=rng.randint(2015, 2026),
        agency=rng.choice(agencies),
        agency2=rng.choice(agencies),
        name=person(rng),
        engine=rng.choice(engines),
    )


# --- injection -------------------------------------------------------------------------------


def _swap_hyphens(doc: Doc, rng: random.Random) -> None:
    """Hyphens written as dashes: all of the document's (half the documents) or some of them."""
    everywhere = rng.random() < 0.5
    for i, line in enumerate(doc.lines):
        if i in doc.kinds:
            continue
        out, last, hit = [], 0, False
        for word in COMPOUND_RE.finditer(line):
            if word.group().lower() not in doc.compounds or not (everywhere or rng.random() < 0.5):
                continue
            for k, ch in enumerate(word.group()):
                if ch == "-":
                    at = word.start() + k
                    out.append(line[last:at] + ("—" if rng.random() < 0.8 else "–"))
                    last = at + 1
                    doc.dashes.add((i, at))
                    hit = True
        if hit:
            doc.lines[i] = "".join(out) + line[last:]
            doc.kinds[i] = "dash"


def _untranslated(doc: Doc, rng: random.Random) -> None:
    """One or two lines left in the source language; one line with a source clause inside."""
    candidates = [i for i in range(len(doc.lines)) if i not in doc.kinds and len(doc.source[i].split()) >= 1]
    for i in rng.sample(candidates, min(2, len(candidates))):
        doc.lines[i] = doc.source[i]
        doc.kinds[i] = "untranslated-line"
    candidates = [i for i in range(len(doc.lines)) if i not in doc.kinds and len(doc.lines[i].split()) > 6]
    if candidates:
        i = rng.choice(candidates)
        words = doc.lines[i].split()
        src = doc.source[i]
        piece = src[: max(4, len(src) // 3)] if " " not in src else " ".join(src.split()[:3])
        at = rng.randint(2, len(words) - 2)
        doc.lines[i] = " ".join([*words[:at], piece, *words[at:]])
        doc.kinds[i] = "untranslated-span"


def _insert(doc: Doc, at: int, text: str, kind: str | None) -> None:
    """Insert a line (an injected artifact of ``kind``, or the text's own when None)."""
    doc.lines.insert(at, text)
    doc.source.insert(at, "")
    doc.reference.insert(at, "")
    doc.kinds = {(i + 1 if i >= at else i): k for i, k in doc.kinds.items()}
    doc.dashes = {((i + 1 if i >= at else i), s) for i, s in doc.dashes}
    if doc.headline is not None and doc.headline >= at:
        doc.headline += 1
    if kind is not None:
        doc.kinds[at] = kind


def _page(doc: Doc, rng: random.Random) -> None:
    """Navigation on top, UI lines and credits between paragraphs, a footer at the bottom."""
    body_slots = rng.sample(range(1, len(doc.lines)), min(4, len(doc.lines) - 1))
    for at in sorted(body_slots, reverse=True):
        roll = rng.random()
        if roll < 0.35:
            _insert(doc, at, rng.choice(UI_WORDS.split()), "chrome")
        elif roll < 0.6:
            _insert(doc, at, fill(rng.choice(UI_SHORT), rng), "chrome")
        elif roll < 0.9:
            _insert(doc, at, fill(rng.choice(CREDIT_TEMPLATES), rng), "photo-credit")
        else:
            _insert(doc, at, fill(rng.choice(MT_CREDIT_TEMPLATES), rng), "mt-credit")
    if rng.random() < 0.7:
        nav = ["Menu", *rng.sample(SECTIONS.split(), rng.randint(3, 6)), rng.choice(["Search", "Sign in", "Log in"])]
        rng.shuffle(nav)
        for line in reversed(nav):
            _insert(doc, 0, line, "chrome")
    if rng.random() < 0.7:
        for line in rng.sample(FOOTER, rng.randint(2, 4)):
            _insert(doc, len(doc.lines), fill(line, rng), "chrome")


@dataclass(frozen=True)
class Site:
    """One site's page furniture, in page order: navigation/footer lines, inline calls to action, credits; and its
    pages' own headlines (scripts/data/page_headlines*.tsv)."""

    name: str
    edge: list[str]
    inline: list[str]
    credits: list[str]
    headlines: tuple[str, ...] = ()


def load_sites(heldout: bool, exclude: str | None = None, only: str | None = None,
               sets: tuple[str, ...] = tuple(PAGE_SETS)) -> list[Site]:
    """The sites of one split of the annotated page sets ``sets`` (``exclude``/``only``: leave one out)."""
    by: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for site, role, line in page_lines(sets):
        if heldout_site(site) == heldout and site != exclude and (only is None or site == only):
            by[site][role].append(line)
    titles = page_headlines(sets)
    return [Site(name, r["chrome"], r["inline"], r["credit"], tuple(titles.get(name, ())))
            for name, r in sorted(by.items()) if r["chrome"]]


def page_headlines(sets: tuple[str, ...]) -> dict[str, list[str]]:
    """The pages' own headlines of the sets' sites (``build_chrome_data.py --headlines``), by site."""
    titles: dict[str, list[str]] = defaultdict(list)
    for name in sets:
        path = PAGE_SETS[name].with_name(PAGE_SETS[name].name.replace("page_lines", "page_headlines"))
        for raw in path.read_text(encoding="utf-8").splitlines() if path.is_file() else ():
            site, title = raw.split("\t", 1)
            titles[site].append(title)
    return titles


def _window(lines: list[str], rng: random.Random, low: int, high: int, end: bool = False) -> list[str]:
    """The first (``end``: last) few lines: a site shows the same navigation and footer on every page."""
    size = min(len(lines), rng.randint(low, high))
    return lines[len(lines) - size :] if end else lines[:size]


def _site_page(doc: Doc, rng: random.Random, sites: list[Site], heldout: bool, headline: bool = False) -> None:
    """Another site's furniture: its navigation on top, its calls to action and credits between paragraphs
    (credit and MT-credit templates of the split), its footer at the bottom. ``headline``: one of the site's pages'
    own headlines over the text, under the navigation (chosen by the document's name: the random draws, and so
    every other injected line, stay those of a run without it)."""
    site = rng.choice(sites)
    doc.site = site.name
    body_slots = rng.sample(range(1, len(doc.lines)), min(3, len(doc.lines) - 1))
    credits = HELDOUT_CREDIT_TEMPLATES if heldout else CREDIT_TEMPLATES
    mt_credits = HELDOUT_MT_TEMPLATES if heldout else MT_CREDIT_TEMPLATES
    for at in sorted(body_slots, reverse=True):
        roll = rng.random()
        if roll < 0.4 and (site.inline or site.credits):
            _insert(doc, at, rng.choice(site.inline or site.credits), "site-chrome")
        elif roll < 0.75:
            _insert(doc, at, fill(rng.choice(credits), rng, heldout), "photo-credit")
        else:
            _insert(doc, at, fill(rng.choice(mt_credits), rng, heldout), "mt-credit")
    top = _window(site.edge, rng, 3, 8) if rng.random() < 0.7 else []
    for line in reversed(top):
        _insert(doc, 0, line, "site-chrome")
    if headline and site.headlines:
        _insert(doc, len(top), site.headlines[zlib.crc32(doc.name.encode()) % len(site.headlines)], None)
        doc.headline = len(top)
    if rng.random() < 0.7:
        for line in _window(site.edge, rng, 2, 5, end=True):
            _insert(doc, len(doc.lines), line, "site-chrome")


def inject(doc: Doc, rng: random.Random, sites: list[Site] | None = None, heldout: bool = False,
           headline: bool = False) -> Doc:
    """The document with every kind of artifact injected (labels in ``kinds`` and ``dashes``): page material
    from the templates, or from ``sites`` when given (with a page's own headline over the text: ``headline``)."""
    _swap_hyphens(doc, rng)
    _untranslated(doc, rng)
    if sites:
        _site_page(doc, rng, sites, heldout, headline)
    else:
        _page(doc, rng)
    return doc


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts for the table."""

    positives: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    flagged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    correct: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_lines: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    clean_lines: int = 0
    clean_flagged: int = 0
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    alarms: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Injected site furniture by where it sits on the page (top, body, bottom): lines, found.
    places: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    # The pages' own headlines put over the text: lines, deleted by a page check.
    headlines: list[int] = field(default_factory=lambda: [0, 0])
    # Runs over every site: each site's whole-line artifacts, injected and found.
    per_site: dict[str, tuple[int, int]] = field(default_factory=dict)


def _deletes(f: Finding, line: str) -> bool:
    return (f.start == 0 and f.end == len(line)) or f.suggestion == "" or f.check == "untranslated"


def _place(doc: Doc, index: int) -> str:
    """Where an injected line sits: above the document's own first line, below its last, or between them."""
    own = [i for i, line in enumerate(doc.lines) if line.strip() and doc.kinds.get(i) != "site-chrome"]
    return "top" if not own or index < own[0] else "bottom" if index > own[-1] else "body"


def score(doc: Doc, findings: list[Finding], tally: Tally) -> None:
    """Add one document's findings to the tally."""
    by_line: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if at_or_above(f.severity, "minor"):
            by_line[f.line - 1].append(f)
    for i, line in enumerate(doc.lines):
        kind = doc.kinds.get(i)
        fs = by_line.get(i, [])
        if i == doc.headline:
            tally.headlines[0] += 1
            if any(_deletes(f, line) for f in fs):
                tally.headlines[1] += 1
                tally.alarms["headline"].append(f"{doc.name} {doc.site}: {line[:100]!r}")
        if kind is None and line.strip():
            tally.clean_lines += 1
            if fs:
                tally.clean_flagged += 1
                for f in fs:
                    tally.alarms[f.check].append(f"{doc.name}: {line[:100]!r} [{f.message}]")
        for check in {f.check for f in fs}:
            tally.flagged[check] += 1
            if kind is not None and check in KINDS[kind]:
                tally.correct[check] += 1
            elif kind is None:
                tally.false_lines[check] += 1
        if kind == "dash":
            hits = {f.start for f in fs if f.check == "dash-in-compound" and f.suggestion == "-"}
            for li, start in doc.dashes:
                if li == i:
                    tally.positives["dash"] += 1
                    if start in hits:
                        tally.found["dash"] += 1
                    else:
                        tally.misses["dash"].append(f"{doc.name}: …{line[max(0, start - 30) : start + 20]}…")
        elif kind is not None:
            tally.positives[kind] += 1
            found = any(f.check in KINDS[kind] and _deletes(f, line) for f in fs)
            place = _place(doc, i) if kind == "site-chrome" else ""
            if place:
                tally.places[place][0] += 1
                tally.places[place][1] += found
            if found:
                tally.found[kind] += 1
            else:
                where = f" {doc.site} [{place}]" if place else ""
                tally.misses[kind].append(f"{doc.name}{where}: {line[:100]!r}")


def evaluate(corpus: str, seed: int, with_reference: bool, pages: str = "templates",
             tally: Tally | None = None, sites: list[Site] | None = None, with_source: bool = True,
             batch: bool = False, sets: tuple[str, ...] = tuple(PAGE_SETS), headline: bool = False) -> Tally:
    """Inject, check and score every document of a corpus.

    ``pages``: the page material injected: ``templates`` (what the checks were tuned on), ``dev`` or ``heldout``
    (lines of real pages of the development or the held-out sites of the page sets ``sets``); ``sites`` overrides
    the split's sites.
    ``batch``: the documents come from a few sites, and the checks see which short lines recur across the
    documents of the same site (a project). ``headline``: a page's own headline over the text (real pages only).
    """
    rng = random.Random(seed)
    checks = build_checks(CHECKS)
    tally = tally or Tally()
    src_lang = "zh" if corpus == "ted-zhen" else "ru"
    if pages != "templates" and sites is None:
        sites = load_sites(pages == "heldout", sets=sets)
    originals = CORPORA[corpus]()
    if batch and sites:
        # A batch is a project of pages from a few sites: every site comes back in about four documents.
        sites = rng.sample(sites, max(1, min(len(sites), len(originals) // 4)))
    docs = [inject(doc, rng, sites if pages != "templates" else None, pages == "heldout", headline)
            for doc in originals]
    by_site: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        by_site[doc.site].append(doc)
    # Repetition is counted among the documents of one site (one project); template pages share no site.
    repeated = {name: repeated_lines(d.lines for d in group) for name, group in by_site.items()} if batch else {}
    for doc in docs:
        ctx = Context(
            target_lang="en",
            source_lang=src_lang,
            source_lines=doc.source if with_source else None,
            reference_lines=doc.reference if with_reference else None,
            repeated=repeated.get(doc.site, frozenset()),
        )
        score(doc, run_lines(doc.lines, ctx, checks), tally)
    return tally


_FOLDS: dict[str, Model] = {}


def leave_one_site_out(corpus: str, seed: int, with_reference: bool, with_source: bool = True,
                       batch: bool = False, sets: tuple[str, ...] = tuple(PAGE_SETS), headline: bool = False) -> Tally:
    """Each development site's page material checked by a model trained without that site.

    The shipped weights are swapped for ones trained on the other development sites (the same
    negatives as ``scripts/train_chrome_model.py``) while that site's pages are checked.
    """
    from review_app.checks import chrome_weights

    shipped = chrome_weights.WEIGHTS, chrome_weights.LEXICON
    rows = [r for r in page_lines(TRAINING_SETS) if not heldout_site(r[0])]
    extra = negatives()
    tally = Tally()
    try:
        for k, site in enumerate(load_sites(False, sets=sets)):
            if site.name not in _FOLDS:  # one model per left-out site, shared by the corpora of one run
                _FOLDS[site.name] = train([r for r in rows if r[0] != site.name], extra)
            model = _FOLDS[site.name]
            chrome_weights.WEIGHTS, chrome_weights.LEXICON = model.weights, model.lexicon
            _clear_caches()
            with _per_site(tally, site.name):
                evaluate(corpus, seed + k, with_reference, "dev", tally, [site], with_source, batch, headline=headline)
    finally:
        chrome_weights.WEIGHTS, chrome_weights.LEXICON = shipped
        _clear_caches()
    return tally


def every_heldout_site(corpus: str, seed: int, with_reference: bool, with_source: bool = True, batch: bool = False,
                       sets: tuple[str, ...] = tuple(PAGE_SETS), headline: bool = False) -> Tally:
    """Each held-out site's page material in every document, checked by the shipped model (which never saw those
    sites): the held-out figure with every site weighing by its lines, not one site drawn per document."""
    tally = Tally()
    for k, site in enumerate(load_sites(True, sets=sets)):
        with _per_site(tally, site.name):
            evaluate(corpus, seed + k, with_reference, "heldout", tally, [site], with_source, batch, headline=headline)
    return tally


@contextmanager
def _per_site(tally: Tally, site: str) -> Iterator[None]:
    """Record the whole-line artifacts one site's run adds to the tally (injected, found) under its name."""
    n, found = _whole_lines(tally)
    yield
    n_after, found_after = _whole_lines(tally)
    if n_after > n:
        tally.per_site[site] = (n_after - n, found_after - found)


def _whole_lines(tally: Tally) -> tuple[int, int]:
    """Whole-line artifacts injected and found so far."""
    return sum(tally.positives[k] for k in LINE_KINDS), sum(tally.found[k] for k in LINE_KINDS)


def _clear_caches() -> None:
    from review_app.checks import chrome

    chrome.features.cache_clear()


WMT21 = SHARED / "wmt21-newstest-en-ru" / "txt"
IZVESTIA = SHARED / "izvestia-2025"
TED_SKEN = SHARED / "compare-mt-ted-sk-en"
TEXTBERG = SHARED / "textberg-de-fr-dev"
PAGE_CHECKS = ("chrome", "photo-credit", "mt-credit", "untranslated-fragment", "untranslated")
# Clean corpora are also checked in documents of this many lines, so their first and last lines meet the rules of
# a page's top and bottom (a talk's "Thank you.", a yearbook's headings), alone and as one batch (repetition).
CLEAN_DOCUMENT_LINES = 25


def clean_corpora() -> list[tuple[str, list[str], str, str, list[str] | None]]:
    """Real text with no page furniture: (name, lines, target language, source language, source lines).

    WMT21 en→ru (5 systems, 2 references, English source beside them), MLQE-PE ru→en test20 MT and
    post-edit (test20.mt is one of the chrome model's training negatives), the Izvestia post-edit (a whole
    page, furniture removed by its post-editor; no line-aligned source), TED sk→en (compare-mt's reference and
    two systems, Slovak source) and the Text+Berg yearbook article (German and French, human and Google MT;
    headings, captions and lists of a printed page). None of them but test20.mt is used in training.
    """
    def read(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").rstrip("\n").split("\n")

    found: list[tuple[str, list[str], str, str, list[str] | None]] = []
    if WMT21.is_dir():
        src = read(WMT21 / "newstest2021.en-ru.src.en")
        for path in sorted(WMT21.glob("newstest2021.en-ru.*.ru")):
            found.append((path.name, read(path), "ru", "en", src))
    test20 = SHARED / "mlqe-pe-ru-en" / "test20"
    if test20.is_dir():
        for kind in ("mt", "pe"):
            found.append((f"test20.{kind}", read(test20 / f"test20.{kind}"), "en", "ru", read(test20 / "test20.src")))
    if (IZVESTIA / "postedit.en.txt").is_file():
        found.append(("izvestia postedit", read(IZVESTIA / "postedit.en.txt"), "en", "ru", None))
    if TED_SKEN.is_dir():
        src = read(TED_SKEN / "ted.orig.slk")
        for name in ("ref", "sys1", "sys2"):
            found.append((f"ted sk-en {name}", read(TED_SKEN / f"ted.{name}.detok.eng"), "en", "sk", src))
    if TEXTBERG.is_dir():
        for name, lang, src_name, src_lang in (("dev.fr", "fr", "dev.google.de", "de"),
                                               ("dev.google.fr", "fr", "dev.de", "de"),
                                               ("dev.de", "de", "dev.google.fr", "fr"),
                                               ("dev.google.de", "de", "dev.fr", "fr")):
            found.append((f"textberg {name}", read(TEXTBERG / name), lang, src_lang, read(TEXTBERG / src_name)))
    return found


CLEAN_MODES = ("whole", "documents", "batch")
# Documents that never were web pages (scripts/data/PROVENANCE.md): each file is one document.
DOCUMENTS = REPO / "scripts" / "data" / "documents"


def document_false_positives(folder: Path = DOCUMENTS, show: bool = False) -> Iterator[str]:
    """Per set of documents (the file names' prefix: ``dev``, ``a``, ``b``), the lines the page checks flag (minor
    or above) with the MT alone, each file checked as one English document: every one is a false alarm."""
    checks = build_checks(PAGE_CHECKS)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # documents, lines, flagged lines
    shown: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        group = "dev" if path.name.startswith("dev_") else path.name[0]
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        flagged = {f.line for f in _clean_flagged(lines, Context(target_lang="en"), checks, "whole")}
        counts[group][0] += 1
        counts[group][1] += sum(1 for line in lines if line.strip())
        counts[group][2] += len(flagged)
        shown += [f"  {path.name}: {lines[i - 1][:100]!r}" for i in sorted(flagged)]
    yield "| documents that never were web pages | documents | lines | lines flagged by a page check |"
    yield "|---|---:|---:|---:|"
    for group, (docs, n, bad) in counts.items():
        yield f"| {group} | {docs} | {n} | {bad} ({bad / max(1, n):.1%}) |"
    if show:
        yield from shown


def _clean_flagged(lines: list[str], ctx: Context, checks: list[Check], mode: str) -> list[Finding]:
    """The findings (minor or above) on a clean corpus checked whole, in documents of CLEAN_DOCUMENT_LINES lines,
    or in such documents as one batch (lines recurring across them are Context.repeated)."""
    if mode == "whole":
        return [f for f in run_lines(lines, ctx, checks) if at_or_above(f.severity, "minor")]
    starts = range(0, len(lines), CLEAN_DOCUMENT_LINES)
    documents = [lines[k : k + CLEAN_DOCUMENT_LINES] for k in starts]
    repeated = repeated_lines(documents) if mode == "batch" else frozenset()
    found = []
    for start, document in zip(starts, documents, strict=True):
        src = ctx.source_lines[start : start + CLEAN_DOCUMENT_LINES] if ctx.source_lines else None
        part = replace(ctx, source_lines=src, repeated=repeated)
        found += [replace(f, line=f.line + start) for f in run_lines(document, part, checks)
                  if at_or_above(f.severity, "minor")]
    return found


def clean_false_positives(with_source: bool = True, show: bool = False) -> Iterator[str]:
    """Per corpus, mode and page check, the non-blank lines flagged (minor or above): every one is a false alarm
    (``show``: the lines too)."""
    checks = build_checks(PAGE_CHECKS)
    yield "| corpus | lines | mode | " + " | ".join(PAGE_CHECKS) + " |"
    yield "|---|---:|---|" + "---:|" * len(PAGE_CHECKS)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    shown: list[str] = []
    all_lines = 0
    for name, lines, tgt, src_lang, src in clean_corpora():
        ctx = Context(target_lang=tgt, source_lang=src_lang, source_lines=src if with_source else None)
        n = sum(1 for line in lines if line.strip())
        all_lines += n
        for mode in CLEAN_MODES:
            found = _clean_flagged(lines, ctx, checks, mode)
            cells = []
            for check in PAGE_CHECKS:
                flagged = {f.line for f in found if f.check == check}
                totals[(mode, check)] += len(flagged)
                cells.append(f"{len(flagged)} ({len(flagged) / max(1, n):.2%})")
                shown += [f"  {name} [{mode}] {check}: {lines[i - 1][:100]!r}" for i in sorted(flagged)]
            yield f"| {name} | {n} | {mode} | " + " | ".join(cells) + " |"
    for mode in CLEAN_MODES:
        cells = [f"{totals[(mode, c)]} ({totals[(mode, c)] / max(1, all_lines):.2%})" for c in PAGE_CHECKS]
        yield f"| **all** | {all_lines} | {mode} | " + " | ".join(cells) + " |"
    if show:
        yield ""
        yield from shown


def table(tally: Tally, title: str) -> Iterator[str]:
    """The Markdown table of one run."""
    yield f"**{title}**"
    yield ""
    yield "| injected kind | lines (dashes) | recall |"
    yield "|---|---:|---:|"
    for kind in KINDS:
        n = tally.positives[kind]
        yield f"| {kind} | {n} | {tally.found[kind] / n:.3f} |" if n else f"| {kind} | 0 | – |"
    yield ""
    yield "| check | flagged lines | precision | false-positive lines (share of clean lines) |"
    yield "|---|---:|---:|---:|"
    for check in CHECKS:
        n = tally.flagged[check]
        precision = f"{tally.correct[check] / n:.3f}" if n else "–"
        fp = tally.false_lines[check]
        yield f"| {check} | {n} | {precision} | {fp} ({fp / max(1, tally.clean_lines):.2%}) |"
    share = tally.clean_flagged / max(1, tally.clean_lines)
    yield ""
    yield f"Clean lines: {tally.clean_lines}; with any finding of these checks: {tally.clean_flagged} ({share:.2%})."
    if tally.places:
        cells = [f"{p} {tally.places[p][1] / tally.places[p][0]:.3f} ({tally.places[p][0]})"
                 for p in ("top", "body", "bottom") if tally.places[p][0]]
        yield f"Site furniture found by place on the page: {', '.join(cells)}."
    whole = [k for k in LINE_KINDS if tally.positives[k]]
    if whole:
        n, found = sum(tally.positives[k] for k in whole), sum(tally.found[k] for k in whole)
        yield f"Whole-line artifacts ({', '.join(whole)}): {found} of {n} found ({found / n:.3f})."
    if tally.headlines[0]:
        yield f"The pages' own headlines over the text: {tally.headlines[1]} of {tally.headlines[0]} deleted."
    if len(tally.per_site) > 1:
        recalls = sorted((found / n, site) for site, (n, found) in tally.per_site.items())
        values = [r for r, _ in recalls]
        worst = ", ".join(f"{site} {r:.3f}" for r, site in recalls[:5])
        yield (f"Per site ({len(values)} sites), whole-line recall: mean {statistics.fmean(values):.3f}, median "
               f"{statistics.median(values):.3f}, variance {statistics.variance(values):.4f}; lowest: {worst}.")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append", help="default: all that exist")
    parser.add_argument("--reference", action="store_true", help="give the checks the reference too")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--pages",
        choices=("templates", "dev", "heldout", "heldout-every", "loso"),
        default="templates",
        help="page material: the tuned templates (default), lines of real pages of the development or the "
        "held-out sites (one drawn per document), every held-out site in every document (heldout-every), or "
        "leave-one-site-out over the development sites (model retrained without the site)",
    )
    parser.add_argument("--page-sets", default=",".join(PAGE_SETS), help="the annotated page sets whose sites are "
                        f"injected, comma-separated (default: all of {', '.join(PAGE_SETS)}); the model, and leave one "
                        f"site out's, is trained on {', '.join(TRAINING_SETS)}'s")
    parser.add_argument("--no-source", action="store_true", help="do not give the checks the source either")
    parser.add_argument("--batch", action="store_true", help="the corpus is one batch: lines repeated across its "
                        "documents are evidence (Context.repeated)")
    parser.add_argument("--headlines", action="store_true", help="real pages: put one of the site's pages' own "
                        "headlines over the text and count those a page check deletes (a false alarm each; --show "
                        "headline lists them)")
    parser.add_argument("--show", metavar="KIND_OR_CHECK", help="print misses of a kind or alarms of a check")
    parser.add_argument(
        "--check-targets",
        action="store_true",
        help="exit 1 unless every injected kind has recall >= 0.95 and at most 1%% of clean lines are flagged",
    )
    parser.add_argument("--clean", action="store_true", help="only the page checks' false alarms on clean corpora "
                        "(WMT21 en-ru, MLQE-PE test20, the Izvestia post-edit)")
    args = parser.parse_args(argv)
    sets = tuple(name.strip() for name in args.page_sets.split(",") if name.strip())
    if not sets or any(name not in PAGE_SETS for name in sets):
        parser.error(f"--page-sets: choose among {', '.join(PAGE_SETS)}")
    if args.headlines and (args.batch or args.pages == "templates"):
        # A site has one to three headlines: in a batch they would recur across its pages, as no page's does.
        parser.error("--headlines: real pages (--pages dev, heldout or loso), not with --batch")
    if args.clean:
        print("\n".join(clean_false_positives(not args.no_source, bool(args.show))))
        print("\n" + "\n".join(document_false_positives(show=bool(args.show))))
        return 0
    present = {"ted-zhen": TED.is_file(), "mlqe-dev": (MLQE / "dev.mt").is_file()}
    chosen = args.corpus or [c for c in CORPORA if present[c]]
    if not chosen or not all(present[c] for c in chosen):
        print(f"eval_checks: corpora not found under {SHARED}", file=sys.stderr)
        return 2
    failed: list[str] = []
    for corpus in chosen:
        with_source = not args.no_source
        if args.pages == "loso":
            tally = leave_one_site_out(corpus, args.seed, args.reference, with_source, args.batch, sets, args.headlines)
        elif args.pages == "heldout-every":
            tally = every_heldout_site(corpus, args.seed, args.reference, with_source, args.batch, sets,
                                       args.headlines)
        else:
            tally = evaluate(corpus, args.seed, args.reference, args.pages, with_source=with_source, batch=args.batch,
                             sets=sets, headline=args.headlines)
        mode = ("MT, source and reference" if args.reference else "MT and source") if with_source else (
            "MT and reference" if args.reference else "MT only")
        mode += ", batch repetition" if args.batch else ""
        mode += ", the pages' headlines" if args.headlines else ""
        print("\n".join(table(tally, f"{corpus} ({mode}, pages: {args.pages} of {'+'.join(sets)}, seed {args.seed})")))
        print()
        if args.show:
            for item in tally.misses.get(args.show, []) + tally.alarms.get(args.show, []):
                print("  ", item)
        failed += [f"{corpus}: {problem}" for problem in missed_targets(tally, pages=args.pages)]
    if args.check_targets and failed:
        print("targets missed: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


def injected_kinds(pages: str) -> tuple[str, ...]:
    """The kinds a run injects: template chrome, or the lines of real sites."""
    skip = "site-chrome" if pages == "templates" else "chrome"
    return tuple(k for k in KINDS if k != skip)


def missed_targets(tally: Tally, recall: float = 0.95, false_lines: float = 0.01, pages: str = "templates"
                   ) -> list[str]:
    """The targets a run misses: recall per injected kind, share of clean lines flagged."""
    problems = []
    for kind in injected_kinds(pages):
        n = tally.positives[kind]
        if not n:
            problems.append(f"{kind}: nothing injected")
        elif tally.found[kind] / n < recall:
            problems.append(f"{kind} recall {tally.found[kind] / n:.3f}")
    if tally.clean_flagged > false_lines * tally.clean_lines:
        problems.append(f"{tally.clean_flagged} of {tally.clean_lines} clean lines flagged")
    return problems


if __name__ == "__main__":
    raise SystemExit(main())
