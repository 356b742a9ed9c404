"""Glossary: a project's terms after creation — add, edit, remove, import and export TSV.

Every change re-checks the project's documents in the store (reviewers' decisions on findings
are kept) and is recorded with the signed-in account (admins only).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.app.components.context import choose_project, get_store, guarded, show_flash, signed_in
from review_app.app.components.held_text import held, text_box
from review_app.app.components.paging import PAGE_ROWS, pager
from review_app.app.components.safe import md
from review_app.errors import InputError
from review_app.review.importer import MAX_BYTES, decode_upload
from review_app.store import GlossaryChange, ProjectInfo, Store, User

UPLOAD_MB = MAX_BYTES // (1024 * 1024)


def _report(change: GlossaryChange | None, what: str) -> None:
    if change is not None:
        st.session_state["flash"] = [
            (
                "success",
                f"{what}. Re-checked {change.documents} document(s): {change.opened} new glossary finding(s), "
                f"{change.removed} open one(s) closed; findings you applied or dismissed are kept.",
            )
        ]


def _terms_table(store: Store, project: ProjectInfo) -> list[str]:
    """The page of terms shown (their wrong forms, which the edit form offers)."""
    offset = pager(store.glossary_count(project.id), f"glossary_page-{project.id}", "terms")
    entries = store.glossary(project.id, offset=offset, limit=PAGE_ROWS)
    if entries:
        st.dataframe(
            pd.DataFrame([{"wrong term": e.wrong, "right term": e.right, "note": e.note} for e in entries]),
            hide_index=True,
            width="stretch",
        )
    else:
        st.info("This project has no glossary term yet.")
    return [e.wrong for e in entries]


ADD_FIELDS = {"ga_wrong": "Wrong term (as the MT writes it)", "ga_right": "Right term", "ga_note": "Note (optional)"}


def _add_term(store: Store, project: ProjectInfo, reviewer: User) -> None:
    """Callback of "Add term": the fields as typed; emptied once the term is in (kept when it is refused)."""
    wrong, fix, note = (held(key) or "" for key in ADD_FIELDS)
    change = guarded(lambda: store.add_glossary_term(project.id, wrong, fix, note, actor=reviewer), "")
    if change is not None:
        _report(change, f"Added {wrong.strip()}")
        for key in ADD_FIELDS:
            st.session_state[key] = ""


def _add_form(store: Store, project: ProjectInfo, reviewer: User) -> None:
    # Not an st.form: a form's fields reach the server only when it is sent, so text typed in them was lost when the
    # reviewer went to the Review page to copy the MT's wording, and when the store refused the term. Kept for the
    # session across pages (Streamlit's persist_state); sent after a pause in the typing (live), as a field sent when
    # it loses the focus took a click on another page's link for its own rerun and the page stayed.
    with st.container(border=True):
        st.subheader("Add a term", anchor=False)
        for column, (key, label) in zip(st.columns(3), ADD_FIELDS.items(), strict=True):
            text_box(label, key, draw=column.text_input, persist_state="session", live=True)
        st.button("Add term", type="primary", key="ga_add", on_click=_add_term, args=(store, project, reviewer))


def _edit_form(store: Store, project: ProjectInfo, reviewer: User, terms: list[str]) -> None:
    if not terms:
        return
    st.subheader("Edit or remove a term", anchor=False)
    chosen = st.selectbox("Term (of the page above)", terms, key="ge_term")
    entry = store.glossary_term(project.id, chosen)
    if entry is None:  # gone since the page was drawn
        return
    with st.form(f"glossary_edit_{terms.index(chosen)}"):
        left, middle, right = st.columns(3)
        wrong = left.text_input("Wrong term", value=entry.wrong, key=f"ge_wrong_{chosen}")
        fix = middle.text_input("Right term", value=entry.right, key=f"ge_right_{chosen}")
        note = right.text_input("Note", value=entry.note, key=f"ge_note_{chosen}")
        save, remove = st.columns(2)
        if save.form_submit_button("Save changes"):
            change = guarded(lambda: store.edit_glossary_term(project.id, chosen, wrong, fix, note, actor=reviewer), "")
            _report(change, f"Saved {wrong.strip()}")
            st.rerun()
        if remove.form_submit_button("Remove term"):
            change = guarded(lambda: store.remove_glossary_term(project.id, chosen, actor=reviewer), "")
            _report(change, f"Removed {chosen}")
            st.session_state.pop("ge_term", None)
            st.rerun()


def _import_export(store: Store, project: ProjectInfo, reviewer: User) -> None:
    st.subheader("Import and export", anchor=False)
    with st.form("glossary_import", clear_on_submit=True):
        upload = st.file_uploader(
            "Glossary TSV: wrong term <TAB> right term [<TAB> note] per line",
            type=["tsv", "txt"],
            key="gi_file",
            max_upload_size=UPLOAD_MB,
        )
        replace = st.checkbox("Replace the whole glossary (otherwise terms are added or updated)", key="gi_replace")
        if st.form_submit_button("Import"):
            if upload is None:
                st.error("Choose a TSV file first.")
                return
            try:
                text = decode_upload(upload.getvalue(), upload.name)
            except InputError as exc:  # names the file: shown as text
                st.error(md(exc))
                return
            change = guarded(
                lambda: store.import_glossary(project.id, text, replace=replace, actor=reviewer, label=upload.name), ""
            )
            _report(change, f"Imported {upload.name}")
            st.rerun()
    st.download_button(
        "Download the glossary (TSV)",
        store.export_glossary(project.id),
        file_name=f"glossary-{project.id}.tsv",
        mime="text/tab-separated-values",
        key="glossary_download",
    )


def main() -> None:
    """Draw the page."""
    st.title("Glossary")
    store = get_store()
    reviewer = signed_in()
    project = choose_project(store)
    show_flash()
    if project is None:
        st.info("No project yet: create one on the Projects page.")
        return
    st.caption(
        f"Terms of {md(project.name)}. The glossary check flags each wrong term in the MT and proposes the "
        "right one; every change here re-checks the project's documents."
    )
    terms = _terms_table(store, project)
    if not reviewer.is_admin:
        st.info(f"{md(reviewer.name)} is a {reviewer.role}: changing a glossary needs an admin.")
        return
    _add_form(store, project, reviewer)
    _edit_form(store, project, reviewer, terms)
    _import_export(store, project, reviewer)


main()
