"""Alignment accuracy on the gold sets: strict and lax F1 per link type, confidence calibration.

    .venv/bin/python scripts/eval_align.py                 # all gold sets, a table per set
    .venv/bin/python scripts/eval_align.py --json out.json # the figures as JSON too
    .venv/bin/python scripts/eval_align.py --write DIR     # write the constructed sets (mt, ref, gold beads)
    .venv/bin/python scripts/eval_align.py --gold GOLD --system SYSTEM   # score one alignment against another

GOLD and SYSTEM are bead files (Vecalign's format, one line per segment, ``[0, 1]:[2]``, 0-based sentence ids
in document order), as ``review-app export --format beads`` writes a reviewed document's alignment, or
``review-app align`` JSON Lines output (its ``mt_ids``/``ref_ids``): a reviewed document scores any aligner.

Gold sets (from ../shared/corpora):
- textberg-dev: Text+Berg de-fr development document, Google MT (dev.google.fr) against the human
  French (dev.fr), gold dev.defr; one sentence per line (segmented).
- textberg-dev-de: the same document the other way round, used for no tuning: Google MT of the French
  (dev.google.de) against the German original (dev.de: tokenized, OCR noise), gold dev.defr transposed.
- wmt21-recut: WMT21 newstest en-ru, Online-W against reference A, both re-cut independently
  (splits, joins, drops; see review_app/align/goldset.py); one sentence per line.
- wmt21-document: the same pair as raw documents (paragraphed differently, chrome lines on the MT
  side, re-segmented by the sentence splitter); also counts chrome sentences glued into a link.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora"
sys.path.insert(0, str(REPO))

from review_app.align.evaluate import Bead, calibration, read_beads, scores_by_kind, write_beads  # noqa: E402
from review_app.align.goldset import GoldSet, document, recut  # noqa: E402
from review_app.errors import InputError  # noqa: E402
from review_app.model import Sentence  # noqa: E402
from review_app.pipeline import align_sentences  # noqa: E402

WMT = SHARED / "wmt21-newstest-en-ru" / "txt"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def textberg() -> GoldSet:
    folder = SHARED / "textberg-de-fr-dev"
    return GoldSet("textberg-dev", _lines(folder / "dev.google.fr"), _lines(folder / "dev.fr"),
                   read_beads(folder / "dev.defr"))


def textberg_de() -> GoldSet:
    """The development document's other direction: MT German (from the French) against the German."""
    folder = SHARED / "textberg-de-fr-dev"
    beads = [(fr, de) for de, fr in read_beads(folder / "dev.defr")]
    return GoldSet("textberg-dev-de", _lines(folder / "dev.google.de"), _lines(folder / "dev.de"), beads)


def wmt_pair(system: str = "Online-W", reference: str = "A") -> tuple[list[str], list[str]]:
    return (_lines(WMT / f"newstest2021.en-ru.hyp.{system}.ru"), _lines(WMT / f"newstest2021.en-ru.ref.{reference}.ru"))


def gold_sets() -> list[GoldSet]:
    """Every gold set whose corpus is present."""
    sets = []
    if (SHARED / "textberg-de-fr-dev").is_dir():
        sets.append(textberg())
        sets.append(textberg_de())
    if WMT.is_dir():
        mt, ref = wmt_pair()
        sets.append(recut(mt, ref, seed=21, lang="ru", name="wmt21-recut"))
        sets.append(document(mt, ref, seed=21, lang="ru", name="wmt21-document"))
    return sets


def run(gold: GoldSet) -> tuple[list[tuple[tuple[tuple[int, ...], tuple[int, ...]], float]], float]:
    """Aligned beads with their confidence, and the alignment time in seconds."""
    def sentences(texts: list[str], paragraphs: list[int] | None) -> list[Sentence]:
        lines = paragraphs or list(range(len(texts)))
        return [Sentence(k, t, line, 0, len(t)) for k, (t, line) in enumerate(zip(texts, lines, strict=True))]

    mt, ref = sentences(gold.mt, gold.mt_paragraphs), sentences(gold.ref, gold.ref_paragraphs)
    start = time.perf_counter()
    segments = align_sentences(mt, ref, score=False, segmented=gold.mt_paragraphs is None)
    elapsed = time.perf_counter() - start
    return [((tuple(s.mt_ids), tuple(s.ref_ids)), s.confidence) for s in segments], elapsed


def evaluate(gold: GoldSet) -> dict[str, object]:
    links, elapsed = run(gold)
    result: dict[str, object] = {
        "name": gold.name, "mt": len(gold.mt), "ref": len(gold.ref), "seconds": round(elapsed, 3),
        "by_kind": scores_by_kind([b for b, _ in links], gold.beads),
        "calibration": calibration(links, gold.beads),
    }
    if gold.chrome:
        glued = [b for b, _ in links if b[1] and set(b[0]) & gold.chrome]
        result["chrome"] = {"lines": len(gold.chrome), "glued": len(glued)}
    return result


def report(result: dict[str, object]) -> str:
    by_kind = result["by_kind"]
    assert isinstance(by_kind, dict)
    rows = [f"## {result['name']}  ({result['mt']} MT x {result['ref']} ref sentences, {result['seconds']} s)",
            f"{'type':>5} {'gold':>5} {'pred':>5} {'strict P':>9} {'R':>6} {'F1':>6} {'lax P':>7} {'R':>6} {'F1':>6}"]
    for name, s in by_kind.items():
        rows.append(f"{name:>5} {s['gold']:>5} {s['predicted']:>5} {s['strict_precision']:>9.3f} "
                    f"{s['strict_recall']:>6.3f} {s['strict_f1']:>6.3f} {s['lax_precision']:>7.3f} "
                    f"{s['lax_recall']:>6.3f} {s['lax_f1']:>6.3f}")
    calib = result["calibration"]
    assert isinstance(calib, dict)
    rows.append("confidence: " + ", ".join(f"{k}: {v['links']} links, precision {v['precision']:.3f}"
                                           for k, v in calib.items()))
    if "chrome" in result:
        rows.append(f"chrome: {result['chrome']['glued']} of {result['chrome']['lines']} glued into a link")
    return "\n".join(rows)


def read_alignment(path: str | Path) -> list[Bead]:
    """Beads of a bead file, or of ``align``'s JSON Lines output (a line starting with ``{``)."""
    text = Path(path).read_text(encoding="utf-8")
    if not text.lstrip().startswith("{"):
        return read_beads(path)
    beads: list[Bead] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                item = json.loads(line)
                beads.append((tuple(item["mt_ids"]), tuple(item["ref_ids"])))
            except (ValueError, KeyError, TypeError):
                raise InputError(path, f"line {number}: expected an align JSON object with mt_ids, ref_ids") from None
    return beads


def compare(gold_path: str, system_path: str) -> dict[str, object]:
    """Strict and lax F1 per link type of one alignment (``system_path``) against another (``gold_path``)."""
    gold, system = read_alignment(gold_path), read_alignment(system_path)
    mt = {i for beads in (gold, system) for a, _b in beads for i in a}
    ref = {j for beads in (gold, system) for _a, b in beads for j in b}
    return {"name": f"{system_path} against {gold_path}", "mt": len(mt), "ref": len(ref), "seconds": 0.0,
            "by_kind": scores_by_kind(system, gold), "calibration": calibration([(b, 1.0) for b in system], gold)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--write", help="write each constructed gold set (mt.txt, ref.txt, gold.txt) under this folder")
    parser.add_argument("--gold", help="gold alignment: a bead file or align JSONL (with --system)")
    parser.add_argument("--system", help="the alignment to score against --gold: a bead file or align JSONL")
    args = parser.parse_args()
    if (args.gold is None) != (args.system is None):
        parser.error("--gold and --system go together")
    if args.gold:
        try:
            result = compare(args.gold, args.system)
        except (InputError, OSError) as exc:
            sys.exit(f"eval_align: {exc}")
        print(report(result), flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps([result], indent=1), encoding="utf-8")
        return
    sets = gold_sets()
    if not sets:
        sys.exit(f"eval_align: no gold-set corpora under {SHARED}")
    results = []
    for gold in sets:
        if args.write:
            folder = Path(args.write) / gold.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "mt.txt").write_text("\n".join(gold.mt) + "\n", encoding="utf-8")
            (folder / "ref.txt").write_text("\n".join(gold.ref) + "\n", encoding="utf-8")
            write_beads(gold.beads, folder / "gold.txt")
        result = evaluate(gold)
        results.append(result)
        print(report(result), "\n", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
