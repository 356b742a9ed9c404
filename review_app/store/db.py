"""Where the review database lives and how to open it: a SQLite file by default, any SQLAlchemy URL.

``REVIEW_APP_DB`` (or an explicit argument) holds a file path or a database URL
(``postgresql+psycopg://…``). Nothing here creates a folder; whether a missing SQLite file may be
created is the caller's choice (:func:`check_location`: only the quick start and ``db init`` may).
SQLite files are opened with write-ahead logging (readers never block the writer, a crash never
leaves a half-written page), foreign keys enforced and a busy timeout so that two app processes
writing at once wait for each other instead of failing.
A write transaction on SQLite starts with ``BEGIN IMMEDIATE`` (connections whose execution
options hold ``WRITE_OPTION``): it takes the write lock before it reads, so two writers queue
instead of the later one failing with "database is locked" when it upgrades a stale read. Within
one process, write transactions on the same SQLite file also take a shared in-process lock first
(:func:`write_queue`): threads then queue in order instead of racing in SQLite's busy handler, where
an unlucky writer can starve past the busy timeout.

Every wait for a lock is bounded by ``BUSY_TIMEOUT_MS``: SQLite's busy timeout, the in-process queue,
and PostgreSQL's ``lock_timeout`` (row locks). A wait that runs out is a driver error that
:func:`is_busy` recognises; the store turns it into :class:`~review_app.store.records.BusyError`
("the database is busy with another change; try again"), never a raw exception.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from review_app.settings import DB, mask_password
from review_app.store.records import BusyError, StoreError

ENV_VAR = DB.name
BUSY_TIMEOUT_MS = 15_000
POLL_MS = 5  # a writer waiting for another process's lock looks again this often (see ``_sqlite_begin``)
WRITE_OPTION = "review_app_write"
_WRITE_QUEUES: dict[str, WriteQueue] = {}
_QUEUES_GUARD = threading.Lock()
# A lock another connection held too long: SQLite's SQLITE_BUSY and SQLITE_LOCKED (the low byte of an
# extended code); PostgreSQL's serialization_failure, deadlock_detected and lock_not_available (lock_timeout).
_SQLITE_BUSY_CODES = frozenset({5, 6})
_PG_BUSY_STATES = frozenset({"40001", "40P01", "55P03"})


def describe_url(url: str) -> str:
    """The URL for display: the file path for SQLite, the URL with its password masked otherwise."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return mask_password(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return mask_password(url)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for an in-memory database or a database server."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_location(url: str, *, create: bool) -> None:
    """Refuse (StoreError, naming the path) a SQLite file that cannot be opened as asked.

    Its folder must exist (a missing folder is never created: it is a typo more often than not); without
    ``create`` the file must exist and be a SQLite database (SQLite would otherwise create it, or write
    into an empty or foreign file). A server database is checked when connecting.
    """
    path = sqlite_file(url)
    if path is None:
        return
    hint = f"create a new database with: review-app db init --db '{path}'"
    if not path.parent.is_dir():
        raise StoreError(f"no folder {path.parent} for the database {path}: check the path, or make the folder "
                         f"and {hint}")
    if not path.exists():
        if create:
            return
        raise StoreError(f"no database file {path}: check the path, or {hint}")
    if path.is_dir():
        raise StoreError(f"the database {path} is a folder: give the database file")
    empty = path.stat().st_size == 0
    if create and empty:
        return  # an empty file (made with touch) becomes the new database
    if empty:
        raise StoreError(f"the database {path} is an empty file: check the path, or {hint}")
    # A database SQLite wrote is at least one page (512 bytes or more); SQLite reads a shorter file as an
    # empty database and would write its schema over it.
    if path.stat().st_size < 512 or not _is_sqlite(path):
        raise StoreError(f"the database {path} is not a SQLite database: check the path")


def _is_sqlite(path: Path) -> bool:
    """Whether SQLite reads ``path`` as a database. Asked of SQLite, never by opening the file ourselves:
    closing any descriptor of a file drops every POSIX lock this process holds on it, so a plain
    ``open()``/``close()`` beside the process's own SQLite connections would leave them unlocked and let
    another process checkpoint their WAL away (writes seen as saved, then lost)."""
    try:
        probe = sqlite3.connect(f"file:{urllib.parse.quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        probe.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        probe.close()
    return True


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite files: WAL, foreign keys, busy timeout (nothing is created yet)."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql" and "options" not in parsed.query:
        # A row lock held by another transaction is waited for as long as SQLite's busy timeout, not forever.
        kwargs["connect_args"] = {"options": f"-c lock_timeout={BUSY_TIMEOUT_MS}"}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


class WriteQueue:
    """The in-process queue of one SQLite file's write transactions (reentrant, like the lock it wraps)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the queue for one transaction; :class:`BusyError` after ``BUSY_TIMEOUT_MS`` of waiting."""
        if not self._lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise BusyError()
        try:
            yield
        finally:
            self._lock.release()


def write_queue(url: str) -> WriteQueue | None:
    """The in-process queue of a SQLite file's write transactions (shared by every store on that file);
    None for other databases, which queue writers on row locks themselves."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    with _QUEUES_GUARD:
        return _WRITE_QUEUES.setdefault(parsed.database, WriteQueue())


def is_busy(error: BaseException | None) -> bool:
    """Whether a driver's error (a SQLAlchemy ``DBAPIError.orig``) means a lock another connection held
    outlasted the wait: SQLite's "database is locked", PostgreSQL's lock and serialization failures."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _SQLITE_BUSY_CODES
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str):
        return state in _PG_BUSY_STATES
    return "database is locked" in str(error)


def _sqlite_begin(connection: Any) -> None:
    # The driver's own transaction handling is off (isolation_level=None): SQLAlchemy's begin decides.
    if not connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN")
        return
    driver = connection.connection.driver_connection
    # SQLite's busy handler sleeps up to 100 ms between looks at a lock held by another process, so it can
    # sleep through the moment a long batch frees the lock between two chunks. Short looks instead:
    # SQLite waits at most POLL_MS each time, this loop looks again until BUSY_TIMEOUT_MS have passed.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    driver.execute(f"PRAGMA busy_timeout={min(POLL_MS, BUSY_TIMEOUT_MS)}")
    try:
        while time.monotonic() < deadline:
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    break
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the last look: its error is SQLAlchemy's, as any other
    finally:
        driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")  # ignored (stays "memory") for in-memory databases
    finally:
        cursor.close()
