"""The quick start's demo login and the two rows of ``settings`` that decide it, for good.

The demo login (the app signs every visitor in as a labelled admin without a password) exists only
for the quick start's untouched SQLite database. Two markers in ``settings`` record what happened to
a database; nothing deletes them (not a downgrade either):

- ``quick_start``: the demo project was loaded into an empty SQLite database (no project, no account,
  no ``accounts_existed``): :func:`claim_quick_start`, called by ``review.demo.load_demo``;
- ``accounts_existed``: written in the transaction that creates the first account, whoever creates
  it (``users add``, the Team page, a script; with or without a password). Migration 0006 writes it for
  an older database that has accounts, or had them (an ``add-user`` event).

The demo login is open while the database is SQLite, ``quick_start`` is there, no account exists or
ever existed, ``REVIEW_APP_DEMO_LOGIN`` is not off and no single sign-on is configured (a server whose
people sign in through their company's identity provider never signs a visitor in as an admin).
Disabling or deleting every account therefore never brings it back, and a PostgreSQL database never
has it. ``auth.acting`` asks :func:`demo_login_open` again in every transaction of the demo account,
so a browser tab still signed in as the demo admin can do nothing once the demo login has ended.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from review_app.settings import DEMO_LOGIN, sso_configured
from review_app.store.models import Project, Setting, User, utcnow

QUICK_START = "quick_start"
ACCOUNTS_EXISTED = "accounts_existed"


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _has(session: Session, name: str) -> bool:
    return session.scalar(select(exists().where(Setting.name == name))) is True


def _set_once(session: Session, name: str, value: str) -> None:
    """Insert the marker unless it is there; two transactions writing it at once are no conflict."""
    dialect = _dialect(session)
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        session.execute(insert(Setting).values(name=name, value=value).on_conflict_do_nothing(
            index_elements=[Setting.name]))
    elif not _has(session, name):
        session.add(Setting(name=name, value=value))
        session.flush()


def mark_accounts_existed(session: Session, how: str) -> None:
    """Record, in the caller's transaction, that an account exists (the first one's time and origin are kept)."""
    _set_once(session, ACCOUNTS_EXISTED, f"{utcnow():%Y-%m-%d %H:%M:%S} UTC: {how}")


def accounts_existed(session: Session) -> bool:
    """True once any account has existed in this database (the marker, or a row written without it)."""
    return _has(session, ACCOUNTS_EXISTED) or session.scalar(
        select(exists().where(User.demo.is_(False)))) is True


def claim_quick_start(session: Session) -> bool:
    """Mark an empty SQLite database as the quick start's (before the demo project is loaded into it).

    True when the database is the quick start's now or already was, with no account ever; False
    otherwise (PostgreSQL, a project or an account already there, or accounts have existed)."""
    if _dialect(session) != "sqlite" or accounts_existed(session):
        return False
    if _has(session, QUICK_START):
        return True
    if session.scalar(select(exists().select_from(Project))) or session.scalar(select(exists().select_from(User))):
        return False  # someone has used this database already: not the quick start's
    _set_once(session, QUICK_START, f"{utcnow():%Y-%m-%d %H:%M:%S} UTC")
    return True


def demo_login_open(session: Session) -> bool:
    """Whether the demo admin may sign in and act now (the rule in the module's docstring)."""
    return (DEMO_LOGIN.value() and not sso_configured() and _dialect(session) == "sqlite"
            and _has(session, QUICK_START) and not accounts_existed(session))
