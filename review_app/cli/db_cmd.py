"""``db``: the review database's schema: ``db status`` (revision) and ``db upgrade`` (apply migrations)."""

from __future__ import annotations

import argparse

from sqlalchemy.exc import SQLAlchemyError

from review_app.cli.options import DB_HELP, database
from review_app.errors import InputError
from review_app.store.db import describe_url, is_busy, make_engine, resolve_db_url
from review_app.store.migrate import schema_state, upgrade
from review_app.store.records import BUSY, StoreError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``db`` subcommand."""
    parser = sub.add_parser("db", help="show or upgrade the review database's schema")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    for name, help_text in (("status", "print the database's schema revision and the newest one"),
                            ("upgrade", "apply every pending migration (back the database up first)")):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--db", type=database, help=DB_HELP)
        action.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the state, or upgrade and print the new state."""
    url = resolve_db_url(args.db)
    engine = make_engine(url)
    try:
        if args.db_action == "upgrade":
            state = upgrade(engine, url)
            print(f"{describe_url(url)}: schema at {state.head} (newest)")
            return 0
        with engine.connect() as connection:
            state = schema_state(connection)
        if state.up_to_date:
            print(f"{describe_url(url)}: schema at {state.head} (newest)")
        else:
            where = ", ".join(state.current) or ("before migrations" if state.legacy else "empty")
            print(f"{describe_url(url)}: schema at {where}; newest is {state.head} (run: review-app db upgrade)")
        return 0
    except (StoreError, SQLAlchemyError) as exc:
        orig = getattr(exc, "orig", None)
        why = BUSY if is_busy(orig) else str(orig or exc).splitlines()[0]
        raise InputError(describe_url(url), why) from None
    finally:
        engine.dispose()
