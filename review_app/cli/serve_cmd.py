"""``serve``: start the review dashboard (``streamlit run review_app/app/main.py``) on a database.

The database is checked before Streamlit starts (one line, exit 2): ``--db`` or ``$REVIEW_APP_DB`` must
name an existing review database (``db init`` creates one); only the quick start's default
``./review_app.db`` is created, by the app, with the demo project.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from review_app.cli.common import database_label, open_store
from review_app.cli.options import DB_HELP, database, port
from review_app.errors import InputError
from review_app.settings import DB, resolve_db_url
from review_app.store import StoreError
from review_app.store.db import ENV_VAR, check_location, describe_url

APP = Path(__file__).resolve().parent.parent / "app" / "serve_app.py"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand."""
    parser = sub.add_parser("serve", help="start the review dashboard in the browser (Streamlit)")
    parser.add_argument("--db", type=database, help=DB_HELP)
    parser.add_argument("--port", type=port, default=8501, help="port to listen on (default: 8501)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--headless", action="store_true", help="do not open a browser window")
    parser.set_defaults(func=run)


# Streamlit's "fast reruns" start a new script thread for a click while the previous run's callbacks
# may still be writing: one reviewer's two actions (leaving the text box, then a button) would race each
# other in the store. Off, a session's reruns run one after another. Also in .streamlit/config.toml.
APP_OPTIONS = ("--runner.fastReruns", "false", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal")


def command(args: argparse.Namespace) -> list[str]:
    """The ``streamlit run`` command line for ``args``."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(args.port),
           "--server.address", args.host, *APP_OPTIONS]
    if args.headless:
        cmd += ["--server.headless", "true"]
    return cmd


def run(args: argparse.Namespace) -> int:
    """Check the database, then run Streamlit until it stops; the database goes to the app through the environment."""
    env = dict(os.environ)
    url = resolve_db_url(args.db)
    if args.db or DB.is_set():
        open_store(args.db).close()  # exists, opens, has the tables: the app will open it too
        env[ENV_VAR] = url
    else:  # the quick start: the app creates ./review_app.db (in its working folder, this one) with the demo
        try:
            check_location(url, create=True)
        except StoreError as exc:
            raise InputError(database_label(None), str(exc)) from None
    print(f"review_app: serving on http://{args.host}:{args.port} (database: {describe_url(url)})",
          file=sys.stderr)  # never the password
    try:
        return subprocess.call(command(args), env=env)
    except KeyboardInterrupt:
        return 130
