"""Two reviewers on one segment in two browsers: each sees the other within seconds, and the second
save opens the conflict view with both texts and the choices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import (
    StreamlitServer,
    click_button,
    demo_db,
    editor,
    expect,
    signed_in_page,
)
from tests.people import OP

pytestmark = pytest.mark.browser
PASSWORD = "quay-signal-2026"


def test_two_reviewers_see_each_other_and_settle_a_conflict(browser: Any, tmp_path: Path) -> None:
    db = demo_db(tmp_path / "review.db")
    store = Store(str(db))
    for name in ("eve", "bob"):
        store.add_user(name, "admin", password=PASSWORD, actor=OP)
    store.close()
    with StreamlitServer(db, log_path=tmp_path / "server.log", env={"REVIEW_APP_PRESENCE_SECONDS": "3"}) as server:
        # Each signs in on the link itself (the link is kept across the sign-in).
        eve = signed_in_page(browser, server.url, "eve", PASSWORD, path="review?project=1&doc=1&seg=8",
                             viewport={"width": 1280, "height": 720})
        bob = signed_in_page(browser, server.url, "bob", PASSWORD, path="review?project=1&doc=1&seg=8",
                             viewport={"width": 1280, "height": 720})
        # Within seconds, without either of them doing anything.
        expect(eve.get_by_text("Also on this segment: bob")).to_be_visible(timeout=15_000)
        expect(bob.get_by_text("Also on this segment: eve")).to_be_visible(timeout=15_000)

        bob_editor = editor(bob)
        bob_editor.fill("Bob's river station.")
        click_button(bob, "Save correction")
        eve_editor = editor(eve)
        eve_editor.fill("Eve's river terminal.")
        click_button(eve, "Save correction")
        expect(eve.get_by_text("Not saved: bob saved segment 8")).to_have_count(1)  # one banner
        expect(eve.get_by_text("Theirs (saved by bob)")).to_be_visible()
        click_button(eve, "Keep mine")
        expect(eve.get_by_text("Segment 8: kept and saved your text (over bob's)")).to_be_visible()
        store = Store(str(db))
        try:
            document = store.documents(store.projects()[0].id)[0]
            segment = store.segment_by_position(document.id, 7)
            assert segment is not None and segment.corrected == "Eve's river terminal."
        finally:
            store.close()
        # Bob moves on: Eve's page shows him elsewhere in the document.
        bob.keyboard.press("Alt+ArrowDown")
        expect(eve.get_by_text("Also in this document: bob (segment 9)")).to_be_visible(timeout=15_000)


