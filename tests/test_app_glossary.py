"""The Glossary page in process (AppTest): add, edit, remove, import and export a project's terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from review_app.review.demo import DEMO_PROJECT
from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import person


def _button(at: Any, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def _store_terms(app_db: Path) -> list[tuple[str, str, str]]:
    store = Store(str(app_db))
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    return [(e.wrong, e.right, e.note) for e in store.glossary(project.id)]


def test_terms_listed_added_edited_removed(app_db: Path) -> None:
    before = _store_terms(app_db)
    at = app_test("glossary", app_db)
    assert not at.exception and at.title[0].value == "Glossary"
    assert at.dataframe[0].value["wrong term"].tolist() == [w for w, _, _ in before]

    at.text_input(key="ga_wrong").input("station")
    at.text_input(key="ga_right").input("terminal")
    at.text_input(key="ga_note").input("from the post-edit")
    _button(at, "Add term").click()
    at = at.run()
    assert not at.exception
    assert _store_terms(app_db)[-1] == ("station", "terminal", "from the post-edit")
    assert any("new glossary finding" in s.value for s in at.success)

    at.selectbox(key="ge_term").select("station").run()
    at.text_input(key="ge_right_station").input("river terminal")
    _button(at, "Save changes").click()
    at = at.run()
    assert ("station", "river terminal", "from the post-edit") in _store_terms(app_db)

    at.selectbox(key="ge_term").select("station").run()
    _button(at, "Remove term").click()
    at = at.run()
    assert _store_terms(app_db) == before
    assert not at.exception


def test_import_replace_and_bad_file(app_db: Path) -> None:
    at = app_test("glossary", app_db)
    at.file_uploader(key="gi_file").set_value(("terms.tsv", b"city\ttown\nsea\tlake\tnote\n", "text/plain"))
    at.checkbox(key="gi_replace").check()
    _button(at, "Import").click()
    at = at.run()
    assert _store_terms(app_db) == [("city", "town", ""), ("sea", "lake", "note")]
    at.file_uploader(key="gi_file").set_value(("bad.tsv", b"one field only\n", "text/plain"))
    _button(at, "Import").click()
    at = at.run()
    assert any("bad.tsv" in e.value and "line 1" in e.value for e in at.error)
    assert _store_terms(app_db) == [("city", "town", ""), ("sea", "lake", "note")]


def test_changes_need_an_admin(app_db: Path) -> None:
    at = app_test("glossary", app_db, reviewer="Rita", role="reviewer")
    assert any("Rita is a reviewer: changing a glossary needs an admin." in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Add term"]


def test_a_term_learned_from_the_reference_goes_to_the_glossary(app_db: Path) -> None:
    """The demo's MT writes "city" where the post-edit writes "town": the Review page offers the term."""
    at = app_test("review", app_db)
    at.text_input(key="f_text").input("the city seemed").run()
    store = Store(str(app_db))
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    segment = next(
        r.id for r in store.segment_page(store.documents(project.id)[0].id, limit=100).rows if "the city seemed" in r.mt
    )
    finding = next(
        f for f in store.segment_detail(segment).findings if f.check == "reference-term" and f.quote == "city"
    )
    assert finding.suggestion == "town"
    at.button(key=f"to-glossary-{finding.id}").click().run()
    assert not at.exception
    assert (finding.quote, finding.suggestion, "learned from the reference") in _store_terms(app_db)
    assert any("added the term" in s.value.lower() for s in at.success)
    assert any(f.check == "glossary" for f in store.segment_detail(segment).findings)
    learned = [f for f in store.segment_detail(segment).findings if f.check == "reference-term" and f.quote == "city"]
    assert learned == []  # the glossary finding took its place: one problem, one finding


def test_a_message_shows_a_term_with_markdown_characters_as_typed(app_db: Path) -> None:
    # Messages are escaped once, where they are shown: escaped before too, "e_mail" read "e\_mail".
    at = app_test("glossary", app_db)
    at.text_input(key="ga_wrong").input("e_mail*")
    at.text_input(key="ga_right").input("email")
    _button(at, "Add term").click()
    at = at.run()
    assert [s.value.split(".")[0] for s in at.success] == [r"Added e\_mail\*"]


FORMULA = '=HYPERLINK("https://evil.example","click")'


def test_the_download_runs_no_formula_in_a_spreadsheet_and_imports_back(app_db: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(str(app_db))
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    store.add_glossary_term(project.id, FORMULA, "a link", "@SUM(1+1)", actor=person(store, "Ann"))
    terms = store.glossary(project.id)
    # What the button hands to the browser: the data Streamlit's media storage is given for the file.
    served: dict[str, bytes | str] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def record(self: Any, data: bytes | str, mimetype: str, kind: Any, filename: str | None = None) -> str:
        served[filename or ""] = data
        return load(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    at = app_test("glossary", app_db)
    assert not at.exception
    data = served[f"glossary-{project.id}.tsv"]
    text = data.decode() if isinstance(data, bytes) else data
    line = next(row for row in text.splitlines() if "HYPERLINK" in row)
    assert line == f"'{FORMULA}\ta link\t'@SUM(1+1)"  # the leading quote: shown as text, never run
    store.import_glossary(project.id, text, replace=True, actor=person(store, "Ann"))
    assert store.glossary(project.id) == terms  # imported back: the same terms


def test_a_term_typed_but_not_added_is_kept_across_pages_and_a_refusal(app_db: Path) -> None:
    """The reviewer types a term, goes to the Review page to copy the MT's wording and comes back: still typed (the
    form's fields were an st.form's, which reach the server only when sent). A refused term keeps its text too."""
    at = app_test("main", app_db)
    at.switch_page("views/glossary.py").run()
    at.text_input(key="ga_wrong").input("motor ship").run()
    at.text_input(key="ga_note").input("client's term").run()
    at.switch_page("views/review.py").run()
    assert not [w for w in at.text_input if w.key == "ga_wrong"]  # another page: the field is gone
    at.switch_page("views/glossary.py").run()
    assert at.text_input(key="ga_wrong").value == "motor ship"
    assert at.text_input(key="ga_note").value == "client's term"
    _button(at, "Add term").click().run()  # no right term: refused, nothing typed is lost
    assert at.error and _store_terms(app_db)[-1][0] != "motor ship"
    assert at.text_input(key="ga_wrong").value == "motor ship"
    at.text_input(key="ga_right").input("cruise boat")
    _button(at, "Add term").click().run()
    assert _store_terms(app_db)[-1] == ("motor ship", "cruise boat", "client's term")
    assert [at.text_input(key=k).value for k in ("ga_wrong", "ga_right", "ga_note")] == ["", "", ""]
    at.switch_page("views/review.py").run()
    at.switch_page("views/glossary.py").run()
    assert at.text_input(key="ga_wrong").value == ""  # added: nothing kept
