"""``import``: documents into a project of the review database from the command line, as the app imports them.

``review-app import --db DB --project P --mt MT --ref REF [--src SRC]``: MT, REF (and SRC) are three files
(one document), or three folders whose files pair by name (one document per MT file). Each document goes
through the app's importer (segment, align, score, check; ``review.importer``) and is stored in one
transaction: an interrupted or failed import leaves no half document. The project is created when it does
not exist (``--lang``, ``--src-lang``). A document whose name the project already has is skipped when it
holds the same texts (running an import twice changes nothing) and refused otherwise; the same texts under
another name are skipped unless ``--again``, as the app's form asks. One line per document; exit 0 when every
document was imported or skipped, 2 when one was refused (the others are kept) or the input is unusable.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from review_app.cli.common import add_lang_option, add_src_lang_option, operator_store
from review_app.cli.options import DB_HELP, database
from review_app.errors import InputError
from review_app.progress import progress
from review_app.review.importer import REF_KINDS, decode_upload, import_document
from review_app.store import Operator, ProjectInfo, Store, StoreError


@dataclass(frozen=True, slots=True)
class _Source:
    """One document to import: its name and files."""

    name: str
    mt: Path
    ref: Path
    src: Path | None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` subcommand."""
    parser = sub.add_parser("import", help="import documents (files, or folders of files paired by name) into a "
                                           "project of the review database, as the app's import does")
    parser.add_argument("--db", type=database, help=DB_HELP)
    parser.add_argument("--project", required=True, help="the project's name (created when it does not exist)")
    parser.add_argument("--mt", required=True, help="the MT: a file, or a folder of files (one document each)")
    parser.add_argument("--ref", required=True, help="the reference or post-edit: a file, or a folder with a file "
                                                     "of the same name for each MT file")
    parser.add_argument("--src", help="the source: a file, or a folder with a file of the same name for each MT file")
    parser.add_argument("--name", help="the document's name when --mt is a file (default: the MT file's name "
                                       "without its extension); a folder's documents are named after their files")
    parser.add_argument("--segmented", action="store_true",
                        help="line-parallel files: line i of each file is one segment (no sentence alignment)")
    parser.add_argument("--system", help="the MT system's name, stored with each document")
    parser.add_argument("--ref-kind", choices=REF_KINDS, default="reference",
                        help="what --ref holds (default: reference)")
    parser.add_argument("--assign", metavar="USER", help="assign each imported document to this reviewer")
    add_lang_option(parser, "target language of a new project (MT and reference), e.g. en")
    add_src_lang_option(parser, "source language of a new project, e.g. ru")
    parser.add_argument("--again", action="store_true",
                        help="import a document even when the project already holds the same MT and reference "
                             "under another name")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import every document; one line each on stdout, refusals on stderr."""
    sources = _sources(Path(args.mt), Path(args.ref), Path(args.src) if args.src else None, args.name)
    store, operator = operator_store(args.db)
    try:
        project = _project(store, args, operator)
        if args.assign:
            _check_reviewer(store, args.assign)
        refused = 0
        for source in progress(sources, total=len(sources), desc="importing", unit="document"):
            try:
                print(_import(store, project, source, args, operator), flush=True)
            except (InputError, StoreError) as exc:
                refused += 1
                print(f"review_app: error: {source.name}: {_naming_the_file(exc, source, args.ref_kind)}",
                      file=sys.stderr, flush=True)
    finally:
        store.close()
    return 2 if refused else 0


def _sources(mt: Path, ref: Path, src: Path | None, name: str | None) -> list[_Source]:
    """The documents to import, checked before anything is written: files, or folders paired by file name."""
    for label, path in (("--mt", mt), ("--ref", ref), ("--src", src)):
        if path is not None and not path.exists():
            raise InputError(label, f"no such file or folder: {path}")
    if not mt.is_dir():
        for label, path in (("--ref", ref), ("--src", src)):
            if path is not None and path.is_dir():
                raise InputError(label, f"{path} is a folder but --mt is a file: give three files or three folders")
        return [_Source(name or mt.stem, mt, ref, src)]
    if name:
        raise InputError("--name", "names one document: with folders each document is named after its file")
    for label, path in (("--ref", ref), ("--src", src)):
        if path is not None and not path.is_dir():
            raise InputError(label, f"{path} is a file but --mt is a folder: give three files or three folders")
    files = sorted(p for p in mt.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise InputError("--mt", f"{mt} holds no files")
    out: list[_Source] = []
    for path in files:
        partners = [ref / path.name, src / path.name if src is not None else None]
        for label, partner in zip(("--ref", "--src"), partners, strict=True):
            if partner is not None and not partner.is_file():
                raise InputError(label, f"no {partner.name} in {partner.parent} for the MT file {path}: files pair "
                                        "by name; nothing was imported")
        out.append(_Source(path.stem, path, partners[0] or ref, partners[1]))
    stems = [s.name for s in out]
    twins = sorted({s for s in stems if stems.count(s) > 1})
    if twins:
        raise InputError("--mt", f"files that would make documents of the same name: {', '.join(twins)}")
    return out


def _project(store: Store, args: argparse.Namespace, operator: Operator) -> ProjectInfo:
    """The project named ``--project``, created from ``--lang``/``--src-lang`` when it does not exist."""
    project = store.project_by_name(args.project)
    if project is None:
        if not args.lang or not args.src_lang:
            raise InputError("--project", f"no project named {args.project!r} in {store.location}: give --lang and "
                                          "--src-lang to create it")
        try:
            project = store.create_project(args.project, args.src_lang, args.lang, actor=operator)
        except StoreError as exc:
            raise InputError("--project", str(exc)) from None
        print(f"created project {project.name!r} ({project.src_lang} -> {project.tgt_lang})")
        return project
    if project.archived:
        raise InputError("--project", f"project {project.name!r} is archived: restore it to import into it")
    for flag, given, has in (("--lang", args.lang, project.tgt_lang), ("--src-lang", args.src_lang, project.src_lang)):
        if given and given.strip().lower() != has.lower():
            raise InputError(flag, f"project {project.name!r} is {project.src_lang} -> {project.tgt_lang}, not {given}")
    return project


def _naming_the_file(error: InputError | StoreError, source: _Source, ref_kind: str) -> str:
    """The error with the importer's labels of the texts ("MT", "reference", "source") made their file paths."""
    if isinstance(error, InputError):
        files = {"MT": source.mt, ref_kind: source.ref, "reference": source.ref, "source": source.src}
        path = files.get(error.source or "")
        if path is not None:
            return f"{path}: {error.problem}"
    return str(error)


def _check_reviewer(store: Store, name: str) -> None:
    """Refuse ``--assign`` to someone who is not an active reviewer before importing anything."""
    user = next((u for u in store.users() if u.name == name), None)
    if user is None or user.role != "reviewer" or not user.active:
        raise InputError("--assign", f"{name!r} is not an active reviewer of {store.location}")


def _read(path: Path, label: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the {label}: {exc.strerror or exc}") from None
    return decode_upload(data, str(path))


def _import(store: Store, project: ProjectInfo, source: _Source, args: argparse.Namespace,
            operator: Operator) -> str:
    """Import one document (or skip it); the line that says what happened."""
    mt, ref = _read(source.mt, "MT"), _read(source.ref, args.ref_kind)
    src = _read(source.src, "source") if source.src is not None else None
    named = next((d for d in store.documents(project.id, archived=None) if d.name == source.name), None)
    same = store.document_with_texts(project.id, mt, ref)
    if named is not None:
        if same is not None and same.id == named.id:
            return f"{source.name}: skipped, already imported into {project.name!r}"
        raise InputError("document name", f"project {project.name!r} already has a document named "
                                          f"{source.name!r} with other texts")
    if same is not None and not args.again:
        return (f"{source.name}: skipped, project {project.name!r} holds the same texts as document {same.name!r} "
                "(--again imports a second copy)")
    document = import_document(store, project.id, name=source.name, mt_text=mt, ref_text=ref, src_text=src,
                               system=args.system, ref_kind=args.ref_kind, segmented=args.segmented, actor=operator)
    assigned = ""
    if args.assign:
        store.assign(document.id, args.assign, actor=operator)
        assigned = f", assigned to {args.assign}"
    return f"{document.name}: imported into {project.name!r}, {document.segments} segments{assigned}"
