"""Post-edits and their effort from the store (both databases): which segments count, time to edit from recorded
events at fixed times, who may see whose time, and the training-data exports (APE triplets, QE files)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.effort import hters
from review_app.model import AlignedSegment
from review_app.store import Store, User
from review_app.store import actions as actions_module
from tests.people import OP, person

T0 = datetime(2026, 3, 2, 9, 0, 0)
D1 = [("Кошка сидит.", "The cat sits on the mat."), ("Был день.", "It was a sunny day."),
      ("Мы пошли.", "We went home."), ("Конец.", "The end.")]
D2 = [("Привет.", "=HYPERLINK(\"x\") hello there."), ("Пока.", "Bye now.")]


class Clock:
    """The time the store stamps on every review action (events and segments)."""

    def __init__(self) -> None:
        self.now = T0

    def then(self, seconds: float, user: User) -> User:
        """Set the time to ``seconds`` after T0 and hand back who acts then."""
        self.now = T0 + timedelta(seconds=seconds)
        return user


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(actions_module, "utcnow", lambda: clock.now)
    return clock


def _document(store: Store, project_id: int, name: str, system: str, rows: list[tuple[str, str]]) -> list[int]:
    segments = [AlignedSegment(mt=mt, ref=mt, src=src, mt_ids=[i], ref_ids=[i]) for i, (src, mt) in enumerate(rows)]
    document = store.add_document(project_id, name, segments, system=system, actor=OP)
    store.assign(document.id, "ann", actor=OP)
    store.assign(document.id, "bob", actor=OP)
    return [r.id for r in store.segment_page(document.id, limit=10).rows]


@pytest.fixture
def reviewed(store: Store, clock: Clock) -> tuple[Store, list[int], list[int]]:
    ann, bob = person(store, "ann", "reviewer"), person(store, "bob", "reviewer")
    person(store, "vic", "viewer")
    project = store.create_project("P", "ru", "en", actor=OP)
    d1 = _document(store, project.id, "d1", "sysA", D1)
    d2 = _document(store, project.id, "d2", "sysB", D2)
    store.edit_corrected(d1[0], "The cat sat on the mat.", actor=clock.then(0, ann))  # session start: no time
    store.set_status(d1[0], "corrected", actor=clock.then(30, ann))  # 30 s on d1[0]
    store.set_status(d1[1], "accepted", actor=clock.then(90, ann))  # 60 s on d1[1]
    store.edit_corrected(d2[0], "=HYPERLINK(\"x\") hello.", actor=clock.then(100, bob))
    store.set_status(d2[0], "corrected", actor=clock.then(160, bob))  # 60 s
    store.add_comment(d2[0], "checked the link", actor=clock.then(175, bob))  # 15 s more
    store.edit_corrected(d1[2], "We walked home.", actor=clock.then(1000, ann))  # idle gap before: no time
    store.set_status(d1[2], "needs_work", actor=clock.then(1020, ann))  # not a post-edit yet
    store.edit_corrected(d2[1], "", actor=clock.then(1030, bob))  # deleted, then
    store.set_status(d2[1], "corrected", actor=clock.then(1040, bob))  # final: still not a post-edit
    return store, d1, d2


def test_post_edits_are_final_segments_still_in_the_text(reviewed: tuple[Store, list[int], list[int]]) -> None:
    store, d1, d2 = reviewed
    edits = store.post_edits([store.document(1).id, store.document(2).id])
    assert [e.segment_id for e in edits] == [d1[0], d1[1], d2[0]]
    assert [(e.document, e.system, e.position, e.status) for e in edits] == [
        ("d1", "sysA", 0, "corrected"), ("d1", "sysA", 1, "accepted"), ("d2", "sysB", 0, "corrected")]
    assert (edits[0].src, edits[0].mt, edits[0].pe) == ("Кошка сидит.", "The cat sits on the mat.",
                                                      "The cat sat on the mat.")


def test_time_to_edit_and_words_per_hour_for_an_admin(reviewed: tuple[Store, list[int], list[int]]) -> None:
    store, _d1, _d2 = reviewed
    report = store.effort_report([1, 2], actor=OP)
    assert report.seconds == [30.0, 60.0, 75.0]
    assert [e.hter for e in report.efforts] == hters(["The cat sits on the mat.", "It was a sunny day.",
                                                      "=HYPERLINK(\"x\") hello there."],
                                                     ["The cat sat on the mat.", "It was a sunny day.",
                                                      "=HYPERLINK(\"x\") hello."])
    assert report.overall.segments == 3 and report.overall.unchanged == 1
    assert list(report.by_document) == ["d1", "d2"] and list(report.by_system) == ["sysA", "sysB"]
    assert report.by_document["d1"].words == 6 + 5
    ann, bob = report.reviewers
    assert (ann.name, ann.seconds, ann.segments, ann.words) == ("ann", 90.0, 2, 11)
    assert ann.words_per_hour == pytest.approx(3600 * 11 / 90)
    assert (bob.name, bob.seconds, bob.words) == ("bob", 75.0, 3)
    assert bob.summary.segments == 1 and ann.summary.segments == 2
    assert store.effort_report([1, 2], actor=OP, idle_seconds=20).seconds == [0.0, 0.0, 15.0]


def test_a_reviewer_sees_only_their_own_time_and_a_viewer_none(
        reviewed: tuple[Store, list[int], list[int]]) -> None:
    store, _d1, _d2 = reviewed
    as_ann = store.effort_report([1, 2], actor=person(store, "ann"))
    assert [r.name for r in as_ann.reviewers] == ["ann"] and as_ann.seconds == [30.0, 60.0, 0.0]
    as_vic = store.effort_report([1, 2], actor=person(store, "vic"))
    assert as_vic.reviewers == [] and as_vic.seconds is None
    assert as_vic.overall == as_ann.overall  # the measures of the text are not private


def test_ape_triplets_as_jsonl_and_spreadsheet_safe_tsv(reviewed: tuple[Store, list[int], list[int]],
                                                       tmp_path: Path) -> None:
    store, _d1, _d2 = reviewed
    rows = [json.loads(line) for line in store.ape_bytes([1, 2], "jsonl").decode().splitlines()]
    assert rows[0] == {"document": "d1", "segment": 1, "system": "sysA", "src": "Кошка сидит.",
                       "mt": "The cat sits on the mat.", "pe": "The cat sat on the mat."}
    assert len(rows) == 3
    tsv = store.ape_bytes([1, 2], "tsv").decode().splitlines()
    assert tsv[0] == "document\tsegment\tsystem\tsrc\tmt\tpe"
    assert tsv[3].split("\t")[4:] == ['"\'=HYPERLINK(""x"") hello there."', '"\'=HYPERLINK(""x"") hello."']
    assert store.write_ape([1, 2], "tsv", tmp_path / "ape.tsv") == 3


def test_qe_files_of_the_post_edits(reviewed: tuple[Store, list[int], list[int]], tmp_path: Path) -> None:
    store, _d1, _d2 = reviewed
    assert store.write_qe([1, 2], tmp_path / "qe", "train") == 3
    read = {s: (tmp_path / "qe" / f"train.{s}").read_text(encoding="utf-8").splitlines()
            for s in ("src", "mt", "pe", "hter", "tags")}
    assert read["src"] == ["Кошка сидит.", "Был день.", "Привет."]
    assert read["pe"][0] == "The cat sat on the mat."
    assert read["hter"][1] == "0.000000"
    assert read["tags"][0] == "OK OK OK OK OK BAD OK OK OK OK OK OK OK"


def test_the_export_command_writes_them(reviewed: tuple[Store, list[int], list[int]], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    store, _d1, _d2 = reviewed
    db = store.url
    store.close()
    out = tmp_path / "ape.jsonl"
    assert main(["export", "--db", db, "--project", "P", "--ape", "jsonl", "-o", str(out)]) == 0
    assert "wrote 3 APE triplets of 2 document(s)" in capsys.readouterr().out
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert main(["export", "--db", db, "--project", "P", "--document", "d2", "--qe", str(tmp_path / "qe")]) == 0
    assert "wrote 1 post-edited segment(s) of 1 document(s)" in capsys.readouterr().out
    assert (tmp_path / "qe" / "qe.tags").read_text(encoding="utf-8").count("\n") == 1
    for argv, needle in (
        (["--qe", str(tmp_path / "q2"), "--report", "tsv"], "--qe writes its own files"),
        (["--ape", "tsv", "--report", "tsv", "-o", str(tmp_path / "x.tsv")], "choose one of"),
        (["--qe", str(tmp_path / "q3"), "--qe-name", "../up"], "is not a plain file name stem"),
    ):
        assert main(["export", "--db", db, "--project", "P", *argv]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and needle in err, err
    assert not (tmp_path / "q2").exists() and not (tmp_path / "q3").exists() and not (tmp_path / "x.tsv").exists()


def test_a_reviewers_gaps_run_across_documents(reviewed: tuple[Store, list[int], list[int]], clock: Clock) -> None:
    store, d1, d2 = reviewed
    ann = person(store, "ann")
    store.set_status(d2[0], "accepted", actor=clock.then(2000, ann))  # after an idle gap: no time
    store.set_status(d1[3], "accepted", actor=clock.then(2040, ann))  # 40 s since her action in d2
    store.add_comment(d2[0], "fine", actor=clock.then(2050, ann))  # 10 s on d2[0]
    only_d1 = store.effort_report([1], actor=OP)
    assert only_d1.seconds == [30.0, 60.0, 40.0]
    assert [(r.name, r.seconds) for r in only_d1.reviewers] == [("ann", 130.0)]
    only_d2 = store.effort_report([2], actor=OP)
    assert only_d2.seconds == [85.0]
    assert [(r.name, r.seconds) for r in only_d2.reviewers] == [("ann", 10.0), ("bob", 75.0)]
