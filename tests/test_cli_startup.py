"""Start-up: the CLI imports only the command it runs (what is imported is checked, never how long it takes)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from review_app.cli import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "alembic", "streamlit", "sacrebleu", "numpy", "wordfreq", "py3langid", "dask")


def _modules_after(argv: list[str]) -> set[str]:
    """The modules loaded by ``review_app.cli.main(argv)`` in a fresh interpreter."""
    code = ("import contextlib, io, json, sys\nfrom review_app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    main({argv!r})\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def _tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_command(flag: str) -> None:
    loaded = _modules_after([flag])
    assert not _tops(loaded) & set(HEAVY)
    assert not {m for m in loaded if m.startswith("review_app.cli.") and m.endswith("_cmd")}
    assert not {m for m in loaded if m.split(".")[:2] in (["review_app", "store"], ["review_app", "scoring"])}


def test_check_imports_neither_the_store_nor_sacrebleu(tmp_path: Path) -> None:
    text = tmp_path / "mt.txt"
    text.write_text("The cat sat on the mat.\nIt was a  good day.\n" * 5, encoding="utf-8")
    loaded = _modules_after(["check", str(text), "--lang", "en", "-o", str(tmp_path / "out.jsonl")])
    assert "review_app.cli.check_cmd" in loaded and (tmp_path / "out.jsonl").exists()
    assert not _tops(loaded) & {"sqlalchemy", "alembic", "streamlit", "sacrebleu", "dask"}
    commands = {m for m in loaded if m.startswith("review_app.cli.") and m.endswith("_cmd")}
    assert commands == {"review_app.cli.check_cmd"}


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_the_command_table_is_every_command_with_its_own_help() -> None:
    """COMMANDS (what --help lists without importing the commands) says what each command's module says."""
    full = _subparsers(build_parser())
    registered = {action.dest: action.help for action in full._choices_actions}
    assert list(registered) == list(COMMANDS)
    assert registered == {name: help_text for name, (_module, help_text) in COMMANDS.items()}
    assert build_parser([]).format_help() == build_parser().format_help()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_parses_as_in_the_full_parser(name: str) -> None:
    lazy = _subparsers(build_parser([name])).choices[name]
    assert lazy.format_help() == _subparsers(build_parser()).choices[name].format_help()  # not the listing's stub


def test_qa_without_a_database_imports_no_store(tmp_path: Path) -> None:
    """The run history's store (SQLAlchemy, Alembic, argon2) is imported by ``qa --db`` only."""
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_text("The cat sat on the mat.\nIt was a good day.\n", encoding="utf-8")
    ref.write_text("The cat sat on a mat.\nIt was a good day.\n", encoding="utf-8")
    loaded = _modules_after(["qa", "--mt", str(mt), "--ref", str(ref), "--segmented", "--lang", "en",
                             "--out", str(tmp_path / "out")])
    assert (tmp_path / "out" / "summary.json").exists()
    assert not _tops(loaded) & {"sqlalchemy", "alembic", "argon2", "streamlit"}
    assert not {m for m in loaded if m.startswith("review_app.store")}


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("3", "3")])
def test_the_commands_run_with_one_blas_thread_unless_told(given: str | None, expected: str) -> None:
    """numpy's OpenBLAS threads spin between the commands' small matrix products: one, unless set."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = ("import contextlib, io, os\nfrom review_app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--version'])\n"
            "import numpy\nprint(os.environ['OPENBLAS_NUM_THREADS'])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    assert done.stdout.split() == [expected]
