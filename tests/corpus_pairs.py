"""Every (hypothesis, references) segment of the shared corpora, for the accelerator equality tests.

Each entry is one system against its references in sacrebleu's layout (hypotheses, reference
streams). Which files pair with which comes from each corpus's PROVENANCE.md:

* compare-mt TED sk-en: sys1/sys2 against the reference, tokenized and detokenized files;
* MLQE-PE ru-en: MT against its post-edit (dev and test20);
* WMT21 en-ru: each of the 5 systems against both references (two streams), and reference B
  against reference A;
* Google MQM TED en-de/zh-en: each system's target (error markup ``<v>…</v>`` removed) against
  the ``ref`` translation of the same segment (zh-en: ``refB`` against ``ref`` too);
* textberg de-fr: Google MT against the human translation, joined per gold bead, both directions;
* izvestia: MT and post-edit paragraphs are not aligned line by line; line *i* against line *i*
  still gives real, long, loosely related pairs.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

from shared_data import SHARED_CORPORA

Pairs = tuple[list[str], list[list[str]]]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _compare_mt(root: Path) -> dict[str, Pairs]:
    out = {}
    for detok in ("", ".detok"):
        ref = _lines(root / f"ted.ref{detok}.eng")
        for system in ("sys1", "sys2"):
            out[f"compare-mt/{system}{detok}"] = (_lines(root / f"ted.{system}{detok}.eng"), [ref])
    return out


def _mlqe(root: Path) -> dict[str, Pairs]:
    return {f"mlqe/{split}": (_lines(root / split / f"{split}.mt"), [_lines(root / split / f"{split}.pe")])
            for split in ("dev", "test20")}


def _wmt21(root: Path) -> dict[str, Pairs]:
    txt = root / "txt"
    ref_a, ref_b = (_lines(txt / f"newstest2021.en-ru.ref.{x}.ru") for x in "AB")
    out = {f"wmt21/{path.name.split('.')[3]}": (_lines(path), [ref_a, ref_b])
           for path in sorted(txt.glob("newstest2021.en-ru.hyp.*.ru"))}
    out["wmt21/refB"] = (ref_b, [ref_a])
    return out


def _mqm(root: Path) -> dict[str, Pairs]:
    out = {}
    for pair in ("ende", "zhen"):
        targets: dict[str, dict[str, str]] = defaultdict(dict)
        with (root / "ted" / f"mqm_ted_{pair}.tsv").open(encoding="utf-8") as handle:
            next(handle)
            for line in handle:
                cols = line.rstrip("\n").split("\t")
                text = cols[6].replace("<v>", "").replace("</v>", "")
                targets[cols[0]].setdefault(cols[3], text)
        ref = targets["ref"]
        for system, segs in sorted(targets.items()):
            if system == "ref":
                continue
            ids = [i for i in segs if i in ref]
            out[f"mqm-{pair}/{system}"] = ([segs[i] for i in ids], [[ref[i] for i in ids]])
    return out


def _textberg(root: Path) -> dict[str, Pairs]:
    de, fr = _lines(root / "dev.de"), _lines(root / "dev.fr")
    mt_fr, mt_de = _lines(root / "dev.google.fr"), _lines(root / "dev.google.de")
    beads = []
    for line in _lines(root / "dev.defr"):
        left, right = line.split(":", 1)
        de_ids, fr_ids = ast.literal_eval(left), ast.literal_eval(right)
        if de_ids and fr_ids:
            beads.append((de_ids, fr_ids))
    return {
        "textberg/google.fr": ([" ".join(mt_fr[i] for i in d) for d, _ in beads],
                               [[" ".join(fr[i] for i in f) for _, f in beads]]),
        "textberg/google.de": ([" ".join(mt_de[i] for i in f) for _, f in beads],
                               [[" ".join(de[i] for i in d) for d, _ in beads]]),
    }


def _izvestia(root: Path) -> dict[str, Pairs]:
    mt, pe = _lines(root / "mt.yandex.en.txt"), _lines(root / "postedit.en.txt")
    n = min(len(mt), len(pe))
    return {"izvestia/lines": (mt[:n], [pe[:n]])}


_READERS = {
    "compare-mt-ted-sk-en": _compare_mt,
    "mlqe-pe-ru-en": _mlqe,
    "wmt21-newstest-en-ru": _wmt21,
    "google-mqm-wmt": _mqm,
    "textberg-de-fr-dev": _textberg,
    "izvestia-2025": _izvestia,
}


@cache
def corpus_pairs() -> dict[str, Pairs]:
    """All systems of all shared corpora present on this machine (empty when none is)."""
    out: dict[str, Pairs] = {}
    for folder, reader in _READERS.items():
        if (SHARED_CORPORA / folder).is_dir():
            out.update(reader(SHARED_CORPORA / folder))
    return out
