"""The view in the URL: project, document, segment and the Review filters live in ``st.query_params``.

A reload, the browser's back and forward buttons, and a link pasted to a colleague all open the
same view. Each run starts with :func:`restore` (the URL wins when it is not the one this session
wrote last: a reload, a history step, a pasted link) and ends with :func:`publish` (the session's
view written back; Streamlit pushes a history entry when it changes). The signed-in account is not
part of it: a shared link must not sign the colleague in as its sender.

Every rerun carries the browser's URL as it was when the click or key was sent. A click sent after a
run wrote a new URL but before that URL reached the browser carries a URL this session had before:
the browser is behind, the reviewer went nowhere, so the session's view stays (adopting it would undo
the move that run made, as two quick Alt+Down once did). Only the back and forward buttons return to
a URL the session had.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from review_app.app.components import viewstate
from review_app.app.components.safe import md
from review_app.store import DELETED_CHOICES, SORTS, Store, StoreError
from review_app.vocab import SEVERITIES, STATUS_LABELS, status_code

_LAST = "_url_written"  # session key: the query string this session wrote last
_HAD = "_url_had"  # session key: the query strings this session wrote or opened before, newest last
_HAD_KEPT = 50  # a browser is a few runs behind at most
# Review filter widgets: session key -> (URL name, default).
FILTERS: dict[str, tuple[str, object]] = {
    "f_sort": ("sort", "position"),
    "f_text": ("q", ""),
    "f_checks": ("check", []),
    "f_severities": ("severity", []),
    "f_open": ("open", False),
    "f_uncertain": ("uncertain", False),
    "f_statuses": ("status", []),
    "f_chrf": ("chrf", (0.0, 100.0)),
    "f_deleted": ("deleted", "all"),
}


def _canonical(params: Mapping[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((k, tuple(v)) for k, v in params.items() if v))


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _int(values: list[str]) -> int | None:
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def _filter_value(key: str, values: list[str]) -> object:
    """The widget value a URL parameter stands for (unknown values fall back to the default)."""
    default = FILTERS[key][1]
    if not values:
        return default
    if key == "f_sort":
        return values[0] if values[0] in SORTS else default
    if key == "f_text":
        return values[0]
    if key == "f_deleted":
        return values[0] if values[0] in DELETED_CHOICES else default
    if key in ("f_open", "f_uncertain"):
        return values[0] == "1"
    if key == "f_severities":
        return [v for v in values if v in SEVERITIES]
    if key == "f_statuses":  # the status names the app shows (or, in older links, the codes)
        return [code for code in map(status_code, values) if code is not None]
    if key == "f_chrf":
        try:
            low, high = (float(x) for x in values[0].split("-", 1))
        except ValueError:
            return default
        return (max(0.0, min(low, 100.0)), max(0.0, min(high, 100.0))) if low <= high else default
    return list(values)  # checks: validated against the document's checks by the page


def _filter_params(key: str, value: object) -> list[str]:
    """The URL form of a filter widget's value (nothing for the default)."""
    if value == FILTERS[key][1] or value is None or value == "":
        return []
    if isinstance(value, bool):
        return ["1"] if value else []
    if isinstance(value, tuple | list) and key == "f_chrf":
        low, high = value
        return [f"{low:g}-{high:g}"]
    if key == "f_statuses" and isinstance(value, list | tuple):
        return [STATUS_LABELS.get(str(v), str(v)) for v in value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _history_step() -> bool:
    """Whether this run is the browser's back or forward button (Streamlit tells only the run's context)."""
    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))


def _remember(query: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    """Make ``query`` the session's URL, keeping the one it replaces among those the session had."""
    state = st.session_state
    last = state.get(_LAST)
    if last is not None and last != query:
        had = [q for q in state.get(_HAD, []) if q not in (last, query)]
        state[_HAD] = [*had[-(_HAD_KEPT - 1):], last]
    state[_LAST] = query


def restore(store: Store) -> None:
    """Adopt the URL's view when the URL is not the one this session wrote (reload, back/forward, link);
    a URL the session had before is adopted only from the back or forward button (else the browser is behind)."""
    params = _url_params()
    here = _canonical(params)
    if here == st.session_state.get(_LAST):
        return
    if not params and _LAST in st.session_state:
        return  # a page switch from the sidebar drops the query: the session's view goes on
    if here in st.session_state.get(_HAD, []) and not _history_step():
        return  # sent before this session's newest URL reached the browser: publish() writes it again
    state = st.session_state
    project_id, document_id = _int(params.get(viewstate.URL_PROJECT, [])), _int(params.get(viewstate.URL_DOCUMENT, []))
    archived: list[str] = []  # what the link points at but is archived: said, not opened
    if project_id is not None:
        try:
            project = store.project(project_id)
        except StoreError:
            project_id = None
        else:
            if project.archived:
                archived.append(f"project '{project.name}'")
                project_id = None
    if project_id is not None:
        viewstate.open_project(project_id)
    document = None
    if document_id is not None:
        try:
            document = store.document(document_id)
        except StoreError:
            document = None
        if document is not None and document.archived:
            if document.archived_at is not None or not archived:
                archived.append(f"document '{document.name}'" + (" (its project is archived)"
                                                                  if document.archived_at is None else ""))
            document = None
    for item in archived:
        st.warning(md(f"The link points to {item}, which is archived: an admin can restore it on the "
                      "Projects & import page."), icon=":material/archive:")
    if document is not None and viewstate.project_id() in (None, document.project_id):
        viewstate.open_document(document.id, document.project_id)
    for key, (name, _default) in FILTERS.items():
        state[key] = _filter_value(key, params.get(name, []))
    known_checks = set(store.check_ids([document.id])) if document else set()
    state["f_checks"] = [c for c in state["f_checks"] if c in known_checks]  # the widget refuses others
    position = _int(params.get(viewstate.URL_SEGMENT, []))
    segment = store.segment_by_position(document.id, position - 1) if document and position else None
    if segment is not None:
        viewstate.open_segment(segment.id, segment.position + 1)
    else:
        viewstate.forget_segment()
    _remember(here)


def publish() -> None:
    """Write the session's view into the URL (after the page ran)."""
    state = st.session_state
    params: dict[str, list[str]] = {}
    for url_name, key in viewstate.URL_KEYS:
        if state.get(key) is not None:
            params[url_name] = [str(state[key])]
    for key, (name, _default) in FILTERS.items():
        if key in state:
            values = _filter_params(key, state[key])
            if values:
                params[name] = values
    wanted = _canonical(params)
    if wanted != _canonical(_url_params()):
        st.query_params.from_dict({k: v if len(v) > 1 else v[0] for k, v in params.items()})
    _remember(wanted)
