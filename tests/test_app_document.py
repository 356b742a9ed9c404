"""The Document page (AppTest): the document in context, paged, deleted segments struck out, text escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.store import Store
from tests.browser_helpers import app_test, demo_db


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = demo_db(tmp_path / "review.db")
    monkeypatch.setenv("REVIEW_APP_DB", str(path))
    return path


def test_the_document_in_context(db: Path) -> None:
    store = Store(str(db))
    rows = store.segment_page(store.documents(store.projects()[0].id)[0].id, limit=100).rows
    store.apply_fix(store.segment_detail(rows[0].id).findings[0].id, actor="ann")  # deletes "Skip to main content"
    store.edit_corrected(rows[10].id, "Edited <b>text</b> & more", actor="ann")
    at = app_test("document", db)
    assert not at.exception
    table = next(h.value for h in at.html if "document-view" in h.value)
    assert '<del style="color:#82071e">Skip to main content</del> <em>(deleted)</em>' in table
    assert rows[10].mt in table or rows[10].mt.replace('"', "&quot;") in table  # the full MT, not a cut
    assert "Edited &lt;b&gt;text&lt;/b&gt; &amp; more" in table and "<b>text</b>" not in table
    assert table.count("<tr>") == 21  # a header and 20 segments
    at.pagination[0].set_value(3).run()
    table = next(h.value for h in at.html if "document-view" in h.value)
    assert "<b>41</b>" in table and "<b>48</b>" in table and "<b>40</b>" not in table
    at.selectbox(key="document_pick-3").select(rows[44].id).run()
    at.button(key="document_open").click().run()
    assert at.session_state["seg_id"] == rows[44].id
