"""Rename and archive the chosen project and its documents, and restore archived ones (admins).

Archiving asks for a confirmation first and deletes nothing (the store keeps every row; see
``store.archive``), so its confirmation says how to get the item back. Every message names the
item; names are shown as text (``md``), never as Markdown. The store refuses other roles anyway.
"""

from __future__ import annotations

import streamlit as st

from review_app.app.components import viewstate
from review_app.app.components.context import flash, guarded, select_next_run
from review_app.app.components.paging import PAGE_ITEMS, pager
from review_app.app.components.safe import md
from review_app.store import DocumentInfo, ProjectInfo, Store, User
from review_app.store.names import NAME_LIMITS

_CONFIRM = "mg_confirm"  # session key: ("project" | "document", id) waiting for "Archive" to be confirmed
def _name_key(kind: str, item_id: int) -> str:
    return f"mg_{kind[0]}name_{item_id}"  # mg_pname_3, mg_dname_7


def _rename(store: Store, admin: User, kind: str, item: ProjectInfo | DocumentInfo) -> None:
    new = st.session_state.get(_name_key(kind, item.id), "")
    if new.strip() == item.name:
        flash("info", f"{kind.capitalize()} {item.name!r} already has that name: type the new name first")
        return
    rename = store.rename_project if kind == "project" else store.rename_document
    if guarded(lambda: rename(item.id, new, actor=admin), f"Renamed {kind} {item.name!r} to {new.strip()!r}") \
            and kind == "document":
        st.session_state["mg_document"] = new.strip()  # the renamed document stays the one shown


def _archive(store: Store, admin: User, kind: str, item: ProjectInfo | DocumentInfo) -> None:
    st.session_state.pop(_CONFIRM, None)
    if kind == "project":
        done = guarded(lambda: store.archive_project(item.id, actor=admin),
                       f"Archived project {item.name!r}: restore it under \"Archived projects and documents\"")
        if done:  # no longer listed: the pickers choose afresh on the next run
            viewstate.forget_project()
    else:
        done = guarded(lambda: store.archive_document(item.id, actor=admin),
                       f"Archived document {item.name!r}: restore it under \"Archived projects and documents\"")
        if done and viewstate.document_id() == item.id:
            viewstate.forget_document()


def _restore(store: Store, admin: User, kind: str, item: ProjectInfo | DocumentInfo) -> None:
    if kind == "project":
        done = guarded(lambda: store.restore_project(item.id, actor=admin), f"Restored project {item.name!r}")
        if done:
            select_next_run(item.id)
    else:
        assert isinstance(item, DocumentInfo)
        done = guarded(lambda: store.restore_document(item.id, actor=admin),
                       f"Restored document {item.name!r}")
        if done:
            select_next_run(item.project_id, item.id)


def _confirmation(store: Store, admin: User, kind: str, item: ProjectInfo | DocumentInfo, what: str) -> None:
    with st.container(border=True):
        st.warning(f"Archive {kind} '{md(item.name)}'? {what} Nothing is deleted: reviewer work, comments and "
                   "the history are kept and come back when it is restored.", icon=":material/archive:")
        left, right, _ = st.columns([1, 1, 3])
        left.button(f"Archive {kind}", type="primary", key=f"mg_yes_{kind}_{item.id}",
                    on_click=_archive, args=(store, admin, kind, item))
        right.button("Cancel", key=f"mg_no_{kind}_{item.id}", on_click=st.session_state.pop, args=(_CONFIRM, None))


def _ask(kind: str, item_id: int) -> None:
    st.session_state[_CONFIRM] = (kind, item_id)


def manage(store: Store, admin: User, project: ProjectInfo) -> None:
    """The "Rename or archive" expander for the chosen project and one of its documents."""
    confirm = st.session_state.get(_CONFIRM)
    with st.expander(f"Rename or archive '{md(project.name)}' and its documents", icon=":material/settings:",
                     expanded=confirm is not None):
        _item_controls(store, admin, "project", project, f"It and its {project.documents} document(s) disappear "
                       "from every list and become read-only.")
        documents = store.documents(project.id)
        if not documents:
            return
        st.divider()
        # The options are the names (unique in a project): a renamed document is a new option, so the
        # widget cannot keep showing its old name.
        by_name = {d.name: d for d in documents}
        names = list(by_name)
        if st.session_state.get("mg_document") not in by_name:  # renamed, archived, another project: afresh
            st.session_state.pop("mg_document", None)
        current = next((d.name for d in documents if d.id == viewstate.document_id()), names[0])
        chosen = st.selectbox("Document", names, index=names.index(current), key="mg_document")
        document = by_name[chosen]
        _item_controls(store, admin, "document", document, "It disappears from every list (pickers, My work, "
                       "Team, dashboards, exports) and becomes read-only.")


def _item_controls(store: Store, admin: User, kind: str, item: ProjectInfo | DocumentInfo, consequence: str) -> None:
    """The name box with its Rename button, and Archive… (or its confirmation) for one project or document."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.text_input(f"{kind.capitalize()} name", value=item.name, key=_name_key(kind, item.id),
                    max_chars=NAME_LIMITS[kind])
    right.button(f"Rename {kind}", key=f"mg_rename_{kind}", width="stretch", on_click=_rename,
                 args=(store, admin, kind, item))
    if st.session_state.get(_CONFIRM) == (kind, item.id):
        _confirmation(store, admin, kind, item, consequence)
    else:
        st.button(f"Archive {kind}…", key=f"mg_archive_{kind}", icon=":material/archive:", on_click=_ask,
                  args=(kind, item.id))


def archived_items(store: Store, admin: User) -> None:
    """The archived projects and documents (of live projects), each with a Restore button, a page of each at a
    time."""
    project_count, document_count = store.project_count(archived=True), store.archived_document_count(
        project_archived=False)
    if not project_count and not document_count:
        return
    with st.expander(f"Archived projects and documents ({project_count + document_count})",
                     icon=":material/inventory_2:"):
        offset = pager(project_count, "mg_archived_projects", "archived projects", size=PAGE_ITEMS)
        for project in store.projects(archived=True, offset=offset, limit=PAGE_ITEMS):
            _archived_row(store, admin, "project", project, f"project · {project.documents} document(s)")
        offset = pager(document_count, "mg_archived_documents", "archived documents", size=PAGE_ITEMS)
        documents = store.archived_documents(project_archived=False, offset=offset, limit=PAGE_ITEMS)
        names = {d.project_id: store.project(d.project_id).name for d in documents}
        for document in documents:
            _archived_row(store, admin, "document", document, f"document of '{md(names[document.project_id])}' · "
                          f"{document.segments} segments")
        if project_count:
            st.caption("Documents archived on their own inside an archived project show up here once the "
                       "project is restored.")


def _archived_row(store: Store, admin: User, kind: str, item: ProjectInfo | DocumentInfo, what: str) -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    when = item.archived_at.strftime("%Y-%m-%d %H:%M") if item.archived_at else ""
    left.markdown(f"**{md(item.name)}**  \n{what} · archived {when} UTC by {md(item.archived_by or '?')}")
    right.button("Restore", key=f"mg_restore_{kind}_{item.id}", icon=":material/unarchive:",
                 width="stretch", on_click=_restore, args=(store, admin, kind, item))
