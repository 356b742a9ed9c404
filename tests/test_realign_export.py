"""A corrected alignment in the exports: the corpus formats and the QA report follow it; ``export --format beads``
writes it in Vecalign's format, equal to ``align``'s ids where nobody changed it; ``scripts/eval_align.py`` scores
one against the other (F1 1.0 for the same alignment)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from review_app.align.evaluate import read_beads
from review_app.cli import main
from review_app.formats import read_units
from review_app.pipeline import align_sentences, sentences_from_text
from review_app.review.importer import import_document
from review_app.store import Store
from tests.people import OP

REPO = Path(__file__).resolve().parent.parent
MT = ("The station reopened on Saturday. Crowds came early. Tickets sold out within the hour.\n"
      "Advertisement\n"
      "The mayor spoke briefly. She thanked the builders and the volunteers who cleaned the river banks.\n")
REF = ("The river station reopened on Saturday. Crowds came early and tickets sold out within the hour.\n"
       "The mayor gave a short speech. She thanked the builders. She also thanked the volunteers who "
       "cleaned the river banks.\n")


@pytest.fixture
def imported(tmp_path: Path) -> tuple[str, Store, int]:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(db)
    project = store.create_project("P", "de", "en", actor=OP)
    document = import_document(store, project.id, name="doc", mt_text=MT, ref_text=REF, actor=OP)
    return db, store, document.id


def _export(db: str, path: Path, *extra: str) -> None:
    assert main(["export", "--db", db, "--project", "P", "--document", "doc", "-o", str(path), *extra]) == 0


def _eval(gold: Path, system: Path, tmp_path: Path) -> dict[str, float]:
    out = tmp_path / "eval.json"
    subprocess.run([sys.executable, str(REPO / "scripts" / "eval_align.py"), "--gold", str(gold), "--system",
                    str(system), "--json", str(out)], check=True, capture_output=True, cwd=REPO)
    result: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))[0]["by_kind"]["all"]
    return result


def test_beads_of_an_unchanged_document_are_aligns_ids(imported: tuple[str, Store, int], tmp_path: Path) -> None:
    db, _store, _doc = imported
    _export(db, tmp_path / "doc.beads", "--format", "beads")
    mt, ref = sentences_from_text(MT, "en"), sentences_from_text(REF, "en")
    expected = [(tuple(s.mt_ids), tuple(s.ref_ids)) for s in align_sentences(mt, ref, score=False)]
    assert read_beads(tmp_path / "doc.beads") == expected
    assert (tmp_path / "doc.beads").read_text(encoding="utf-8").splitlines()[0] == "[0]:[0]"
    # ``align`` on the same two texts scores F1 1.0 against the export, and the export against itself.
    (tmp_path / "mt.txt").write_text(MT, encoding="utf-8")
    (tmp_path / "ref.txt").write_text(REF, encoding="utf-8")
    assert main(["align", str(tmp_path / "mt.txt"), str(tmp_path / "ref.txt"), "--no-scores",
                 "-o", str(tmp_path / "align.jsonl")]) == 0
    assert _eval(tmp_path / "doc.beads", tmp_path / "align.jsonl", tmp_path)["strict_f1"] == 1.0


def test_a_corrected_alignment_round_trips_through_eval_align(imported: tuple[str, Store, int],
                                                              tmp_path: Path) -> None:
    db, store, doc = imported
    before = store.alignment_beads(doc)
    # The reviewer merges the first two segments and splits them again elsewhere: a different alignment.
    first = store.segment_by_position(doc, 0)
    assert first is not None
    store.merge_segments(first.id, "next", actor=OP)
    changed = store.alignment_beads(doc)
    assert changed != before and changed[0] == (before[0][0] + before[1][0], before[0][1] + before[1][1])
    gold = tmp_path / "gold.beads"
    gold.write_text("".join(f"{list(a)}:{list(b)}\n" for a, b in changed), encoding="utf-8")
    _export(db, tmp_path / "doc.beads", "--format", "beads")
    assert read_beads(tmp_path / "doc.beads") == [(tuple(a), tuple(b)) for a, b in changed]
    assert _eval(gold, tmp_path / "doc.beads", tmp_path)["strict_f1"] == 1.0
    # The aligner's own output no longer agrees with the reviewer's gold.
    (tmp_path / "mt.txt").write_text(MT, encoding="utf-8")
    (tmp_path / "ref.txt").write_text(REF, encoding="utf-8")
    assert main(["align", str(tmp_path / "mt.txt"), str(tmp_path / "ref.txt"), "--no-scores",
                 "-o", str(tmp_path / "align.jsonl")]) == 0
    assert _eval(gold, tmp_path / "align.jsonl", tmp_path)["strict_f1"] < 1.0


def test_corpus_exports_and_the_report_follow_the_corrected_alignment(imported: tuple[str, Store, int],
                                                                     tmp_path: Path) -> None:
    db, store, doc = imported
    rows = store.segment_page(doc, limit=100).rows
    store.merge_segments(rows[0].id, "next", actor=OP)
    merged = store.segment_by_position(doc, 0)
    assert merged is not None
    for fmt, ending in (("tsv", ".tsv"), ("jsonl", ".jsonl"), ("tmx", ".tmx"), ("xliff", ".xlf")):
        path = tmp_path / f"out{ending}"
        _export(db, path, "--format", fmt)
        units = list(read_units(path, format=fmt))
        assert len(units) == len(rows) - 1, fmt
        assert (units[0].mt, units[0].reference) == (merged.mt, merged.ref), fmt
    _export(db, tmp_path / "report.jsonl", "--report", "jsonl")
    report = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(r["segment"] <= len(rows) - 1 for r in report)
    assert [r["mt"] for r in report if r["segment"] == 1] == [merged.mt] * sum(r["segment"] == 1 for r in report)


def test_beads_need_one_document(imported: tuple[str, Store, int], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    db, store, _doc = imported
    project = store.project_by_name("P")
    assert project is not None
    import_document(store, project.id, name="other", mt_text="One. Two.", ref_text="One. Two.", actor=OP)
    assert main(["export", "--db", db, "--project", "P", "--format", "beads", "-o", str(tmp_path / "x")]) == 2
    assert "beads name sentences of one document: give --document" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
