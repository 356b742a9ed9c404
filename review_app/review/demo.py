"""The demo project: a fictional machine-translated news page (``corpora/demo``) loaded into a store.

Loading is idempotent: a store that already has the demo project is left as it is, so the app
can call :func:`load_demo` on every start without duplicating anything or touching review work.
Loaded into an empty SQLite database, it makes the quick start's database, whose visitors get the
demo login until the first account is created (``store.demo_login``).
"""

from __future__ import annotations

from pathlib import Path

from review_app.errors import InputError
from review_app.review.importer import ImportProgress, import_document
from review_app.store import Actor, Operator, ProjectInfo, Store
from review_app.text.ingest import read_text

DEMO_DIR = Path(__file__).resolve().parents[2] / "corpora" / "demo"
DEMO_PROJECT = "Demo: Starorechensk river terminal"
DEMO_DOCUMENT = "river-terminal-reopens"
DEMO_SYSTEM = "Yandex Translator (web page)"
# The demo is loaded by the app itself (or a script), not by a signed-in account.
DEMO_LOADER = Operator("demo loader")


def load_demo(store: Store, *, folder: Path = DEMO_DIR, progress: ImportProgress | None = None,
              actor: Actor = DEMO_LOADER) -> ProjectInfo:
    """Create the demo project with its one document unless it exists; returns the project."""
    existing = store.project_by_name(DEMO_PROJECT)
    # An archived demo project (or one whose documents are archived) was put away on purpose: left as it is.
    if existing is not None and (existing.archived or store.documents(existing.id, archived=None)):
        return existing
    if not folder.is_dir():
        raise InputError(folder, "the demo corpus folder is missing (expected corpora/demo in the repository)")
    glossary = read_text(folder / "glossary.tsv")
    if existing is None:
        store.claim_quick_start()  # before the project: it counts only on a database with nothing in it yet
    project = existing or store.create_project(DEMO_PROJECT, "ru", "en", glossary=glossary, actor=actor)
    import_document(
        store,
        project.id,
        name=DEMO_DOCUMENT,
        mt_text=read_text(folder / "mt.en.txt"),
        ref_text=read_text(folder / "postedit.en.txt"),
        src_text=read_text(folder / "src.ru.txt"),
        system=DEMO_SYSTEM,
        ref_kind="post-edit",
        actor=actor,
        progress=progress,
    )
    return store.project(project.id)
