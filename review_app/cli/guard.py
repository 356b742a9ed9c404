"""The one output guard of the CLI: each command declares its files, ``main`` checks them first.

A command states which of its options are inputs, file outputs, output folders and the
database (:func:`declare_files`); before the command runs, :func:`check_files` refuses any
output that would overwrite an input, the database or another output (see
:func:`review_app.output.guard_outputs`), so no command can destroy what it reads.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from review_app.errors import InputError
from review_app.output import guard_outputs
from review_app.settings import DB, DEFAULT_DB, resolve_db_url


@dataclass(frozen=True, slots=True)
class Files:
    """Which destinations of a parsed command hold inputs, outputs, output folders and the database."""

    inputs: tuple[str, ...] = ()
    outputs: tuple[tuple[str, str], ...] = ()  # (dest, flag as the user typed it)
    folders: tuple[str, ...] = ()
    database: str | None = None


def declare_files(parser: argparse.ArgumentParser, files: Files) -> None:
    """Attach the command's file roles to its parser (read back by :func:`check_files`)."""
    parser.set_defaults(files=files)


def database_path(value: str | None) -> Path | None:
    """The SQLite file a ``--db`` value names (``None`` for a server database); a bad URL is refused."""
    raw = os.fspath(value) if value else DB.value() or DEFAULT_DB
    if "://" not in raw:  # a file path: SQLAlchemy is not imported (every command checks the app's database)
        resolved = resolve_db_url(raw)
        if not {"?", "%"} & set(resolved):  # else SQLAlchemy reads the path its own way (a query, %-escapes)
            return Path(resolved.removeprefix("sqlite:///"))
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(resolve_db_url(value))
    except ArgumentError as exc:
        raise InputError("--db", f"not a database file or SQLAlchemy URL: {exc}") from None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _paths(args: argparse.Namespace, dests: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for dest in dests:
        value = getattr(args, dest, None)
        if isinstance(value, list | tuple):
            found += [str(v) for v in value if v is not None]
        elif value is not None:
            found.append(str(value))
    return found


def check_files(args: argparse.Namespace) -> None:
    """Refuse the run (InputError) when an output of ``args`` would overwrite an input or the database."""
    files: Files | None = getattr(args, "files", None)
    if files is None:
        return
    if files.database:
        database = database_path(getattr(args, files.database, None))
    else:  # the database the app would open is protected from every command
        try:
            database = database_path(None)
        except InputError:
            database = None
    guard_outputs(
        [(flag, getattr(args, dest, None)) for dest, flag in files.outputs],
        _paths(args, files.inputs),
        database=database,
        folders=_paths(args, files.folders),
    )
