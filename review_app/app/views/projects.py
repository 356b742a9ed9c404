"""Projects and import: create a project, add a document (upload or paste), see what is stored."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from review_app.app.components import viewstate
from review_app.app.components.context import (
    choose_project,
    flash,
    get_store,
    select_next_run,
    show_flash,
    signed_in,
)
from review_app.app.components.manage import archived_items, manage
from review_app.app.components.paging import PAGE_ROWS, pager
from review_app.app.components.safe import md
from review_app.errors import InputError
from review_app.review.importer import MAX_BYTES, REF_KINDS, decode_upload, import_document, project_glossary
from review_app.store import ProjectInfo, Store, StoreError, User
from review_app.store.names import LANGUAGE_LIMIT, NAME_LIMITS, SYSTEM_LIMIT

log = logging.getLogger("review_app.app")
TEXT_TYPES = ["txt", "text", "tsv", "md"]
UPLOAD_MB = MAX_BYTES // (1024 * 1024)  # the browser refuses bigger files before uploading them


def _create_project(store: Store, reviewer: User) -> None:
    with st.form("new_project", clear_on_submit=False):
        st.subheader("New project", anchor=False)
        name = st.text_input("Project name", key="np_name", max_chars=NAME_LIMITS["project"])
        left, right = st.columns(2)
        src_lang = left.text_input("Source language", value="ru", key="np_src", help="A code such as ru, de, zh.",
                                   max_chars=LANGUAGE_LIMIT)
        tgt_lang = right.text_input("Target language", value="en", key="np_tgt", max_chars=LANGUAGE_LIMIT)
        glossary_file = st.file_uploader("Glossary (optional): TSV of wrong term <TAB> right term [<TAB> note]",
                                         type=["tsv", "txt"], key="np_glossary", max_upload_size=UPLOAD_MB)
        if not st.form_submit_button("Create project", type="primary"):
            return
    try:
        glossary = decode_upload(glossary_file.getvalue(), glossary_file.name) if glossary_file else None
        project_glossary(glossary, glossary_file.name if glossary_file else "glossary")  # refuse it now, not later
        project = store.create_project(name, src_lang, tgt_lang, glossary=glossary, actor=reviewer)
    except (InputError, StoreError) as exc:
        st.error(md(exc))
        return
    # The new project becomes the selected one, in the sidebar's picker too (its widget state would
    # otherwise bring the old project back on the next run, and an import would land there).
    viewstate.open_project(project.id)
    st.success(f"Created project '{md(project.name)}' ({md(project.src_lang)} → {md(project.tgt_lang)}).")


def _text_input(label: str, key: str, required: bool) -> tuple[bytes | None, str | None, str]:
    """An upload box and a paste box for one side; returns (uploaded bytes, file name, pasted text)."""
    st.markdown(f"**{label}**" + ("" if required else " (optional)"))
    upload = st.file_uploader(f"Upload the {label} file", type=TEXT_TYPES, key=f"{key}_file",
                              label_visibility="collapsed", max_upload_size=UPLOAD_MB)
    pasted = st.text_area(f"…or paste the {label} text", key=f"{key}_text", height=120)
    return (upload.getvalue() if upload else None), (upload.name if upload else None), pasted


def _side_text(data: bytes | None, file_name: str | None, pasted: str, label: str) -> str | None:
    """The uploaded file's text (decoded, size-checked) or else the pasted text."""
    if data is not None:
        return decode_upload(data, f"{label} file {file_name}")
    return pasted if pasted.strip() else None


FORM = "import_form"  # session key: the import form's generation (a new one after each import clears it)
TARGET = "import_target"  # session key: the project the import form showed when it was last drawn


def _add_document(store: Store, project: ProjectInfo, reviewer: User) -> None:
    # An import goes to the project the form showed, even if the picker says otherwise by the time
    # the button's run starts.
    target_id = int(st.session_state.get(TARGET, project.id))
    st.session_state[TARGET] = project.id
    generation = int(st.session_state.get(FORM, 0))
    tail = f"-{generation}" if generation else ""  # new widget keys: a new form starts empty (files too)
    with st.form(f"new_document-{generation}"):
        st.subheader(f"Add a document to '{md(project.name)}'", anchor=False)
        left, right = st.columns(2)
        name = left.text_input("Document name", key=f"nd_name{tail}", max_chars=NAME_LIMITS["document"])
        system = right.text_input("MT system", key=f"nd_system{tail}", placeholder="e.g. Yandex Translator",
                                 max_chars=SYSTEM_LIMIT)
        ref_kind = st.radio("The second text is a", REF_KINDS, horizontal=True, key=f"nd_kind{tail}")
        segmented = st.checkbox("Line-parallel files (one segment per line, like --segmented): pair lines as they "
                                "are instead of splitting and aligning sentences", key=f"nd_segmented{tail}")
        columns = st.columns(3)
        with columns[0]:
            mt = _text_input("MT", f"nd_mt{tail}", True)
        with columns[1]:
            ref = _text_input("reference / post-edit", f"nd_ref{tail}", True)
        with columns[2]:
            src = _text_input("source", f"nd_src{tail}", False)
        st.caption(f"Files: UTF-8 (or UTF-16/32 with BOM) text, at most {MAX_BYTES // (1024 * 1024)} MB each.")
        again = st.checkbox("Import even if the same MT and reference are already in this project",
                            key=f"nd_again{tail}")
        if not st.form_submit_button("Import", type="primary"):
            return
    try:
        target = store.project(target_id)
        mt_text, ref_text = _side_text(*mt, "MT"), _side_text(*ref, ref_kind)
    except (InputError, StoreError) as exc:  # names the file: shown as text
        st.error(md(exc))
        return
    twin = store.document_with_texts(target.id, mt_text or "", ref_text or "")
    if twin is not None and not again:
        kind = "archived document" if twin.archived else "document"
        st.warning(f"Project '{md(target.name)}' already holds these texts as {kind} '{md(twin.name)}'. "
                   "Tick \"Import even if…\" and import again to add a second copy.")
        return
    bar = st.progress(0.0, text="Reading the input…")

    def progress(fraction: float, message: str) -> None:
        bar.progress(fraction, text=message)

    try:
        document = import_document(
            store, target.id, name=name, system=system, ref_kind=ref_kind, segmented=segmented,
            mt_text=mt_text, ref_text=ref_text, src_text=_side_text(*src, "source"),
            actor=reviewer, progress=progress,
        )
    except (InputError, StoreError) as exc:
        bar.empty()
        st.error(md(exc))
        return
    except Exception as exc:  # the UI boundary: a one-line message, the traceback in the server log
        log.exception("import failed")
        bar.empty()
        st.error(f"The import failed: {md(exc)}")
        return
    st.session_state[FORM] = generation + 1  # a fresh, empty form: a second click cannot import it again
    select_next_run(target.id, document.id)  # the pickers are drawn already in this run
    viewstate.forget_segment()
    # show_flash escapes the whole message: the names go in as they are.
    flash("success", f"Imported {document.name!r} into {target.name!r}: {document.segments} segments. "
                     "Open the Review page to start.")
    st.rerun()  # draw the fresh form and the pickers on the imported document now


def main() -> None:
    """Draw the page."""
    st.title("Projects & import")
    store = get_store()
    reviewer = signed_in()
    show_flash()
    projects = store.projects(offset=pager(store.project_count(), "projects_page", "projects"), limit=PAGE_ROWS)
    if projects:
        st.dataframe(
            pd.DataFrame([{"project": p.name, "languages": f"{p.src_lang} → {p.tgt_lang}", "documents": p.documents,
                           "segments": p.segments, "glossary": "yes" if p.glossary else "",
                           "created (UTC)": p.created_at.strftime("%Y-%m-%d %H:%M")} for p in projects]),
            hide_index=True, width="stretch",
        )
    _create_project(store, reviewer)
    project = choose_project(store)
    if project is None:
        if reviewer.is_admin:
            archived_items(store, reviewer)  # every project archived: they can still come back
        return
    if project.documents:
        st.subheader(f"Documents of '{md(project.name)}'", anchor=False)
        documents = store.documents(project.id, offset=pager(project.documents, f"documents_page-{project.id}",
                                                             "documents"), limit=PAGE_ROWS)
        st.dataframe(
            pd.DataFrame([{"document": d.name, "MT system": d.system or "", "segments": d.segments,
                           "second text": d.ref_kind, "line-parallel": d.segmented,
                           "imported (UTC)": d.created_at.strftime("%Y-%m-%d %H:%M")} for d in documents]),
            hide_index=True, width="stretch",
        )
    if reviewer.is_admin:  # the page is offered to admins only; the store refuses everyone else anyway
        manage(store, reviewer, project)
        archived_items(store, reviewer)
    _add_document(store, project, reviewer)


main()
