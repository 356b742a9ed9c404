"""Export: the corrected corpus (TSV, JSONL, TMX, XLIFF, plain text, MQM TSV) and the QA report."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Hashable
from functools import partial
from pathlib import Path
from typing import Literal

import streamlit as st

from review_app.app import web
from review_app.app.components import export_jobs
from review_app.app.components.context import page_start
from review_app.app.components.export_jobs import Writer
from review_app.app.components.safe import md
from review_app.formats import EXPORT_FORMATS
from review_app.store import REPORT_FORMATS, Store
from review_app.vocab import STATUS_LABELS


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-").lower() or "export"


def _write_corpus(store: Store, ids: list[int], fmt: str, path: Path, progress: Callable[[int], None]) -> int:
    return store.write_export(ids, fmt, path, progress=progress)


def _write_report(store: Store, ids: list[int], fmt: str, path: Path, progress: Callable[[int], None]) -> int:
    written = store.write_qa_report(ids, fmt, path)
    progress(store.export_size(ids))
    return written


def _download(what: str, name: str, key: Hashable, file_name: str, mime: str, size: int, write: Writer, *,
              primary: bool = False) -> None:
    """A download of ``what``: built on click for a small export; for a large one (more than
    :data:`export_jobs.LARGE` segments) written by a worker thread first, with its progress, then handed over
    as a file."""
    kind: Literal["primary", "secondary"] = "primary" if primary else "secondary"
    if size <= export_jobs.LARGE:
        st.download_button(f"Download {what}", data=lambda: _built(write, file_name), file_name=file_name,
                           mime=mime, key=f"download_{name}", type=kind, on_click="ignore",
                           icon=":material/download:")
        return
    state_key = f"export_job_{name}"
    job = export_jobs.current(state_key, key)
    if job is None:
        st.button(f"Prepare {what}", key=f"prepare_{name}", type=kind, icon=":material/build:",
                  help=f"{size:,} segments: written in the background while you work; the download follows.",
                  on_click=lambda: _start(state_key, key, file_name, size, write))
    elif job.error is not None:
        st.error(md(job.error))
    elif job.written is None:
        _progress(job)
    else:
        _hand_over(job, what, name, mime, kind)


def _hand_over(job: export_jobs.ExportJob, what: str, name: str, mime: str, kind: Literal["primary", "secondary"]
               ) -> None:
    """The written file: streamed from the disk by the app's download route where the app serves its routes
    (``review-app serve``); without them (``streamlit run main.py``), through Streamlit's download button, which
    holds the whole file in the server's memory, so only up to :data:`export_jobs.IN_MEMORY_MB`."""
    size = job.path.stat().st_size
    if web.served():
        st.link_button(f"Download {what}", job.address(mime), key=f"download_{name}", type=kind,
                       icon=":material/download:",
                       help=f"{size / 2**20:,.1f} MB, sent from the server's disk as it is read")
    elif size <= export_jobs.IN_MEMORY_MB * 2**20:
        st.download_button(f"Download {what}", data=job.path.read_bytes, file_name=job.path.name, mime=mime,
                           key=f"download_{name}", type=kind, on_click="ignore", icon=":material/download:")
    else:
        st.warning(f"{md(job.path.name)} is {size / 2**20:,.0f} MB: more than this server hands over through "
                   "Streamlit's download button, which holds the whole file in memory. Open the app as "
                   "`review-app serve` starts it (it streams the file), or export it with `review-app export`.",
                   icon=":material/download:")


def _start(state_key: str, key: Hashable, file_name: str, size: int, write: Writer) -> None:
    export_jobs.start(state_key, key, file_name, size, write)


@st.fragment(run_every=1.0)
def _progress(job: export_jobs.ExportJob) -> None:
    """The job's progress, redrawn every second on its own; the whole page once the file is written."""
    if job.finished:
        st.rerun(scope="app")
    st.progress(min(job.done / max(job.total, 1), 1.0), text=f"Writing… {job.done:,} of {job.total:,} segments")


def _built(write: Writer, file_name: str) -> bytes:
    """A small export's bytes, written to a temporary file and read back (on the click)."""
    with tempfile.TemporaryDirectory(prefix="review_app_export_") as folder:
        path = Path(folder) / file_name
        write(path, lambda _done: None)
        return path.read_bytes()


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
    version, size = store.project_version(project.id), store.export_size(ids)
    _download(f"the corrected corpus ({fmt.upper()})", "corpus", (tuple(ids), fmt, version),
              f"{stem}-corrected{suffix}", mime, size,
              partial(_write_corpus, store, ids, fmt), primary=True)
    names = ", ".join(STATUS_LABELS.values())
    st.caption("Segments whose corrected text is empty (deleted page chrome, credits) are left out. "
               f"Each unit keeps the MT, the reference, the status (as named here: {names}), "
               "the last reviewer and every reviewer who changed it, and the applied fixes.")

    st.subheader("QA report", anchor=False)
    st.caption("One row per QA finding: segment, check, severity, state (open/applied/dismissed), text and fix.")
    for report_fmt, (report_suffix, report_mime) in REPORT_FORMATS.items():
        _download(f"the QA report ({report_fmt.upper()})", f"report_{report_fmt}", (tuple(ids), report_fmt, version),
                  f"{stem}-qa-report{report_suffix}", report_mime, size,
                  partial(_write_report, store, ids, report_fmt))
    progress = store.progress(ids, detail=False)
    st.caption(f"Review progress: {progress.reviewed} of {progress.total} segments reviewed.")


main()
