"""Correcting the alignment in a real browser: a document whose links were shifted away from a gold alignment is
put right with the keys and a few clicks (a confirmation, a merge, a split, a move and a detach, each in two
actions), on the Review page and on the Document page, and its exported beads equal the gold."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from review_app.align.evaluate import read_beads
from review_app.cli import main as cli
from review_app.store import Store
from tests.browser_helpers import (
    Serve,
    button,
    demo_db,
    editor,
    expect,
    open_app,
    press,
    runs,
    signed_in_page,
    wait_idle,
)
from tests.people import OP
from tests.realign_data import GOLD, add_shifted, beads

pytestmark = pytest.mark.browser
PASSWORD = "river-terminal-2026"


def _shown(page: Any, number: int) -> None:
    expect(page.get_by_text(f"Segment {number}", exact=True)).to_be_visible()


def test_a_shifted_alignment_is_put_right_from_the_keyboard_and_the_mouse(browser: Any, serve: Serve,
                                                                          tmp_path: Path) -> None:
    db = demo_db(tmp_path / "review.db")
    store = Store(str(db))
    store.add_user("eve", "admin", password=PASSWORD, actor=OP)  # an account: the demo login is off
    project = store.create_project("Shifted", "ru", "en", actor=OP).id
    document = add_shifted(store, project, OP)
    server = serve(db)
    page = signed_in_page(browser, server.url, "eve", PASSWORD, path=f"review?project={project}&doc={document}&seg=1",
                          viewport={"width": 1280, "height": 720})
    _shown(page, 1)
    expect(button(page, "Next uncertain link ▶").first).to_be_enabled()  # its key is listened for once it is drawn
    actions: Counter[str] = Counter()  # per fix: the keys pressed and the clicks made, navigation included

    def key(fix: str, keys: str) -> None:
        actions[fix] += 1
        press(page, keys)

    def click(fix: str, target: Any) -> None:
        actions[fix] += 1
        before = runs(page)
        target.click()
        wait_idle(page, after=before)

    # Review: the next uncertain link is right as it is: confirm it.
    key("confirm", "Alt+Shift+N")
    _shown(page, 2)
    key("confirm", "Alt+Shift+L")
    expect(page.get_by_text("✓ confirmed by eve").first).to_be_visible()

    # The next one lacks the MT sentence the aligner left alone after it: merge, from inside the editor, with an
    # edit typed just before (saved first, carried into the merged segment, never offered back as lost).
    key("merge", "Alt+Shift+N")
    _shown(page, 3)
    box = editor(page)
    box.click()
    box.press("End")
    page.keyboard.type(" Red.")
    key("merge", "Alt+Shift+ArrowDown")
    expect(page.get_by_text("Segment 3: merged: segment 3 (2-1)")).to_be_visible()
    assert store.segment_detail(store.segment_by_position(document, 2).id).segment.corrected == (  # type: ignore[union-attr]
        "The mayor cut the ribbon. Red. She thanked the builders.")
    # The browser kept the typed text as a draft until the store held it: saved, then merged in the same run, it is
    # dropped (kept, it would come back as "text you typed here was never saved").
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('review_app:draft:'))")
    expect(page.get_by_text("was never saved")).to_have_count(0)

    # Two links in one: split it where it starts cut (after the first sentence of each side).
    key("split", "Alt+Shift+N")
    _shown(page, 4)
    expect(page.get_by_role("radio", name="5 | 6").first).to_be_checked()  # MT 5 | 6 (and ref 4 | 5)
    key("split", "Alt+Shift+S")
    expect(page.get_by_text("Segment 4: split: segments 4 (1-1), 5 (1-1)")).to_be_visible()

    # Document page: the links at a glance; select one and move its first reference sentence back.
    before = runs(page)
    page.get_by_role("link", name="Document").click()
    wait_idle(page, after=before)
    photo = page.locator("[class*='st-key-docrow-']").filter(has_text="Photo: TASS")
    expect(photo).to_contain_text("⚠ uncertain")
    click("move", photo.get_by_role("button", name="1-1"))
    expect(page.locator("[class*='st-key-docrow-cur-']")).to_contain_text("Photo: TASS")
    key("move", "Alt+Shift+Home")
    expect(page.get_by_text("Segment 7: moved a sentence: segments 6 (1-2), 7 (1-0)")).to_be_visible()

    # The last uncertain link holds page chrome: detach it (the "Split or detach" choices open for it).
    key("detach", "Alt+Shift+N")
    expect(page.locator("[class*='st-key-docrow-cur-']")).to_contain_text("Read more")
    click("detach", button(page, "Detach last MT sentence"))
    expect(page.get_by_text("no uncertain link open in this document")).to_be_visible()

    assert beads(store, document) == GOLD
    out = tmp_path / "fixed.beads"
    assert cli(["export", "--db", str(db), "--project", "Shifted", "--document", "shifted", "--format", "beads",
                "-o", str(out)]) == 0
    assert read_beads(out) == GOLD
    print("actions per fix:", dict(actions))
    assert dict(actions) == {"confirm": 2, "merge": 2, "split": 2, "move": 2, "detach": 2}
    # The Review page still opens on the corrected document (the views follow the renumbered segments).
    open_app(page, server.url, f"review?project={project}&doc={document}&seg=9")
    _shown(page, 9)
    store.close()
