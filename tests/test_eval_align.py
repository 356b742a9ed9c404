"""scripts/eval_align.py's gold loaders and leave-one-document-out table, and scripts/fetch_align_gold.py,
on tiny sets made here (the real corpora are read by tests/test_align_eval.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scripts_module import load_script

from review_app.align import AlignParams, uncertain
from review_app.align.evaluate import read_beads
from review_app.align.goldset import GoldSet

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


SENTENCES = ["The port reopened on Monday.", "Workers repaired the crane.", "The mayor thanked them.",
             "Ships carry grain again.", "The first barge left at noon.", "Prices should fall."]


def _document(name: str, corpus: str, split_at: int) -> GoldSet:
    """The reference is the MT with sentence ``split_at`` cut in two at its space."""
    mt = list(SENTENCES)
    first, _, rest = mt[split_at].partition(" ")
    ref = [*mt[:split_at], first, rest, *mt[split_at + 1:]]
    beads = [((i,), (i if i < split_at else i + 1,)) for i in range(len(mt)) if i != split_at]
    beads.insert(split_at, ((split_at,), (split_at, split_at + 1)))
    return GoldSet(name, mt, ref, beads, corpus=corpus, document=name)


def test_mac_chapters_are_read_as_one_document_each(tmp_path: Path) -> None:
    evaluation = load_script("eval_align")
    folder = tmp_path / "mac-zh-en-test"
    folder.mkdir()
    for n in ("001", "002"):
        (folder / f"{n}.mt").write_text("A.\nB.\n", encoding="utf-8")
        (folder / f"{n}.ref").write_text("A. B.\n", encoding="utf-8")
        (folder / f"{n}.beads").write_text("[0, 1]:[0]\n", encoding="utf-8")
    assert evaluation.corpus_folder("mac-zh-en-test", (tmp_path / "absent", tmp_path)) == folder
    sets = evaluation.mac(folder)
    assert [(g.name, g.corpus, g.document, g.mt, g.ref, g.beads) for g in sets] == [
        ("mac-001", "mac", "mac-001", ["A.", "B."], ["A. B."], [((0, 1), (0,))]),
        ("mac-002", "mac", "mac-002", ["A.", "B."], ["A. B."], [((0, 1), (0,))])]


def test_grid_lists_every_combination_with_the_defaults_first() -> None:
    evaluation = load_script("eval_align")
    settings = evaluation.grid(["skip_cost=0.6,0.8", "joined_side=6,4"])
    assert settings[0] == AlignParams()
    assert len(settings) == 4 and AlignParams(skip_cost=0.8, joined_side=4) in settings
    with pytest.raises(ValueError, match="NAME=v1,v2"):
        evaluation.grid(["no_such_field=1"])


def _skips(gold: GoldSet) -> list[tuple[tuple[tuple[int, ...], tuple[int, ...]], float]]:
    return [(((i,), ()), 0.0) for i in range(len(gold.mt))] + [(((), (j,)), 0.0) for j in range(len(gold.ref))]


def test_leave_one_out_chooses_on_the_other_documents_and_scores_the_one_left_out() -> None:
    evaluation = load_script("eval_align")
    sets = [_document("a-1", "a", 1), _document("a-2", "a", 3), _document("b-1", "b", 2)]
    # Two sets of one document are held out together.
    sets.append(GoldSet("b-1-again", sets[2].mt, sets[2].ref, sets[2].beads, corpus="b", document="b-1"))

    def aligner(gold: GoldSet, params: AlignParams) -> list:  # type: ignore[type-arg]
        """The gold itself under skip_cost 0.8; every sentence left out (F1 0) under the defaults, and
        under 0.7 except on "b-1" (so only a choice made without "b-1" picks 0.7)."""
        right = params.skip_cost == 0.8 or (params.skip_cost == 0.7 and gold.document != "b-1")
        return [(bead, 0.9) for bead in gold.beads] if right else _skips(gold)

    result = evaluation.leave_one_out(sets, evaluation.grid(["skip_cost=0.7,0.8"]), recall=0.8, aligner=aligner)
    rows = result["rows"]
    assert [r["name"] for r in rows] == ["a-1", "a-2", "b-1", "b-1-again"]
    assert all(r["f1_default"] == 0.0 for r in rows)
    # Held out a-1 or a-2: 0.8 wins on the others (b-1 counts); held out b-1: 0.7 and 0.8 tie, the first wins.
    assert [(r["setting"], r["f1"]) for r in rows] == [
        ("skip_cost=0.8", 1.0), ("skip_cost=0.8", 1.0), ("skip_cost=0.7", 0.0), ("skip_cost=0.7", 0.0)]
    summary = result["summary"]
    assert set(summary) == {"all", "a", "b"}
    assert summary["a"]["f1_mean"] == 1.0 and summary["b"]["f1_mean"] == 0.0 and summary["all"]["f1_mean"] == 0.5
    assert summary["all"]["f1_variance"] == pytest.approx(1 / 3)
    assert "mean all" in evaluation.loo_report(result)
    table = evaluation.loo_markdown(result, {"a-1": 0.5, "a-2": 0.25})
    assert "| a-1 | 6 | 0.500 | 0.000 | 1.000 |" in table
    assert "| **mean a** (2 sets; variance) | | 0.375 (0.0312) | 0.000 (0.0000) | **1.000** (0.0000) |" in table


def test_pooled_chapters_keep_their_own_ids_and_alignments() -> None:
    evaluation = load_script("eval_align")
    sets = [_document("a-1", "a", 1), _document("a-2", "a", 3)]
    parts = [(gold, [(bead, 1.0) for bead in gold.beads]) for gold in sets]
    gold, links = evaluation.pooled("a (2 chapters)", parts)
    assert len(gold.mt) == 12 and len(gold.ref) == 14
    assert gold.beads[6] == ((6,), (7,)) and gold.beads[7] == ((7,), (8,))  # the second chapter, shifted
    result = evaluation.evaluate(gold, links)
    assert result["by_kind"]["all"]["strict_f1"] == 1.0 and result["flags"]["wrong"] == 0
    table = evaluation.markdown([result], {"a (2 chapters)": 0.9})
    assert "| a (2 chapters) (12 gold beads) | 1.000 / 1.000 / **1.000** | 1.000 | 0.900 |" in table
    assert "| a (2 chapters) | 1.000 (10) | 1.000 (2) |" in table


def test_the_flag_threshold_comes_from_the_other_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    evaluation = load_script("eval_align")
    sets = [_document("a", "a", 1), _document("b", "b", 2), _document("c", "c", 3)]

    def aligner(gold: GoldSet, _params: AlignParams) -> list:  # type: ignore[type-arg]
        """Every link right at 0.9 but the gold's 1-2, cut into a 1-1 and a left-out sentence (both wrong)
        at a confidence of the document's own."""
        wrong = {"a": 0.1, "b": 0.3, "c": 0.5}[gold.name]
        links = []
        for mt, ref in gold.beads:
            links += [((mt, ref), 0.9)] if len(ref) == 1 else [((mt, ref[:1]), wrong), (((), ref[1:]), wrong)]
        return links

    rows = evaluation.leave_one_out(sets, [AlignParams()], recall=1.0, aligner=aligner)["rows"]
    below = {r["name"]: r["below"] for r in rows}
    # Held out "a", the others' wrong links sit at 0.3 and 0.5: all are flagged from just above 0.5.
    assert 0.5 < below["a"] < 0.51 and 0.5 < below["b"] < 0.51 and 0.3 < below["c"] < 0.31
    assert {r["name"]: r["flag_recall"] for r in rows} == {"a": 1.0, "b": 1.0, "c": 0.0}
    assert {r["name"]: r["flag_share"] for r in rows} == {"a": 2 / 7, "b": 2 / 7, "c": 0.0}
    # At most a share of each document's links flagged, the least confident first: at a tenth (none of
    # seven, but at least the one allowed here) the wrong 1-1 alone, listed before the left-out sentence
    # of equal confidence.
    monkeypatch.setattr(uncertain, "UNCERTAIN_FEWEST", 1)
    rows = evaluation.leave_one_out(sets, [AlignParams()], recall=1.0, most=0.1, aligner=aligner)["rows"]
    assert {r["name"]: r["flag_share"] for r in rows} == {"a": 1 / 7, "b": 1 / 7, "c": 0.0}
    assert {r["name"]: r["flag_recall"] for r in rows} == {"a": 0.5, "b": 0.5, "c": 0.0}


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def test_fetch_align_gold_reads_intertext_links_english_first(tmp_path: Path) -> None:
    """Bertalign's MAC files: InterText's xtargets name the English sentences first, then the Chinese."""
    fetch = load_script("fetch_align_gold")
    repo = tmp_path / "bertalign"
    files = {
        "LICENCE": "GPL",
        "corpus/mac/test/meta_data.tsv": "text_id\tbook_id\n001\t001\n",
        "corpus/mac/test/split/001.zh": "甲。\n乙丙。\n",
        "corpus/mac/test/split/001.trans": "A.\nB and C.\n",
        "corpus/mac/test/split/001.en": "A.\nB.\nC.\n",
        "corpus/mac/test/intertext/corpus_test.001_zh.xml":
            '<text><p id="1"><s id="1:1">甲。</s><s id="1:2">乙丙。</s></p></text>',
        "corpus/mac/test/intertext/corpus_test.001_en.xml":
            '<text><p id="1"><s id="1:1">A.</s><s id="1:2">B.</s><s id="1:3">C.</s></p></text>',
        "corpus/mac/test/intertext/corpus_test.001_zh.001_en.xml":
            "<linkGrp><link type='1-1' xtargets='1:1;1:1'/><link type='2-1' xtargets='1:2 1:3;1:2'/></linkGrp>",
    }
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "mac")
    folder = fetch.build(repo, tmp_path / "out", commit="HEAD")
    assert read_beads(folder / "001.beads") == [((0,), (0,)), ((1,), (1, 2))]
    assert (folder / "001.mt").read_text(encoding="utf-8") == "A.\nB and C.\n"
    assert (folder / "001.ref").read_text(encoding="utf-8") == "A.\nB.\nC.\n"
    assert (folder / "PROVENANCE.md").is_file() and (folder / "LICENSE.GPL-3.0").read_text() == "GPL"
    (repo / "corpus/mac/test/split/001.en").write_text("A.\nB.\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "one sentence fewer")
    with pytest.raises(ValueError, match="sentence counts"):
        fetch.build(repo, tmp_path / "again", commit="HEAD")


def test_fetch_align_gold_names_a_folder_that_is_no_clone_in_one_line(tmp_path: Path) -> None:
    """A wrong GIT_DIR: one line naming it and what is missing, exit 2 (no traceback)."""
    done = subprocess.run([sys.executable, str(SCRIPTS / "fetch_align_gold.py"), str(tmp_path / "nothing"),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and str(tmp_path / "nothing") in done.stderr and "meta_data.tsv" in done.stderr
    assert not (tmp_path / "out").exists()
