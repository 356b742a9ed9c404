"""The session's view (app/components/viewstate.py): another project or document starts afresh, at the top."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from review_app.review.demo import DEMO_PROJECT
from review_app.review.importer import import_document
from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import person


def _heading(at: Any) -> str:
    return str(at.markdown[0].value)


def _second_project(app_db: Path) -> tuple[int, int]:
    """A second project with a three-segment document: (project id, document id)."""
    store = Store(str(app_db))
    ann = person(store, "Ann")
    project = store.create_project("Other", "ru", "en", actor=ann)
    document = import_document(store, project.id, name="short", actor=ann, segmented=True,
                               mt_text="One.\nTwo.\nThree.\n", ref_text="One.\nTwo.\nThree.\n")
    store.close()
    return project.id, document.id


def _go_to(at: Any, number: int) -> None:
    goto = next(w for w in at.number_input if w.key and w.key.startswith("goto-"))
    goto.set_value(number).run()
    assert _heading(at).startswith(f"**Segment {number}**"), _heading(at)


def test_another_project_opens_its_document_at_the_top(app_db: Path) -> None:
    other, _document = _second_project(app_db)
    at = app_test("review", app_db)
    _go_to(at, 11)
    at.sidebar.selectbox(key="project_select").select(other).run()
    assert not at.exception
    assert _heading(at).startswith("**Segment 1**"), _heading(at)  # not the 11th place, clamped to the 3rd
    assert at.session_state["seg_anchor"] == 0


def test_my_work_opens_another_document_at_the_top(app_db: Path) -> None:
    other, document = _second_project(app_db)
    store = Store(str(app_db))
    demo = store.project_by_name(DEMO_PROJECT)
    assert demo is not None
    demo_document = store.documents(demo.id)[0].id
    person(store, "Rita", "reviewer")
    store.assign(document, "Rita", actor=person(store, "Ann"))
    store.close()
    at = app_test("my_work", app_db, reviewer="Rita", role="reviewer")
    # Where the session was: segment 11 of the demo document, in Review.
    at.session_state["project_id"], at.session_state["document_id"] = demo.id, demo_document
    at.session_state["seg_id"], at.session_state["seg_pos"], at.session_state["seg_anchor"] = 999, 11, 10
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("open-"))).click().run()
    state = at.session_state
    assert (state["project_id"], state["document_id"]) == (other, document)
    assert (state["project_select"], state["document_select"]) == (other, document)
    assert "seg_id" not in state and "seg_pos" not in state and state["seg_anchor"] == 0


def test_the_same_project_keeps_the_document_and_segment(app_db: Path) -> None:
    _second_project(app_db)
    at = app_test("review", app_db)
    _go_to(at, 11)
    document = at.session_state["document_id"]
    at.sidebar.selectbox(key="project_select").select(at.session_state["project_id"]).run()
    assert at.session_state["document_id"] == document and _heading(at).startswith("**Segment 11**")
