"""In a real browser: an admin renames the demo document, archives it (after confirming), finds it gone
from the Review page, and restores it from the archived list with the review work it had."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import Serve, demo_db, expect, runs, signed_in_page, wait_idle

pytestmark = pytest.mark.browser

NEW_NAME = "river terminal <i>final</i>"


def _click(page: Any, key: str) -> None:
    """Click the button with this widget key and wait for the rerun."""
    before = runs(page)
    page.locator(f".st-key-{key} button").click()
    wait_idle(page, after=before)


def _open(page: Any, title: str) -> None:
    """Open an expander by its title, unless it is open already."""
    summary = page.locator("summary", has_text=title)
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()
        wait_idle(page)


def test_rename_archive_and_restore_a_document(browser: Any, serve: Serve, tmp_path: Path) -> None:
    db = demo_db(tmp_path / "review.db")
    store = Store(str(db))
    segment = store.segment_page(1).rows[0]
    store.set_status(segment.id, "accepted", actor=store.demo_user())  # review work that must survive
    server = serve(db)
    page = signed_in_page(browser, server.url, path="projects", viewport={"width": 1400, "height": 1300})
    _open(page, "Rename or archive")
    page.get_by_role("textbox", name="Document name").first.fill(NEW_NAME)
    _click(page, "mg_rename_document")
    page.get_by_text(f"Renamed document 'river-terminal-reopens' to '{NEW_NAME}'").wait_for()
    expect(page.locator("i", has_text="final")).to_have_count(0)  # the name is text, not HTML

    _open(page, "Rename or archive")
    _click(page, "mg_archive_document")
    expect(page.get_by_text(f"Archive document '{NEW_NAME}'?")).to_be_visible()
    page.screenshot(path=str(tmp_path / "archive-confirm.png"), full_page=True)
    assert not Store(str(db)).document(1).archived  # nothing happens before the confirmation
    _click(page, "mg_yes_document_1")
    page.get_by_text(f"Archived document '{NEW_NAME}'").wait_for()
    assert Store(str(db)).documents(1) == []

    page.get_by_role("link", name="Review").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile("has no document yet"))).to_be_visible()

    page.get_by_role("link", name="Projects & import").click()
    wait_idle(page)
    _open(page, "Archived projects and documents (1)")
    page.screenshot(path=str(tmp_path / "archived-list.png"), full_page=True)
    _click(page, "mg_restore_document_1")
    page.get_by_text(f"Restored document '{NEW_NAME}'").wait_for()

    page.get_by_role("link", name="Review").click()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Document")).to_have_value(f"{NEW_NAME} (48 segments)")  # picked
    restored = Store(str(db))
    assert [d.name for d in restored.documents(1)] == [NEW_NAME]
    assert restored.segment_page(1).rows[0].status == "accepted"
    assert [e.kind for e in restored.events(document_id=1, limit=3)] == [
        "restore-document", "archive-document", "rename-document"]
