"""The database schema's version: check it, upgrade it (Alembic), refuse a database we cannot serve.

Every schema change is an Alembic revision in ``store/migrations/versions``. Opening a store
brings an older database to the newest revision (unless ``REVIEW_APP_AUTO_UPGRADE=0``, then it
refuses with the command to run); a database created before migrations existed (the tables but
no ``alembic_version``) holds exactly the baseline schema, so it is stamped as the baseline first.
A database written by a newer review_app (an unknown revision) is refused rather than guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from review_app.settings import AUTO_UPGRADE
from review_app.store.db import WRITE_OPTION, describe_url
from review_app.store.records import StoreError

SCRIPT_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001_baseline"
# Tables of the baseline: a database holding them but no version table predates migrations.
_BASELINE_TABLES = frozenset({"projects", "documents", "segments", "findings", "annotations", "events"})
_PG_LOCK_KEY = 7_364_205_118  # any constant: serialises concurrent upgrades of one PostgreSQL database


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database stands: its revisions (empty: none yet), the code's head, and whether it predates Alembic."""

    current: tuple[str, ...]
    head: str
    legacy: bool = False

    @property
    def up_to_date(self) -> bool:
        """True when the database is at the code's newest revision."""
        return self.current == (self.head,)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration over our migrations (the connection is handed to ``env.py``)."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_DIR))
    config.attributes["connection"] = connection
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision the code knows (a single head: migrations form a line)."""
    heads = _script().get_heads()
    if len(heads) != 1:
        raise StoreError(f"the migrations have {len(heads)} heads ({', '.join(heads)}): merge them")
    return heads[0]


def schema_state(connection: Connection) -> SchemaState:
    """The database's revision(s) and whether its tables predate migrations."""
    current = tuple(MigrationContext.configure(connection).get_current_heads())
    legacy = not current and _BASELINE_TABLES.issubset(inspect(connection).get_table_names())
    return SchemaState(current, head_revision(), legacy)


def upgrade_command(url: str) -> str:
    """The command that upgrades ``url`` (shown when an automatic upgrade is off or impossible)."""
    return f"review-app db upgrade --db '{describe_url(url)}'"


def _check_known(state: SchemaState, url: str) -> None:
    for revision in state.current:
        if not _known(revision):
            raise StoreError(
                f"the database {describe_url(url)} has schema revision {revision}, which this review_app does not "
                "know (it was upgraded by a newer version): update review_app"
            )


def _known(revision: str) -> bool:
    try:
        return _script().get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for unknown or ambiguous ids
        return False


def upgrade(engine: Engine, url: str) -> SchemaState:
    """Bring the database to the newest revision (stamping a pre-migration database as the baseline).

    One transaction, holding PostgreSQL's advisory lock or SQLite's write lock, so that a second
    process starting at the same time waits and then finds nothing to do. On SQLite, foreign keys
    are off meanwhile (a table Alembic rebuilds must not cascade its deletes into other tables) and
    checked afterwards.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as plain:
        connection = plain.execution_options(**{WRITE_OPTION: True})
        if sqlite:  # outside any transaction, where SQLite honours it
            _pragma(connection, "foreign_keys=OFF")
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
                state = schema_state(connection)
                _check_known(state, url)
                if state.up_to_date:
                    return state
                config = alembic_config(connection)
                if state.legacy:
                    command.stamp(config, BASELINE)
                command.upgrade(config, "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError(f"upgrading {describe_url(url)} left rows pointing at nothing; nothing was "
                                     "changed (restore a backup if the database was already inconsistent)")
                return schema_state(connection)
        finally:
            if sqlite:
                _pragma(connection, "foreign_keys=ON")


def _pragma(connection: Connection, setting: str) -> None:
    """A SQLite PRAGMA on the driver's connection itself, outside SQLAlchemy's transaction handling."""
    driver = connection.connection.driver_connection
    if driver is None:
        raise StoreError("the database connection is closed")
    driver.execute(f"PRAGMA {setting}")


def init_command(url: str) -> str:
    """The command that creates review_app's tables in ``url`` (shown when a database has none)."""
    return f"review-app db init --db '{describe_url(url)}'"


def refuse_empty(state: SchemaState, url: str) -> None:
    """StoreError when the database holds none of review_app's tables (new, empty, or another program's)."""
    if not (state.current or state.legacy):
        raise StoreError(f"the database {describe_url(url)} has no review_app tables (a new or another program's "
                         f"database): check the database, or create the tables with: {init_command(url)}")


def ensure_schema(engine: Engine, url: str, *, auto_upgrade: bool | None = None, create: bool = True) -> None:
    """Make sure the database is at the newest revision: upgrade it, or refuse with the command to run.

    A database without review_app's tables gets them only with ``create`` (else StoreError naming
    ``db init``). ``auto_upgrade``
    defaults to ``$REVIEW_APP_AUTO_UPGRADE`` (on unless ``0``/``no``/``false``/``off``; see ``settings``).
    """
    with engine.connect() as connection:
        state = schema_state(connection)
    _check_known(state, url)
    if state.up_to_date:
        return
    if not create:
        refuse_empty(state, url)
    if auto_upgrade is None:
        auto_upgrade = AUTO_UPGRADE.value()
    if (state.current or state.legacy) and not auto_upgrade:
        where = state.current[0] if state.current else "before migrations"
        raise StoreError(
            f"the database {describe_url(url)} has an older schema ({where}; this review_app needs "
            f"{state.head}): back it up, then run: {upgrade_command(url)}"
        )
    try:
        upgrade(engine, url)
    except StoreError:
        raise
    except Exception:
        # A second process (SQLite has no advisory lock) may have created the tables a moment ago.
        with engine.connect() as connection:
            if not schema_state(connection).up_to_date:
                raise
