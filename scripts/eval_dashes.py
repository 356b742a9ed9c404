#!/usr/bin/env python
"""Recall of ``dash-in-compound`` on hyphens written as dashes, in MT and human text of several languages.

Some engines write a word's hyphen as an em dash (``time—tested``, ``Санкт—Петербург``, ``sud—est``): all of a
document's, or one here and there. Real text of a language has each hyphen between two letters replaced by
an em dash, in every hyphen of a document of 25 lines (``swapped``: the engine-wide case) or in its first
only (``single``: the document keeps its other hyphens). A dash counts as fixed when the check proposes the
hyphen at it, asked when it flags it without a fix (a question to the reviewer), missed otherwise; any
finding on the documents before the swap is a false alarm.

Which data is what (the split is by text):

- ``dev`` (the rules for other languages than English were written on it): the WMT21 TED en→de systems'
  German MT, Text+Berg's Google MT into French and German (``dev.google.fr``, ``.de``), the five WMT21 en→ru
  systems' Russian MT.
- ``heldout`` (run once, after the rules): human text, Text+Berg's French and German (``dev.fr``, ``dev.de``;
  the same yearbook article as the development MT, so only held out as text), compare-mt's Slovak TED talks
  (``ted.orig.slk``) and MLQE-PE's Russian source sentences (dev and test20).

    .venv/bin/python scripts/eval_dashes.py --split dev [--show 10]
    .venv/bin/python scripts/eval_dashes.py --split heldout
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from review_app.checks import Context, build_checks, run_lines  # noqa: E402

SHARED = REPO.parent / "shared" / "corpora"
TEXTBERG = SHARED / "textberg-de-fr-dev"
TED_ENDE = SHARED / "google-mqm-wmt" / "ted" / "mqm_ted_ende.tsv"
WMT21_RU = SHARED / "wmt21-newstest-en-ru" / "txt"
RU_SYSTEMS = ("Facebook-AI", "NiuTrans", "Online-B", "Online-W", "Online-Y")
DOCUMENT_LINES = 25
HYPHEN_RE = regex.compile(r"(?<=\p{L})-(?=\p{L})")
MODES = ("swapped", "single")


@dataclass
class Tally:
    """One corpus and mode: dashes fixed, asked about and missed; false alarms on the text before the swap."""

    dashes: int = 0
    fixed: int = 0
    asked: int = 0
    alarms: int = 0
    lines: int = 0
    misses: Counter[str] = field(default_factory=Counter)


def _chunks(lines: list[str]) -> list[list[str]]:
    return [lines[k : k + DOCUMENT_LINES] for k in range(0, len(lines), DOCUMENT_LINES)]


def _read(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _ted_german() -> list[list[str]]:
    """Each WMT21 TED en→de system's talks (MQM annotation tags removed), in documents of 25 lines."""
    talks: dict[tuple[str, str], dict[int, str]] = {}
    with TED_ENDE.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            talks.setdefault((row[0], row[1]), {})[int(row[3])] = regex.sub(r"</?v>", "", row[6])
    return [doc for talk in talks.values() for doc in _chunks([talk[i] for i in sorted(talk)])]


def corpora(split: str) -> list[tuple[str, str, list[list[str]]]]:
    """``(name, language, documents)`` of the split."""
    if split == "dev":
        russian = [doc for s in RU_SYSTEMS for doc in _chunks(_read(WMT21_RU / f"newstest2021.en-ru.hyp.{s}.ru"))]
        return [("TED en→de MT (10 systems)", "de", _ted_german()),
                ("Text+Berg Google MT into French", "fr", _chunks(_read(TEXTBERG / "dev.google.fr"))),
                ("Text+Berg Google MT into German", "de", _chunks(_read(TEXTBERG / "dev.google.de"))),
                ("WMT21 en→ru MT (5 systems)", "ru", russian)]
    mlqe = SHARED / "mlqe-pe-ru-en"
    return [("Text+Berg French (human)", "fr", _chunks(_read(TEXTBERG / "dev.fr"))),
            ("Text+Berg German (human)", "de", _chunks(_read(TEXTBERG / "dev.de"))),
            ("TED talks in Slovak (human)", "sk", _chunks(_read(SHARED / "compare-mt-ted-sk-en" / "ted.orig.slk"))),
            ("MLQE-PE Russian sources (human)", "ru",
             _chunks(_read(mlqe / "dev" / "dev.src") + _read(mlqe / "test20" / "test20.src")))]


def score(documents: list[list[str]], lang: str, mode: str) -> Tally:
    """Swap the documents' hyphens (all, or each document's first) for em dashes and count what the check does."""
    checks = build_checks(["dash-in-compound"])
    context = Context(target_lang=lang)
    tally = Tally()
    for lines in documents:
        tally.lines += len(lines)
        tally.alarms += len(run_lines(lines, context, checks))
        spots = [(i, m.start()) for i, line in enumerate(lines) for m in HYPHEN_RE.finditer(line)]
        if mode == "single":
            spots = spots[:1]
        if not spots:
            continue
        swapped = [list(line) for line in lines]
        for i, at in spots:
            swapped[i][at] = "—"
        text = ["".join(chars) for chars in swapped]
        found = {(f.line - 1, f.start): f.suggestion for f in run_lines(text, context, checks)}
        for i, at in spots:
            tally.dashes += 1
            if (i, at) not in found:
                tally.misses[text[i][:at].split()[-1] + "—" + text[i][at + 1 :].split()[0]] += 1
            elif found[(i, at)] == "-":
                tally.fixed += 1
            else:
                tally.asked += 1
    return tally


def report(split: str, show: int = 0) -> Iterator[str]:
    """The split's table: per corpus and mode, dashes fixed / asked / missed and false alarms."""
    yield f"split: {split}"
    yield "| corpus | language | mode | dashes | fixed | asked (no fix) | missed | false alarms (lines) |"
    yield "|---|---|---|---:|---:|---:|---:|---:|"
    for name, lang, documents in corpora(split):
        for mode in MODES:
            t = score(documents, lang, mode)
            missed = t.dashes - t.fixed - t.asked
            yield (f"| {name} | {lang} | {mode} | {t.dashes} | {t.fixed} ({t.fixed / max(t.dashes, 1):.3f}) | "
                   f"{t.asked} | {missed} | {t.alarms} of {t.lines} |")
            for word, n in t.misses.most_common(show):
                yield f"    missed {n}× {word}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="the N most frequent missed dashes")
    args = parser.parse_args(argv)
    for row in report(args.split, args.show):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
