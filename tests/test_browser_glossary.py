"""In a real browser: edit a project's glossary and see the re-checked document on the Review page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser_helpers import StreamlitServer, click_button, expect, search_segment, signed_in_page, wait_idle

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_glossary_term_added_in_the_app_flags_the_document(browser: Any, demo_server: StreamlitServer) -> None:
    page = signed_in_page(browser, demo_server.url, path="glossary", viewport={"width": 1400, "height": 1200})
    expect(page.get_by_role("heading", name="Glossary")).to_be_visible()
    page.get_by_role("textbox", name="Wrong term (as the MT writes it)").fill("motor ship")
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


def test_an_edit_applied_to_the_other_occurrences_and_undone(browser: Any, demo_server: StreamlitServer,
                                                             tmp_path: Path) -> None:
    page = signed_in_page(browser, demo_server.url, viewport={"width": 1400, "height": 1400})
    search_segment(page, "fisherman Nikolai")
    editor = page.get_by_role("textbox", name="Corrected text")
    editor.fill(editor.input_value().replace("at the station", "at the terminal"))
    click_button(page, "Save correction")
    expect(page.get_by_text("You changed “station” → “terminal”.")).to_be_visible()
    offer = page.get_by_role("button", name=re.compile(r"Apply to all \d+ occurrences"))
    expect(offer).to_be_visible()
    page.screenshot(path=str(tmp_path / "propagate.png"), full_page=True)
    offer.click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Replaced 'station' with 'terminal' \d+ time"))).to_be_visible()
    search_segment(page, "The building of the")
    expect(page.get_by_role("textbox", name="Corrected text")).to_have_value(
        re.compile("The building of the terminal")
    )
    search_segment(page, "fisherman Nikolai")
    click_button(page, "Undo the change in all those segments")
    expect(page.get_by_text(re.compile(r"Undid the edit in \d+ segment"))).to_be_visible()
    search_segment(page, "The building of the")
    expect(page.get_by_role("textbox", name="Corrected text")).to_have_value(
        re.compile("The building of the station")
    )
