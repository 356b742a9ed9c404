"""Which database every command and the app open: only ``db init`` and the quick start create one, and every
refusal is one line naming the path or the URL, its password masked (the commands are read from the parsers).
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from review_app.cli import build_parser, main, serve_cmd
from review_app.settings import DB, mask_password
from review_app.store import Store
from tests.postgres import Cluster

PACKAGE = Path(__file__).resolve().parent.parent / "review_app"
SECRET = "s3cr@t:pw"  # an @ and a colon: masking must not stop at the first one
QUOTED = "s3cr%40t%3Apw"  # as a URL holds it
# What a command needs besides its required options to reach the database (qa: a pair of files and a run name;
# export: one of its required -o/--qe).
EXTRA = {("qa",): ["--ref", "{ref}", "--run-name", "release-1"], ("export",): ["-o", "{output}"]}


def _db_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
                ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        if any("--db" in a.option_strings for a in parser._actions):
            yield path, parser
        return
    for name, child in subs[0].choices.items():
        yield from _db_parsers(child, (*path, name))


DB_COMMANDS = dict(_db_parsers(build_parser()))
# Commands whose --db falls back to $REVIEW_APP_DB (qa's --db only names where to record a run).
ENV_COMMANDS = [path for path, parser in DB_COMMANDS.items()
                if any("--db" in a.option_strings and DB.name in (a.help or "") for a in parser._actions)]


def _argv(path: tuple[str, ...], folder: Path) -> list[str]:
    """The command with its required arguments (inputs that exist, outputs that do not), without --db."""
    folder.mkdir(exist_ok=True)
    files = {"mt": "The cat sat on the mat.\n", "ref": "The cat sat on a mat.\n"}
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    values = {"mt": str(folder / "mt.txt"), "ref": str(folder / "ref.txt"), "out": str(folder / "report"),
              "output": str(folder / "out.tsv")}
    argv = list(path)
    for action in DB_COMMANDS[path]._actions:
        if isinstance(action, argparse._HelpAction) or not (action.required or not action.option_strings):
            continue
        value = str(next(iter(action.choices)) if action.choices else values.get(action.dest, "name"))
        argv += [action.option_strings[0], value] if action.option_strings else [value]
    return argv + [arg.format(**values) for arg in EXTRA.get(path, [])]


@pytest.fixture(autouse=True)
def _no_streamlit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: pytest.fail("Streamlit started"))
    monkeypatch.delenv(DB.name, raising=False)


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], *needles: str) -> str:
    assert main(argv) == 2, argv
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert SECRET not in out + err and QUOTED not in out + err and "cr@t" not in err, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_the_commands_are_found() -> None:
    # The parametrisations below run over these; a new command with --db joins them by itself.
    assert {("db", "init"), ("db", "status"), ("db", "upgrade"), ("users", "add"), ("projects", "list"),
            ("documents", "archive"), ("export",), ("serve",), ("qa",)} <= set(DB_COMMANDS)
    assert ("qa",) not in ENV_COMMANDS and ("serve",) in ENV_COMMANDS


@pytest.mark.parametrize("path", list(DB_COMMANDS), ids=" ".join)
@pytest.mark.parametrize("url", [f"nosuchdialect://ann:{SECRET}@h/db", f"postgresql+nosuchdriver://ann:{SECRET}@h/db",
                                 f"postgresql:/ann:{SECRET}@h/db", f"postgresql://ann:{SECRET}@h:port/db"])
def test_an_unknown_or_malformed_url_is_one_line_with_the_password_masked(
        path: tuple[str, ...], url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(path, tmp_path / "in")
    before = _files(tmp_path)
    _refused(capsys, [*argv, "--db", url], "argument --db: ", mask_password(url), "ann:***@")
    assert _files(tmp_path) == before  # nothing created


@pytest.mark.parametrize("path", ENV_COMMANDS, ids=" ".join)
def test_the_same_holds_for_the_environment_variable(path: tuple[str, ...], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(DB.name, f"nosuchdialect://ann:{SECRET}@h/db")
    _refused(capsys, _argv(path, tmp_path / "in"), f"{DB.name}: 'nosuchdialect://ann:***@h/db' is not accepted")
    monkeypatch.setenv(DB.name, str(tmp_path / "missing.db"))
    if path != ("db", "init"):
        _refused(capsys, _argv(path, tmp_path / "in"), f"${DB.name}: no database file {tmp_path / 'missing.db'}")
        assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize("path", list(DB_COMMANDS), ids=" ".join)
def test_an_empty_db_option_is_refused(path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # where the default ./review_app.db would be
    for empty in ("", "  "):
        _refused(capsys, [*_argv(path, tmp_path / "in"), "--db", empty], "argument --db: is empty")
    assert not (tmp_path / "review_app.db").exists()


@pytest.mark.parametrize("path", list(DB_COMMANDS), ids=" ".join)
def test_a_missing_file_or_folder_is_never_created(path: tuple[str, ...], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(path, tmp_path / "in")
    typo = tmp_path / "typo" / "dir" / "x.db"
    _refused(capsys, [*argv, "--db", str(typo)], f"--db: no folder {typo.parent} for the database {typo}",
             f"review-app db init --db '{typo}'")
    missing, empty, notes = tmp_path / "x.db", tmp_path / "empty.db", tmp_path / "notes.db"
    empty.touch()
    notes.write_text("my notes\n", encoding="utf-8")
    _refused(capsys, [*argv, "--db", str(notes)], f"the database {notes} is not a SQLite database")
    if path == ("db", "init"):  # the one command that creates a database: in an existing folder only
        assert main([*argv, "--db", str(missing)]) == 0 and main([*argv, "--db", str(empty)]) == 0
        assert f"{empty}: created; schema at " in capsys.readouterr().out
        _refused(capsys, [*argv, "--db", str(missing)], f"{missing} is already a review database")
        Store(str(missing), create=False).close()
    else:
        _refused(capsys, [*argv, "--db", str(missing)], f"--db: no database file {missing}: check the path, or "
                                                        f"create a new database with: review-app db init --db")
        _refused(capsys, [*argv, "--db", str(empty)], f"the database {empty} is an empty file")
        assert not missing.exists() and empty.stat().st_size == 0
    assert not (tmp_path / "typo").exists() and notes.read_text(encoding="utf-8") == "my notes\n"


@pytest.mark.parametrize("path", [p for p in ENV_COMMANDS if p != ("db", "init")], ids=" ".join)
def test_the_default_database_is_not_created_by_a_command(path: tuple[str, ...], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    argv = _argv(path, tmp_path / "in")
    if path == ("serve",):  # the quick start: the app creates ./review_app.db; serve only starts it
        launched: list[dict[str, str]] = []
        monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: launched.append(env) or 0)
        assert main(argv) == 0 and DB.name not in launched[0]
    else:
        _refused(capsys, argv, f"--db: no database file {tmp_path / 'review_app.db'}")
    assert not (tmp_path / "review_app.db").exists()


@pytest.fixture(scope="module")
def server(pg_cluster: Cluster) -> Cluster:
    return pg_cluster


@pytest.mark.parametrize("path", list(DB_COMMANDS), ids=" ".join)
def test_a_server_database_that_cannot_be_used_is_one_line_with_the_password_masked(
        path: tuple[str, ...], server: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine, inspect

    argv = _argv(path, tmp_path / "in")
    good = server.create_database()
    wrong = good.replace(f":{server.password}@", f":{QUOTED}@")
    unreachable = f"postgresql+psycopg://ann:{QUOTED}@127.0.0.1:1/review"
    try:
        for url in (wrong, unreachable):
            _refused(capsys, [*argv, "--db", url], "cannot open the database", mask_password(url))
        if path == ("db", "init"):  # creates the tables in the empty database
            assert main([*argv, "--db", good]) == 0
            assert "created; schema at" in capsys.readouterr().out
        else:  # the empty database gets no tables: db init is the one command that creates them
            err = _refused(capsys, [*argv, "--db", good], "has no review_app tables", "review-app db init --db")
            assert server.password not in err and mask_password(good) in err
            engine = create_engine(good)
            assert inspect(engine).get_table_names() == []
            engine.dispose()
    finally:
        server.drop_database(good)


def test_serve_prints_the_database_without_its_password(server: Cluster, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    url = server.create_database()
    launched: list[dict[str, str]] = []
    monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: launched.append(env) or 0)
    try:
        Store(url).close()
        assert main(["serve", "--db", url, "--port", "8765"]) == 0
        out, err = capsys.readouterr()
        assert server.password not in out + err and f"{server.user}:***@127.0.0.1" in err
        assert launched[0][DB.name] == url  # the app still gets the real URL
    finally:
        server.drop_database(url)


def test_masking_hides_the_whole_password() -> None:
    assert mask_password("postgresql+psycopg://u:p@ss:w/rd@h:5432/db") == "postgresql+psycopg://u:***@h:5432/db"
    assert mask_password("postgresql://h/db?user=u&password=pw&sslmode=require") == (
        "postgresql://h/db?user=u&password=***&sslmode=require")
    assert mask_password("postgresql://u@h/db") == "postgresql://u@h/db"
    assert mask_password("/srv/review:2/x.db") == "/srv/review:2/x.db"


def _app(monkeypatch: pytest.MonkeyPatch, value: str) -> Any:
    from streamlit.testing.v1 import AppTest

    from tests.browser_helpers import APP

    monkeypatch.setenv(DB.name, value)
    return AppTest.from_file(str(APP), default_timeout=60).run()


def test_the_app_opens_only_an_existing_database_and_masks_the_password(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.app.components.safe import md

    monkeypatch.chdir(tmp_path)
    for value, words in ((str(tmp_path / "typo" / "x.db"), f"no folder {tmp_path / 'typo'}"),
                         (str(tmp_path / "x.db"), f"no database file {tmp_path / 'x.db'}"),
                         (f"postgresql+psycopg://ann:{QUOTED}@127.0.0.1:1/review",
                          "cannot open the database postgresql+psycopg://ann:***@127.0.0.1:1/review"),
                         (f"nosuchdialect://ann:{QUOTED}@h/db", "'nosuchdialect://ann:***@h/db' is not accepted")):
        at = _app(monkeypatch, value)
        assert not at.exception and len(at.error) == 1 and not at.title, value
        assert md(words) in at.error[0].value and QUOTED not in at.error[0].value
    assert _files(tmp_path) == set()  # no folder, no database (not even the default one)


def test_the_layers_above_the_store_say_whether_they_may_create() -> None:
    # Store(url) creates a missing database (the library, tests); the CLI and the app must decide each time.
    for folder in ("cli", "app"):
        for file in (PACKAGE / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Store":
                    assert any(k.arg == "create" for k in node.keywords), f"{file}:{node.lineno}"



@pytest.mark.parametrize("url", ["postgresql://u:p@ss:word@h/db", "nosuchdialect://u:p@ss:word@h/db",
                                 "postgresql+nosuchdriver://u:p@ss:word@h/db"])
def test_the_store_itself_never_quotes_a_password(url: str) -> None:
    from review_app.store import StoreError

    with pytest.raises(StoreError) as refused:  # the library, without the CLI's parse-time check
        Store(url)
    assert "word" not in str(refused.value) and "ss" not in str(refused.value), refused.value
