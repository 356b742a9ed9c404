"""``projects`` and ``documents``: list, rename, archive and restore the review database's projects and
their documents (``projects rename OLD NEW``, ``documents archive --project P NAME`` …).

Whoever runs this on the server acts as the operator (like an admin; see ``users``); every change
is an event naming them. Archiving deletes nothing and ``restore`` undoes it (``store.archive``).
"""

from __future__ import annotations

import argparse
from datetime import datetime

from review_app.cli.common import operator_store
from review_app.cli.options import DB_HELP, database
from review_app.errors import InputError
from review_app.store import DocumentInfo, Operator, ProjectInfo, Store, StoreError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``projects`` and ``documents`` subcommands."""
    for command, thing in (("projects", "project"), ("documents", "document")):
        where = " of --project" if thing == "document" else ""
        parser = sub.add_parser(command, help=f"list, rename, archive and restore {command} of the review database")
        actions = parser.add_subparsers(dest="item_action", metavar="ACTION", required=True)
        listing = actions.add_parser("list", help=f"list the {command}{where} (--archived: the archived ones)")
        listing.add_argument("--archived", action="store_true", help=f"list the archived {command} instead")
        rename = actions.add_parser("rename", help=f"rename a {thing}{where}")
        rename.add_argument("name", help=f"the {thing}'s current name")
        rename.add_argument("new_name", help="its new name")
        archive = actions.add_parser("archive", help=f"archive a {thing}{where} (hidden everywhere, nothing deleted)")
        archive.add_argument("name")
        restore = actions.add_parser("restore", help=f"restore an archived {thing}{where}")
        restore.add_argument("name")
        for action in (listing, rename, archive, restore):
            if thing == "document":
                action.add_argument("--project", required=True, help="the project's name")
            action.add_argument("--db", type=database, help=DB_HELP)
            action.set_defaults(func=run, item_kind=thing)


def _project(store: Store, name: str, flag: str) -> ProjectInfo:
    project = store.project_by_name(name)
    if project is None:
        known = ", ".join(repr(p.name) for p in store.projects()) or "none"
        raise InputError(flag, f"no project named {name!r} in {store.location} (projects: {known})")
    return project


def _document(store: Store, project: ProjectInfo, name: str) -> DocumentInfo:
    for document in store.documents(project.id, archived=None):
        if document.name == name:
            return document
    known = ", ".join(repr(d.name) for d in store.documents(project.id)) or "none"
    raise InputError(name, f"project {project.name!r} has no document named {name!r} (documents: {known})")


def run(args: argparse.Namespace) -> int:
    """Carry out one action; refusals are one line on stderr and exit code 2."""
    store, operator = operator_store(args.db)
    try:
        if args.item_kind == "project":
            _projects(store, args, operator)
        else:
            _documents(store, args, operator)
    except StoreError as exc:
        raise InputError(getattr(args, "name", None) or store.location, str(exc)) from None
    finally:
        store.close()
    return 0


def _projects(store: Store, args: argparse.Namespace, operator: Operator) -> None:
    if args.item_action == "list":
        projects = store.projects(archived=args.archived)
        if not projects:
            print(f"no {'archived ' if args.archived else ''}projects in {store.location}")
        for p in projects:
            print(f"{p.name}\t{p.src_lang}->{p.tgt_lang}\t{p.documents} document(s)\t{p.segments} segments"
                  + _archived(p.archived_at, p.archived_by))
        return
    project = _project(store, args.name, args.name)
    if args.item_action == "rename":
        store.rename_project(project.id, args.new_name, actor=operator)
        print(f"renamed project {project.name!r} to {args.new_name.strip()!r}")
    elif args.item_action == "archive":
        store.archive_project(project.id, actor=operator)
        print(f"archived project {project.name!r} and its {project.documents} document(s); "
              f"bring it back with: review-app projects restore {project.name!r}")
    else:
        store.restore_project(project.id, actor=operator)
        print(f"restored project {project.name!r}")


def _documents(store: Store, args: argparse.Namespace, operator: Operator) -> None:
    project = _project(store, args.project, "--project")
    if args.item_action == "list":
        documents = store.documents(project.id, archived=args.archived)
        if not documents:
            print(f"no {'archived ' if args.archived else ''}documents in project {project.name!r}")
        for d in documents:
            print(f"{d.name}\t{d.system or '-'}\t{d.segments} segments" + _archived(d.archived_at, d.archived_by))
        return
    document = _document(store, project, args.name)
    if args.item_action == "rename":
        store.rename_document(document.id, args.new_name, actor=operator)
        print(f"renamed document {document.name!r} of {project.name!r} to {args.new_name.strip()!r}")
    elif args.item_action == "archive":
        store.archive_document(document.id, actor=operator)
        print(f"archived document {document.name!r} of {project.name!r}")
    else:
        store.restore_document(document.id, actor=operator)
        print(f"restored document {document.name!r} of {project.name!r}")


def _archived(when: datetime | None, by: str | None) -> str:
    if when is None:
        return ""
    return f"\tarchived {when:%Y-%m-%d %H:%M} UTC by {by or '?'}"
