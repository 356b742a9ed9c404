"""Line-parallel MT/reference files of any size from the shared corpora's real pairs (for benchmarks; not committed).

    .venv/bin/python scripts/make_pairs.py --pairs 1000000 --out /tmp/pairs1m

writes ``mt.txt`` and ``ref.txt`` (and ``src.txt``: each pair's source) in ``--out``. The pairs: WMT21
newstest en→ru (five systems, each against reference A and against reference B; reference B against
A), MLQE-PE ru→en (test20 and dev, MT against post-edit) and compare-mt TED sk→en (two systems against the
reference): 17,912 real pairs, every one used once per round, each round in its own shuffled order (fixed
seed), rounds repeated until ``--pairs`` lines are written. The files are written line by line, so a
large size costs disk, not memory.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
Pair = tuple[str, str, str]  # MT, reference, source


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def real_pairs(shared: Path = SHARED) -> list[Pair]:
    """The shared corpora's (MT, reference, source) triples, in a fixed order."""
    pairs: list[Pair] = []
    wmt = shared / "wmt21-newstest-en-ru" / "txt"
    src = _lines(wmt / "newstest2021.en-ru.src.en")
    refs = {name: _lines(wmt / f"newstest2021.en-ru.ref.{name}.ru") for name in ("A", "B")}
    for system in ("Facebook-AI", "NiuTrans", "Online-B", "Online-W", "Online-Y"):
        hyps = _lines(wmt / f"newstest2021.en-ru.hyp.{system}.ru")
        for ref in refs.values():
            pairs += zip(hyps, ref, src, strict=True)
    pairs += zip(refs["B"], refs["A"], src, strict=True)
    for part in ("test20/test20", "dev/dev"):
        base = shared / "mlqe-pe-ru-en" / part
        pairs += zip(_lines(Path(f"{base}.mt")), _lines(Path(f"{base}.pe")), _lines(Path(f"{base}.src")), strict=True)
    ted = shared / "compare-mt-ted-sk-en"
    for system in ("sys1", "sys2"):
        pairs += zip(_lines(ted / f"ted.{system}.detok.eng"), _lines(ted / "ted.ref.detok.eng"),
                     _lines(ted / "ted.orig.slk"), strict=True)
    return pairs


def rounds(pairs: list[Pair], size: int, seed: int = 1) -> Iterator[Pair]:
    """``size`` pairs: every pair once per round, each round shuffled anew."""
    rng = random.Random(seed)
    written = 0
    while written < size:
        order = list(range(len(pairs)))
        rng.shuffle(order)
        for k in order[: size - written]:
            yield pairs[k]
        written += min(len(order), size - written)


def write_pairs(out: Path, size: int, seed: int = 1, shared: Path = SHARED) -> tuple[Path, Path, Path]:
    """Write ``mt.txt``, ``ref.txt`` and ``src.txt`` of ``size`` lines into ``out``; their paths."""
    pairs = real_pairs(shared)
    if not pairs:
        sys.exit(f"make_pairs: no corpora under {shared}")
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "mt.txt", out / "ref.txt", out / "src.txt"
    with (paths[0].open("w", encoding="utf-8") as mt, paths[1].open("w", encoding="utf-8") as ref,
          paths[2].open("w", encoding="utf-8") as src):
        for hyp, reference, source in rounds(pairs, size, seed):
            mt.write(hyp + "\n")
            ref.write(reference + "\n")
            src.write(source + "\n")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, required=True, help="lines to write")
    parser.add_argument("--out", type=Path, required=True, help="folder for mt.txt, ref.txt and src.txt")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write_pairs(args.out, args.pairs, args.seed)
    print(" ".join(str(p) for p in paths))


if __name__ == "__main__":
    main()
