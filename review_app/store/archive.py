"""Renaming and archiving (soft delete) of projects and documents, and restoring them.

Admins only (an account's role is re-read inside the transaction): these change what every
reviewer sees, so they are project administration, like creating a project or importing a
document. Each action is one transaction with one event naming the acting account; the event's
``before``/``after`` hold the name or the archive state, so the History page shows what changed.

Archiving sets ``archived_at``/``archived_by`` and deletes nothing: the segments, reviewer work,
comments, assignments and events stay. An archived item drops out of every listing (pickers, My
work, Team, dashboards, exports) and an archived document (or any document of an archived project)
is read-only; restoring, the inverse action, clears the two columns and everything is back as it
was. Archived names stay taken (the uniqueness rules of the schema hold for archived rows too),
so a restore can never clash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from review_app.store.auth import Acting, Actor, require_admin
from review_app.store.base import StoreBase
from review_app.store.glossary import GlossaryCheck, check_glossary, recheck_glossary
from review_app.store.models import Document, Event, Project, utcnow
from review_app.store.names import clean_name
from review_app.store.records import DocumentInfo, ProjectInfo, StoreError
from review_app.store.repetition import recheck_repetition, withdraw_repetition

Kind = Literal["project", "document"]


def _is_admin(session: Session, actor: Actor) -> bool:
    try:
        return require_admin(session, actor, "").is_admin
    except StoreError:  # refused again, with its message, in the transaction
        return False


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id, with_for_update=True)
    if project is None:
        raise StoreError(f"no project with id {project_id}")
    return project


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id, with_for_update=True)
    if document is None:
        raise StoreError(f"no document with id {document_id}")
    return document


def _item(session: Session, kind: Kind, item_id: int) -> Project | Document:
    """The project or document, locked for the transaction (StoreError when absent)."""
    return _project(session, item_id) if kind == "project" else _document(session, item_id)


def _owners(item: Project | Document) -> tuple[int, int | None]:
    """The (project id, document id) an event about ``item`` names."""
    return (item.id, None) if isinstance(item, Project) else (item.project_id, item.id)


def _namesake(session: Session, item: Project | Document, name: str) -> Project | Document | None:
    """The other item already named ``name``: any other project, or another document of the same
    project (archived ones included: an archived name stays taken)."""
    if isinstance(item, Project):
        return session.scalar(select(Project).where(Project.name == name, Project.id != item.id))
    return session.scalar(select(Document).where(Document.project_id == item.project_id, Document.name == name,
                                                 Document.id != item.id))


def _event(session: Session, who: Acting, kind: str, project_id: int, document_id: int | None = None, *,
           before: dict[str, object], after: dict[str, object]) -> None:
    session.add(Event(actor=who.name, user_id=who.user_id, kind=kind, project_id=project_id, document_id=document_id,
                      before=before, after=after))


class ArchiveActions(StoreBase):
    """Rename, archive and restore projects and documents (admin only).

    Archiving and restoring return the item as it is afterwards (``Store.project``/``Store.document``)."""

    if TYPE_CHECKING:  # the Store's readers (repository.py)
        def project(self, project_id: int) -> ProjectInfo: ...
        def document(self, document_id: int) -> DocumentInfo: ...

    # --- projects -----------------------------------------------------------------------------

    def rename_project(self, project_id: int, name: str, *, actor: Actor) -> str:
        """Give a project a new name (unique among all projects, archived ones included); returns the old name."""
        return self._rename("project", project_id, name, actor)

    def archive_project(self, project_id: int, *, actor: Actor) -> ProjectInfo:
        """Hide a project and its documents from every listing; nothing is deleted (see :meth:`restore_project`)."""
        self._set_archived("project", project_id, True, actor)
        return self.project(project_id)

    def restore_project(self, project_id: int, *, actor: Actor) -> ProjectInfo:
        """Bring an archived project back, with its documents (those archived on their own stay archived)."""
        self._set_archived("project", project_id, False, actor)
        return self.project(project_id)

    # --- documents ----------------------------------------------------------------------------

    def rename_document(self, document_id: int, name: str, *, actor: Actor) -> str:
        """Give a document a new name (unique within its project, archived documents included); returns the old name."""
        return self._rename("document", document_id, name, actor)

    def archive_document(self, document_id: int, *, actor: Actor) -> DocumentInfo:
        """Hide a document from every listing and make it read-only; nothing is deleted."""
        self._set_archived("document", document_id, True, actor)
        return self.document(document_id)

    def restore_document(self, document_id: int, *, actor: Actor) -> DocumentInfo:
        """Bring an archived document back with all its review work (shown again once its project is live)."""
        with self._read() as session:  # its glossary check, before the transaction (see ``glossary``)
            document = session.get(Document, document_id)
            project = session.get(Project, document.project_id) if document is not None else None
            prepared = (check_glossary(session, project, document_ids=[document_id])
                        if project is not None and project.glossary and _is_admin(session, actor) else None)
        self._set_archived("document", document_id, False, actor, prepared)
        return self.document(document_id)

    def _rename(self, kind: Kind, item_id: int, name: str, actor: Actor) -> str:
        """Rename one project or document: one transaction, one event with the old and new name."""
        name = clean_name(kind, name)
        try:
            with self._write() as session:
                who = require_admin(session, actor, f"renaming a {kind}")
                item = _item(session, kind, item_id)
                old = item.name
                if old == name:
                    return old
                clash = _namesake(session, item, name)
                if clash is not None:
                    raise StoreError(_taken(kind, name, clash.archived_at is not None))
                item.name = name
                _event(session, who, f"rename-{kind}", *_owners(item), before={"name": old}, after={"name": name})
        except IntegrityError:  # another session took the name a moment ago
            raise StoreError(_taken(kind, name, False)) from None
        return old

    def _set_archived(self, kind: Kind, item_id: int, archived: bool, actor: Actor,
                      prepared: GlossaryCheck | None = None) -> None:
        """Archive (or restore) one project or document: one transaction, one event with the name and state."""
        verb = "archive" if archived else "restore"
        with self._write() as session:
            who = require_admin(session, actor, f"{verb[:-1]}ing a {kind}")
            item = _item(session, kind, item_id)
            if (item.archived_at is not None) == archived:
                raise StoreError(f"{kind} {item.name!r} is {'already' if archived else 'not'} archived")
            item.archived_at, item.archived_by = (utcnow(), who.name) if archived else (None, None)
            project_id, document_id = _owners(item)
            after: dict[str, object] = {"name": item.name, "archived": archived}
            if document_id is not None and archived and isinstance(item, Document):
                # Its lines no longer count as repetition: the open chrome findings that rested on them go.
                withdrawn = withdraw_repetition(session, project_id, document_id, item.line_keys or ())
                if withdrawn:
                    after["repetition_removed"] = withdrawn
            if document_id is not None and not archived:
                # Back in use: the project's glossary may have changed while the document was archived
                # (read-only). An archived project's glossary cannot change, so restoring one needs nothing.
                project = _project(session, project_id)
                if project.archived_at is None and project.glossary:
                    result = recheck_glossary(session, project, document_ids=[document_id],
                                              documents=self.document_checks, prepared=prepared)
                    after.update(glossary_opened=result.opened, glossary_removed=result.removed,
                                 glossary_resolved_on_text=result.resolved, glossary_found_on_text=result.found)
                if project.archived_at is None:
                    # Its lines count as repetition again: in the other documents, and in its own lines those
                    # imported while it was archived repeat.
                    assert isinstance(item, Document)
                    repeated = recheck_repetition(session, project_id, document_id, item.line_keys or (), itself=True)
                    if repeated:
                        after["repetition_findings"] = repeated
            _event(session, who, f"{verb}-{kind}", project_id, document_id,
                   before={"name": item.name, "archived": not archived}, after=after)


def _taken(kind: str, name: str, archived: bool) -> str:
    """The one-line refusal of a name already in use (by a live or an archived item)."""
    where = " in this project" if kind == "document" else ""
    if archived:
        return (f"an archived {kind}{where} is named {name!r} (an archived name stays taken): "
                f"choose another name, or restore and rename that {kind} first")
    return f"a {kind} named {name!r} already exists{where}: choose another name"
