"""What every page needs: the store (one per database, shared by all sessions), the signed-in
account (the sign-in page otherwise), the chosen project and document, and one-line messages.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy.exc import ArgumentError

from review_app.app.components import viewstate
from review_app.app.components.cursor import open_segment
from review_app.app.components.login import current_user, sign_in_page
from review_app.app.components.safe import md
from review_app.errors import InputError
from review_app.review.demo import load_demo
from review_app.settings import DB, parse_database, shown_database
from review_app.store import DocumentInfo, ProjectInfo, Store, StoreError, User, resolve_db_url
from review_app.store.auth import SIGN_IN_FIRST
from review_app.store.db import describe_url

log = logging.getLogger("review_app.app")


def _db_argument(argv: list[str] | None) -> str | None:
    """The value of ``--db`` after ``--`` on the command line (``streamlit run main.py -- --db X``), or None."""
    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--db="):
            return arg.split("=", 1)[1]
    return None


def db_setting(argv: list[str] | None = None) -> str:
    """The database from ``--db`` after ``--`` on the command line, else ``$REVIEW_APP_DB``, else the default.

    A bad ``--db`` (empty, a URL of an unknown dialect or with a bad port) is a StoreError whose one line
    quotes it with the password masked (main.py shows it instead of the pages)."""
    value = _db_argument(argv)
    if value is not None:
        try:
            parse_database(value)
        except ValueError:
            raise StoreError(f"--db {shown_database(value)} is not a SQLite file path or a SQLAlchemy database "
                             "URL (such as postgresql+psycopg://user@host/db; an @ in the password is written %40)"
                             ) from None
    try:
        return resolve_db_url(value)
    except ArgumentError as exc:  # a malformed --db URL: one line on the page (main.py), not a traceback
        raise StoreError(f"--db {shown_database(value or '')} is not a database file or URL: {exc}") from None


def is_quick_start(argv: list[str] | None = None) -> bool:
    """True when neither ``--db`` nor ``$REVIEW_APP_DB`` names the database: the quick start's
    ``./review_app.db``, the only database the app creates (any other must exist: ``review-app db init``)."""
    return _db_argument(argv) is None and not DB.is_set()


@st.cache_resource(show_spinner="Opening the database and loading the demo project…")
def store_for(url: str, create: bool = False) -> Store:
    """The store of database ``url``, opened once per server process (demo project loaded when empty);
    a database that does not exist is created only with ``create`` (the quick start)."""
    store = Store(url, create=create)
    if not store.projects() and not store.projects(archived=True):  # archived projects are not an empty database
        try:
            load_demo(store)
        except (InputError, StoreError) as exc:  # a second process may have loaded it a moment ago
            log.warning("demo project not loaded: %s", exc)
    return store


def get_store() -> Store:
    """The store for this server's database (the quick start's is created, with the demo project, on first use)."""
    return store_for(db_setting(), create=is_quick_start())


def signed_in(store: Store | None = None) -> User:
    """The signed-in account; otherwise the sign-in page is drawn and the script stops here."""
    store = store or get_store()
    user = current_user(store)
    if user is None:
        sign_in_page(store, f"review-app users add NAME --role admin --db '{describe_url(store.url)}'")
        st.stop()
    return user


def read_only_note(user: User) -> str:
    """Why the signed-in account cannot change the current document."""
    if user.role == "viewer":
        return f"{md(user.name)} is a viewer: you can read everything, but not change it."
    return (f"This document is not assigned to {md(user.name)}: you can read it; ask an admin to assign it "
            "to make changes (your assigned documents are on the My work page).")


_PENDING = "_select_next_run"  # session key: (project id, document id) for the pickers of the next run


def select_next_run(project_id: int, document_id: int | None = None) -> None:
    """Make the pickers show this project (and document) from the next run on (for code that runs after
    they were drawn: a widget's value cannot change once it is on the page)."""
    st.session_state[_PENDING] = (project_id, document_id)


def choose_project(store: Store, *, where: Any = None) -> ProjectInfo | None:
    """A project picker remembered across pages; None when there is no project yet."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is not None:
        project_id, document_id = pending
        viewstate.open_project(project_id)
        if document_id is not None:
            viewstate.open_document(document_id, project_id)
    projects = store.projects()
    if not projects:
        return None
    by_id = {p.id: p for p in projects}
    if st.session_state.get(viewstate.PROJECT_PICKER) not in by_id:  # archived meanwhile: the picker chooses afresh
        st.session_state.pop(viewstate.PROJECT_PICKER, None)
    current = viewstate.project_id()
    ids = list(by_id)
    target = where or st.sidebar
    chosen = target.selectbox("Project", ids, index=ids.index(current) if current in by_id else 0,
                              format_func=lambda i: by_id[i].name, key=viewstate.PROJECT_PICKER)
    viewstate.picked_project(chosen)
    return by_id[chosen]


def choose_document(store: Store, project: ProjectInfo, *, where: Any = None) -> DocumentInfo | None:
    """A document picker for ``project``, remembered across pages."""
    documents = store.documents(project.id)
    if not documents:
        return None
    by_id = {d.id: d for d in documents}
    ids = list(by_id)
    if st.session_state.get(viewstate.DOCUMENT_PICKER) not in by_id:  # archived meanwhile: the picker chooses afresh
        st.session_state.pop(viewstate.DOCUMENT_PICKER, None)
    current = viewstate.document_id()
    target = where or st.sidebar
    chosen = target.selectbox("Document", ids, index=ids.index(current) if current in by_id else 0,
                              format_func=lambda i: f"{by_id[i].name} ({by_id[i].segments} segments)",
                              key=viewstate.DOCUMENT_PICKER)
    viewstate.picked_document(chosen)
    return by_id[chosen]


def page_start(title: str) -> tuple[Store, User | None, ProjectInfo, DocumentInfo] | None:
    """Title, store, account box, and the chosen project and document; None (with a hint) when there is none.

    The second item is the signed-in account when it may change the document, else None (read-only).
    """
    store = get_store()
    user = signed_in(store)
    st.title(title)
    project = choose_project(store)
    if project is None:
        st.info("No project yet: create one on the Projects page.")
        return None
    document = choose_document(store, project)
    if document is None:
        st.info(f"Project '{md(project.name)}' has no document yet: add one on the Projects page.")
        return None
    return store, user if store.can_edit(user, document.id) else None, project, document


_REVIEW_JUMP = "open_in_review"  # session key: a click asked for a segment; the next run switches to Review


def open_in_review(segment_id: int, document_id: int | None = None) -> None:
    """Callback of a list outside Review (document view, findings): work on this segment in Review.

    A callback cannot switch pages; :func:`listing_start` does it at the start of the next run,
    and the URL then names the segment (see :mod:`review_app.app.components.urlstate`).
    """
    if document_id is not None:
        viewstate.open_document(document_id)
    open_segment(segment_id)
    st.session_state[_REVIEW_JUMP] = True


def listing_start(title: str) -> tuple[Store, User | None, ProjectInfo, DocumentInfo] | None:
    """:func:`page_start` for a page whose rows open a segment in Review: after such a click the
    script switches to the Review page here instead of drawing this one."""
    started = page_start(title)
    if started is not None and st.session_state.pop(_REVIEW_JUMP, False):
        st.switch_page("views/review.py")
    return started


def flash(kind: str, message: str) -> None:
    """Queue a one-line message for the next render (callbacks cannot draw); a message queued already is
    not queued twice (a save refused in a callback and again by the page's safety net, say)."""
    queue = st.session_state.setdefault("flash", [])
    if (kind, message) not in queue:
        queue.append((kind, message))


def show_flash() -> None:
    """Draw and clear queued messages."""
    for kind, message in st.session_state.pop("flash", []):
        {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(md(message))


def guarded(action: Callable[[], Any], success: str | None = None, prefix: str = "") -> Any:
    """Run a store action for a widget callback; problems become one-line messages, never tracebacks.

    ``prefix`` names what the action was about (``"Segment 12: "``), so no message is ambiguous.
    """
    try:
        result = action()
    except (StoreError, InputError) as exc:
        flash("error", f"{prefix}{exc}")
        return None
    except Exception as exc:  # the UI boundary: log the traceback, show one line
        log.exception("action failed")
        flash("error", f"{prefix}the action failed: {exc}")
        return None
    message = success or getattr(result, "message", "")
    if message:
        text = f"{prefix}{message}"
        flash("success", text[:1].upper() + text[1:])
    return result


def acting_account(reviewer: User | None, prefix: str = "") -> User | None:
    """The signed-in account; without one, None after flashing the store's refusal (``prefix`` first)."""
    if reviewer is None:
        flash("error", f"{prefix}{SIGN_IN_FIRST}")
    return reviewer
