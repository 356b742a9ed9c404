"""End to end in a real browser: `streamlit run` on a temp database, Debian's Chromium driven by Playwright.

Opens the demo project, applies the dash fix, edits the corrected text, restarts the server and
finds both changes, then downloads the export and reads it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser_helpers import (
    REVIEWER,
    StreamlitServer,
    click_button,
    editor,
    expect,
    runs,
    search_segment,
    signed_in_page,
    wait_idle,
)

pytestmark = pytest.mark.browser

EDITED = ("The regional authorities expect the long-awaited reopening to revive tourism in the towns along "
          "the Medvedka River.")


def test_review_survives_a_restart_and_exports(browser: Any, demo_server: StreamlitServer, tmp_path: Path) -> None:
    server = demo_server
    page = signed_in_page(browser, server.url, viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    expect(page.get_by_role("heading", name="Review")).to_be_visible()

    # The dash fix on the demo's "long—awaited" segment.
    search_segment(page, "long—awaited")
    expect(page.get_by_text("Segment 11", exact=True)).to_be_visible()
    page.get_by_text("dash used as a hyphen in the compound long—awaited").wait_for()
    click_button(page, "Apply fix")
    page.get_by_text("Segment 11: applied the dash-in-compound fix").first.wait_for()
    expect(editor(page)).to_have_value(re.compile("long-awaited opening"))

    # A reviewer's own correction, saved with the button.
    editor(page).fill(EDITED)
    click_button(page, "Save correction")
    page.get_by_text("Segment 11: saved the corrected text").first.wait_for()

    # Restart the server; a new browser session must see both changes.
    server.stop()
    server.start()
    page.close()
    page = signed_in_page(browser, server.url, viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    search_segment(page, "long—awaited")
    expect(editor(page)).to_have_value(EDITED)
    expect(page.get_by_text(f"last change by {REVIEWER}").first).to_be_visible()
    expect(page.get_by_text("applied", exact=True)).to_be_visible()  # the dash finding's state

    # The export holds the corrected text.
    before = runs(page)
    page.get_by_role("link", name="Export").click()
    wait_idle(page, after=before)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the corrected corpus (TSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-corrected.tsv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")), delimiter="\t"))
    assert len(rows) == 48
    edited = [r for r in rows if r["corrected"] == EDITED]
    assert len(edited) == 1 and "long—awaited" in edited[0]["mt"] and edited[0]["reviewer"] == REVIEWER
    assert '"check": "dash-in-compound"' in edited[0]["fixes"].replace('""', '"')
    assert sum(r["corrected"] != r["mt"] for r in rows) == 1
