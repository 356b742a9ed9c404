"""Who is acting, and what their role allows: the store checks this inside every write transaction.

A :class:`User` is handed out by the store only after a sign-in (:meth:`Store.authenticate`,
:meth:`Store.session_user`) or to the demo login; the store re-reads the account in the same
transaction as the change, so a disabled or demoted account, or the demo admin once the demo login
has ended (``demo_login``), is refused even with an old object.
An :class:`Operator` is whoever runs a command on the server with the database's credentials
(``review-app users``, the demo loader, scripts): trusted like an admin, recorded by name, and
never produced by a sign-in.

Roles (``vocab.ROLES``): an admin may do everything; a reviewer changes only documents assigned
to them and undoes only their own changes; a viewer changes nothing. An archived document (or a
document of an archived project) is read-only for everyone until an admin restores it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from review_app.store.demo_login import demo_login_open
from review_app.store.models import Assignment, Document, Project
from review_app.store.models import User as UserRow
from review_app.store.records import PermissionDenied, StoreError


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in account: id, name, role (the store trusts only the database's copy of the role)."""

    id: int
    name: str
    role: str
    demo: bool = False

    @property
    def is_admin(self) -> bool:
        """True for the admin role."""
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class Operator:
    """Local, trusted access (command line, demo loader): acts as an admin, has no account."""

    name: str = "operator"

    @property
    def is_admin(self) -> bool:
        """Always: local access acts as an admin."""
        return True


Actor = User | Operator
# The refusal of a change without an account (the app says it before asking the store, in the same words).
SIGN_IN_FIRST = "sign in first: every change is recorded with the signed-in account"


@dataclass(frozen=True, slots=True)
class Acting:
    """The checked actor of one transaction: the name events record, the account id (None: operator), the role."""

    name: str
    user_id: int | None
    role: str

    @property
    def is_admin(self) -> bool:
        """True for an admin account or the operator."""
        return self.role == "admin"


def acting(session: Session, actor: object) -> Acting:
    """The actor as the database knows them now; refused unless it is a live account or the operator."""
    if isinstance(actor, Operator):
        return Acting(actor.name, None, "admin")
    if not isinstance(actor, User):
        raise PermissionDenied(SIGN_IN_FIRST)
    row = session.get(UserRow, actor.id)
    if row is None or row.name != actor.name:
        raise PermissionDenied(f"the account {actor.name!r} does not exist any more: sign in again")
    if not row.active:
        raise PermissionDenied(f"the account {row.name!r} is disabled: ask an admin")
    if row.demo and not demo_login_open(session):  # an old browser tab of the demo admin, after the demo ended
        raise PermissionDenied("the demo login has ended on this database: sign in with your account")
    return Acting(row.name, row.id, row.role)


def may_delete_annotation(who: Actor | Acting | None, author: str) -> bool:
    """Whether ``who`` may delete an annotation ``author`` made: their own, or anyone's as an admin."""
    return who is not None and (who.is_admin or who.name == author)


def require_admin(session: Session, actor: object, what: str) -> Acting:
    """The actor, if an admin (``what`` names the refused action in the message)."""
    who = acting(session, actor)
    if not who.is_admin:
        raise PermissionDenied(f"{what} needs an admin; {who.name} is a {who.role}")
    return who


def may_edit(session: Session, who: Acting, document_id: int) -> bool:
    """Whether ``who`` may change the document: admins always, reviewers when it is assigned to them."""
    if who.is_admin:
        return True
    if who.role != "reviewer" or who.user_id is None:
        return False
    return bool(session.scalar(select(exists().where(Assignment.document_id == document_id,
                                                     Assignment.user_id == who.user_id))))


def archived_note(session: Session, document_id: int) -> str | None:
    """Why the document is read-only because it or its project is archived, or None when both are live."""
    row = session.execute(select(Document.name, Document.archived_at, Project.name, Project.archived_at)
                          .join(Project, Project.id == Document.project_id).where(Document.id == document_id)).first()
    if row is None:
        return None
    document, document_archived, project, project_archived = row
    if document_archived is not None:
        return f"document {document!r} is archived: an admin can restore it on the Projects page to change it"
    if project_archived is not None:
        return f"project {project!r} is archived: an admin can restore it on the Projects page to change its documents"
    return None


def require_document(session: Session, actor: object, document_id: int) -> Acting:
    """The actor, if they may change this document (admin, or a reviewer it is assigned to; not archived)."""
    who = acting(session, actor)
    archived = archived_note(session, document_id)
    if archived is not None:
        raise StoreError(archived)
    if may_edit(session, who, document_id):
        return who
    if who.role == "reviewer":
        raise PermissionDenied(f"this document is not assigned to {who.name}: ask an admin to assign it")
    raise PermissionDenied(f"{who.name} is a {who.role}: a {who.role} cannot change anything")
