"""Every page shows user-supplied names literally: no live link, image, formatting or HTML from a name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_app.app.components.safe import md
from review_app.review.importer import import_document
from review_app.store import Operator, Store
from tests.browser_helpers import app_test

# Names a user could type: a link, an external image, formatting, HTML, a Streamlit colour directive.
EVIL = "[click](https://evil.example) ![img](https://evil.example/x.png) **bold** <b>html</b> :red[red] $x$"
LIVE = ("[click](", "![img]", "**bold**", "<b>", ":red[", "$x$", "https://")
MARKDOWN_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "info", "success", "error", "warning")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "review.db"
    store = Store(str(path))
    project = store.create_project(EVIL, "de", EVIL[:20], actor=Operator(EVIL))
    import_document(store, project.id, name=EVIL, system=EVIL, mt_text="A  house.\nA tree.\n",
                    ref_text="A house.\nA tree.\n", segmented=True, actor=Operator(EVIL))
    store.close()
    monkeypatch.setenv("REVIEW_APP_DB", str(path))
    return path


def _shown(at: Any) -> list[str]:
    texts: list[str] = []
    for kind in MARKDOWN_ELEMENTS:
        texts += [str(element.value) for element in at.get(kind)]
    for radio in at.get("radio"):
        texts += [str(option) for option in radio.options]
    return texts


@pytest.mark.parametrize("view", ["main", "projects", "review", "dashboard", "export"])
def test_names_are_never_live_markdown(view: str, db: Path) -> None:
    at = app_test(view, db, reviewer=EVIL.replace(" ", ""))  # account names have no spaces
    assert not at.exception
    shown = _shown(at)
    assert any(md(EVIL)[:30] in text for text in shown) or view == "main", "the name is shown (escaped)"
    for text in shown:
        for live in LIVE:
            assert live not in text, (view, text)


def test_md_escapes_every_markdown_start() -> None:
    assert md("[a](b)") == "\\[a\\](b)"
    assert md("# title\n- item") == "\\# title - item"
    assert md("1. see https://evil.example or ann@evil.example") == (
        "1\\. see https:\u2060//evil.example or ann@\u2060evil.example")
    assert md(None) == ""


@pytest.mark.parametrize("setting", ["file", "driver"])
def test_a_database_that_cannot_be_opened_is_one_error_line(setting: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n", encoding="utf-8")
    value = str(bad) if setting == "file" else "nosuchdriver://host/db"
    monkeypatch.setenv("REVIEW_APP_DB", value)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "review_app" / "app" / "main.py"),
                           default_timeout=60).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    # An unknown driver is refused with the settings, before any database is opened (tests/test_settings.py).
    expected = "cannot be opened" if setting == "file" else "REVIEW\\_APP\\_DB: 'nosuchdriver"
    assert len(errors) == 1 and expected in errors[0] and "\n" not in errors[0], errors
    assert bad.read_text(encoding="utf-8") == "these are my notes, not a database\n"


# A file name that is Markdown: bold, and a link that would run script when clicked.
FILE_NAME = "**x**[a](javascript:alert(1)).tsv"


def _upload_error(view: str, app_db: Path) -> list[str]:
    """The errors shown after uploading FILE_NAME (bytes that are not UTF-8) on ``view``."""
    at = app_test(view, app_db)
    bad = (FILE_NAME, b"caf\xe9\tcoffee\n", "text/plain")
    if view == "glossary":
        at.file_uploader(key="gi_file").set_value(bad)
    else:
        at.text_input(key="nd_name").input("doc")
        at.file_uploader(key="nd_mt_file").set_value(bad)
        at.text_area(key="nd_ref_text").input("A house.\n")
    next(b for b in at.button if b.label == "Import").click()
    at.run()
    assert not at.exception
    return [str(e.value) for e in at.error]


@pytest.mark.parametrize("view", ["projects", "glossary"])
def test_an_uploaded_file_name_is_shown_literally(view: str, app_db: Path) -> None:
    errors = _upload_error(view, app_db)
    assert len(errors) == 1 and "cannot decode as UTF-8" in errors[0], errors
    assert md(FILE_NAME) in errors[0]  # shown as typed: no bold, no link
    assert "**x**" not in errors[0] and "[a](" not in errors[0]


def test_the_team_page_names_a_non_admin_literally(db: Path) -> None:
    name = "**x**[a](javascript:alert(1))"
    at = app_test("team", db, reviewer=name, role="viewer")
    assert not at.exception
    assert [e.value for e in at.error] == [f"The Team page is for admins; {md(name)} is a viewer."]


def test_a_tag_of_someone_else_names_its_rater_literally_in_the_help(app_db: Path) -> None:
    """The Remove button's help (a tooltip Streamlit renders as Markdown) names the tag's rater as typed."""
    from tests.people import person

    rater = "**x**[a](javascript:alert(1))"
    store = Store(str(app_db))
    segment = store.segment_page(store.documents(store.projects()[0].id)[0].id, limit=1).rows[0]
    store.add_annotation(segment.id, category="Fluency/Grammar", severity="minor", actor=person(store, rater))
    tag = store.segment_detail(segment.id).annotations[0]
    person(store, "Rita", "reviewer")
    store.assign(segment.document_id, "Rita", actor=person(store, rater))
    store.close()
    at = app_test("review", app_db, reviewer="Rita", role="reviewer")
    assert not at.exception
    assert at.button(key=f"del-ann-{tag.id}").help == f"{md(rater)}'s tag: removing it needs an admin"
