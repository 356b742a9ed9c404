"""Export: the corrected corpus (TSV, JSONL, TMX, XLIFF, plain text, MQM TSV) and the QA report."""

from __future__ import annotations

import re
from functools import partial

import streamlit as st

from review_app.app.components.context import page_start
from review_app.app.components.safe import md
from review_app.formats import EXPORT_FORMATS
from review_app.store import REPORT_FORMATS
from review_app.vocab import STATUS_LABELS


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-").lower() or "export"


def main() -> None:
    """Draw the page."""
    started = page_start("Export")
    if started is None:
        return
    store, _, project, document = started
    scope = st.radio("What to export", ["document", "project"], horizontal=True, key="export_scope",
                     format_func=lambda s: f"document '{md(document.name)}'" if s == "document" else
                     f"the whole project '{md(project.name)}' ({project.documents} document"
                     f"{'' if project.documents == 1 else 's'})")
    ids = [document.id] if scope == "document" else [d.id for d in store.documents(project.id)]
    stem = _slug(project.name if scope == "project" else f"{project.name}-{document.name}")

    st.subheader("Corrected corpus", anchor=False)
    fmt = st.selectbox("Format", list(EXPORT_FORMATS), format_func=lambda name: EXPORT_FORMATS[name].label,
                       key="export_format")
    suffix, mime = EXPORT_FORMATS[fmt].suffix, EXPORT_FORMATS[fmt].mime
    st.download_button(
        f"Download the corrected corpus ({fmt.upper()})",
        data=lambda: store.export_bytes(ids, fmt),  # built on click, from the database as it is then
        file_name=f"{stem}-corrected{suffix}", mime=mime, key="download_corpus", type="primary",
        on_click="ignore", icon=":material/download:",
    )
    names = ", ".join(STATUS_LABELS.values())
    st.caption("Segments whose corrected text is empty (deleted page chrome, credits) are left out. "
               f"Each unit keeps the MT, the reference, the status (as named here: {names}), "
               "the last reviewer and every reviewer who changed it, and the applied fixes.")

    st.subheader("QA report", anchor=False)
    st.caption("One row per QA finding: segment, check, severity, state (open/applied/dismissed), text and fix.")
    for report_fmt, (report_suffix, report_mime) in REPORT_FORMATS.items():
        st.download_button(
            f"Download the QA report ({report_fmt.upper()})",
            data=partial(store.qa_report_bytes, ids, report_fmt),
            file_name=f"{stem}-qa-report{report_suffix}", mime=report_mime, key=f"download_report_{report_fmt}",
            on_click="ignore", icon=":material/download:",
        )
    progress = store.progress(ids)
    st.caption(f"Review progress: {progress.reviewed} of {progress.total} segments reviewed.")


main()
