"""The Projects & import page in process (AppTest): create projects, import documents, refuse bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_app.app.components.safe import md
from review_app.review.demo import DEMO_PROJECT
from review_app.review.importer import MAX_BYTES
from review_app.store import Store
from tests.browser_helpers import app_test

MT = "The river station reopened. Tickets are sold at the box office.\n\nAdvertisement\n"
REF = "The river terminal reopened. Tickets are sold at the ticket office.\n"


def _button(at: Any, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def _new_project(at: Any, name: str, glossary: bytes | None = None) -> Any:
    at.text_input(key="np_name").input(name)
    at.text_input(key="np_src").input("de")
    if glossary is not None:
        at.file_uploader(key="np_glossary").set_value(("glossary.tsv", glossary, "text/tab-separated-values"))
    _button(at, "Create project").click()
    return at.run()


def _import(at: Any, name: str = "doc", **sides: Any) -> Any:
    at.text_input(key="nd_name").input(name)
    at.text_input(key="nd_system").input("TestMT")
    for side in ("mt", "ref", "src"):
        value = sides.get(side)
        if isinstance(value, tuple):
            at.file_uploader(key=f"nd_{side}_file").set_value(value)
        elif value is not None:
            at.text_area(key=f"nd_{side}_text").input(value)
    if sides.get("segmented"):
        at.checkbox(key="nd_segmented").check()
    _button(at, "Import").click()
    return at.run()


def test_page_lists_the_demo_project(app_db: Path) -> None:
    at = app_test("projects", app_db)
    assert not at.exception and at.title[0].value == "Projects & import"
    projects = at.dataframe[0].value
    assert projects["project"].tolist() == ["Demo: Starorechensk river terminal"]
    assert projects["segments"].tolist() == [48]
    assert at.dataframe[1].value["document"].tolist() == ["river-terminal-reopens"]


def test_create_a_project_and_import_a_pasted_document(app_db: Path) -> None:
    at = _new_project(app_test("projects", app_db), "Port news", b"box office\tticket office\n")
    assert not at.exception and "Created project 'Port news' (de → en)." in [s.value for s in at.success]
    at = _import(at, "first", mt=MT, ref=REF, src="Der Flussbahnhof ist wieder offen. Karten gibt es an der Kasse.\n")
    assert not at.exception and [e.value for e in at.error] == []
    assert any("Imported 'first' into 'Port news': 3 segments" in s.value for s in at.success)
    store = Store(str(app_db))
    project = store.project_by_name("Port news")
    assert project is not None and project.glossary == "box office\tticket office\n"
    document = store.documents(project.id)[0]
    assert (document.name, document.system, document.segments) == ("first", "TestMT", 3)
    checks = {c for c, *_ in store.findings_summary([document.id])}
    assert {"glossary", "chrome"} <= checks
    assert store.events(document_id=document.id)[-1].actor == "Ann"
    assert at.session_state["document_id"] == document.id


def test_import_uploaded_line_parallel_files(app_db: Path) -> None:
    at = _new_project(app_test("projects", app_db), "Lines")
    at = _import(at, "lines", segmented=True, mt=("mt.txt", "one\ntwo\nthree\n".encode("utf-16"), "text/plain"),
                 ref=("ref.txt", b"one\n2\nthree\n", "text/plain"))
    assert [e.value for e in at.error] == []
    store = Store(str(app_db))
    document = store.documents(store.project_by_name("Lines").id)[0]  # type: ignore[union-attr]
    assert [r.mt for r in store.segment_page(document.id).rows] == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("sides", "message"),
    [
        ({"mt": "   ", "ref": REF}, "MT: empty input"),
        ({"mt": MT, "ref": ""}, "reference: empty input"),
        ({"mt": ("mt.txt", b"caf\xe9 ol\xe9\n", "text/plain"), "ref": REF},
         "MT file mt.txt: cannot decode as UTF-8: invalid byte 0xe9 at byte offset 3"),
        ({"mt": ("mt.docx", b"PK\x03\x04\x00\x00binary", "text/plain"), "ref": REF}, "binary data"),
        ({"mt": "a\nb\nc\n", "ref": "a\nb\n", "segmented": True}, "reference: has 2 lines but MT has 3"),
        ({"mt": ("huge.txt", b"a" * (MAX_BYTES + 1024), "text/plain"), "ref": REF},
         "MT file huge.txt: is 50.0 MB, over the 50.0 MB limit"),
    ],
)
def test_bad_input_gets_a_one_line_message(app_db: Path, sides: dict, message: str) -> None:
    at = _import(app_test("projects", app_db), "bad", **sides)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0] and "\n" not in errors[0] and "Traceback" not in errors[0]
    store = Store(str(app_db))
    assert [d.name for d in store.documents(store.projects()[0].id)] == ["river-terminal-reopens"]


def test_bad_project_input(app_db: Path) -> None:
    at = _new_project(app_test("projects", app_db), "Demo: Starorechensk river terminal")
    assert [e.value for e in at.error] == ["a project named 'Demo: Starorechensk river terminal' already exists"]
    at = _new_project(app_test("projects", app_db), "G", b"only-one-field\n")
    assert md("glossary.tsv: line 1: expected 'wrong<TAB>right[<TAB>note]'") in at.error[0].value
    assert len(Store(str(app_db)).projects()) == 1


def test_import_needs_an_admin(app_db: Path) -> None:
    at = _import(app_test("projects", app_db, reviewer="Rita", role="reviewer"), "x", mt=MT, ref=REF)
    assert [e.value for e in at.error] == ["importing a document needs an admin; Rita is a reviewer"]


def test_import_goes_where_the_form_says_clears_and_asks_before_a_duplicate(app_db: Path) -> None:
    at = app_test("projects", app_db)
    at.sidebar.selectbox(key="project_select").select_index(0).run()  # the demo is selected in the sidebar
    at = _new_project(at, "Harbour")
    harbour = Store(str(app_db)).project_by_name("Harbour")
    assert harbour is not None
    assert at.sidebar.selectbox(key="project_select").value == harbour.id  # the created project is selected
    at = _import(at, "first", mt=MT, ref=REF)
    store = Store(str(app_db))
    assert [d.name for d in store.documents(harbour.id)] == ["first"]
    assert [d.name for d in store.documents(store.project_by_name(DEMO_PROJECT).id)] == [  # type: ignore[union-attr]
        "river-terminal-reopens"]
    # The form is fresh: nothing to import twice by a second click.
    assert at.text_input(key="nd_name-1").value == "" and at.text_area(key="nd_mt-1_text").value == ""
    at.text_input(key="nd_name-1").input("again")
    at.text_area(key="nd_mt-1_text").input(MT)
    at.text_area(key="nd_ref-1_text").input(REF)
    _button(at, "Import").click()
    at.run()
    assert any("already holds these texts as document 'first'" in w.value for w in at.warning)
    assert [d.name for d in Store(str(app_db)).documents(harbour.id)] == ["first"]
    assert at.text_area(key="nd_mt-1_text").value == MT  # kept for the reviewer's answer
    at.checkbox(key="nd_again-1").check()
    _button(at, "Import").click()
    at.run()
    assert [d.name for d in Store(str(app_db)).documents(harbour.id)] == ["first", "again"]
