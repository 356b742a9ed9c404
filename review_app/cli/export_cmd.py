"""``export``: write a project's (or one document's) corrected corpus, its QA report, or a document's alignment as
Vecalign beads, from the review database."""

from __future__ import annotations

import argparse
import sys

from review_app.align.evaluate import format_beads
from review_app.cli.common import open_store
from review_app.cli.guard import Files, declare_files
from review_app.cli.options import DB_HELP, database
from review_app.errors import InputError
from review_app.output import is_stdout, open_output, stdout_copy
from review_app.store import EXPORT_FORMATS, REPORT_FORMATS, StoreError


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
    parser.add_argument("-o", "--output", required=True, help="output file (written atomically; - for stdout)")
    parser.set_defaults(func=run)
    declare_files(parser, Files(outputs=(("output", "-o"),), database="db"))


BEADS = "beads"


def _format_from_name(path: str) -> str:
    for name, (suffix, _mime, _options) in sorted(EXPORT_FORMATS.items(), key=lambda kv: -len(kv[1][0])):
        if path.lower().endswith(suffix) or (name == "xliff" and path.lower().endswith(".xliff")):
            return name
    raise InputError(path, f"cannot tell the format from the file name; give --format ({', '.join(EXPORT_FORMATS)})")


def run(args: argparse.Namespace) -> int:
    """Open the store, pick the documents, write the file; print what was written."""
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
        if args.report:
            with open_output(args.output, "wb") as out:
                out.write(store.qa_report_bytes(ids, args.report))
            what = "QA report"
        elif args.format == BEADS:
            beads = store.alignment_beads(ids[0])
            with open_output(args.output) as out:
                out.write(format_beads(beads))
            what = f"{len(beads)} beads"
        else:
            fmt = args.format or _format_from_name(args.output)
            if is_stdout(args.output):
                with stdout_copy(EXPORT_FORMATS[fmt][0]) as path:
                    count = store.write_export(ids, fmt, path)
            else:
                count = store.write_export(ids, fmt, args.output)
            what = f"{count} units"
    except StoreError as exc:
        raise InputError(args.output, str(exc)) from None
    finally:
        store.close()
    where = "standard output" if is_stdout(args.output) else args.output
    # The summary goes to stdout unless stdout holds the export itself.
    print(f"review_app: wrote {what} of {len(ids)} document(s) to {where}",
          file=sys.stderr if is_stdout(args.output) else sys.stdout)
    return 0
