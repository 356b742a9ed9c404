"""The Post-editing page in process (AppTest): bands, word-weighted HTER and edit rate, words per hour per
document, MT system and reviewer, the charts, who sees whose time, and the spreadsheet-safe download."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from review_app.app.components.effort_tables import segments_sheet
from review_app.effort import hters
from review_app.model import AlignedSegment
from review_app.store import Store, User
from review_app.store import actions as actions_module
from tests.browser_helpers import app_test
from tests.people import OP, person

T0 = datetime(2026, 3, 2, 9, 0, 0)
D1 = [("Кошка сидит.", "The cat sits on the mat."), ("Был день.", "It was a sunny day."),
      ("Мы пошли.", "We went home."), ("Конец.", "The end.")]
D2 = [("Привет.", "=HYPERLINK(\"x\") hello there."), ("Пока.", "Bye now.")]
SYS_A, SYS_B = "<b>sysA</b>", "sysB"


def _document(store: Store, project_id: int, name: str, system: str, rows: list[tuple[str, str]]) -> list[int]:
    segments = [AlignedSegment(mt=mt, ref=mt, src=src, mt_ids=[i], ref_ids=[i]) for i, (src, mt) in enumerate(rows)]
    document = store.add_document(project_id, name, segments, system=system, actor=OP)
    store.assign(document.id, "Ann", actor=OP)
    store.assign(document.id, "Bob", actor=OP)
    return [r.id for r in store.segment_page(document.id, limit=10).rows]


@pytest.fixture
def effort_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two documents of two MT systems post-edited by Ann and Bob at fixed times (as tests/test_store_effort.py)."""
    path = tmp_path / "effort.db"
    store = Store(str(path), create=True)
    ann, bob = person(store, "Ann", "reviewer"), person(store, "Bob", "reviewer")
    person(store, "Boss", "admin")
    person(store, "Vic", "viewer")
    now = [T0]
    monkeypatch.setattr(actions_module, "utcnow", lambda: now[0])

    def at(seconds: float, user: User) -> User:
        now[0] = T0 + timedelta(seconds=seconds)
        return user

    project = store.create_project("P", "ru", "en", actor=OP)
    d1 = _document(store, project.id, "d1", SYS_A, D1)
    d2 = _document(store, project.id, "d2", SYS_B, D2)
    store.edit_corrected(d1[0], "The cat sat on the mat.", actor=at(0, ann))  # session start: no time
    store.set_status(d1[0], "corrected", actor=at(30, ann))  # 30 s on d1[0]
    store.set_status(d1[1], "accepted", actor=at(90, ann))  # 60 s on d1[1]
    store.edit_corrected(d2[0], "=HYPERLINK(\"x\") hello.", actor=at(100, bob))
    store.set_status(d2[0], "corrected", actor=at(160, bob))  # 60 s
    store.close()
    monkeypatch.setenv("REVIEW_APP_DB", str(path))
    return path


def _frames(at: Any) -> dict[str, Any]:
    """The page's tables by the subheader above them (the first column's name tells them apart)."""
    return {df.value.columns[0]: df.value for df in at.dataframe}


def _metrics(at: Any) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_admin_sees_every_group_and_everyone_s_speed(effort_db: Path) -> None:
    at = app_test("post_editing", effort_db, reviewer="Boss")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Post-editing"
    at.radio(key="effort_scope").set_value("project").run()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Post-edited segments"] == "3" and metrics["Accepted as is"] == "33.3%"
    words = [6, 5, 3]  # MT words of d1[0], d1[1], d2[0]
    hter = hters(["The cat sits on the mat.", "It was a sunny day.", "=HYPERLINK(\"x\") hello there."],
                 ["The cat sat on the mat.", "It was a sunny day.", "=HYPERLINK(\"x\") hello."])
    mean = sum(h * w for h, w in zip(hter, words, strict=True)) / sum(words)
    assert metrics["HTER (mean)"] == f"{mean:.3f}"
    assert metrics["Words per hour"] == f"{3600 * 14 / 150:.0f}"  # 14 words in 30 + 60 + 60 s
    frames = _frames(at)
    bands = frames["band"].set_index("band")
    assert bands.loc["100%", "segments"] == 1 and bands["segments"].sum() == 3 and bands["MT words"].sum() == 14
    systems = frames["MT system"].set_index("MT system")
    assert list(systems.index) == [SYS_A, SYS_B]  # as typed, in a table: never rendered as markup
    assert systems.loc[SYS_A, "words per hour"] == pytest.approx(3600 * 11 / 90)
    assert systems.loc[SYS_B, "HTER mean"] == pytest.approx(hter[2])
    assert frames["document"].set_index("document").loc["d2", "hours"] == pytest.approx(round(60 / 3600, 2))
    reviewers = frames["reviewer"].set_index("reviewer")
    assert list(reviewers.index) == ["Ann", "Bob"]
    assert reviewers.loc["Ann", "words per hour"] == pytest.approx(3600 * 11 / 90)
    assert reviewers.loc["Bob", "words per hour"] == pytest.approx(3600 * 3 / 60)
    specs = [json.dumps(json.loads(c.proto.spec)) for c in at.get("vega_lite_chart")]
    assert len(specs) == 2 and "similarity of the MT to its post-edit" in specs[0] and SYS_A in specs[0]
    assert "MT words per hour" in specs[1]
    # the scope's label names the document escaped (labels render Markdown)
    assert not any("<b>" in c.value for c in at.caption)


def test_a_reviewer_sees_their_own_time_a_viewer_none(effort_db: Path) -> None:
    at = app_test("post_editing", effort_db, reviewer="Bob", role="reviewer")
    at.radio(key="effort_scope").set_value("project").run()
    assert not at.exception
    frames = _frames(at)
    assert list(frames["reviewer"]["reviewer"]) == ["Bob"]
    # Ann's time is not Bob's to see: sysA, which only Ann worked on, has no time for him
    assert pd.isna(frames["MT system"].set_index("MT system").loc[SYS_A, "hours"])
    assert _metrics(at)["Words per hour"] == f"{3600 * 3 / 60:.0f}"
    at = app_test("post_editing", effort_db, reviewer="Vic", role="viewer")
    at.radio(key="effort_scope").set_value("project").run()
    assert not at.exception
    frames = _frames(at)
    assert "reviewer" not in frames and "hours" not in frames["document"].columns
    assert "Words per hour" not in _metrics(at) and _metrics(at)["Post-edited segments"] == "3"


def test_the_download_is_spreadsheet_safe(effort_db: Path) -> None:
    store = Store(str(effort_db))
    report = store.effort_report([d.id for d in store.documents(1)], actor=person(store, "Boss"))
    for delimiter in ("\t", ","):
        rows = list(csv.reader(io.StringIO(segments_sheet(report, delimiter)), delimiter=delimiter))
        assert rows[0][:3] == ["document", "segment", "system"] and len(rows) == 4
        assert rows[3][12].startswith("'=HYPERLINK") and rows[3][13].startswith("'=HYPERLINK")
        assert rows[1][10] == "30.0" and rows[1][9] == "no" and rows[2][9] == "yes"
    store.close()


def test_the_demo_before_any_post_edit(app_db: Path) -> None:
    at = app_test("post_editing", app_db, reviewer=None)  # the demo login: no account in the database
    assert not at.exception, [e.value for e in at.exception]
    assert any("No post-edits yet" in i.value for i in at.info) and not at.dataframe


def test_the_sheet_is_built_when_downloaded_not_in_every_run(effort_db: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """Every segment's row of a whole project is megabytes: the page's runs do not build it, the click does."""
    from review_app.app.components import effort_tables

    built: list[str] = []
    monkeypatch.setattr(effort_tables, "segments_sheet", lambda report, delimiter: built.append(delimiter) or "")
    at = app_test("post_editing", effort_db, reviewer="Boss")
    at.run()
    assert not at.exception and at.download_button and built == []
