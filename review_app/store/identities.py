"""Single sign-on identities, accounts' e-mails, and the password sign-in's one-time hand-over.

**Single sign-on** (OpenID Connect through Streamlit's ``st.login``): the provider names a person by
issuer + subject. The first sign-in of an identity whose verified e-mail is an account's links the two
(an event); an identity without an account is recorded and gets no access until an admin grants it a
role (:meth:`Identities.grant_identity`, an event). Each ID token is one sign-in session: a row of
``auth_sessions`` named by the token's issuer, subject and nonce, expiring ``REVIEW_APP_SESSION_HOURS``
after the token was issued and revoked at sign-out, so a signed-out (or copied) identity cookie
signs nobody in again and a disabled account is refused at once.

**Password sign-in hand-over**: the sign-in form runs over Streamlit's websocket, which cannot set a
cookie. It gets a ticket (:meth:`Identities.issue_sign_in_ticket`) that the browser takes to the app's
own route once, within seconds; the route redeems it (:meth:`Identities.redeem_sign_in_ticket`) for a
session token and puts that into an HttpOnly cookie, so no script of the page ever holds the token.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVarTuple

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from review_app.store.accounts import Accounts, _check_role, _clean_name, _live, _user, session_lifetime
from review_app.store.auth import Actor, User, require_admin
from review_app.store.base import count_of, paged
from review_app.store.demo_login import mark_accounts_existed
from review_app.store.models import AuthSession, Event, Identity, SignInTicket, utcnow
from review_app.store.models import User as UserRow
from review_app.store.records import StoreError

_Row = TypeVarTuple("_Row")

TICKET_SECONDS = 60
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def clean_email(email: str | None) -> str | None:
    """An e-mail address lower-cased (None for blank); StoreError when it is not one."""
    email = (email or "").strip().lower()
    if not email:
        return None
    if len(email) > 320 or not _EMAIL.fullmatch(email) or not email.isprintable():
        raise StoreError(f"{email!r} is not an e-mail address")
    return email


@dataclass(frozen=True, slots=True)
class OidcClaims:
    """What a sign-in's ID token says about the person (Streamlit's ``st.user``): who, and which sign-in."""

    issuer: str
    subject: str
    issued_at: int  # the token's ``iat`` (seconds since the epoch)
    session: str  # the token's nonce (else its ``iat``): one value per sign-in
    email: str | None = None
    email_verified: bool | None = None
    name: str | None = None

    @classmethod
    def from_user_info(cls, info: Mapping[str, object]) -> OidcClaims | None:
        """The claims of a signed-in ``st.user`` (None without issuer, subject or issue time)."""
        issuer, subject, issued = info.get("iss"), info.get("sub"), info.get("iat")
        if not isinstance(issuer, str) or not isinstance(subject, str) or not issuer or not subject:
            return None
        if isinstance(issued, bool) or not isinstance(issued, int | float):
            return None
        nonce = info.get("nonce")
        email = info.get("email")
        verified = info.get("email_verified")
        name = next((v for v in (info.get("name"), info.get("preferred_username")) if isinstance(v, str) and v), None)
        return cls(issuer, subject, int(issued), nonce if isinstance(nonce, str) and nonce else str(int(issued)),
                   email if isinstance(email, str) and email else None,
                   verified if isinstance(verified, bool) else None, name)

    @property
    def label(self) -> str:
        """How the person is named to admins: the e-mail, else the subject."""
        return self.email or self.subject


@dataclass(frozen=True, slots=True)
class SsoOutcome:
    """A single sign-on checked against the store: the account, or why there is none (``pending``: an
    identity waiting for an admin). ``first`` is True on the one check that started the session."""

    user: User | None
    pending: bool = False
    reason: str = ""
    first: bool = False


@dataclass(frozen=True, slots=True)
class IdentityInfo:
    """A provider identity as listed for admins; ``user`` is the linked account's name (None: waiting)."""

    id: int
    issuer: str
    subject: str
    email: str | None
    name: str | None
    user: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    linked_at: datetime | None
    linked_by: str | None


def _sso_session_id(claims: OidcClaims) -> str:
    return hashlib.sha256(f"oidc\0{claims.issuer}\0{claims.subject}\0{claims.session}".encode()).hexdigest()


def _issued(claims: OidcClaims) -> datetime:
    return datetime.fromtimestamp(claims.issued_at, UTC).replace(tzinfo=None)


def _identity_info(row: Identity, user: str | None) -> IdentityInfo:
    return IdentityInfo(row.id, row.issuer, row.subject, row.email, row.name, user, row.first_seen_at,
                        row.last_seen_at, row.linked_at, row.linked_by)


def _suggested_name(session: Session, identity: Identity) -> str:
    """An unused account name from the identity (e-mail's local part, else its name or subject)."""
    base = (identity.email or "").split("@")[0] or identity.name or identity.subject
    base = re.sub(r"\s+", ".", base.strip())[:90] or "user"
    name, n = base, 1
    while session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
        n += 1
        name = f"{base}{n}"
    return name


class Identities(Accounts):
    """Single sign-on identities and their sessions, accounts' e-mails, password sign-in tickets."""

    # --- e-mail -------------------------------------------------------------------------------

    def set_email(self, name: str, email: str | None, *, actor: Actor) -> None:
        """Set (or, with None or blank, clear) an account's e-mail (admin only): a first single sign-on with
        that verified address signs in as this account. Unique across accounts."""
        address = clean_email(email)
        try:
            with self._write() as session:
                who = require_admin(session, actor, "setting an e-mail")
                row = self._row(session, name)
                if row.demo:
                    raise StoreError(f"{row.name} is the demo login's account: it has no e-mail")
                before, row.email = row.email, address
                if before == address:
                    return
                session.add(Event(actor=who.name, user_id=who.user_id, kind="set-email",
                                  before={"name": row.name, "email": before},
                                  after={"name": row.name, "email": address}))
        except IntegrityError:
            raise StoreError(f"another account has the e-mail {address}") from None

    def emails(self) -> dict[str, str]:
        """Each account's e-mail, by account name (accounts without one are left out)."""
        with self._read() as session:
            return {name: email for name, email in session.execute(
                select(UserRow.name, UserRow.email).where(UserRow.email.is_not(None))) if email}

    # --- single sign-on -----------------------------------------------------------------------

    def sso_sign_in(self, claims: OidcClaims, *, now: datetime | None = None) -> SsoOutcome:
        """The account this ID token signs in as, checked now (the linked account must be active, this
        sign-in neither expired nor signed out); an unknown identity is recorded for the admins.

        The first check of a token links a known verified e-mail, starts the session and records the
        identity; later checks only read."""
        now = now or utcnow()
        expires = _issued(claims) + session_lifetime()
        if expires <= now:
            return SsoOutcome(None, reason="this single sign-on has expired: sign in again")
        sid = _sso_session_id(claims)
        with self._read() as session:  # the common case: a running sign-in, read only
            identity = session.scalar(select(Identity).where(Identity.issuer == claims.issuer,
                                                             Identity.subject == claims.subject))
            row = session.get(AuthSession, sid)
            if identity is not None and identity.user_id is not None and row is not None:
                return self._session_outcome(session, row, now)
        try:
            return self._first_sign_in(claims, sid, expires, now)
        except IntegrityError:  # another tab of the same browser recorded it a moment ago
            return self._first_sign_in(claims, sid, expires, now)

    @staticmethod
    def _session_outcome(session: Session, row: AuthSession, now: datetime) -> SsoOutcome:
        user = _live(session, session.get(UserRow, row.user_id))
        if user is None:  # first: disabling an account also revokes its sessions
            return SsoOutcome(None, reason="your account is disabled: ask an admin")
        if row.revoked_at is not None:
            return SsoOutcome(None, reason="you signed out: sign in again")
        if row.expires_at <= now:
            return SsoOutcome(None, reason="this single sign-on has expired: sign in again")
        return SsoOutcome(user)

    def _first_sign_in(self, claims: OidcClaims, sid: str, expires: datetime, now: datetime) -> SsoOutcome:
        email = None
        with contextlib.suppress(StoreError):  # an address the store cannot hold links nothing
            email = clean_email(claims.email)
        with self._write() as session:
            identity = session.scalar(select(Identity).where(Identity.issuer == claims.issuer,
                                                             Identity.subject == claims.subject))
            if identity is None:
                identity = Identity(issuer=claims.issuer, subject=claims.subject, first_seen_at=now)
                session.add(identity)
            identity.email, identity.name, identity.last_seen_at = email, (claims.name or "")[:200] or None, now
            session.flush()
            if identity.user_id is None and email and claims.email_verified is not False:
                self._link_by_email(session, identity, email, now)
            if identity.user_id is None:
                return SsoOutcome(None, pending=True, reason="no access yet: ask an admin to grant you a role")
            account = session.get(UserRow, identity.user_id)
            row = session.get(AuthSession, sid)
            if row is not None:
                return self._session_outcome(session, row, now)
            user = _live(session, account)
            if user is None or account is None:
                return SsoOutcome(None, reason="your account is disabled: ask an admin")
            session.add(AuthSession(id=sid, user_id=account.id, created_at=now, expires_at=expires))
            account.last_login_at = now
            return SsoOutcome(user, first=True)

    @staticmethod
    def _link_by_email(session: Session, identity: Identity, email: str, now: datetime) -> None:
        """Link to the active account with this e-mail, unless it already has another identity of this provider
        (a reused address must not take over an account that signs in as someone else)."""
        account = session.scalar(select(UserRow).where(func.lower(UserRow.email) == email, UserRow.active,
                                                       UserRow.demo.is_(False)))
        if account is None:
            return
        other = session.scalar(select(Identity.id).where(Identity.user_id == account.id, Identity.id != identity.id,
                                                         Identity.issuer == identity.issuer))
        if other is not None:
            return
        identity.user_id, identity.linked_at, identity.linked_by = account.id, now, "e-mail"
        session.add(Event(actor=account.name, user_id=account.id, kind="link-identity",
                          after={"name": account.name, "email": email, "issuer": identity.issuer,
                                 "subject": identity.subject, "by": "e-mail"}))

    def end_sso_session(self, claims: OidcClaims) -> None:
        """Sign out this single sign-on: its ID token signs nobody in again (in every tab and process)."""
        sid = _sso_session_id(claims)
        with self._write() as session:
            row = session.get(AuthSession, sid)
            if row is not None:
                if row.revoked_at is None:
                    row.revoked_at = utcnow()
                return
            identity = session.scalar(select(Identity).where(Identity.issuer == claims.issuer,
                                                             Identity.subject == claims.subject))
            if identity is not None and identity.user_id is not None:  # never seen as a session: revoked from birth
                session.add(AuthSession(id=sid, user_id=identity.user_id, created_at=utcnow(),
                                        expires_at=_issued(claims) + session_lifetime(), revoked_at=utcnow()))

    def identities(self, *, pending: bool | None = None, offset: int = 0, limit: int | None = None
                   ) -> list[IdentityInfo]:
        """Provider identities, newest sign-in first; ``pending=True``: only those waiting for an admin
        (``offset``/``limit``: one page of them)."""
        stmt = (select(Identity, UserRow.name).outerjoin(UserRow, UserRow.id == Identity.user_id)
                .order_by(Identity.last_seen_at.desc(), Identity.id.desc()))
        with self._read() as session:
            return [_identity_info(row, name)
                    for row, name in session.execute(paged(_pending(stmt, pending), offset, limit))]

    def identity_count(self, *, pending: bool | None = None) -> int:
        """How many identities :meth:`identities` lists."""
        with self._read() as session:
            return count_of(session, _pending(select(Identity.id), pending))

    def grant_identity(self, identity_id: int, role: str, *, name: str | None = None, actor: Actor) -> User:
        """Give a waiting identity an account with ``role`` (admin only): the person signs in from their next
        click. The account is named ``name`` (default: from the e-mail), has no password and takes the
        identity's e-mail when no other account has it. One transaction, one event."""
        role = _check_role(role)
        wanted = _clean_name(name) if name and name.strip() else None
        try:
            with self._write() as session:
                who = require_admin(session, actor, "granting a role")
                identity = session.get(Identity, identity_id, with_for_update=True)
                if identity is None:
                    raise StoreError(f"no identity with id {identity_id}")
                if identity.user_id is not None:
                    raise StoreError(f"{identity.email or identity.subject} already has an account")
                email = identity.email
                if email and session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
                    email = None  # that address belongs to another account: the link stays by identity only
                account = UserRow(name=wanted or _suggested_name(session, identity), role=role, password_hash=None,
                                  active=True, demo=False, failed_logins=0, created_at=utcnow(), email=email)
                session.add(account)
                session.flush()
                # As add_user does: an account exists from now on, so the demo login has ended for good.
                mark_accounts_existed(session, f"account {account.name!r} granted by {who.name}")
                for demo in session.scalars(select(UserRow).where(UserRow.demo, UserRow.active)):
                    demo.active = False
                identity.user_id, identity.linked_at, identity.linked_by = account.id, utcnow(), who.name
                session.add(Event(actor=who.name, user_id=who.user_id, kind="grant-identity",
                                  after={"name": account.name, "role": role, "email": identity.email,
                                         "issuer": identity.issuer, "subject": identity.subject}))
                return _user(account)
        except IntegrityError:
            raise StoreError(f"an account named {wanted!r} already exists") from None

    def derived_secret(self, purpose: str) -> str:
        """A key for ``purpose`` derived from the database's session-signing key (the same in every process
        of the app; a new one for each purpose)."""
        return hmac.new(self._signing_key(), purpose.encode(), hashlib.sha256).hexdigest()

    # --- the password sign-in's hand-over -----------------------------------------------------

    def issue_sign_in_ticket(self, user: User, *, now: datetime | None = None) -> str:
        """A one-time ticket for this signed-in account (from :meth:`authenticate`), valid ``TICKET_SECONDS``."""
        now = now or utcnow()
        ticket = secrets.token_urlsafe(32)
        with self._write() as session:
            row = session.get(UserRow, user.id)
            if _live(session, row) is None or row is None or row.name != user.name or row.demo:
                raise StoreError("this account cannot sign in")
            session.execute(delete(SignInTicket).where(SignInTicket.expires_at < now))  # keep the table small
            session.add(SignInTicket(id=hashlib.sha256(ticket.encode()).hexdigest(), user_id=row.id, created_at=now,
                                     expires_at=now + timedelta(seconds=TICKET_SECONDS)))
        return ticket

    def redeem_sign_in_ticket(self, ticket: str, *, now: datetime | None = None) -> str | None:
        """The session token for a ticket, once (None: unknown, used, expired, or the account is disabled)."""
        now = now or utcnow()
        if not ticket or len(ticket) > 100:
            return None
        with self._write() as session:
            tid = hashlib.sha256(ticket.encode()).hexdigest()
            used = session.execute(update(SignInTicket).where(SignInTicket.id == tid, SignInTicket.used_at.is_(None),
                                                              SignInTicket.expires_at > now).values(used_at=now))
            if used.rowcount != 1:  # type: ignore[attr-defined]
                return None
            user = _live(session, session.get(UserRow, session.get_one(SignInTicket, tid).user_id))
        return self.start_session(user, now=now) if user is not None else None


def _pending(stmt: Select[*_Row], pending: bool | None) -> Select[*_Row]:
    """``stmt`` narrowed to the identities waiting for an admin (``pending=True``) or linked (False)."""
    if pending is None:
        return stmt
    return stmt.where(Identity.user_id.is_(None) if pending else Identity.user_id.is_not(None))
