#!/usr/bin/env python
"""False alarms of the ``numbers`` check on pairs of correct translations, and its findings on MT.

Two human translations of one text, or a translation and its source, hold the same numbers, however each writes
them ("31" / "Тридцать один", "1985" / "'85", "25%" / "a quarter"): every ``numbers`` finding between them is a
false alarm (or an error of the human side: WMT21's reference A writes 4.67 lakh as 4 670 000). Against an
independent reference, the MT's findings are counted too; read them with ``--show``.

Which data is what: the rules for numbers spelt in words, fractions, short years and the article were written on
example sentences (``tests/test_checks_numbers_forms.py``), and these corpora were then run once (held
out); the rules for compounds opening with a number, "and a half", a multiplier after words and lakh were written
after reading the findings left here: for those, these corpora are development data. The German and French pairs
(Text+Berg, the TED en→de talks) were added at the end and run once with every rule: held out.

    .venv/bin/python scripts/eval_numbers.py [--show]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
from eval_checks import SHARED, ted_documents  # noqa: E402
from eval_languages import TED_ENDE  # noqa: E402

from review_app.checks import Context, build_checks, run_lines  # noqa: E402

WMT = "wmt21-newstest-en-ru/txt/newstest2021.en-ru."
MLQE = "mlqe-pe-ru-en/"
TED = "compare-mt-ted-sk-en/ted."
TEXTBERG = "textberg-de-fr-dev/"
WMT_SYSTEMS = ("Facebook-AI", "NiuTrans", "Online-B", "Online-W", "Online-Y")


def _read(*names: str) -> list[str]:
    return [line for name in names for line in (SHARED / name).read_text(encoding="utf-8").splitlines()]


def pairs() -> Iterator[tuple[str, bool, list[str], Context]]:
    """(name, both sides correct, checked lines, context with the other side) of every pair measured."""
    ref_a = _read(WMT + "ref.A.ru")
    yield "WMT21 reference B against reference A (ru)", True, _read(WMT + "ref.B.ru"), Context(
        target_lang="ru", reference_lines=ref_a)
    yield "WMT21 reference A against the source (ru, en)", True, ref_a, Context(
        target_lang="ru", source_lang="en", source_lines=_read(WMT + "src.en"))
    post_edits = _read(MLQE + "dev/dev.pe", MLQE + "test20/test20.pe")
    yield "MLQE-PE post-edits against the source (en, ru)", True, post_edits, Context(
        target_lang="en", source_lang="ru", source_lines=_read(MLQE + "dev/dev.src", MLQE + "test20/test20.src"))
    ted_ref = _read(TED + "ref.detok.eng")
    yield "TED reference against the source (en, sk)", True, ted_ref, Context(
        target_lang="en", source_lang="sk", source_lines=_read(TED + "orig.slk"))
    for system in WMT_SYSTEMS:
        yield f"WMT21 {system} against reference A", False, _read(WMT + f"hyp.{system}.ru"), Context(
            target_lang="ru", reference_lines=ref_a)
    for system in ("sys1", "sys2"):
        yield f"TED {system} against the reference", False, _read(TED + f"{system}.detok.eng"), Context(
            target_lang="en", reference_lines=ted_ref)
    # German and French (the languages' own number words, multipliers, fractions)
    yield "Text+Berg French against the German original (fr, de; whole document)", True, _read(
        TEXTBERG + "dev.fr"), Context(target_lang="fr", source_lang="de", source_lines=_read(TEXTBERG + "dev.de"))
    # One document per system and talk, each segment once (the file has a row per annotated error); every
    # system's documents carry the human translation as their reference.
    talks = ted_documents(TED_ENDE)
    systems = sorted({doc.name.split("/")[0] for doc in talks})
    first = [doc for doc in talks if doc.name.startswith(f"{systems[0]}/")]
    yield "TED en→de human translation against the source (de, en)", True, [x for d in first for x in d.reference], \
        Context(target_lang="de", source_lang="en", source_lines=[x for d in first for x in d.source])
    yield f"TED en→de, {len(systems)} systems against the source", False, [x for d in talks for x in d.lines], Context(
        target_lang="de", source_lang="en", source_lines=[x for d in talks for x in d.source])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each finding with both lines")
    args = parser.parse_args(argv)
    if not (SHARED / WMT).parent.is_dir():
        print(f"eval_numbers: {SHARED} not found", file=sys.stderr)
        return 2
    checks = build_checks(["numbers"])
    print("| pair | lines | findings | kind |")
    print("|---|---:|---:|---|")
    for name, clean, lines, context in pairs():
        found = run_lines(lines, context, checks)
        print(f"| {name} | {len(lines)} | {len(found)} | {'false alarms' if clean else 'MT findings'} |")
        other = context.source_lines if context.source_lines is not None else context.reference_lines
        aligned = other is not None and len(other) == len(lines)  # else the other side was read as a whole
        for finding in found if args.show else ():
            print(f"    {finding.line}: {finding.message}\n      {lines[finding.line - 1]}\n      "
                  f"{other[finding.line - 1] if other and aligned else '(the whole document)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
