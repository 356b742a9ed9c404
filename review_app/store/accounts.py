"""Accounts, sign-in, sessions and assignments: the store's side of "who may do what".

Passwords are hashed with argon2id (argon2-cffi's defaults, re-hashed when they change). Failed
sign-ins are throttled per account: after ``MAX_FAILURES`` in a row the account refuses every
attempt, even with the right password, for ``LOCK_SECONDS`` (doubling with each further failure,
up to ``MAX_LOCK_SECONDS``). Every sign-in attempt costs one argon2 verification and every refusal
reads the same (:class:`LoginError`), whether the name is unknown, the password wrong, or the account
locked or disabled: a visitor learns nothing about an account; the log records what happened.

A sign-in session is a row whose id is the SHA-256 of a random secret; the browser holds
``secret.expiry.signature`` (HMAC-SHA256 under a key kept in the database, so every app process
accepts it). A token is valid while its signature matches, it has
not expired and its row is neither revoked (sign-out) nor belongs to a disabled account.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections import Counter
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, Subquery, case, func, select, union
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from review_app.settings import SESSION_HOURS
from review_app.store.auth import Actor, Operator, User, acting, archived_note, may_edit, require_admin
from review_app.store.base import StoreBase, count_of, paged, where_given
from review_app.store.demo_login import accounts_existed, claim_quick_start, demo_login_open, mark_accounts_existed
from review_app.store.models import Assignment, AuthSession, Document, Event, Project, Segment, Setting, utcnow
from review_app.store.models import User as UserRow
from review_app.store.records import (
    AssignmentInfo,
    LoginError,
    PermissionDenied,
    ReviewerProgress,
    StoreError,
    UserInfo,
)
from review_app.vocab import ROLES

MAX_FAILURES = 5
LOCK_SECONDS = 30
MAX_LOCK_SECONDS = 900
MIN_PASSWORD = 8
DEMO_USER = "demo"
_SESSION_KEY = "session_key"
_HASHER = PasswordHasher()
# Verified against when there is no hash to check (an unknown name, an account without a password), so
# every sign-in attempt costs one verification.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))
log = logging.getLogger(__name__)
# The one answer to every refused sign-in (see ``authenticate``).
SIGN_IN_REFUSED = (f"wrong name or password (after {MAX_FAILURES} failed sign-ins in a row an account refuses "
                   "every attempt for a while)")


def session_lifetime() -> timedelta:
    """How long a sign-in lasts: ``$REVIEW_APP_SESSION_HOURS`` (default 12 hours; checked in ``settings``)."""
    return timedelta(hours=SESSION_HOURS.value())


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or any(ch.isspace() for ch in name) or not name.isprintable():
        raise StoreError(f"{name!r} is not a usable account name (1-100 characters, no spaces)")
    return name


def _assignable(row: UserRow) -> bool:
    """Whether documents may be assigned to this account: an active reviewer."""
    return row.role == "reviewer" and row.active


def _check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise StoreError(f"the password needs at least {MIN_PASSWORD} characters")
    return password


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r} (choose from {', '.join(ROLES)})")
    return role


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, row.demo)


def _live(session: Session, row: UserRow | None) -> User | None:
    """The account if it may act now: it exists, is active, and is not the demo admin of an ended demo login."""
    if row is None or not row.active or (row.demo and not demo_login_open(session)):
        return None
    return _user(row)


def _user_info(row: UserRow) -> UserInfo:
    return UserInfo(row.id, row.name, row.role, row.active, row.demo, row.created_at, row.last_login_at,
                    row.locked_until, row.email)


def _sid_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Accounts(StoreBase):
    """Users, sign-in with throttling, signed sessions, document assignments."""

    # --- accounts -----------------------------------------------------------------------------

    def add_user(self, name: str, role: str, *, password: str | None, actor: Actor) -> User:
        """A new account (admin or operator only); without a password it cannot sign in (scripts, imports).

        Any account, with a password or not, ends the demo login for good (see ``demo_login``)."""
        name, role = _clean_name(name), _check_role(role)
        hashed = _HASHER.hash(_check_password(password)) if password is not None else None
        try:
            with self._write() as session:
                who = require_admin(session, actor, "creating an account")
                row = UserRow(name=name, role=role, password_hash=hashed, active=True, demo=False, failed_logins=0,
                              created_at=utcnow())
                session.add(row)
                session.flush()
                # In this transaction, whoever creates the account: an account has existed here, so nobody
                # is ever signed in automatically again (disabling or deleting every account changes nothing).
                mark_accounts_existed(session, f"account {name!r} created by {who.name}")
                for demo in session.scalars(select(UserRow).where(UserRow.demo, UserRow.active)):
                    demo.active = False
                session.add(Event(actor=who.name, user_id=who.user_id, kind="add-user",
                                  after={"name": name, "role": role}))
                return _user(row)
        except IntegrityError:
            raise StoreError(f"an account named {name!r} already exists") from None

    def set_password(self, name: str, password: str, *, actor: Actor) -> None:
        """Change an account's password (its own, or any as admin); unlocks it and ends its sessions."""
        hashed = _HASHER.hash(_check_password(password))
        with self._write() as session:
            who = acting(session, actor)
            row = self._row(session, name)
            if not who.is_admin and who.user_id != row.id:
                raise PermissionDenied(f"changing {row.name}'s password needs an admin")
            if row.demo:  # with a password it would sign in, as an admin, after the demo login has ended
                raise StoreError(f"{row.name} is the demo login's account: it never has a password")
            row.password_hash, row.failed_logins, row.locked_until = hashed, 0, None
            self._revoke_all(session, row.id)
            session.add(Event(actor=who.name, user_id=who.user_id, kind="set-password", after={"name": row.name}))

    def set_active(self, name: str, active: bool, *, actor: Actor) -> None:
        """Disable (or re-enable) an account; disabling ends its sessions at once. Admin only."""
        with self._write() as session:
            who = require_admin(session, actor, "disabling an account")
            row = self._row(session, name)
            if not active and row.id == who.user_id:
                raise StoreError("you cannot disable your own account")
            if not active:
                _keep_an_admin(session, row, f"{row.name} cannot be disabled")
            row.active = active
            if not active:
                self._revoke_all(session, row.id)
            session.add(Event(actor=who.name, user_id=who.user_id, kind="enable-user" if active else "disable-user",
                              after={"name": row.name}))

    def set_role(self, name: str, role: str, *, actor: Actor) -> bool:
        """Change an account's role (admin or operator only); False when it has that role already.

        The last active admin keeps the role. The account's sessions go on: the app and every write
        re-read the role, so the new one applies from the account's next click."""
        role = _check_role(role)
        with self._write() as session:
            who = require_admin(session, actor, "changing a role")
            row = self._row(session, name)
            if row.role == role:
                return False
            if role != "admin":
                _keep_an_admin(session, row, f"{row.name} cannot become a {role}")
            before, row.role = row.role, role
            session.add(Event(actor=who.name, user_id=who.user_id, kind="set-role",
                              before={"name": row.name, "role": before}, after={"name": row.name, "role": role}))
            return True

    @staticmethod
    def _row(session: Session, name: str) -> UserRow:
        row = session.scalar(select(UserRow).where(UserRow.name == (name or "").strip()))
        if row is None:
            raise StoreError(f"no account named {name!r}")
        return row

    def users(self, *, demo: bool | None = None, offset: int = 0, limit: int | None = None) -> list[UserInfo]:
        """Every account, oldest first (``demo=False``: not the quick start's demo account; ``offset``/``limit``:
        one page of them)."""
        with self._read() as session:
            return [_user_info(r) for r in session.scalars(paged(_users(demo).order_by(UserRow.id), offset, limit))]

    def user_count(self, *, demo: bool | None = None) -> int:
        """How many accounts :meth:`users` lists."""
        with self._read() as session:
            return count_of(session, _users(demo))

    def user(self, user_id: int) -> User | None:
        """The active account with this id, if any (not the demo admin once the demo login has ended)."""
        with self._read() as session:
            return _live(session, session.get(UserRow, user_id))

    def has_accounts(self) -> bool:
        """True while an account that can sign in (active, with a password) exists."""
        with self._read() as session:
            return bool(session.scalar(select(func.count()).where(
                UserRow.demo.is_(False), UserRow.active, UserRow.password_hash.is_not(None))))

    def accounts_existed(self) -> bool:
        """True once any account has been created in this database (recorded for good, see ``demo_login``)."""
        with self._read() as session:
            return accounts_existed(session)

    # --- the demo login -----------------------------------------------------------------------

    def claim_quick_start(self) -> bool:
        """Mark an empty SQLite database as the quick start's, whose visitors get the demo login until an
        account is created; True when it is (now or already). Called before the demo project is loaded."""
        with self._write() as session:
            return claim_quick_start(session)

    def demo_login_allowed(self) -> bool:
        """Whether the app signs visitors in as the demo admin: only on the quick start's SQLite database while
        no account has ever existed, unless ``REVIEW_APP_DEMO_LOGIN=0`` (see ``demo_login``)."""
        with self._read() as session:
            if not demo_login_open(session):
                return False
            row = session.scalar(select(UserRow).where(UserRow.name == DEMO_USER))
            return row is None or (row.demo and row.active)

    def demo_user(self) -> User:
        """The demo admin (created on first use); refused once the demo login is not allowed."""
        try:
            with self._write() as session:  # decided in the transaction that would create the account
                if not demo_login_open(session):
                    raise PermissionDenied("the demo login is off on this database: sign in with your account")
                row = session.scalar(select(UserRow).where(UserRow.name == DEMO_USER))
                if row is None:
                    row = UserRow(name=DEMO_USER, role="admin", password_hash=None, active=True, demo=True,
                                  failed_logins=0, created_at=utcnow())
                    session.add(row)
                    session.flush()
                if not (row.demo and row.active):
                    raise PermissionDenied("the demo login is off on this database: sign in with your account")
                return _user(row)
        except IntegrityError:  # another process created it a moment ago
            return self.demo_user()

    # --- sign-in ------------------------------------------------------------------------------

    def authenticate(self, name: str, password: str, *, now: datetime | None = None) -> User:
        """The account if the password matches; LoginError otherwise (throttled per account).

        Every attempt does the same work, one argon2 verification (against a dummy hash when there is no
        hash to check), and every refusal has the same message, so neither the answer nor its time tells
        whether the name exists or the account is locked or disabled; the log says what happened.
        """
        now = now or utcnow()
        name = (name or "").strip()
        with self._read() as session:
            known = session.scalar(select(UserRow.password_hash).where(UserRow.name == name, UserRow.demo.is_(False)))
        # Outside the transaction: no write lock is held for the verification's half second.
        matches = _verify(known or _DUMMY_HASH, password)  # first, whatever follows: the same work on every path
        user: User | None = None
        with self._write() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == name).with_for_update())
            if row is None or row.demo or row.password_hash is None:
                reason = "no such account" if row is None else "the account cannot sign in with a password"
            elif row.password_hash != known:
                reason = "the password was changed during the sign-in"
            elif row.locked_until is not None and row.locked_until > now:  # even the right password
                reason = f"locked until {row.locked_until:%Y-%m-%d %H:%M:%S} UTC"
            elif not matches:
                row.failed_logins += 1
                if row.failed_logins >= MAX_FAILURES:
                    lock = min(LOCK_SECONDS * 2 ** (row.failed_logins - MAX_FAILURES), MAX_LOCK_SECONDS)
                    row.locked_until = now + timedelta(seconds=lock)
                    reason = f"wrong password, {row.failed_logins} in a row: locked for {lock} s"
                else:
                    reason = f"wrong password, {row.failed_logins} in a row"
            elif not row.active:
                reason = "the account is disabled (the password was right)"
            else:
                row.failed_logins, row.locked_until, row.last_login_at = 0, None, now
                if _HASHER.check_needs_rehash(row.password_hash):
                    row.password_hash = _HASHER.hash(password)
                user = _user(row)
        # Committed above even when refused: the failure count must stick.
        if user is None:
            log.warning("sign-in refused for %r: %s", name[:100], reason)
            raise LoginError(SIGN_IN_REFUSED, reason)
        return user

    # --- sessions -----------------------------------------------------------------------------

    def _signing_key(self) -> bytes:
        with self._read() as session:
            value = session.get(Setting, _SESSION_KEY)
            if value is not None:
                return bytes.fromhex(value.value)
        try:
            with self._write() as session:
                session.add(Setting(name=_SESSION_KEY, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another process made it first: use theirs
        return self._signing_key()

    def _sign(self, payload: str) -> str:
        return hmac.new(self._signing_key(), payload.encode(), hashlib.sha256).hexdigest()

    def start_session(self, user: User, *, lifetime: timedelta | None = None, now: datetime | None = None) -> str:
        """A signed token for a browser cookie, valid for ``lifetime`` (default: :func:`session_lifetime`)."""
        now = now or utcnow()
        expires = now + (lifetime or session_lifetime())
        secret = secrets.token_urlsafe(32)
        with self._write() as session:
            who = acting(session, user)
            if who.user_id is None:
                raise PermissionDenied("only an account can have a sign-in session")
            row = session.get(UserRow, who.user_id)
            if row is not None and row.demo:  # the demo login is decided afresh on every page, never kept
                raise PermissionDenied("the demo login has no sign-in sessions")
            session.add(AuthSession(id=_sid_hash(secret), user_id=who.user_id, created_at=now, expires_at=expires))
        payload = f"{secret}.{int(expires.timestamp())}"
        return f"{payload}.{self._sign(payload)}"

    def session_user(self, token: str | None, *, now: datetime | None = None) -> User | None:
        """The account a token signs in, or None (bad signature, expired, revoked, account disabled)."""
        parts = (token or "").split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        secret, expiry, signature = parts
        if not hmac.compare_digest(self._sign(f"{secret}.{expiry}"), signature):
            return None
        now = now or utcnow()
        with self._read() as session:
            row = session.get(AuthSession, _sid_hash(secret))
            if row is None or row.revoked_at is not None or row.expires_at <= now:
                return None
            return _live(session, session.get(UserRow, row.user_id))

    def end_session(self, token: str | None) -> None:
        """Sign out: the token stops working everywhere (other tabs and reloads included)."""
        secret = (token or "").split(".")[0]
        if not secret:
            return
        with self._write() as session:
            row = session.get(AuthSession, _sid_hash(secret))
            if row is not None and row.revoked_at is None:
                row.revoked_at = utcnow()

    @staticmethod
    def _revoke_all(session: Session, user_id: int) -> None:
        for row in session.scalars(select(AuthSession).where(AuthSession.user_id == user_id,
                                                             AuthSession.revoked_at.is_(None))):
            row.revoked_at = utcnow()

    # --- assignments --------------------------------------------------------------------------

    def assignable(self) -> list[str]:
        """The accounts documents can be assigned to (active reviewers), oldest first."""
        with self._read() as session:
            return [r.name for r in session.scalars(select(UserRow).order_by(UserRow.id)) if _assignable(r)]

    def assign(self, document_id: int, name: str, *, actor: Actor) -> None:
        """Assign a document to a reviewer (admin only); assigning twice changes nothing."""
        with self._write() as session:
            who = require_admin(session, actor, "assigning documents")
            row = self._row(session, name)
            if not _assignable(row):
                raise StoreError(f"{row.name} is not an active reviewer: only reviewers get documents assigned")
            document = session.get(Document, document_id)
            if document is None:
                raise StoreError(f"no document with id {document_id}")
            archived = archived_note(session, document_id)
            if archived is not None:
                raise StoreError(archived)
            exists_ = session.scalar(select(Assignment).where(Assignment.document_id == document_id,
                                                              Assignment.user_id == row.id))
            if exists_ is not None:
                return
            session.add(Assignment(document_id=document_id, user_id=row.id, assigned_by=who.name,
                                   created_at=utcnow()))
            session.add(Event(actor=who.name, user_id=who.user_id, kind="assign", project_id=document.project_id,
                              document_id=document_id, after={"reviewer": row.name}))

    def unassign(self, document_id: int, name: str, *, actor: Actor) -> None:
        """Take a document away from a reviewer (admin only); their past changes stay."""
        with self._write() as session:
            who = require_admin(session, actor, "assigning documents")
            row = self._row(session, name)
            assignment = session.scalar(select(Assignment).where(Assignment.document_id == document_id,
                                                                 Assignment.user_id == row.id))
            if assignment is None:
                raise StoreError(f"document {document_id} is not assigned to {row.name}")
            document = session.get(Document, document_id)
            session.delete(assignment)
            session.add(Event(actor=who.name, user_id=who.user_id, kind="unassign",
                              project_id=document.project_id if document else None, document_id=document_id,
                              before={"reviewer": row.name}))

    def assignment_count(self, *, user_id: int | None = None) -> int:
        """How many assignments :meth:`assignments` lists (of live documents; of one account's)."""
        stmt = (select(func.count()).select_from(Assignment).join(Document, Document.id == Assignment.document_id)
                .join(Project, Project.id == Document.project_id)
                .where(Document.archived_at.is_(None), Project.archived_at.is_(None)))
        with self._read() as session:
            return session.scalar(where_given(stmt, (Assignment.user_id, user_id))) or 0

    def assignments(self, *, user_id: int | None = None, document_id: int | None = None, offset: int = 0,
                    limit: int | None = None) -> list[AssignmentInfo]:
        """Assignments with each document's progress (segments, reviewed = not "todo"), oldest first
        (``offset``/``limit``: one page of them).

        Assignments of archived documents (and of documents of archived projects) are kept but not
        listed: they come back with the document. Segments deleted in the correction (page chrome,
        credits) are in neither count, as on the dashboard."""
        kept = func.trim(Segment.corrected) != ""
        total = select(func.count()).where(Segment.document_id == Assignment.document_id, kept).scalar_subquery()
        reviewed = (select(func.count()).where(Segment.document_id == Assignment.document_id, kept,
                                               Segment.status != "todo").scalar_subquery())
        stmt = (select(Assignment, Document.name, Project.id, Project.name, UserRow.name, total, reviewed)
                .join(Document, Document.id == Assignment.document_id).join(Project, Project.id == Document.project_id)
                .join(UserRow, UserRow.id == Assignment.user_id)
                .where(Document.archived_at.is_(None), Project.archived_at.is_(None)).order_by(Assignment.id))
        stmt = where_given(stmt, (Assignment.user_id, user_id), (Assignment.document_id, document_id))
        stmt = stmt.offset(max(offset, 0)).limit(limit)
        with self._read() as session:
            return [AssignmentInfo(a.id, a.document_id, doc, pid, pname, a.user_id, uname, a.assigned_by, a.created_at,
                                   n or 0, done or 0)
                    for a, doc, pid, pname, uname, n, done in session.execute(stmt)]

    def team_progress(self, document_ids: list[int], *, offset: int = 0, limit: int | None = None
                      ) -> list[ReviewerProgress]:
        """Per person, over these documents: assigned documents, their segments and how many are reviewed,
        and the segment actions the person took (by account; the operator and pre-account names by name);
        by name (``offset``/``limit``: one page of the people, chosen in SQL)."""
        documents: Counter[str] = Counter()
        segments: Counter[str] = Counter()
        reviewed: Counter[str] = Counter()
        kept = func.trim(Segment.corrected) != ""  # as assignments() counts
        people = _progress_people(document_ids)
        with self._read() as session:
            names = list(session.scalars(paged(select(people.c.name).order_by(people.c.name), offset, limit)))
            # Each document counted once, and only these documents' assignments (not every assignment's
            # two counts of the whole database).
            counts = {doc: (n, done or 0) for doc, n, done in session.execute(
                select(Segment.document_id, func.count(), func.sum(case((Segment.status != "todo", 1), else_=0)))
                .where(Segment.document_id.in_(document_ids), kept).group_by(Segment.document_id))}
            for document_id, name in session.execute(_assigned(document_ids).where(UserRow.name.in_(names))):
                n, done = counts.get(document_id, (0, 0))
                documents[name] += 1
                segments[name] += n
                reviewed[name] += done
            roles = {name: role for name, role in session.execute(select(UserRow.name, UserRow.role)
                                                                  .where(UserRow.name.in_(names)))}
            actions = {name: (count, last) for name, count, last in session.execute(
                select(Event.actor, func.count(), func.max(Event.at))
                .where(Event.document_id.in_(document_ids), Event.segment_id.is_not(None), Event.actor.in_(names))
                .group_by(Event.actor)
            )}
        return [ReviewerProgress(name, roles.get(name, "-"), documents[name], segments[name], reviewed[name],
                                 *actions.get(name, (0, None)))
                for name in names]

    def team_progress_count(self, document_ids: list[int]) -> int:
        """How many people :meth:`team_progress` lists."""
        with self._read() as session:
            return count_of(session, select(_progress_people(document_ids).c.name))

    def can_edit(self, actor: Actor | None, document_id: int) -> bool:
        """Whether ``actor`` may change the document (for enabling controls; the write itself checks again)."""
        if actor is None:
            return False
        with self._read() as session:
            if archived_note(session, document_id) is not None:
                return False
            if isinstance(actor, Operator):
                return True
            try:
                who = acting(session, actor)
            except PermissionDenied:
                return False
            return may_edit(session, who, document_id)


def _users(demo: bool | None) -> Select[UserRow]:
    return select(UserRow) if demo is None else select(UserRow).where(UserRow.demo.is_(demo))


def _assigned(document_ids: list[int]) -> Select[int, str]:
    """(document, account name) of the assignments of these documents that are live."""
    return (select(Assignment.document_id, UserRow.name).join(UserRow, UserRow.id == Assignment.user_id)
            .join(Document, Document.id == Assignment.document_id).join(Project, Project.id == Document.project_id)
            .where(Assignment.document_id.in_(document_ids), Document.archived_at.is_(None),
                   Project.archived_at.is_(None)))


def _progress_people(document_ids: list[int]) -> Subquery:
    """The names :meth:`Accounts.team_progress` lists: whoever is assigned one of the documents or changed one of
    their segments (each once)."""
    assigned = _assigned(document_ids).with_only_columns(UserRow.name.label("name"))
    acted = select(Event.actor.label("name")).where(Event.document_id.in_(document_ids), Event.segment_id.is_not(None))
    return union(assigned, acted).subquery()


def _keep_an_admin(session: Session, row: UserRow, refused: str) -> None:
    """Refuse taking the admin role away from the last active admin (nobody could manage the team then)."""
    if row.role != "admin" or not row.active or row.demo:
        return
    # The admins' rows are locked (PostgreSQL): two admins demoting each other at once cannot both pass.
    admins = session.scalars(select(UserRow.id).where(UserRow.role == "admin", UserRow.active,
                                                      UserRow.demo.is_(False)).with_for_update()).all()
    if not set(admins) - {row.id}:
        raise StoreError(f"{refused}: it is the last active admin (make another account an admin first)")


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password or "")
    except (VerificationError, InvalidHashError):
        return False
