"""In a real browser: edit a project's glossary and see the re-checked document on the Review page."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import (
    StreamlitServer,
    click_button,
    editor,
    expect,
    press,
    runs,
    search_segment,
    signed_in_page,
    wait_idle,
)

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = os.environ.get("REVIEW_APP_SHOTS")  # a folder: keep this module's screenshots there for a look


def test_glossary_term_added_in_the_app_flags_the_document(browser: Any, demo_server: StreamlitServer) -> None:
    page = signed_in_page(browser, demo_server.url, path="glossary", viewport={"width": 1400, "height": 1200})
    expect(page.get_by_role("heading", name="Glossary")).to_be_visible()
    wrong = page.get_by_role("textbox", name="Wrong term (as the MT writes it)")
    before = runs(page)
    wrong.fill("motor ship")
    wait_idle(page, after=before)  # sent after a pause in the typing (live), as a reviewer's pause sends it
    # To the Review page (to copy the MT's wording) and back: what was typed is still there.
    page.get_by_role("link", name="Review").click()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="Corrected text")).to_be_visible()
    page.get_by_role("link", name="Glossary").click()
    wait_idle(page)
    expect(wrong).to_have_value("motor ship")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "glossary-add-kept.png"))
    page.get_by_role("textbox", name="Right term").first.fill("cruise boat")
    page.get_by_role("textbox", name="Note (optional)").fill("<b>from the post-edit</b>")
    click_button(page, "Add term")
    expect(page.get_by_text("new glossary finding(s)")).to_be_visible()
    expect(page.locator("b", has_text="from the post-edit")).to_have_count(0)  # the note is text, not HTML

    page.get_by_role("link", name="Review").click()
    wait_idle(page)
    search_segment(page, "motor ship")
    expect(page.get_by_text("glossary: use 'cruise boat', not 'motor ship'").first).to_be_visible()
    click_button(page, "Apply fix")
    page.get_by_text("Applied the glossary fix").first.wait_for()
    expect(page.get_by_role("textbox", name="Corrected text")).to_have_value(
        re.compile("a tourist cruise boat will take")
    )


def test_an_edit_saved_with_ctrl_enter_is_offered_on_the_next_segment_previewed_and_undone(
        browser: Any, demo_server: StreamlitServer, tmp_path: Path) -> None:
    page = signed_in_page(browser, demo_server.url, viewport={"width": 1400, "height": 1400})
    goto = page.get_by_role("spinbutton", name="Go to list item")
    goto.fill("34")
    before = runs(page)
    goto.press("Enter")
    wait_idle(page, after=before)
    expect(page.get_by_text("Segment 34", exact=True)).to_be_visible()
    box = editor(page)
    box.fill(box.input_value().replace("at the station", "at the terminal"))
    box.focus()
    press(page, "Control+Enter")  # save and next: the offer follows the reviewer to segment 35
    expect(page.get_by_text("Segment 35", exact=True)).to_be_visible()
    expect(page.get_by_text("You edited segment 34.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Phrase")).to_have_value("station")
    click_button(page, "Preview…")
    preview = page.locator(".batch-preview")
    expect(preview).to_contain_text("The building of the")
    expect(preview.locator("ins", has_text="terminal").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "propagate.png"), full_page=True)
    click_button(page, "Apply to 7 segments (one undo)")
    expect(page.get_by_text(re.compile(r"applied “station” → “terminal” in 7 segments"))).to_be_visible()
    assert "The building of the terminal" in _corrected(demo_server, 14)
    click_button(page, "↶ Undo it in all 7 segments")
    expect(page.get_by_text("Undid “station” → “terminal”")).to_be_visible()
    assert "The building of the station" in _corrected(demo_server, 14)
    assert "at the terminal" in _corrected(demo_server, 34)  # the reviewer's own edit stays


def _corrected(server: StreamlitServer, number: int) -> str:
    store = Store(str(server.db))
    row = store.segment_by_position(store.documents(store.projects()[0].id)[0].id, number - 1)
    assert row is not None
    return row.corrected
