"""``db``: the review database itself: ``db init`` (create it), ``db status`` (its schema revision) and
``db upgrade`` (apply migrations).

``db init`` is the one command that creates a database (a new SQLite file in an existing folder, or
review_app's tables in an empty server database); every other command and the app refuse a database
that does not exist, except the quick start's default ``./review_app.db`` (see ``cli.common.open_store``).
"""

from __future__ import annotations

import argparse

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from review_app.cli.common import database_label
from review_app.cli.options import DB_HELP, database
from review_app.errors import InputError
from review_app.settings import resolve_db_url
from review_app.store.db import check_location, describe_url, is_busy, make_engine
from review_app.store.migrate import SchemaState, refuse_empty, schema_state, upgrade, upgrade_command
from review_app.store.records import BUSY, StoreError

ACTIONS = (
    ("init", "create a new review database (a SQLite file in an existing folder, or the tables in an empty "
             "server database)"),
    ("status", "print the database's schema revision and the newest one"),
    ("upgrade", "apply every pending migration (back the database up first)"),
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``db`` subcommand."""
    parser = sub.add_parser("db", help="create the review database, show or upgrade its schema")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    for name, help_text in ACTIONS:
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--db", type=database, help=DB_HELP)
        action.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Create, print the state, or upgrade and print the new state."""
    url = resolve_db_url(args.db)
    where = describe_url(url)
    try:
        check_location(url, create=args.db_action == "init")
    except StoreError as exc:
        raise InputError(database_label(args.db), str(exc)) from None
    engine = make_engine(url)
    try:
        print(f"{where}: {_act(args.db_action, engine, url)}")
        return 0
    except StoreError as exc:
        raise InputError(database_label(args.db), str(exc)) from None
    except SQLAlchemyError as exc:  # unreachable, refused, not a database: the driver's first line
        orig = getattr(exc, "orig", None)
        message = BUSY if is_busy(orig) else str(orig or exc).splitlines()[0]
        raise InputError(database_label(args.db), f"cannot open the database {where}: {message}") from None
    finally:
        engine.dispose()


def _act(action: str, engine: Engine, url: str) -> str:
    """What the action did or found, as the rest of the line after the database's name."""
    with engine.connect() as connection:
        state = schema_state(connection)
    if action == "init":
        if state.current or state.legacy:
            raise StoreError(f"{describe_url(url)} is already a review database (schema at {_where(state)}): nothing "
                             f"created; {upgrade_command(url)} applies pending migrations")
        return f"created; schema at {upgrade(engine, url).head} (newest)"
    refuse_empty(state, url)  # status and upgrade never create review_app's tables
    if action == "upgrade":
        state = upgrade(engine, url)
    if state.up_to_date:
        return f"schema at {state.head} (newest)"
    return f"schema at {_where(state)}; newest is {state.head} (run: {upgrade_command(url)})"


def _where(state: SchemaState) -> str:
    return ", ".join(state.current) or "before migrations"
