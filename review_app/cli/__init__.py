"""Command-line interface: ``python -m review_app COMMAND`` (also the ``review-app`` script).

Each subcommand lives in its own module exposing ``register(subparsers)``; the module sets
``func`` on its parser, which takes the parsed arguments and returns the exit code. Only the module
of the command being run is imported (``COMMANDS`` holds every command's module and one-line help,
so ``--help`` and ``--version`` import none of them).
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
from review_app.cli.options import Parser
from review_app.errors import InputError

# Every subcommand: name → (module in review_app.cli, one-line help), in --help order. The help is the
# module's own (``tests/test_cli_startup.py`` compares), kept here so that the listing imports no command.
COMMANDS: dict[str, tuple[str, str]] = {
    "align": ("align_cmd", "align MT with reference sentence by sentence (JSONL)"),
    "score": ("score_cmd", "corpus scores of MT against reference(s)"),
    "compare": ("compare_cmd", "compare N systems: scores with CIs, paired significance, where they differ"),
    "effort": ("effort_cmd", "post-editing effort: HTER, character edit rate, edit-distance bands"),
    "convert": ("convert_cmd", "convert a corpus between txt, tsv, csv, jsonl, tmx, xliff and mqm"),
    "mqm-score": ("convert_cmd", "system MQM scores of an MQM TSV (Google WMT weights)"),
    "check": ("check_cmd", "run QA checks, write findings as JSONL"),
    "fix": ("check_cmd", "apply the safe suggested fixes, write the corrected text"),
    "checks": ("check_cmd", "list the QA checks: ids, titles, categories, severities"),
    "qa": ("qa_cmd", "batch QA: align, score, check many documents; write a report bundle; gate on thresholds"),
    "export": ("export_cmd", "export the corrected corpus or the QA report from the review database"),
    "serve": ("serve_cmd", "start the review dashboard in the browser (Streamlit)"),
    "db": ("db_cmd", "create the review database, show or upgrade its schema"),
    "users": ("users_cmd", "create, list, re-role and disable accounts of the review database"),
    "projects": ("projects_cmd", "list, rename, archive and restore projects of the review database"),
    "documents": ("projects_cmd", "list, rename, archive and restore documents of the review database"),
    "import": ("import_cmd", "import documents (files, or folders of files paired by name) into a project of the "
                             "review database, as the app's import does"),
}
# The command modules, in --help order (imported by name: a module is loaded only for its command).
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(f"review_app.cli.{m}" for m, _help in COMMANDS.values()))


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: every command of ``argv``'s module in full, the others by name and help only.

    ``argv=None`` builds every command in full (for tests and tools that walk the parsers).
    """
    parser = Parser(
        prog="review_app", description="Translation quality review: align, score, check, export."
    )
    parser.add_argument("--version", action="version", version=f"review_app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = _command_of(argv)
    modules = COMMAND_MODULES if argv is None else (
        (f"review_app.cli.{COMMANDS[wanted][0]}",) if wanted in COMMANDS else ())
    registered: set[str] = set()
    for name, (module, help_text) in COMMANDS.items():
        module = f"review_app.cli.{module}"
        if module in modules:
            if module not in registered:
                registered.add(module)
                importlib.import_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_text)  # listed in --help; never parsed (its module is not the one run)
    return parser


def _command_of(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` runs: its first word that is not an option (the top level has only flags)."""
    return next((arg for arg in argv or () if not arg.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; bad input ends with a one-line message on stderr and exit code 2."""
    # numpy's OpenBLAS starts a thread per core for every matrix product, and the threads spin between
    # products. The commands' products are small (the aligner's blocks of cosines, the bootstrap's counts) and
    # their parallel work runs in processes, so one BLAS thread (unless set): on a busy machine the spinning
    # threads cost more CPU than they save (``align`` of 20,000 sentences: 8.0 → 6.1 CPU-s at load 10; the
    # same output). OpenBLAS reads it when numpy is first imported, which is after this line.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a bad option (already reported on one line)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        with _terminate_cleanly():
            settings.check()  # before anything runs (``serve`` refuses to start the app on a bad setting)
            from review_app.cli.guard import check_files  # the database's URL rules: sqlalchemy, once a command runs

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
