#!/usr/bin/env python
"""Recall and false alarms of the page checks on pages in German and French, MT alone.

The chrome model and most of the page lexicon were built on English pages. Here the furniture of real German and
French sites (``scripts/data/page_lines.de.tsv`` and ``.fr.tsv``: trafilatura's annotated pages in those
languages, lines labelled by their markup) goes into real German and French text: a site's navigation on top
(70% of the pages), its footer at the bottom (70%), and up to three of its calls to action and credits between
paragraphs. The checks (``chrome``, ``photo-credit``, ``mt-credit``, ``untranslated-fragment``) see the page
alone, with the target language given; an injected line counts as found when one of them deletes it whole,
and any other line they delete is a false alarm.

Which data is what: every site of these files is held out; none was read to write the rules for other languages
(those were written on probe lines of my own, ``tests/test_checks_chrome_evidence.py``). The host text: the
WMT21 TED en→de systems' German MT (25-line documents), Text+Berg's French (Google MT and the human
translation).

    .venv/bin/python scripts/eval_chrome_languages.py [--lang de] [--show 20]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
from eval_dashes import TEXTBERG, _chunks, _read, _ted_german  # noqa: E402
from train_chrome_model import heldout_site  # noqa: E402

from review_app.checks import Context, build_checks, run_lines  # noqa: E402

DATA = REPO / "scripts" / "data"
CHECKS = ("chrome", "photo-credit", "mt-credit", "untranslated-fragment")
PLACES = ("top", "between", "bottom")


@dataclass
class Site:
    """One site's furniture lines, in page order."""

    name: str
    edge: list[str]
    inline: list[str]


def load_sites(lang: str, split: str = "all") -> list[Site]:
    """The sites of ``page_lines.LANG.tsv`` with navigation or footer lines (``split``: dev, heldout or all)."""
    by: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for raw in (DATA / f"page_lines.{lang}.tsv").read_text(encoding="utf-8").splitlines():
        site, role, line = raw.split("\t", 2)
        if split == "all" or heldout_site(site) == (split == "heldout"):
            by[site][role].append(line)
    return [Site(name, r["chrome"], r["inline"] + r["credit"]) for name, r in sorted(by.items()) if r["chrome"]]


def hosts(lang: str) -> list[list[str]]:
    """Real text of the language, in documents of 25 lines."""
    if lang == "de":
        return _ted_german()
    return _chunks(_read(TEXTBERG / "dev.google.fr")) + _chunks(_read(TEXTBERG / "dev.fr"))


@dataclass
class Tally:
    """Injected lines and those found, by place; host lines and those deleted."""

    lines: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    clean: int = 0
    alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def page(text: list[str], site: Site, rng: random.Random) -> tuple[list[str], dict[int, str]]:
    """The text with the site's furniture injected, and the place of each injected line by index."""
    lines = [(line, "") for line in text]
    for at in sorted(rng.sample(range(1, len(lines)), min(rng.randint(1, 3), len(lines) - 1)), reverse=True):
        if site.inline:
            lines.insert(at, (rng.choice(site.inline), "between"))
    if rng.random() < 0.7:
        size = min(len(site.edge), rng.randint(3, 8))
        lines[:0] = [(line, "top") for line in site.edge[:size]]
    if rng.random() < 0.7:
        size = min(len(site.edge), rng.randint(2, 5))
        lines += [(line, "bottom") for line in site.edge[len(site.edge) - size :]]
    return [line for line, _ in lines], {i: place for i, (_, place) in enumerate(lines) if place}


def run(lang: str, seed: int, split: str = "all") -> Tally:
    """Inject a random site's furniture into every host document, check it and count."""
    rng = random.Random(seed)
    sites, checks, tally = load_sites(lang, split), build_checks(CHECKS), Tally()
    for text in hosts(lang):
        lines, places = page(text, rng.choice(sites), rng)
        deleted = {f.line - 1 for f in run_lines(lines, Context(target_lang=lang), checks)
                   if f.start == 0 and f.end == len(lines[f.line - 1]) and f.suggestion == ""
                   and f.severity != "neutral"}
        for i, line in enumerate(lines):
            if i in places:
                tally.lines[places[i]] += 1
                tally.found[places[i]] += i in deleted
                if i not in deleted:
                    tally.misses.append(f"{places[i]}: {line}")
            elif line.strip():
                tally.clean += 1
                if i in deleted:
                    tally.alarms.append(line)
    return tally


def report(langs: list[str], seed: int, show: int, split: str = "all") -> Iterator[str]:
    """One row per language."""
    yield ("| pages | sites | furniture lines | found: all (top / between / bottom) | host lines "
           "| deleted (false alarms) |")
    yield "|---|---:|---:|---|---:|---:|"
    for lang in langs:
        t = run(lang, seed, split)
        total, found = sum(t.lines.values()), sum(t.found.values())
        by_place = " / ".join(f"{t.found[p] / max(1, t.lines[p]):.3f}" for p in PLACES)
        yield (f"| {lang} ({split}) | {len(load_sites(lang, split))} | {total} | {found / max(1, total):.3f} "
               f"({by_place}) | {t.clean} | {len(t.alarms)} ({len(t.alarms) / max(1, t.clean):.2%}) |")
        yield from (f"    miss  {m}" for m in t.misses[:show])
        yield from (f"    alarm {a}" for a in t.alarms[:show])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("de", "fr"), action="append", help="default: both")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--split", choices=("all", "dev", "heldout"), default="all",
                        help="the sites: a third held out by a hash of their names, as for the English pages")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N misses and N false alarms")
    args = parser.parse_args(argv)
    for row in report(args.lang or ["de", "fr"], args.seed, args.show, args.split):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
