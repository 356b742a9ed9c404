"""Command-line interface: ``python -m review_app COMMAND`` (also the ``review-app`` script).

Each subcommand lives in its own module exposing ``register(subparsers)``; the module sets
``func`` on its parser, which takes the parsed arguments and returns the exit code.
Exit codes: 0 ok, 1 a quality threshold failed, 2 bad input or usage (a bad environment setting
included: every command checks them all first, see ``review_app.settings``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from types import FrameType

from review_app import __version__, settings
from review_app.cli.guard import check_files
from review_app.cli.options import Parser
from review_app.errors import InputError

# Explicit registry of subcommand modules (order = order in --help).
COMMAND_MODULES: tuple[str, ...] = (
    "review_app.cli.align_cmd",
    "review_app.cli.score_cmd",
    "review_app.cli.compare_cmd",
    "review_app.cli.effort_cmd",
    "review_app.cli.convert_cmd",
    "review_app.cli.check_cmd",
    "review_app.cli.qa_cmd",
    "review_app.cli.export_cmd",
    "review_app.cli.serve_cmd",
    "review_app.cli.db_cmd",
    "review_app.cli.users_cmd",
    "review_app.cli.projects_cmd",
    "review_app.cli.import_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, one subparser per registered command module."""
    parser = Parser(
        prog="review_app", description="Translation quality review: align, score, check, export."
    )
    parser.add_argument("--version", action="version", version=f"review_app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; bad input ends with a one-line message on stderr and exit code 2."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a bad option (already reported on one line)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        with _terminate_cleanly():
            settings.check()  # before anything runs (``serve`` refuses to start the app on a bad setting)
            check_files(args)
            return int(args.func(args))
    except InputError as exc:
        print(f"review_app: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("review_app: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("review_app: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        with contextlib.suppress(OSError):  # keep Python from complaining when it flushes stdout at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _one_line(message: str) -> str:
    """A message on one line, whatever a file name or a library put into it."""
    return " ".join(message.split()) if ("\n" in message or "\r" in message) else message


class _Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that temporary files and folders are removed on the way out."""


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into an exception in this (main) process while a command runs."""
    pid = os.getpid()

    def handler(_signum: int, _frame: FrameType | None) -> None:
        if os.getpid() == pid:  # a forked worker inherits the handler; it just ends
            raise _Terminated
        os._exit(128 + signal.SIGTERM)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
