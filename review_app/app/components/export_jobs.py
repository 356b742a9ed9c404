"""Large exports run outside the page's rerun: a worker thread writes the file in chunks (the store's
``write_export``/``write_qa_report``, row by row) to a temporary folder while the page shows its progress;
the page then hands over that file from the disk, streamed by the app's download route (:func:`ExportJob.address`),
never read into the server's memory. The job lives in the session's state, so it is the session's own and goes
with it (its folder is removed, and its address withdrawn, when the job is dropped or replaced)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from review_app.app import web
from review_app.errors import InputError
from review_app.store import StoreError

# Segments above which an export is written in the background with its progress, not on the click.
LARGE = 20_000
# Without the app's routes (``streamlit run main.py``), the largest written file handed over through Streamlit's
# download button, which holds it in the server's memory.
IN_MEMORY_MB = 64
# write(path, progress) → the number of units or rows written; progress(done) as it goes.
Writer = Callable[[Path, Callable[[int], None]], int]


@dataclass(eq=False)
class ExportJob:
    """One export being written (or written): what it is, where, and how far it got."""

    key: Hashable  # what was asked for (scope, format, the project's data version)
    path: Path
    total: int
    done: int = 0
    written: int | None = None  # units or rows, once finished
    error: str | None = None
    thread: threading.Thread | None = field(default=None, repr=False)
    url: str | None = None  # the download's address, once offered
    _finalizers: list[weakref.finalize[Any, Any]] = field(default_factory=list, repr=False)

    @property
    def finished(self) -> bool:
        """Written, or failed."""
        return self.written is not None or self.error is not None

    def _run(self, write: Writer) -> None:
        try:
            self.written = write(self.path, self._advance)
        except (InputError, StoreError) as exc:  # a unit the format cannot hold: said in one line on the page
            self.error = str(exc)
        except Exception as exc:
            self.error = f"the export failed: {exc}"

    def _advance(self, done: int) -> None:
        self.done = done

    def address(self, mime: str) -> str:
        """Where the browser downloads the written file (one address per job, withdrawn with it)."""
        if self.url is None:
            self.url = web.offer_download(self.path, self.path.name, mime)
            self._finalizers.append(weakref.finalize(self, web.withdraw_download, self.url))
        return self.url

    def close(self) -> None:
        """Withdraw the file's address and remove the file now (a replaced job may still be referenced, by its
        progress fragment, for a while)."""
        for finalizer in self._finalizers:
            finalizer()


def start(state_key: str, key: Hashable, file_name: str, total: int, write: Writer) -> ExportJob:
    """Start writing ``file_name`` in a worker thread (replacing the session's previous job under ``state_key``)."""
    previous = st.session_state.get(state_key)
    if isinstance(previous, ExportJob):
        previous.close()
    folder = Path(tempfile.mkdtemp(prefix="review_app_export_"))
    job = ExportJob(key, folder / file_name, total)
    job._finalizers.append(weakref.finalize(job, shutil.rmtree, folder, True))  # the file goes with the job
    job.thread = threading.Thread(target=job._run, args=(write,), name=f"export {file_name}", daemon=True)
    st.session_state[state_key] = job
    job.thread.start()
    return job


def current(state_key: str, key: Hashable) -> ExportJob | None:
    """The session's job under ``state_key`` if it is for ``key`` (another scope or format, or newer data: none)."""
    job = st.session_state.get(state_key)
    return job if isinstance(job, ExportJob) and job.key == key else None
