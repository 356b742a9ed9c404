"""``review-app projects`` and ``documents``: list, rename, archive, restore; refusals are one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.cli import main
from review_app.store import Store
from tests.browser_helpers import demo_db

DEMO = "Demo: Starorechensk river terminal"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(demo_db(tmp_path / "review.db"))


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out


def test_rename_archive_and_restore_from_the_command_line(db: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["projects", "list", "--db", db]) == 0
    assert _out(capsys).split("\t")[:3] == [DEMO, "ru->en", "1 document(s)"]
    assert main(["projects", "rename", DEMO, "River terminal", "--db", db]) == 0
    assert _out(capsys) == f"renamed project {DEMO!r} to 'River terminal'\n"
    assert main(["documents", "rename", "--project", "River terminal", "river-terminal-reopens", "reopening",
                 "--db", db]) == 0
    assert main(["documents", "archive", "--project", "River terminal", "reopening", "--db", db]) == 0
    capsys.readouterr()
    assert main(["documents", "list", "--project", "River terminal", "--db", db]) == 0
    assert _out(capsys) == "no documents in project 'River terminal'\n"
    assert main(["documents", "list", "--archived", "--project", "River terminal", "--db", db]) == 0
    line = _out(capsys)
    assert line.startswith("reopening\tYandex Translator (web page)\t48 segments\tarchived ")
    assert " by operator (" in line
    out = tmp_path / "corpus.tsv"
    assert main(["export", "--db", db, "--project", "River terminal", "--document", "reopening",
                 "-o", str(out)]) == 2
    assert "has no document named 'reopening' (it is archived: restore it first)" in capsys.readouterr().err
    assert main(["documents", "restore", "--project", "River terminal", "reopening", "--db", db]) == 0
    assert main(["projects", "archive", "River terminal", "--db", db]) == 0
    assert "review-app projects restore 'River terminal'" in _out(capsys)
    assert main(["projects", "list", "--db", db]) == 0
    assert _out(capsys).startswith("no projects in ")
    assert main(["export", "--db", db, "--project", "River terminal", "-o", str(out)]) == 2
    assert "project 'River terminal' is archived: restore it first" in capsys.readouterr().err
    assert main(["projects", "restore", "River terminal", "--db", db]) == 0
    assert main(["export", "--db", db, "--project", "River terminal", "-o", str(out)]) == 0
    store = Store(db)
    assert [d.name for d in store.documents(store.projects()[0].id)] == ["reopening"]
    kinds = [e.kind for e in store.events(limit=6)]
    assert kinds == ["restore-project", "archive-project", "restore-document", "archive-document", "rename-document",
                     "rename-project"]
    assert all(e.actor.startswith("operator (") for e in store.events(limit=6))


@pytest.mark.parametrize(("argv", "message"), [
    (["projects", "rename", "Nope", "X"], "no project named 'Nope'"),
    (["projects", "rename", DEMO, "  "], "the project needs a name"),
    (["projects", "restore", DEMO], f"project {DEMO!r} is not archived"),
    (["documents", "archive", "--project", DEMO, "missing"], "has no document named 'missing'"),
    (["documents", "archive", "--project", "Nope", "x"], "--project: no project named 'Nope'"),
])
def test_refusals_are_one_line(db: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--db", db]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_name_clash_is_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(db)
    store.create_project("Other", "de", "en", actor=store.demo_user())
    assert main(["projects", "rename", "Other", DEMO, "--db", db]) == 2
    assert f"a project named {DEMO!r} already exists: choose another name" in capsys.readouterr().err
    assert Store(db).project_by_name("Other") is not None
