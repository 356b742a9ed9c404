"""Which page a URL opens for whom: the pages per role, the start page, and links across roles.

A link is a page's URL path plus the view in its query (:mod:`review_app.app.components.urlstate`).
Every page keeps its own path for every account: the app's root is a hidden page that sends each
role to its start page (Streamlit serves its *default* page at the root only, so a real page made
the default would lose its path for that role and show "Page not found" to the others). A page
that is not offered to a role is a hidden stand-in under the same path that opens the closest page
showing the same project, document and segment, with a one-line note. While signed out the same
paths are registered too, so the link asked for is known and opened after the sign-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from review_app.app.components import viewstate
from review_app.app.components.safe import md

VIEWS = Path(__file__).resolve().parents[1] / "views"
ALL = ("admin", "reviewer", "viewer")


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page: its script in ``views/``, menu title and icon, URL path, and the roles it is offered to."""

    script: str
    title: str
    icon: str
    path: str
    roles: tuple[str, ...]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("my_work.py", "My work", ":material/checklist:", "my-work", ("admin", "reviewer")),
    PageSpec("review.py", "Review", ":material/rate_review:", "review", ALL),
    PageSpec("findings.py", "Findings", ":material/fact_check:", "findings", ALL),
    PageSpec("document.py", "Document", ":material/article:", "document", ALL),
    PageSpec("projects.py", "Projects & import", ":material/folder_open:", "projects", ("admin",)),
    PageSpec("dashboard.py", "Dashboard", ":material/monitoring:", "dashboard", ALL),
    PageSpec("post_editing.py", "Post-editing", ":material/edit_note:", "post-editing", ALL),
    PageSpec("glossary.py", "Glossary", ":material/menu_book:", "glossary", ALL),
    PageSpec("export.py", "Export", ":material/download:", "export", ALL),
    PageSpec("compare.py", "Compare", ":material/compare_arrows:", "compare", ALL),
    PageSpec("history.py", "History", ":material/timeline:", "history", ALL),
    PageSpec("team.py", "Team", ":material/group:", "team", ("admin",)),
)
BY_PATH: dict[str, PageSpec] = {p.path: p for p in PAGES}
# A reviewer starts on their queue, a viewer on the dashboard, an admin (and the demo) on the review page.
START: dict[str, str] = {"admin": "review", "reviewer": "my-work", "viewer": "dashboard"}
# For a page a role does not have: the page that shows the same thing to that role. My work opens
# segments in Review; Projects & import lists a project's documents (the Dashboard reports on them);
# the Team page's assignments are a reviewer's My work, its progress tables a viewer's Dashboard.
STAND_IN: dict[str, str] = {"my-work": "review", "projects": "dashboard"}
NOTE_KEY = "_route_note"  # session key: the note the next page shows once
LINK_KEY = "_link_after_sign_in"  # session key: (path, query) asked for while signed out
_VIEW_KEYS = (viewstate.URL_SEGMENT, viewstate.URL_DOCUMENT, viewstate.URL_PROJECT)


def closest(path: str, role: str, query: Mapping[str, object] | None = None) -> str:
    """The URL path ``role`` is shown for a link to ``path`` ("" is the app's root)."""
    query = query or {}
    spec = BY_PATH.get(path)
    if spec is None:  # the root (or an unknown path): a view in the query opens it in Review
        in_view = any(query.get(k) for k in (viewstate.URL_DOCUMENT, viewstate.URL_SEGMENT))
        return "review" if in_view else START.get(role, "review")
    if role in spec.roles:
        return path
    target = STAND_IN.get(path, START.get(role, "review"))
    return target if role in BY_PATH[target].roles else "review"


def note(path: str, role: str, query: Mapping[str, object]) -> str:
    """The one line said when a link to ``path`` opens another page for ``role``."""
    target = BY_PATH[closest(path, role, query)]
    what = next((name for key, name in zip(_VIEW_KEYS, ("segment", "document", "project"), strict=True)
                 if query.get(key)), None)
    shown = f"the same {what} on {target.title}" if what else target.title
    return f"{BY_PATH[path].title} is not a page for {role}s: showing {shown} instead."


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _never_run() -> None:
    """The body of a hidden page: the app switches away from it (or draws the sign-in form) instead."""


def open_page(role: str) -> st.Page:
    """Register ``role``'s pages (the root and the stand-ins hidden) and return the page to run: the one
    the URL asks for, or the link asked for before the sign-in.

    A hidden page is left before anything is drawn (so the page switched to restores the URL's view and
    shows what restoring it says, such as an archived document)."""
    pages = {p.path: st.Page(VIEWS / p.script, title=p.title, icon=p.icon, url_path=p.path)
             for p in PAGES if role in p.roles}
    hidden = {p.path: st.Page(_never_run, title=p.title, icon=p.icon, url_path=p.path, visibility="hidden")
              for p in PAGES if role not in p.roles}
    hidden[""] = st.Page(_never_run, title="Start", url_path="", default=True, visibility="hidden")
    asked = st.navigation([*pages.values(), *hidden.values()])
    path, query = asked.url_path, _query()
    link = st.session_state.pop(LINK_KEY, None)
    if link is not None and link[0] in {*pages, *hidden}:  # the first run after the sign-in
        path, query = link[0], query or link[1]
    target = closest(path, role, query)
    if target != asked.url_path or query != _query():
        if path in BY_PATH and target != path:
            st.session_state[NOTE_KEY] = note(path, role, query)
        st.switch_page(pages[target], query_params=query)
    return asked


def remember_link(*, signed_out_here: bool = False) -> None:
    """While signed out: register every path (hidden) so that Streamlit resolves the one asked for, and keep
    it with its query until the sign-in is done.

    ``signed_out_here``: this browser session has just signed out, so its URL is where the last account
    was, not a link: it goes back to the root and the next account starts on its own start page.
    """
    # Never run: the sign-in form is drawn instead.
    root = st.Page(_never_run, title="Sign in", url_path="", default=True, visibility="hidden")
    pages = [st.Page(_never_run, title=p.title, url_path=p.path, visibility="hidden") for p in PAGES]
    asked = st.navigation([root, *pages], position="hidden")
    if not signed_out_here:
        st.session_state[LINK_KEY] = (asked.url_path, _query())
        return
    st.session_state.pop(LINK_KEY, None)
    if asked.url_path or _query():
        st.switch_page(root, query_params={})


def show_note() -> None:
    """The routing note of this run, once."""
    line = st.session_state.pop(NOTE_KEY, None)
    if line:
        st.info(md(line), icon=":material/link:")
