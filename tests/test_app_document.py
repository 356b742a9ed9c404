"""The Document page (AppTest): the document in context, paged, deleted segments struck out, text escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import person


def test_the_document_in_context(app_db: Path) -> None:
    store = Store(str(app_db))
    rows = store.segment_page(store.documents(store.projects()[0].id)[0].id, limit=100).rows
    # deletes "Skip to main content"
    store.apply_fix(store.segment_detail(rows[0].id).findings[0].id, actor=person(store, "ann"))
    store.edit_corrected(rows[10].id, "Edited <b>text</b> & more", actor=person(store, "ann"))
    at = app_test("document", app_db)
    assert not at.exception
    cells = _cells(at)
    assert re.search(r'<del style="[^"]*line-through[^"]*">Skip to main content</del> <em>\(deleted\)</em>', cells)
    assert html.escape(rows[10].mt) in cells  # the full MT, not a cut
    assert "Edited &lt;b&gt;text&lt;/b&gt; &amp; more" in cells and "<b>text</b>" not in cells
    assert _numbers(at) == [str(n) for n in range(1, 21)]  # 20 segments a page, each number a button
    at.pagination[0].set_value(3).run()
    assert _numbers(at) == [str(n) for n in range(41, 49)]
    # A click on a segment's number opens it in Review (the switch happens on the next run).
    at.button(key=f"document_open-{rows[44].id}").click().run()
    assert at.session_state["seg_id"] == rows[44].id


def _cells(at: Any) -> str:
    return "\n".join(h.value for h in at.html if "document-cell" in h.value)


def _numbers(at: Any) -> list[str]:
    return [b.label for b in at.button if (b.key or "").startswith("document_open-")]


def test_comments_in_the_panel_the_document_view_and_the_export(app_db: Path) -> None:
    store = Store(str(app_db))
    rows = store.segment_page(store.documents(store.projects()[0].id)[0].id, limit=100).rows
    segment = rows[0]
    at = app_test("review", app_db)  # segment 1
    at.text_area(key=f"comment-{segment.id}").input("Is this <b>menu</b> text? [x](http://e.vil)")
    at.button(key=f"comment-add-{segment.id}").click().run()
    assert "Segment 1: comment added" in [m.value for m in at.success]
    assert at.text_area(key=f"comment-{segment.id}").value == ""
    [comment] = store.comments([segment.id])[segment.id]
    assert (comment.author, comment.text) == ("Ann", "Is this <b>menu</b> text? [x](http://e.vil)")
    assert "Is this <b>menu</b> text? [x](http://e.vil)" in [t.value for t in at.text]  # shown as typed
    assert store.segment_detail(segment.id).segment.version == segment.version  # a comment is no edit
    assert store.events(segment_id=segment.id)[0].kind == "comment"
    with pytest.raises(Exception, match="nothing to undo"):
        store.undo_last(segment.id, actor=person(store, "Ann"))  # undo walks past comments

    table = _cells(app_test("document", app_db))
    assert "<b>Ann</b>" in table and "Is this &lt;b&gt;menu&lt;/b&gt; text?" in table

    units = store.export_bytes([segment.document_id], "jsonl").decode()
    assert "Ann (" in units and "UTC): Is this <b>menu</b> text?" in units
