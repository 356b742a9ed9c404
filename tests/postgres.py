"""A throwaway PostgreSQL server for tests and the load test: Debian's binaries, a temp folder, loopback.

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` system
user (commands run through ``runuser``). The server listens on 127.0.0.1 on a free port, with
its socket in the cluster folder and a random password (scram-sha-256), and is stopped and
deleted afterwards. Fixtures: ``pg_cluster`` (one per test session) and ``db_url`` (each test
gets a fresh database; parametrised over SQLite and PostgreSQL).
"""

from __future__ import annotations

import glob
import importlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from review_app.store import Store
from tests import watchdog

# The longest a test server may live even if its owner never ends (CI allows 90 minutes).
MAX_LIFETIME_S = 2 * 3600

SKIP_HINT = "PostgreSQL is not installed (apt-get install postgresql; ./scripts/install.sh --dev does it as root)"


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (Debian keeps them out of PATH), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """One running server; :meth:`create_database` hands out fresh databases, :meth:`stop` removes it all."""

    user = "review_app"

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="review_app_pg_"))
        self.password = secrets.token_urlsafe(18)
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        self._counter = 0
        self.root.chmod(0o700)
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if self._as_postgres:
            shutil.chown(pwfile, "postgres", "postgres")
        try:
            self._run("initdb", "-D", str(self.root / "data"), "-U", self.user, "--auth=scram-sha-256",
                      f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
            pwfile.unlink()
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} "
                       "-c fsync=off -c max_connections=100")
            self._run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"), "-o", options,
                      "-w", "-t", "60", "start")
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        self._watch()

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bindir / program), *args]
        return ["runuser", "-u", "postgres", "--", *command] if self._as_postgres else command

    def _watch(self) -> None:
        """A detached watchdog stops the server if this process dies without calling :meth:`stop`."""
        stop = self._command("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        self._watchdog = watchdog.start(f"path:{self.root}", stop, MAX_LIFETIME_S)

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run(self._command(program, *args), capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            log = self.root / "log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()} {detail}")

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg 3) of one database of this server."""
        return f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, password=self.password,
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self, prefix: str = "t") -> str:
        """A new, empty database; returns its URL."""
        self._counter += 1
        name = f"{prefix}_{self._counter}_{secrets.token_hex(3)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`create_database`, closing its remaining connections."""
        name = url.rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster | None:
    """A running throwaway server, or None when PostgreSQL is not installed."""
    bindir = find_bindir()
    return Cluster(bindir) if bindir else None


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL server for the whole test session (skips when PostgreSQL is not installed)."""
    cluster = start_cluster()
    if cluster is None:
        pytest.skip(SKIP_HINT)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, then a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'review.db'}"
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    try:
        yield url
    finally:
        cluster.drop_database(url)


@pytest.fixture
def store(db_url: str) -> Store:
    """A store on a fresh database: SQLite, then PostgreSQL (a test module may define its own)."""
    return Store(db_url)


def overlapping(store: Store, monkeypatch: pytest.MonkeyPatch, hold: str, first: Callable[[], object],
                second: Callable[[], object]) -> bool:
    """Run ``first`` in a thread until it calls the function at the dotted path ``hold`` (inside its write
    transaction), then ``second`` in another thread; let ``first`` go on once ``second`` waits for a lock on the
    PostgreSQL server (or has ended). Returns whether ``second`` waited: two transactions that overlapped."""
    module, name = hold.rsplit(".", 1)
    held: Callable[..., object] = getattr(importlib.import_module(module), name)
    inside, release = threading.Event(), threading.Event()

    def held_open(*args: object, **kwargs: object) -> object:
        if not inside.is_set():  # the first transaction, open, holding what it holds
            inside.set()
            assert release.wait(120)
        return held(*args, **kwargs)

    monkeypatch.setattr(hold, held_open)
    errors: list[BaseException] = []

    def run(work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as error:  # raised again in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(first,))]
    threads[0].start()
    assert inside.wait(120)
    threads.append(threading.Thread(target=run, args=(second,)))
    threads[1].start()
    deadline = time.monotonic() + 120  # the bound of a wait that must come; no duration is asserted
    while not (waited := _waiting_for_a_lock(store)) and threads[1].is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(120)
    if errors:
        raise errors[0]
    return waited


def _waiting_for_a_lock(store: Store) -> bool:
    with store._read() as session:
        return bool(session.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")))
