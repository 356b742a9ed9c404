"""Issue 28 in the CLI and the app: a database kept busy by another writer past the lock timeout is one
clear line ("the database is busy with another change; try again"), never a traceback, and what the
reviewer typed or previewed is kept for the next try; a batch that left a segment someone saved
meanwhile says so."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from review_app.cli import main
from review_app.review.demo import DEMO_PROJECT
from review_app.store import Store, batch
from review_app.store import db as store_db
from tests.browser_helpers import app_test
from tests.locks import sqlite_write_lock
from tests.people import OP, person

BUSY = "the database is busy with another change; try again"


@pytest.fixture(autouse=True)
def _short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)  # the wait for the lock: 0.2 s instead of 15 s


def test_a_cli_write_on_a_busy_database_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    assert main(["db", "init", "--db", str(db)]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    with sqlite_write_lock(db):
        assert main(["users", "add", "ada", "--role", "admin", "--password-stdin", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err == f"review_app: error: ada: {BUSY}\n"
    assert Store(str(db)).users() == []  # nothing written
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["users", "add", "ada", "--role", "admin", "--password-stdin", "--db", str(db)]) == 0


def _segment(app_db: Path, search: str) -> int:
    store = Store(str(app_db))
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    return next(r.id for r in store.segment_page(store.documents(project.id)[0].id, limit=100).rows if search in r.mt)


def test_a_save_on_a_busy_database_is_one_line_and_the_text_is_kept(app_db: Path) -> None:
    at = app_test("main", app_db)  # the whole app: the page's safety net saves typed text too
    at.text_input(key="f_text").input("opening of navigation").run()
    segment_id = _segment(app_db, "opening of navigation")
    with sqlite_write_lock(app_db):
        at.text_area(key=f"editor-{segment_id}").input("Ann's version.").run()
    assert not at.exception, [e.value for e in at.exception]
    # One message, with the true reason (not "someone saved the segment"), and no conflict view.
    assert [m.value for m in at.error] == [f"Segment 20: {BUSY}"] and not at.warning
    assert at.text_area(key=f"editor-{segment_id}").value == "Ann's version."  # kept for the next try
    at.button(key=f"save-{segment_id}").click().run()
    assert Store(str(app_db)).segment_detail(segment_id).segment.corrected == "Ann's version."
    assert not at.error and [m.value for m in at.success] == ["Segment 20: saved the corrected text"]


def test_a_batch_on_a_busy_database_is_one_line_and_the_preview_stays(app_db: Path) -> None:
    at = app_test("findings", app_db)
    at.multiselect(key="findings_checks").select("chrome").run()
    at.button(key="findings-plan-chrome").click().run()
    with sqlite_write_lock(app_db):
        at.button(key="findings-apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.error] == [BUSY]
    at.button(key="findings-apply").click().run()  # the preview is still there: a second click applies it
    assert "Applied the chrome fixes in 10 segments: one batch, one undo" in [m.value for m in at.success]


def test_signing_in_and_out_on_a_busy_database_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from review_app.store import accounts

    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    db = tmp_path / "team.db"
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    Store(str(db)).add_user("ada", "admin", password="ada-password", actor=OP)
    at = app_test("main", db, reviewer=None)
    at.text_input(key="login_name").input("ada")
    at.text_input(key="login_password").input("ada-password")
    with sqlite_write_lock(db):  # signing in writes (the failed-attempts count, the session)
        at.button[0].click().run()
    assert not at.exception and at.title[0].value == "Sign in" and at.error[0].value == BUSY
    at.text_input(key="login_password").input("ada-password")
    at.button[0].click().run()
    assert not at.exception and at.title[0].value == "Review"
    with sqlite_write_lock(db):  # signing out revokes the session: not done, and said so
        at.sidebar.button(key="sign_out").click().run()
    assert not at.exception and at.title[0].value == "Review"
    assert [e.value for e in at.sidebar.error] == [f"Not signed out: {BUSY}"]
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == "Sign in"


def test_the_preview_warns_about_a_segment_saved_while_its_batch_ran(app_db: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Bob saves a segment of the batch after the preview's check, before its chunk is written (here:
    # while the batch scores its texts, outside the lock): his text stays, and the reviewer is told.
    at = app_test("findings", app_db)
    at.multiselect(key="findings_checks").select("chrome").run()
    at.button(key="findings-plan-chrome").click().run()
    second = _segment(app_db, "Advertisement")
    real = batch.corrected_scores

    def bob_saves_meanwhile(texts: Any) -> Any:
        Store(str(app_db)).edit_corrected(second, "Bob's line.", actor=person(Store(str(app_db)), "bob"))
        return real(texts)

    monkeypatch.setattr(batch, "corrected_scores", bob_saves_meanwhile)
    at.button(key="findings-apply").click().run()
    assert not at.exception and not at.error and not at.success
    assert [m.value for m in at.warning] == [
        "Applied the chrome fixes in 9 segments: one batch, one undo; 1 segment changed meanwhile was left as "
        "saved: 2 (by bob)"]
    assert Store(str(app_db)).segment_detail(second).segment.corrected == "Bob's line."
    assert at.button(key="findings-undo").label == "↶ Undo it in all 9 segments"
