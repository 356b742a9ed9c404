"""Command-line interface: ``python -m review_app COMMAND`` (also the ``review-app`` script).

Each subcommand lives in its own module exposing ``register(subparsers)``; the module sets
``func`` on its parser, which takes the parsed arguments and returns the exit code.
Exit codes: 0 ok, 1 a quality threshold failed, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from review_app import __version__
from review_app.errors import InputError

# Explicit registry of subcommand modules (order = order in --help).
COMMAND_MODULES: tuple[str, ...] = (
    "review_app.cli.align_cmd",
    "review_app.cli.score_cmd",
    "review_app.cli.convert_cmd",
    "review_app.cli.check_cmd",
    "review_app.cli.qa_cmd",
    "review_app.cli.export_cmd",
    "review_app.cli.serve_cmd",
    "review_app.cli.db_cmd",
    "review_app.cli.users_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, one subparser per registered command module."""
    parser = argparse.ArgumentParser(
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
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"review_app: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("review_app: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
