"""``export``: write a project's (or one document's) corrected corpus, its QA report, its post-edits as training
data (APE triplets, MLQE-PE quality-estimation files), or a document's alignment as Vecalign beads, from the review
database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review_app.align.evaluate import format_beads
from review_app.cli.common import open_store
from review_app.cli.guard import Files, database_path, declare_files
from review_app.cli.options import DB_HELP, database
from review_app.errors import InputError
from review_app.formats import EXPORT_FORMATS, export_format_of
from review_app.output import guard_outputs, is_stdout, open_output, stdout_copy
from review_app.store import APE_FORMATS, REPORT_FORMATS, StoreError

QE_SUFFIXES = ("src", "mt", "pe", "hter", "tags")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` subcommand."""
    parser = sub.add_parser("export", help="export the corrected corpus or the QA report from the review database")
    parser.add_argument("--db", type=database, help=DB_HELP)
    parser.add_argument("--project", required=True, help="project name")
    parser.add_argument("--document", help="only this document of the project (default: all)")
    parser.add_argument("--format", choices=[*EXPORT_FORMATS, BEADS],
                        help="corpus format (default: from -o's ending); beads: one document's alignment as it now "
                             "stands, one line per segment, [MT sentence ids]:[reference sentence ids] (0-based)")
    parser.add_argument("--report", choices=list(REPORT_FORMATS),
                        help="write the QA report (one row per finding) in this format instead of the corpus")
    parser.add_argument("--ape", choices=list(APE_FORMATS),
                        help="write the post-edits (accepted or corrected segments) as APE triplets: source, MT, "
                             "post-edit, in this format, instead of the corpus")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", help="output file (written atomically; - for stdout)")
    target.add_argument("--qe", metavar="DIR",
                        help="write the post-edits as MLQE-PE quality-estimation files DIR/NAME.src .mt .pe .hter "
                             ".tags (one line per segment; all or none)")
    parser.add_argument("--qe-name", default="qe", metavar="NAME", help="file name stem of --qe's files (default qe)")
    parser.set_defaults(func=run)
    declare_files(parser, Files(outputs=(("output", "-o"),), database="db"))


BEADS = "beads"


def _format_from_name(path: str) -> str:
    if fmt := export_format_of(path):
        return fmt
    raise InputError(path, f"cannot tell the format from the file name; give --format ({', '.join(EXPORT_FORMATS)})")


def _qe_paths(args: argparse.Namespace) -> list[Path]:
    return [Path(args.qe) / f"{args.qe_name}.{suffix}" for suffix in QE_SUFFIXES]


def _check_choices(args: argparse.Namespace) -> None:
    """One kind of output per run, and file names that stay in --qe's folder."""
    chosen = [flag for flag, value in (("--report", args.report), ("--ape", args.ape), ("--format", args.format))
              if value]
    if len(chosen) > 1:
        raise InputError(chosen[1], f"choose one of --format, --report and --ape (given: {', '.join(chosen)})")
    if args.qe and chosen:
        raise InputError(chosen[0], "--qe writes its own files; leave out --format, --report and --ape")
    if args.qe_name != Path(args.qe_name).name or args.qe_name in ("", ".", ".."):
        raise InputError("--qe-name", f"{args.qe_name!r} is not a plain file name stem")
    if args.qe:  # never over the database (checked with the other outputs before anything is read)
        guard_outputs([("--qe", path) for path in _qe_paths(args)], [], database=database_path(args.db))


def run(args: argparse.Namespace) -> int:
    """Open the store, pick the documents, write the file; print what was written."""
    _check_choices(args)
    store = open_store(args.db)
    project = store.project_by_name(args.project)
    if project is None:
        known = ", ".join(repr(p.name) for p in store.projects()) or "none"
        raise InputError("--project", f"no project named {args.project!r} in {store.location} (projects: {known})")
    if project.archived:  # an archived project exports nothing until it is restored
        raise InputError("--project", f"project {project.name!r} is archived: restore it first "
                                      f"(review-app projects restore {project.name!r})")
    documents = store.documents(project.id)  # archived documents are left out
    if args.document:
        documents = [d for d in documents if d.name == args.document]
        if not documents:
            archived = any(d.name == args.document for d in store.documents(project.id, archived=True))
            raise InputError("--document", f"project {project.name!r} has no document named {args.document!r}"
                             + (" (it is archived: restore it first)" if archived else ""))
    ids = [d.id for d in documents]
    if args.format == BEADS and not args.report and len(ids) != 1:
        raise InputError("--document", f"beads name sentences of one document: give --document (project "
                                       f"{project.name!r} has {len(ids)} documents)")
    try:
        if args.qe:
            count = store.write_qe(ids, args.qe, args.qe_name)
            print(f"review_app: wrote {count} post-edited segment(s) of {len(ids)} document(s) to "
                  + ", ".join(str(p) for p in _qe_paths(args)))
            return 0
        if args.ape:
            if is_stdout(args.output):
                with open_output(args.output, "wb") as out:
                    out.write(store.ape_bytes(ids, args.ape))
                what = "APE triplets"
            else:
                what = f"{store.write_ape(ids, args.ape, args.output)} APE triplets"
        elif args.report:  # written row by row, to the file or through a copy to standard output
            if is_stdout(args.output):
                with stdout_copy(REPORT_FORMATS[args.report][0]) as path:
                    store.write_qa_report(ids, args.report, path)
            else:
                store.write_qa_report(ids, args.report, args.output)
            what = "QA report"
        elif args.format == BEADS:
            beads = store.alignment_beads(ids[0])
            with open_output(args.output) as out:
                out.write(format_beads(beads))
            what = f"{len(beads)} beads"
        else:
            fmt = args.format or _format_from_name(args.output)
            if is_stdout(args.output):
                with stdout_copy(EXPORT_FORMATS[fmt].suffix) as path:
                    count = store.write_export(ids, fmt, path)
            else:
                count = store.write_export(ids, fmt, args.output)
            what = f"{count} units"
    except StoreError as exc:
        raise InputError(args.output or args.qe, str(exc)) from None
    finally:
        store.close()
    where = "standard output" if is_stdout(args.output) else args.output
    # The summary goes to stdout unless stdout holds the export itself.
    print(f"review_app: wrote {what} of {len(ids)} document(s) to {where}",
          file=sys.stderr if is_stdout(args.output) else sys.stdout)
    return 0
