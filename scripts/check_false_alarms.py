#!/usr/bin/env python
"""False-alarm table: QA check findings per 1,000 lines on clean, real MT and human translations.

Reads the corpora in ../shared/corpora (WMT21 en→ru system outputs and references, MLQE-PE ru→en
MT and post-edits, the Izvestia post-edit) and prints, per check, findings per 1,000 lines and the
share of lines flagged. ``--show CHECK`` prints the flagged lines of one check so they can be read.

    .venv/bin/python scripts/check_false_alarms.py [--show dash-in-compound] [--limit 20]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from review_app.checks import CHECKS, Context, Finding, run_lines  # noqa: E402

SHARED = REPO.parent / "shared" / "corpora"
WMT = SHARED / "wmt21-newstest-en-ru" / "txt"
MLQE = SHARED / "mlqe-pe-ru-en" / "test20"


@dataclass(frozen=True)
class Corpus:
    """One clean text to measure: its file, languages and (line-aligned) source."""

    name: str
    path: Path
    target: str
    source_lang: str | None = None
    source: Path | None = None


def corpora() -> list[Corpus]:
    """The clean corpora that exist under ../shared/corpora."""
    found: list[Corpus] = []
    src = WMT / "newstest2021.en-ru.src.en"
    for path in sorted(WMT.glob("newstest2021.en-ru.hyp.*.ru")) + sorted(WMT.glob("newstest2021.en-ru.ref.*.ru")):
        name = "wmt21." + path.name.split(".")[-2]
        found.append(Corpus(name, path, "ru", "en", src))
    for kind in ("mt", "pe"):
        found.append(Corpus(f"mlqe.{kind}", MLQE / f"test20.{kind}", "en", "ru", MLQE / "test20.src"))
    found.append(Corpus("izvestia.pe", SHARED / "izvestia-2025" / "postedit.en.txt", "en", "ru"))
    return [c for c in found if c.path.is_file()]


def read_lines(path: Path) -> list[str]:
    """Lines of a UTF-8 file without their line ends."""
    return path.read_text(encoding="utf-8").split("\n")


def run_corpus(corpus: Corpus) -> tuple[int, list[Finding], list[str]]:
    """(non-blank line count, findings, lines) of one corpus."""
    lines = read_lines(corpus.path)
    if lines and lines[-1] == "":
        lines.pop()
    source = read_lines(corpus.source)[: len(lines)] if corpus.source else None
    ctx = Context(target_lang=corpus.target, source_lang=corpus.source_lang, source_lines=source)
    return sum(1 for ln in lines if ln.strip()), run_lines(lines, ctx), lines


def flagged_line_share(findings: list[Finding], n_lines: int, check: str, min_severity: str = "minor") -> float:
    """Share of lines with at least one finding of ``check`` at or above ``min_severity``."""
    order = ("neutral", "minor", "major", "critical")
    lines = {f.line for f in findings if f.check == check and order.index(f.severity) >= order.index(min_severity)}
    return len(lines) / n_lines if n_lines else 0.0


def main(argv: list[str] | None = None) -> int:
    """Print the table (and optionally the flagged lines of one check)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", metavar="CHECK", help="print the lines this check flags")
    parser.add_argument("--limit", type=int, default=30, help="at most this many lines per corpus with --show")
    args = parser.parse_args(argv)
    found = corpora()
    if not found:
        print(f"no corpora under {SHARED}", file=sys.stderr)
        return 1
    results = {c.name: run_corpus(c) for c in found}
    names = [c.name for c in found]
    width = max(len(cid) for cid in CHECKS)
    print("findings per 1,000 lines (minor or above; % of lines flagged in brackets)\n")
    print(f"{'check':<{width}} " + " ".join(f"{n:>18}" for n in names))
    print(f"{'lines':<{width}} " + " ".join(f"{results[n][0]:>18}" for n in names))
    for cid in CHECKS:
        cells = []
        for n in names:
            n_lines, findings, _ = results[n]
            count = Counter(f.check for f in findings if f.severity != "neutral")[cid]
            share = flagged_line_share(findings, n_lines, cid)
            cells.append(f"{1000 * count / n_lines:7.1f} ({100 * share:5.2f}%)")
        print(f"{cid:<{width}} " + " ".join(f"{c:>18}" for c in cells))
    if args.show:
        for n in names:
            _, findings, lines = results[n]
            hits = [f for f in findings if f.check == args.show][: args.limit]
            for f in hits:
                text = lines[f.line - 1]
                print(f"{n}:{f.line}: [{f.severity}] {f.message} | {text[f.start : f.end]!r} | {text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
