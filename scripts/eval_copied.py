#!/usr/bin/env python
"""Recall and false alarms of ``untranslated`` on source words left inside MT lines of the same script.

An engine may leave part of a segment untranslated: a clause of the German source inside the English MT ("The
minister said that die Steuern im nächsten Jahr gesenkt werden"), where no script tells them apart. Into two lines
of each real MT document, a run of three to six words of the line's own source replaces as many MT words at a
random word boundary; the checks see the MT with its source lines (the source language unknown unless
``--source-lang``), and a finding of ``untranslated`` overlapping the run counts as found. A finding of the
copied-source rule on any other line is a false alarm.

Which data is what (the split is by corpus and language pair):

- ``dev`` (the rule's three words and its two source-only words were chosen here): Text+Berg's Google MT,
  German into French (``dev.de`` → ``dev.google.fr``) and French into German (``dev.fr`` → ``dev.google.de``),
  in documents of 25 lines.
- ``heldout`` (run once, after the choice): the 13 WMT21 TED en→de systems' German MT with its English source
  (a document per system and talk) and compare-mt's two TED sk→en systems with the Slovak source.

    .venv/bin/python scripts/eval_copied.py --split dev [--show]
    .venv/bin/python scripts/eval_copied.py --split heldout [--source-lang]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
from eval_checks import SHARED, Doc, ted_documents  # noqa: E402
from eval_languages import DOCUMENT_LINES, PER_DOCUMENT, TED_ENDE, TEDSK, TEXTBERG  # noqa: E402

from review_app.checks import Context, build_checks, run_lines  # noqa: E402

COPIED = "copied from the source"


@dataclass
class Case:
    """MT documents with their line-aligned sources, and the two languages."""

    name: str
    source: str
    target: str
    docs: list[Doc]


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def _pairs(name: str, source: Path, mt: Path) -> list[Doc]:
    src, out = _read(source), _read(mt)
    assert len(src) == len(out), f"{source} and {mt} are not line-aligned"
    return [Doc(f"{name}/{k // DOCUMENT_LINES}", out[k : k + DOCUMENT_LINES], src[k : k + DOCUMENT_LINES], [])
            for k in range(0, len(out), DOCUMENT_LINES)]


def cases(split: str) -> list[Case]:
    """The cases of a split whose corpora are present."""
    found = []
    if split == "dev":
        if (TEXTBERG / "dev.google.fr").is_file():
            found.append(Case("German source in French MT", "de", "fr",
                              _pairs("textberg de-fr", TEXTBERG / "dev.de", TEXTBERG / "dev.google.fr")))
            found.append(Case("French source in German MT", "fr", "de",
                              _pairs("textberg fr-de", TEXTBERG / "dev.fr", TEXTBERG / "dev.google.de")))
    else:
        if TED_ENDE.is_file():
            found.append(Case("English source in German MT", "en", "de", ted_documents(TED_ENDE)))
        if (TEDSK / "ted.orig.slk").is_file():
            docs = [doc for system in ("sys1", "sys2")
                    for doc in _pairs(f"ted-sk-en {system}", TEDSK / "ted.orig.slk", TEDSK / f"ted.{system}.detok.eng")]
            found.append(Case("Slovak source in English MT", "sk", "en", docs))
    return found


@dataclass
class Tally:
    """Runs injected and found; clean lines and the rule's findings on them."""

    injected: int = 0
    clean: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        """Injected runs found: those not missed."""
        return self.injected - len(self.misses)


def _inject(line: str, source: str, rng: random.Random) -> tuple[str, int, int]:
    """``line`` with three to six words of ``source`` in a row in place of as many of its words, and their span.

    The run holds at least three words of letters (a run of numbers, names' initials and punctuation tells no
    language): the first such start of a random draw, else any."""
    words, src = line.split(), source.split()
    k = rng.randint(3, min(6, len(src), len(words)))
    starts = list(range(len(src) - k + 1))
    rng.shuffle(starts)
    s = next((i for i in starts if sum(w.isalpha() and len(w) > 1 for w in src[i : i + k]) >= 3), starts[0])
    at = rng.randrange(len(words) - k + 1)
    before = " ".join(words[:at])
    start = len(before) + (1 if before else 0)
    piece = " ".join(src[s : s + k])
    return " ".join([*words[:at], piece, *words[at + k :]]), start, start + len(piece)


def run(case: Case, seed: int, source_lang: bool) -> Tally:
    """Inject runs, check each document with ``untranslated`` alone, and count."""
    rng = random.Random(seed)
    checks = build_checks(["untranslated"])
    tally = Tally()
    for doc in case.docs:
        lines = list(doc.lines)
        candidates = [i for i, line in enumerate(lines) if len(line.split()) >= 4 and len(doc.source[i].split()) >= 6]
        spans = {}
        for i in rng.sample(candidates, min(PER_DOCUMENT, len(candidates))):
            lines[i], start, end = _inject(lines[i], doc.source[i], rng)
            spans[i] = (start, end)
        ctx = Context(target_lang=case.target, source_lang=case.source if source_lang else None,
                      source_lines=doc.source)
        findings = [f for f in run_lines(lines, ctx, checks) if f.check == "untranslated"]
        for i, line in enumerate(lines):
            if i in spans:
                tally.injected += 1
                start, end = spans[i]
                if not any(f.line - 1 == i and f.start < end and f.end > start for f in findings):
                    tally.misses.append(f"{doc.name}: {line[start:end]!r} in {line[:100]!r}")
            elif line.strip():
                tally.clean += 1
                tally.alarms += [f"{doc.name}: {f.message[:120]}" for f in findings
                                 if f.line - 1 == i and COPIED in f.message]
    return tally


def table(split: str, seed: int, source_lang: bool, show: bool) -> Iterator[str]:
    """One row per case."""
    yield f"split {split}, seed {seed}, source language {'given' if source_lang else 'unknown (langid)'}"
    yield ""
    yield "| case | documents | runs injected | found | recall | clean lines | false alarms |"
    yield "|---|---:|---:|---:|---:|---:|---:|"
    shown = []
    for case in cases(split):
        t = run(case, seed, source_lang)
        yield (f"| {case.name} | {len(case.docs)} | {t.injected} | {t.found} | {t.found / max(1, t.injected):.3f} | "
               f"{t.clean} | {len(t.alarms)} ({len(t.alarms) / max(1, t.clean):.2%}) |")
        shown += [f"  miss  {m}" for m in t.misses] + [f"  alarm {a}" for a in t.alarms]
    if show:
        yield ""
        yield from shown


def main(argv: list[str] | None = None) -> int:
    """Print the table of a split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source-lang", action="store_true", help="tell the checks the source language")
    parser.add_argument("--show", action="store_true", help="print the missed runs and the false alarms")
    args = parser.parse_args(argv)
    if not cases(args.split):
        print(f"eval_copied: corpora not found under {SHARED}", file=sys.stderr)
        return 2
    print("\n".join(table(args.split, args.seed, args.source_lang, args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
