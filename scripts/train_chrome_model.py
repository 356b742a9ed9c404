#!/usr/bin/env python
"""Train the chrome model (:mod:`review_app.checks.chromemodel`) and write its weights.

Positives: the page-furniture lines (``chrome``, ``inline``, ``credit``) of the development sites of
the annotated sets :data:`TRAINING_SETS` (trafilatura's; the other sets of :data:`PAGE_SETS` are for
evaluation). Negatives: the same sites' main-text lines, the English source of WMT21 newstest (news
sentences and headlines) and the MT of MLQE-PE ru→en test20 — never the corpora
``scripts/eval_checks.py`` measures false alarms on (MQM TED, MLQE-PE dev, WMT21 en→ru Russian,
Izvestia). The held-out sites (``heldout_sites``) are never read here.

``--lang de`` writes the furniture words of the German pages' development sites (``scripts/data/page_lines.de.tsv``)
instead: the words German targets' lines add to the English table (``review_app/checks/chrome_weights_de.py``).

    .venv/bin/python scripts/train_chrome_model.py [--write] [--lang de]
"""

from __future__ import annotations

import argparse
import math
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from logistic import fit  # noqa: E402

from review_app.checks import chromemodel  # noqa: E402
from review_app.text.segment import split_sentences  # noqa: E402

# The labelled page lines of each annotated set (scripts/build_chrome_data.py; provenance in scripts/data).
PAGE_SETS: dict[str, Path] = {
    name: REPO / "scripts" / "data" / file
    for name, file in (("trafilatura", "page_lines.tsv"), ("zyte", "page_lines.zyte.tsv"),
                       ("readability", "page_lines.readability.tsv"))
}
SHARED = REPO.parent / "shared" / "corpora"
NEGATIVE_FILES = (
    SHARED / "wmt21-newstest-en-ru" / "txt" / "newstest2021.en-ru.src.en",
    SHARED / "mlqe-pe-ru-en" / "test20" / "test20.mt",
)
WEIGHTS = REPO / "review_app" / "checks" / "chrome_weights.py"
FURNITURE = {"chrome", "inline", "credit"}
# A word is a furniture word only when it is in the furniture of this many sites: one site's names and topics are
# not furniture elsewhere ("toptal", "python"); "privacy", "newsletter", "careers" are.
MIN_SITES = 3
# A word only of the text (no furniture word) is kept with at least this many lines.
MIN_TEXT_LINES = 5
# Words whose log-odds are closer to 0 than this are left out of the table (they say nothing).
MIN_LOG_ODDS = 0.25
SMOOTH = 1.0
# The extra negatives are cut in this many groups for the cross-fitted lexical feature.
NEGATIVE_FOLDS = 5


# The sets the model is trained on. Zyte's and Readability's pages are for evaluation (their development sites also for
# reading misses): trained on as well, leave-one-site-out recall rose by 0.002 to 0.004 on either set's sites while
# MLQE's own lines flagged rose by a third and the clean corpora's by ten, as Readability's alone did in the fourth
# round (docs/evaluation-chrome.md, "More real pages to train on").
TRAINING_SETS: tuple[str, ...] = ("trafilatura",)


# Targets whose own pages add their furniture words to the English word table (chromemodel.OWN_TABLES): the pages'
# labelled lines (scripts/build_chrome_data.py --lang).
OWN_PAGES: dict[str, Path] = {"de": REPO / "scripts" / "data" / "page_lines.de.tsv"}


def heldout_site(site: str) -> bool:
    """A third of the sites, fixed by a hash of the name: never used in training or development."""
    return zlib.crc32(site.encode()) % 3 == 0


def page_lines(sets: Iterable[str] = tuple(PAGE_SETS)) -> list[tuple[str, str, str]]:
    """(site, role, line) rows of the labelled page lines of ``sets`` (names of :data:`PAGE_SETS`)."""
    rows = []
    for name in sets:
        for raw in PAGE_SETS[name].read_text(encoding="utf-8").splitlines():
            site, role, line = raw.split("\t", 2)
            rows.append((site, role, line))
    return rows


def own_page_lines(lang: str) -> list[tuple[str, str, str]]:
    """(site, role, line) rows of the development sites of the ``lang`` pages (:data:`OWN_PAGES`), each main-text
    paragraph cut into its sentences: a paragraph holds many words, a furniture line a few, and a word's share of
    lines is compared between the two."""
    rows = []
    for raw in OWN_PAGES[lang].read_text(encoding="utf-8").splitlines():
        site, role, line = raw.split("\t", 2)
        if heldout_site(site):
            continue
        parts = [s.text for s in split_sentences(line, lang)] if role == "content" else [line]
        rows += [(site, role, part) for part in parts]
    return rows


def furniture_words(rows: Iterable[tuple[str, str, str]]) -> dict[str, float]:
    """The words of the pages' furniture (in that of :data:`MIN_SITES` sites or more, log-odds of furniture above 0).
    Only those: the pages' text lines (a few paragraphs a page) are too few to say which words are the text's, and
    the English table's text words stay."""
    counts = WordCounts()
    for site, role, line in rows:
        counts.add(site, line, role in FURNITURE)
    return {word: value for word, value in counts.table().items() if value > 0}


def negatives() -> list[str]:
    """Real sentences and headlines (no page furniture)."""
    found: list[str] = []
    for path in NEGATIVE_FILES:
        if path.is_file():
            found += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return found


class WordCounts:
    """How many furniture and text lines hold each word, by group (a site, or a fold of the extra negatives), so a
    word's log-odds can be had without any one group (the lexical feature of a group's own lines is cross-fitted:
    its words' log-odds are learned from the other groups, as they will be for a site never seen)."""

    def __init__(self) -> None:
        self.lines: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}  # group -> lines
        self.words: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}  # word -> lines
        self.by_group: dict[tuple[bool, str], Counter[str]] = defaultdict(Counter)
        self.sites: dict[str, set[str]] = defaultdict(set)  # word -> groups with it in their furniture

    def add(self, group: str, line: str, furniture: bool) -> None:
        """Count one line of ``group``."""
        found = set(chromemodel.tokens(line))
        self.lines[furniture][group] += 1
        self.words[furniture].update(found)
        self.by_group[(furniture, group)].update(found)
        if furniture:
            for word in found:
                self.sites[word].add(group)

    def log_odds(self, word: str, without: str | None = None) -> float | None:
        """The word's log-odds of a furniture line against a text line, without group ``without``; None when the
        word is in the furniture of too few sites and in too few text lines to say."""

        def count(furniture: bool) -> tuple[int, int]:
            own = self.by_group.get((furniture, without or ""), Counter())
            total = sum(self.lines[furniture].values()) - self.lines[furniture][without or ""]
            return self.words[furniture][word] - own[word], total

        furniture_word = len(self.sites[word] - {without}) >= MIN_SITES
        (f, nf), (t, nt) = count(True), count(False)
        if not furniture_word:
            if t < MIN_TEXT_LINES:
                return None
            f = 0
        value = math.log((f + SMOOTH) / (nf + 2 * SMOOTH)) - math.log((t + SMOOTH) / (nt + 2 * SMOOTH))
        return value if abs(value) >= MIN_LOG_ODDS else None

    def table(self) -> dict[str, float]:
        """Every word's log-odds (rounded as shipped), words that say nothing left out."""
        found = {}
        for word in sorted(set(self.words[True]) | set(self.words[False])):
            value = self.log_odds(word)
            if value is not None:
                found[word] = round(value, 3)
        return found

    def lexical(self, line: str, group: str) -> float:
        """The lexical feature of a line of ``group``, from the other groups' counts."""
        found = chromemodel.tokens(line)
        values = [self.log_odds(w, group) for w in found]
        return math.fsum(v for v in values if v is not None) / len(found) if found else 0.0


@dataclass(frozen=True)
class Model:
    """The trained weights (one per feature) and the word table of the lexical feature."""

    weights: tuple[float, ...]
    lexicon: dict[str, float]


def train(rows: Iterable[tuple[str, str, str]], extra_negatives: list[str]) -> Model:
    """The model from page rows (furniture vs. main text) plus extra negative lines, classes weighted equally."""
    examples = [(site, line, role in FURNITURE) for site, role, line in rows]
    examples += [(f"negatives:{k % NEGATIVE_FOLDS}", line, False) for k, line in enumerate(extra_negatives)]
    counts = WordCounts()
    for group, line, furniture in examples:
        counts.add(group, line, furniture)
    y = np.array([float(furniture) for _, _, furniture in examples])
    x = np.array([(*chromemodel.vector(line), counts.lexical(line, group)) for group, line, _ in examples],
                 dtype=float)
    pos = max(1.0, y.sum())
    weights = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * max(1.0, len(y) - pos)))
    return Model(tuple(round(float(w), 6) for w in fit(x, y, weights=weights)), counts.table())


def render(model: Model) -> str:
    """The weights module's source."""
    body = "".join(f"    {w:+.6f},  # {name}\n" for name, w in zip(chromemodel.FEATURES, model.weights, strict=True))
    table = "".join(f"    {word!r}: {value},\n" for word, value in model.lexicon.items())
    return (
        '"""Weights of the chrome model, written by ``scripts/train_chrome_model.py`` (do not edit by hand)."""\n\n'
        f"WEIGHTS: tuple[float, ...] = (\n{body})\n"
        "# Words' log-odds of a furniture line (words in the furniture of at least three training sites, or in\n"
        "# several lines of text).\n"
        f"LEXICON: dict[str, float] = {{\n{table}}}\n"
    )


def render_words(words: dict[str, float], lang: str) -> str:
    """The source of a target's own furniture-word module."""
    table = "".join(f"    {word!r}: {value},\n" for word, value in words.items())
    return (
        f'"""Furniture words of {lang} pages, written by ``scripts/train_chrome_model.py --lang {lang}`` '
        '(do not edit by hand)."""\n\n'
        "# Words' log-odds of a furniture line (in the furniture of at least three development sites), added to the\n"
        "# English model's table for lines of this target.\n"
        f"LEXICON: dict[str, float] = {{\n{table}}}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Train on the development sites and print (or write) the weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS.relative_to(REPO)}")
    parser.add_argument("--lang", choices=("en", *OWN_PAGES), default="en",
                        help="another target's furniture words (review_app/checks/chrome_weights_LANG.py)")
    args = parser.parse_args(argv)
    if args.lang == "en":
        rows = [r for r in page_lines(TRAINING_SETS) if not heldout_site(r[0])]
        source, path = render(train(rows, negatives())), WEIGHTS
    else:
        source = render_words(furniture_words(own_page_lines(args.lang)), args.lang)
        path = WEIGHTS.with_name(f"chrome_weights_{args.lang}.py")
    if args.write:
        path.write_text(source, encoding="utf-8")
    print(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
