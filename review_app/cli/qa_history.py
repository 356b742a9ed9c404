"""``qa --db URL --run-name NAME [--baseline RUN]``: the run-history options of ``qa``
(the use case is :class:`review_app.store.run_history.RunHistory`).

Everything that can fail is checked before the run starts (the database opens, the run name is
free, the baseline run exists), so a bad option costs nothing and leaves nothing behind.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from review_app.cli.common import open_store
from review_app.cli.options import database
from review_app.errors import InputError

if TYPE_CHECKING:
    from review_app.store.run_history import RunHistory


def add_history_args(parser: argparse.ArgumentParser) -> None:
    """The run-history options of ``qa``."""
    group = parser.add_argument_group("run history")
    group.add_argument("--db", type=database, metavar="URL",
                       help="record the run in this store (SQLite path or SQLAlchemy URL)")
    group.add_argument("--run-name", metavar="NAME", help="name of the recorded run (unique in the store)")
    group.add_argument("--run-project", metavar="NAME", default="",
                       help="project the run belongs to (groups runs on the History page)")
    group.add_argument("--baseline", metavar="RUN",
                       help="exit 1 when a metric is significantly worse than in this recorded run (paired "
                            "bootstrap on the same segments, else non-overlapping 95%% CIs)")


def history_from_args(args: argparse.Namespace) -> RunHistory | None:
    """``None`` when no history option is given; :class:`InputError` for any bad one."""
    if not (args.db or args.run_name or args.baseline):
        return None
    if not args.db:
        raise InputError("--db", "--run-name and --baseline need the store: give --db URL")
    if not (args.run_name or args.baseline):
        raise InputError("--db", "give --run-name NAME to record the run (and/or --baseline RUN)")
    if args.run_name is not None and not args.run_name.strip():
        raise InputError("--run-name", "must not be empty")
    # The store (SQLAlchemy, Alembic, argon2: about a second of CPU to import) only for a run that uses it.
    from review_app.store.run_history import RunHistory

    store = open_store(args.db)  # an existing review database only (``db init`` creates one)
    try:
        return RunHistory.start(store, args.run_name, args.run_project, args.baseline,
                                n_bootstrap=max(args.bootstrap, 2), tokenize=args.tokenize)
    except BaseException:
        store.close()  # a refused option leaves no connection (nor SQLite -wal/-shm files) behind
        raise
