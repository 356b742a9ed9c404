"""Another connection holding a SQLite file's write lock, for the tests of a busy database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def sqlite_write_lock(path: str | Path) -> Iterator[None]:
    """Another process's write transaction on the SQLite file (``BEGIN IMMEDIATE``), for as long as the block runs."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()
