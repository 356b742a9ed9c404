"""Precision of the reference-term check's proposals against hand labels, on development and held-out sets.

Each set is an MT output with an independent human reference (or a post-edit) from ../shared/corpora,
mined as one document with the check's defaults. Every proposal must have a label in
tests/data/reference_terms_labelled.tsv (its header says how they were given); a proposal without one
is listed and fails the run, so a change of the check cannot go unjudged.

    python scripts/eval_reference_terms.py            # per set and per split: proposals, correct, precision
    python scripts/eval_reference_terms.py --unlabelled  # print unlabelled proposals as TSV rows to label
"""

from __future__ import annotations

import argparse
import ast
import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review_app.checks.learned import ReferenceDifference, mine_differences  # noqa: E402
from review_app.review.importer import build_segments  # noqa: E402
from review_app.text.ingest import read_text  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
LABELS = ROOT / "tests" / "data" / "reference_terms_labelled.tsv"
TARGET = 0.9
Pairs = list[tuple[str, str]]


def _lines(path: str) -> list[str]:
    return (CORPORA / path).read_text(encoding="utf-8").splitlines()


def _line_pairs(mt: str, ref: str) -> Callable[[], Pairs]:
    return lambda: list(zip(_lines(mt), _lines(ref), strict=True))


def _textberg(target: str) -> Callable[[], Pairs]:
    """Google MT against the human translation, paired by the gold beads (French: MT of the German, and back)."""

    def pairs() -> Pairs:
        folder = "textberg-de-fr-dev/"
        de, fr = _lines(folder + "dev.de"), _lines(folder + "dev.fr")
        google_fr, google_de = _lines(folder + "dev.google.fr"), _lines(folder + "dev.google.de")
        out: Pairs = []
        for line in _lines(folder + "dev.defr"):
            de_ids, fr_ids = (ast.literal_eval(side) for side in line.split(":"))
            if de_ids and fr_ids:
                if target == "fr":
                    out.append((" ".join(google_fr[i] for i in de_ids), " ".join(fr[j] for j in fr_ids)))
                else:
                    out.append((" ".join(google_de[j] for j in fr_ids), " ".join(de[i] for i in de_ids)))
        return out

    return pairs


def _izvestia() -> Pairs:
    """The founding page: the MT document aligned with its post-edit, as the importer and ``qa`` do."""
    segments = build_segments(read_text(CORPORA / "izvestia-2025/mt.yandex.en.txt"),
                              read_text(CORPORA / "izvestia-2025/postedit.en.txt"), lang="en")
    return [(s.mt, s.ref or "") for s in segments]


@dataclass(frozen=True)
class EvalSet:
    """One MT output against one reference: its name, split (dev or held-out), target language, pairs."""

    name: str
    split: str
    lang: str
    corpus: str
    pairs: Callable[[], Pairs]


_WMT = "wmt21-newstest-en-ru/txt/newstest2021.en-ru."
SETS = (
    # Development: the rules were written looking at these (WMT21 systems against reference A).
    *(
        EvalSet(f"wmt21-en-ru {system} vs ref.A", "dev", "ru", "wmt21-newstest-en-ru",
                _line_pairs(f"{_WMT}hyp.{system}.ru", f"{_WMT}ref.A.ru"))
        for system in ("Facebook-AI", "NiuTrans")
    ),
    # Held out: another human reference (B, another translator), other corpora and target languages.
    *(
        EvalSet(f"wmt21-en-ru {system} vs ref.B", "held-out", "ru", "wmt21-newstest-en-ru",
                _line_pairs(f"{_WMT}hyp.{system}.ru", f"{_WMT}ref.B.ru"))
        for system in ("Facebook-AI", "NiuTrans", "Online-B", "Online-W", "Online-Y")
    ),
    *(
        EvalSet(f"ted-sk-en {system} vs ref", "held-out", "en", "compare-mt-ted-sk-en",
                _line_pairs(f"compare-mt-ted-sk-en/ted.{system}.detok.eng", "compare-mt-ted-sk-en/ted.ref.detok.eng"))
        for system in ("sys1", "sys2")
    ),
    EvalSet("textberg de→fr google vs human", "held-out", "fr", "textberg-de-fr-dev", _textberg("fr")),
    EvalSet("textberg fr→de google vs human", "held-out", "de", "textberg-de-fr-dev", _textberg("de")),
    # Post-edits (the check's other mode), for information: the founding page and MLQE-PE ru→en.
    EvalSet("izvestia-2025 yandex vs post-edit", "post-edit", "en", "izvestia-2025", _izvestia),
    *(
        EvalSet(f"mlqe-pe-ru-en {part} mt vs pe", "post-edit", "en", "mlqe-pe-ru-en",
                _line_pairs(f"mlqe-pe-ru-en/{part}/{part}.mt", f"mlqe-pe-ru-en/{part}/{part}.pe"))
        for part in ("dev", "test20")
    ),
)


def read_labels(path: Path = LABELS) -> dict[tuple[str, str, str], int]:
    """(set, MT phrase, reference phrase) → 1 (a correct proposal) or 0, from the labelled TSV."""
    rows = (line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    reader = csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
    return {(row["set"], row["mt"], row["ref"]): int(row["label"]) for row in reader}


@dataclass
class SetResult:
    """One set's proposals with their labels (None: unlabelled)."""

    eval_set: EvalSet
    proposals: list[tuple[str, str, int, int, int | None]]

    @property
    def correct(self) -> int:
        return sum(label == 1 for *_, label in self.proposals)

    @property
    def labelled(self) -> int:
        return sum(label is not None for *_, label in self.proposals)


def evaluate(labels: dict[tuple[str, str, str], int], sets: tuple[EvalSet, ...] = SETS) -> list[SetResult]:
    """Mine every set whose corpus is present with the check's defaults and join the labels.

    The kind of reference is measured (the check's default ``auto``), as the check does.
    """
    options = {k: v for k, v in ReferenceDifference.defaults.items() if k in ("min_held", "min_share")}
    results = []
    for eval_set in sets:
        if not (CORPORA / eval_set.corpus).is_dir():
            continue
        found = mine_differences(eval_set.pairs(), eval_set.lang, **options)
        results.append(SetResult(eval_set, [
            (d.mt, d.ref, d.held, d.seen, labels.get((eval_set.name, d.mt, d.ref))) for d in found
        ]))
    return results


def precision(results: list[SetResult], split: str) -> tuple[int, int]:
    """Correct and labelled proposals of one split."""
    chosen = [r for r in results if r.eval_set.split == split]
    return sum(r.correct for r in chosen), sum(r.labelled for r in chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unlabelled", action="store_true", help="print the unlabelled proposals as TSV rows")
    args = parser.parse_args()
    results = evaluate(read_labels())
    missing = [(r.eval_set, p) for r in results for p in r.proposals if p[4] is None]
    if args.unlabelled:
        for eval_set, (mt, ref, held, seen, _) in missing:
            print("\t".join((eval_set.name, eval_set.split, mt, ref, str(held), str(seen), "?", "")))
        return 0
    for r in results:
        print(f"{r.eval_set.split:8}  {r.eval_set.name:38} proposals {len(r.proposals):3}  correct {r.correct:3}")
    ok = not missing
    for split in ("dev", "held-out", "post-edit"):
        good, total = precision(results, split)
        if total:
            print(f"{split}: precision {good / total:.3f} ({good} of {total})")
            ok = ok and (split != "held-out" or good / total >= TARGET)
    if missing:
        print(f"{len(missing)} proposal(s) without a label: run with --unlabelled and label them")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
