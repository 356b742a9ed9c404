"""Renaming, archiving and restoring on the Projects & import page, and links to archived items (AppTest)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from review_app.app.components.safe import md
from review_app.app.components.team import _change
from review_app.review.demo import DEMO_DOCUMENT, DEMO_PROJECT
from review_app.store import Store
from review_app.store.records import EventInfo
from tests.browser_helpers import APP, app_test


@pytest.fixture
def db(app_db: Path) -> Path:
    """The shared demo database of the app tests (``REVIEW_APP_DB`` points at it)."""
    return app_db


def _click(at: Any, key: str) -> Any:
    at.button(key=key).click()
    return at.run()


def _messages(at: Any, kind: str = "success") -> list[str]:
    return [m.value for m in getattr(at, kind)]


def test_rename_a_project_and_a_document_shows_names_as_text(db: Path) -> None:
    at = app_test("projects", db)
    at.text_input(key="mg_pname_1").input("Pilot [x](https://evil.example) *now*")
    at = _click(at, "mg_rename_project")
    assert not at.exception
    assert _messages(at) == [md(f"Renamed project {DEMO_PROJECT!r} to 'Pilot [x](https://evil.example) *now*'")]
    at.text_input(key="mg_dname_1").input("chapter <b>one</b>")
    at = _click(at, "mg_rename_document")
    assert _messages(at) == [md("Renamed document 'river-terminal-reopens' to 'chapter <b>one</b>'")]
    store = Store(str(db))
    assert store.project(1).name == "Pilot [x](https://evil.example) *now*"
    assert store.document(1).name == "chapter <b>one</b>"
    assert [e.kind for e in store.events(limit=2)] == ["rename-document", "rename-project"]
    assert at.dataframe[1].value["document"].tolist() == ["chapter <b>one</b>"]  # the listing follows
    assert at.sidebar.selectbox(key="project_select").value == 1  # still the chosen project


def test_a_name_clash_is_one_line_and_changes_nothing(db: Path) -> None:
    store = Store(str(db))
    store.create_project("Other", "de", "en", actor=store.demo_user())
    at = app_test("projects", db)
    at.text_input(key="mg_pname_1").input("Other")
    at = _click(at, "mg_rename_project")
    assert _messages(at, "error") == ["a project named 'Other' already exists: choose another name"]
    assert Store(str(db)).project(1).name == DEMO_PROJECT


def test_archive_a_document_asks_first_then_restore_brings_it_back(db: Path) -> None:
    at = _click(app_test("projects", db), "mg_archive_document")
    assert any(f"Archive document '{DEMO_DOCUMENT}'?" in w.value and "Nothing is deleted" in w.value
               for w in at.warning)
    assert not Store(str(db)).document(1).archived  # asking is not doing
    at = _click(at, "mg_no_document_1")
    assert not at.warning and not Store(str(db)).document(1).archived

    at = _click(_click(at, "mg_archive_document"), "mg_yes_document_1")
    assert not at.exception
    assert _messages(at)[0].startswith(md(f"Archived document {DEMO_DOCUMENT!r}: restore it"))
    store = Store(str(db))
    assert store.document(1).archived and store.documents(1) == []
    assert len(at.dataframe) == 1  # the project's document table is gone with its only document
    assert any(f"**{DEMO_DOCUMENT}**" in m.value for m in at.markdown)  # listed under "Archived"
    at = _click(at, "mg_restore_document_1")
    assert _messages(at) == [md(f"Restored document {DEMO_DOCUMENT!r}")]
    assert [d.name for d in Store(str(db)).documents(1)] == [DEMO_DOCUMENT]
    assert at.session_state["document_id"] == 1


def test_archive_the_only_project_and_restore_it(db: Path) -> None:
    at = _click(_click(app_test("projects", db), "mg_archive_project"), "mg_yes_project_1")
    assert not at.exception and Store(str(db)).projects() == []
    assert _messages(at)[0].startswith(md(f"Archived project {DEMO_PROJECT!r}"))
    assert at.button(key="mg_restore_project_1")  # still reachable with no live project left
    at = _click(at, "mg_restore_project_1")
    assert _messages(at) == [md(f"Restored project {DEMO_PROJECT!r}")]
    assert [p.name for p in Store(str(db)).projects()] == [DEMO_PROJECT]
    assert at.sidebar.selectbox(key="project_select").value == 1


def test_reviewers_see_no_controls(db: Path) -> None:
    at = app_test("projects", db, reviewer="Rita", role="reviewer")
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("mg_")]


@pytest.mark.parametrize(("archive", "message"), [
    ("document", f"The link points to document '{DEMO_DOCUMENT}', which is archived"),
    ("project", f"The link points to project '{DEMO_PROJECT}', which is archived"),
])
def test_a_link_to_an_archived_item_says_so(db: Path, archive: str, message: str) -> None:
    from streamlit.testing.v1 import AppTest

    store = Store(str(db))
    demo = store.demo_user()
    store.create_project("Other", "de", "en", actor=demo)
    if archive == "document":
        store.archive_document(1, actor=demo)
    else:
        store.archive_project(1, actor=demo)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"project": "1", "doc": "1", "seg": "3"})
    at.run()
    assert not at.exception
    assert any(w.value.startswith(md(message)) for w in at.warning)
    assert "document_id" not in at.session_state or at.session_state["document_id"] != 1
    assert at.query_params.get("doc") != "1"  # the URL now says what is shown


def test_the_activity_log_names_archived_documents_and_renames(db: Path) -> None:
    store = Store(str(db))
    demo = store.demo_user()
    store.rename_document(1, "chapter one", actor=demo)
    store.archive_document(1, actor=demo)
    at = app_test("team", db)
    log = at.dataframe[-1].value
    log = log[log["what"] != "created an account"].reset_index()  # the test's account, made by app_test
    assert log["what"].tolist()[:2] == ["archived a document", "renamed a document"]
    assert log["document"].tolist()[:2] == ["chapter one", "chapter one"]  # archived, still named in the log
    assert log["change"].tolist()[1] == "river-terminal-reopens → chapter one"


def test_the_activity_log_says_what_repetition_found_elsewhere() -> None:
    """An import that made lines recur says how many chrome findings it opened in the project's other documents, an
    archive that made them stop recurring how many it removed."""
    def event(after: dict[str, Any]) -> EventInfo:
        return EventInfo(1, datetime.now(UTC), "ann", "import", 3, None, {}, after, None)

    assert _change(event({"name": "page3", "segments": 3, "findings": 1})) == "page3"
    assert _change(event({"name": "page3", "repetition_findings": {"1": [7], "2": [9, 11]}})) == (
        "page3; repeated lines: 3 chrome findings in 2 documents")
    assert _change(event({"name": "page3", "archived": True, "repetition_removed": {"1": 1}})) == (
        "page3; no longer repeated: 1 chrome finding removed in 1 document")
