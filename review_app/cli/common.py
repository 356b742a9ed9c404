"""Argument helpers and the store opener shared by several subcommands."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

from review_app.cli.options import non_negative_int
from review_app.errors import InputError
from review_app.output import atomic_write
from review_app.parallel import worker_count
from review_app.settings import DB
from review_app.text.ingest import MAX_SEGMENT_CHARS

if TYPE_CHECKING:
    from review_app.store import Operator, Store

# ``--raw`` of every command that reads TSV, CSV or MQM cells (``convert``, ``qa``, ``compare --mqm``, ``mqm-score``).
RAW_READ_HELP = ("read TSV/CSV/MQM cells as they are (by default a leading ' that neutralised a formula for "
                 "spreadsheets is removed)")
# ``--fail-on`` of ``check`` and ``qa``: severities in vocab.SEVERITIES order, so ``neutral`` is any finding at all
# (``qa`` on documents: an "alignment uncertain" link too, the one finding no check can turn off).
FAIL_ON_HELP = ("exit 1 when a finding has this severity or worse (neutral: any finding, in qa an uncertain "
                "alignment included)")


def warn(message: str) -> None:
    """One warning line on stderr: the command goes on."""
    print(f"review_app: warning: {message}", file=sys.stderr)


def jobs_from(requested: int, option: str = "--jobs") -> int:
    """Worker processes for a ``--jobs`` value (0: one per core), capped to the cores with a warning."""
    jobs = worker_count(requested)
    if jobs < requested:
        warn(f"{option} {requested}: this machine has {jobs} core(s); using {jobs} worker process(es)")
    return jobs


# The language options of every command: ``--lang`` (the target side: MT, reference, post-edit) and
# ``--src-lang``; the names some commands used before are kept as hidden aliases.
LANG_FLAG, SRC_LANG_FLAG = "--lang", "--src-lang"
OLD_LANG_FLAGS: tuple[str, ...] = ("--target-lang", "--tgt-lang")
OLD_SRC_LANG_FLAGS: tuple[str, ...] = ("--source-lang",)


def add_lang_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup, help_text: str,
                    default: str | None = None) -> None:
    """``--lang`` (dest ``lang``), with the old names as hidden aliases."""
    parser.add_argument(LANG_FLAG, default=default, metavar="LANG", help=help_text)
    for old in OLD_LANG_FLAGS:
        parser.add_argument(old, dest="lang", default=argparse.SUPPRESS, metavar="LANG", help=argparse.SUPPRESS)


def add_src_lang_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup, help_text: str,
                        default: str | None = None) -> None:
    """``--src-lang`` (dest ``src_lang``), with the old names as hidden aliases."""
    parser.add_argument(SRC_LANG_FLAG, default=default, metavar="LANG", help=help_text)
    for old in OLD_SRC_LANG_FLAGS:
        parser.add_argument(old, dest="src_lang", default=argparse.SUPPRESS, metavar="LANG", help=argparse.SUPPRESS)


def add_language_args(parser: argparse.ArgumentParser) -> None:
    """``--lang`` (MT/reference language) and ``--src-lang``."""
    add_lang_option(parser, "language of the MT and reference (default: en)", default="en")
    add_src_lang_option(parser, "language of the source (default: unknown)")


def add_max_chars_arg(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--max-segment-chars``: the longest segment (sentence, or line with --segmented) accepted."""
    parser.add_argument("--max-segment-chars", type=non_negative_int, default=MAX_SEGMENT_CHARS, metavar="N",
                        help=f"refuse segments longer than N characters (default {MAX_SEGMENT_CHARS:,}; 0 = no limit); "
                             "scoring time and memory grow with the square of a segment's length")


def add_segmented_arg(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--segmented``: inputs hold one segment per line."""
    parser.add_argument("--segmented", action="store_true", help=help_text)


def write_jsonl(records: Iterable[dict[str, Any]], output: str | None) -> None:
    """JSON Lines to a file (atomically: complete or absent) or to stdout."""
    if output is None or output == "-":
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    with atomic_write(Path(output)) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def selectors(value: str | None) -> list[str] | None:
    """A comma-separated option (``--checks``, ``--skip``, ``--only``) as a list; None when not given."""
    return None if value is None else [part for part in value.split(",") if part.strip()]


def print_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, right: Collection[int] = (), rule: bool = False
) -> None:
    """A plain-text table on stdout, cells as given; ``right`` columns align right, ``rule`` underlines the header."""
    align = ["right" if i in right else "left" for i in range(len(header))]
    table = tabulate(rows, headers=header, tablefmt="simple" if rule else "plain", colalign=align,
                     disable_numparse=True)  # cells are formatted already: "30.10" must not print as 30.1
    print("\n".join(line.rstrip() for line in table.splitlines()))


def database_label(value: str | None) -> str:
    """How a refusal names where the database came from: ``--db``, or ``$REVIEW_APP_DB``."""
    return "--db" if value or not DB.is_set() else f"${DB.name}"


def open_store(value: str | None) -> Store:
    """The existing review database named by ``--db`` (else ``$REVIEW_APP_DB``, else ``./review_app.db``).

    A command never creates a database (nor its folder) from a mistyped path: a missing SQLite file, a
    file that is not a SQLite database and a database without review_app's tables are refused in one line
    naming the path (``db init`` creates a database). Never the password: the store's messages mask it.
    """
    from review_app.store import Store, StoreError  # SQLAlchemy: only for the commands that open the store

    try:
        return Store(value, create=False)
    except StoreError as exc:
        raise InputError(database_label(value), str(exc)) from None


def operator_store(db: str | None) -> tuple[Store, Operator]:
    """The existing store at ``db`` (:func:`open_store`) and the shell user acting on it as the operator."""
    from review_app.store import Operator

    return open_store(db), Operator(f"operator ({getpass.getuser()})")


