"""Build the MAC-Test alignment gold set (MT vs a published human translation) from a Bertalign clone.

    .venv/bin/python scripts/fetch_align_gold.py GIT_DIR [--out build/gold]

GIT_DIR is a clone (or bare mirror) of https://github.com/bfsujason/bertalign; the files are read with
``git show`` at the commit that still held ``corpus/mac/test`` (removed upstream since). Written under
``OUT/mac-zh-en-test/``, one set of files per chapter ``NNN``:

- ``NNN.mt``: the machine translation into English of the Chinese chapter (Bertalign's ``split/NNN.trans``,
  made for Bleualign), one line per Chinese sentence;
- ``NNN.ref``: the published English translation, one sentence per line (``split/NNN.en``);
- ``NNN.src``: the Chinese chapter, one sentence per line (``split/NNN.zh``);
- ``NNN.beads``: the manual alignment (InterText XML) as beads ``[mt ids]:[ref ids]``, 0-based (the MT's
  line ids are the Chinese sentence ids);

plus ``meta_data.tsv``, the repository's licence and a PROVENANCE.md. The texts are novels under copyright
(GPL-3.0 covers the repository, not the translations): test data read in place, never shipped.
``scripts/eval_align.py`` reads the folder from ``../shared/corpora`` or ``build/gold``.

Nothing of the Text+Berg test documents the same repository holds is read.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
COMMIT = "9771860"  # "first commit" of 2021-05-18: the last to hold corpus/mac/test
NAME = "mac-zh-en-test"
_XTARGETS = regex.compile(r"xtargets='([^';]*);([^']*)'")
_SENTENCE = regex.compile(r'<s id="(\d+):(\d+)">')


def _show(git: Path, path: str, commit: str = COMMIT) -> str:
    """A file of the clone at ``commit``; ValueError naming the clone and what git said when it has none."""
    done = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], check=False,
                          capture_output=True, text=True, encoding="utf-8")
    if done.returncode:
        said = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ValueError(f"{git}: no {path} at commit {commit} (is it a clone of bertalign?): {said}")
    return done.stdout


def _ids(xml: str) -> dict[str, int]:
    """InterText sentence ids (``paragraph:sentence``) to 0-based line numbers, in document order."""
    return {f"{p}:{s}": k for k, (p, s) in enumerate(_SENTENCE.findall(xml))}


def beads(link_xml: str, zh_ids: dict[str, int], en_ids: dict[str, int]) -> list[tuple[list[int], list[int]]]:
    """The manual links as (Chinese = MT line ids, English ids). InterText's ``xtargets`` name the
    English sentences first here (checked: their counts sum to the English side's)."""
    out = []
    for en, zh in _XTARGETS.findall(link_xml):
        out.append(([zh_ids[t] for t in zh.split()], [en_ids[t] for t in en.split()]))
    return out


def build(git: Path, out: Path, commit: str = COMMIT) -> Path:
    """Write the gold set from ``git`` at ``commit`` into ``out``/mac-zh-en-test; the folder written. Every file is
    read and checked first and the folder put in place whole, so a failure leaves no half-written set."""
    files: dict[str, str] = {}

    def show(path: str) -> str:
        return _show(git, path, commit)

    meta = show("corpus/mac/test/meta_data.tsv")
    files["meta_data.tsv"] = meta
    # The licence file was added after the MAC commit.
    files["LICENSE.GPL-3.0"] = _show(git, "LICENCE", "HEAD")
    chapters = [line.split("\t")[0] for line in meta.splitlines()[1:] if line.strip()]
    for n in chapters:
        split = {ext: show(f"corpus/mac/test/split/{n}.{ext}").splitlines() for ext in ("zh", "trans", "en")}
        base = f"corpus/mac/test/intertext/corpus_test.{n}"
        zh_ids, en_ids = _ids(show(f"{base}_zh.xml")), _ids(show(f"{base}_en.xml"))
        counts = (len(zh_ids), len(en_ids), len(split["trans"]))
        if counts != (len(split["zh"]), len(split["en"]), len(split["zh"])):
            raise ValueError(f"chapter {n}: sentence counts of the XML and the split files differ")
        links = beads(show(f"{base}_zh.{n}_en.xml"), zh_ids, en_ids)
        if sorted(i for a, _ in links for i in a) != list(range(len(zh_ids))) \
                or sorted(j for _, b in links for j in b) != list(range(len(en_ids))):
            raise ValueError(f"chapter {n}: the links do not cover every sentence once")
        for ext, lines in (("src", split["zh"]), ("mt", split["trans"]), ("ref", split["en"])):
            files[f"{n}.{ext}"] = "\n".join(lines) + "\n"
        files[f"{n}.beads"] = "".join(f"{a}:{b}\n" for a, b in links)
    files["PROVENANCE.md"] = PROVENANCE.format(count=len(chapters))
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{NAME}-", dir=out))
    for name, text in files.items():
        (staging / name).write_text(text, encoding="utf-8")
    folder = out / NAME
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)
    return folder


PROVENANCE = """# MAC-Test: Chinese novels, machine translation and published English translation, manual alignment

Source: github.com/bfsujason/bertalign, commit 9771860 (2021-05-18, "first commit"; `corpus/mac` was
removed upstream later), folder `corpus/mac/test`: the manually aligned corpus (MAC) of Liu & Zhu's
Bertalign paper (Digital Scholarship in the Humanities, 2022), test part: {count} chapters of six
Chinese novels and their published English translations (see meta_data.tsv), aligned at the sentence
level in InterText by two annotators. The final alignments are also in github.com/bfsujason/mac
(test/intertext, re-segmented there; the files here keep Bertalign's segmentation, which its MT follows).
Built by review_app's scripts/fetch_align_gold.py.
License: the repository is GPL-3.0 (LICENSE.GPL-3.0, its LICENCE file at HEAD, added after 9771860);
the texts are novels and translations under copyright: test data only, never shipped in the package
or its tests.

| file | what |
|---|---|
| NNN.src | Chinese chapter, one sentence per line (`split/NNN.zh`) |
| NNN.mt | machine translation of NNN.src into English, line-aligned with it (`split/NNN.trans`, Bleualign's input) |
| NNN.ref | the published English translation, one sentence per line (`split/NNN.en`) |
| NNN.beads | the manual alignment (`intertext/corpus_test.NNN_zh.NNN_en.xml`) as `[mt ids]:[ref ids]`, \
0-based; the MT ids are the Chinese sentence ids; every sentence is in exactly one bead |

Use: NNN.mt against NNN.ref is a same-language MT-vs-reference alignment task (English) with the gold
NNN.beads; literary translations, with many 2-1 and 3-1 links (the translators split long Chinese sentences).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("git", type=Path, help="a clone or mirror of github.com/bfsujason/bertalign")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "gold", help="where to write (default build/gold)")
    parser.add_argument("--commit", default=COMMIT, help=f"the commit to read (default {COMMIT})")
    args = parser.parse_args()
    try:
        print(build(args.git, args.out, args.commit))
    except (ValueError, OSError) as exc:
        print(f"fetch_align_gold: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
