"""Nothing a reviewer types is lost, whatever way they leave the segment (a test per way out), and
Ctrl+Enter confirms the segment as in Matecat. One app server for the module; each test types into
its own segment of the demo document in a page (browser context) of its own."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import (
    StreamlitServer,
    button,
    click_button,
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

pytestmark = pytest.mark.browser
PASSWORD = "harbour-lantern-2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StreamlitServer, Path]]:
    folder = tmp_path_factory.mktemp("leave")
    db = demo_db(folder / "review.db")
    store = Store(str(db))
    store.add_user("eve", "admin", password=PASSWORD, actor=OP)
    store.close()
    with StreamlitServer(db, log_path=folder / "server.log") as running:
        yield running, db


@pytest.fixture
def page(browser: Any, server: tuple[StreamlitServer, Path]) -> Iterator[Any]:
    running, _db = server
    signed = signed_in_page(browser, running.url, "eve", PASSWORD, viewport={"width": 1280, "height": 720})
    yield signed
    signed.context.close()


def _segment(db: Path, position: int) -> Any:
    store = Store(str(db))
    try:
        document = store.documents(store.projects()[0].id)[0]
        segment = store.segment_by_position(document.id, position - 1)
        assert segment is not None
        return segment
    finally:
        store.close()


def _type(page: Any, server: tuple[StreamlitServer, Path], position: int, text: str) -> None:
    """Open segment ``position`` and type ``text`` into its editor, leaving the focus in the box."""
    open_app(page, server[0].url, f"?project=1&doc=1&seg={position}")
    expect(page.get_by_text(f"Segment {position}", exact=True)).to_be_visible()
    box = editor(page)
    box.click()
    box.press("End")
    page.keyboard.type(text)  # keystroke by keystroke, as a reviewer types


def _saved(db: Path, position: int, suffix: str) -> None:
    segment = _segment(db, position)
    assert segment.corrected.endswith(suffix), segment.corrected


@pytest.mark.parametrize(("way", "position", "lands_on"), [
    ("Alt+ArrowDown", 8, 9), ("Alt+ArrowUp", 9, 8), ("Alt+n", 12, 14),  # keys, pressed inside the box
    ("Next ▶", 15, 16), ("◀ Previous", 16, 15), ("Next problem", 19, 20),  # buttons, clicked
])
def test_a_move_saves_the_typed_text(page: Any, server: Any, way: str, position: int, lands_on: int) -> None:
    _type(page, server, position, " (moved)")
    by_keyboard = way.startswith("Alt+")
    if by_keyboard:
        press(page, way)
    else:
        click_button(page, way)
    expect(page.get_by_text(f"Segment {lands_on}", exact=True)).to_be_visible()
    _saved(server[1], position, " (moved)")
    if by_keyboard:  # the next segment's editor has the focus: the reviewer types on without the mouse
        assert page.evaluate("() => document.activeElement?.getAttribute('aria-label')") == "Corrected text"


def test_a_click_in_the_list_saves_the_typed_text(page: Any, server: Any) -> None:
    _type(page, server, 21, " (list)")
    row = page.locator("[class*='st-key-reviewrow-']").filter(has_text="When we opened the piers")
    before = runs(page)
    row.get_by_role("button", name="22", exact=True).click()  # a row's number opens it
    wait_idle(page, after=before)
    expect(page.get_by_text("Segment 22", exact=True)).to_be_visible()
    _saved(server[1], 21, " (list)")


def test_a_page_switch_saves_the_typed_text(page: Any, server: Any) -> None:
    _type(page, server, 23, " (page)")
    before = runs(page)
    page.get_by_role("link", name="Document").click()
    wait_idle(page, after=before)
    expect(page.get_by_role("heading", name="Document")).to_be_visible()
    _saved(server[1], 23, " (page)")


def test_sign_out_saves_the_typed_text(page: Any, server: Any) -> None:
    _type(page, server, 25, " (sign-out)")
    click_button(page, "Sign out")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    _saved(server[1], 25, " (sign-out)")


def test_a_reload_offers_the_typed_text_back(page: Any, server: Any) -> None:
    _type(page, server, 29, " (reload)")
    page.reload(wait_until="domcontentloaded")  # the box never lost the focus: nothing reached the server
    wait_idle(page)
    assert not _segment(server[1], 29).corrected.endswith(" (reload)")
    expect(page.get_by_text("was never saved")).to_be_visible()
    click_button(page, "Restore my text")
    expect(page.get_by_text("Segment 29: restored and saved your text")).to_be_visible()
    _saved(server[1], 29, " (reload)")
    # Offered once: a further reload finds nothing left over.
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_text("Segment 29", exact=True)).to_be_visible()
    expect(page.get_by_text("was never saved")).to_have_count(0)


def test_an_expired_session_keeps_the_typed_text_for_after_sign_in(page: Any, server: Any) -> None:
    running, db = server
    _type(page, server, 33, " (expired)")
    store = Store(str(db))
    try:  # the session ends on the server while the reviewer types (as an expiry or a password reset does)
        store.set_password("eve", PASSWORD, actor=OP)
    finally:
        store.close()
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_role("textbox", name="Name").fill("eve")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    click_button(page, "Sign in")
    open_app(page, running.url, "?project=1&doc=1&seg=33")
    expect(page.get_by_text("was never saved")).to_be_visible()
    click_button(page, "Restore my text")
    _saved(db, 33, " (expired)")


def test_discarding_a_left_over_draft_forgets_it(page: Any, server: Any) -> None:
    _type(page, server, 36, " (discard)")
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    click_button(page, "Discard it")
    expect(page.get_by_text("was never saved")).to_have_count(0)
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_text("Segment 36", exact=True)).to_be_visible()
    expect(page.get_by_text("was never saved")).to_have_count(0)
    assert not _segment(server[1], 36).corrected.endswith(" (discard)")


def test_ctrl_enter_confirms_and_moves_on(page: Any, server: Any) -> None:
    db = server[1]
    _type(page, server, 39, " (confirmed)")
    press(page, "Control+Enter")  # a changed text is "corrected"
    expect(page.get_by_text("Segment 40", exact=True)).to_be_visible()
    assert (_segment(db, 39).status, _segment(db, 39).corrected.endswith(" (confirmed)")) == ("corrected", True)
    # Unchanged with an open finding: accepting asks first; Ctrl+Enter again says yes.
    page.get_by_role("textbox", name="Corrected text").focus()
    press(page, "Control+Enter")
    expect(page.get_by_text("Accept it as is anyway?")).to_be_visible()
    assert _segment(db, 40).status == "todo"
    press(page, "Control+Enter")
    expect(page.get_by_text("Segment 41", exact=True)).to_be_visible()
    assert _segment(db, 40).status == "accepted"
    # Unchanged without findings: accepted as is at once.
    page.get_by_role("textbox", name="Corrected text").focus()
    press(page, "Control+Enter")
    expect(page.get_by_text("Segment 42", exact=True)).to_be_visible()
    assert _segment(db, 41).status == "accepted"


@pytest.mark.parametrize(("keys", "status"), [
    ("Alt+Shift+K", "accepted"), ("Alt+Shift+E", "corrected"), ("Alt+Shift+W", "needs_work"),
])
def test_status_keys(page: Any, server: Any, keys: str, status: str) -> None:
    position = {"Alt+Shift+K": 42, "Alt+Shift+E": 44, "Alt+Shift+W": 37}[keys]  # segments without findings
    open_app(page, server[0].url, f"?project=1&doc=1&seg={position}")
    expect(page.get_by_text(f"Segment {position}", exact=True)).to_be_visible()
    page.get_by_role("textbox", name="Corrected text").focus()  # the keys work from inside the editor too
    press(page, keys)
    assert _segment(server[1], position).status == status
    expect(button(page, "To review").first).to_be_visible()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    press(page, "Alt+Shift+U")
    assert _segment(server[1], position).status == "todo"


def test_dismiss_and_fix_keys(page: Any, server: Any) -> None:
    db = server[1]
    open_app(page, server[0].url, "?project=1&doc=1&seg=47")  # "Read more": page chrome, one finding
    expect(page.get_by_text("Segment 47", exact=True)).to_be_visible()
    press(page, "Alt+Shift+D")
    expect(page.get_by_text("Segment 47: dismissed the")).to_be_visible()
    assert _segment(db, 47).open_findings == 0
    press(page, "Alt+Shift+Z")  # undo brings the finding back
    expect(page.get_by_text("Segment 47: undid the dismissal of a finding")).to_be_visible()
    press(page, "Alt+Shift+F")
    expect(page.get_by_text("Segment 47: applied the")).to_be_visible()
    assert _segment(db, 47).corrected == ""


def test_an_editor_drawn_late_shows_the_saved_text_and_saves_nothing_by_itself(page: Any, server: Any) -> None:
    """The browser loads the editor's code (a script of its own) after the page's other parts: under load the
    page may run again before the editor is drawn (the leftover draft's offer does so at once). The editor then
    shows the saved text, and nothing is saved that the reviewer did not type."""
    db = server[1]
    _type(page, server, 31, " (late)")
    before = _segment(db, 31)

    def late(route: Any) -> None:
        time.sleep(3)  # the editor's script arrives after the page has run again
        route.continue_()

    page.route("**/TextArea.*.js", late)
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_text("was never saved")).to_be_visible()
    expect(editor(page)).to_have_value(before.corrected)
    click_button(page, "Restore my text")
    expect(page.get_by_text("Segment 31: restored and saved your text")).to_be_visible()
    after = _segment(db, 31)
    assert (after.version, after.corrected) == (before.version + 1, before.corrected + " (late)")
    # A box the reviewer empties is the reviewer's empty text: saved.
    box = editor(page)
    box.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    before_runs = runs(page)
    page.evaluate("() => document.activeElement.blur()")
    wait_idle(page, after=before_runs)
    expect(page.get_by_text("Segment 31: saved the corrected text")).to_be_visible()
    assert _segment(db, 31).corrected == ""


def test_a_reload_gives_the_comments_typed_back(page: Any, server: Any) -> None:
    """A comment and an annotation's comment typed but not added survive a reload (kept in the browser until the
    store has them), and a comment added is not given back."""
    running, db = server
    open_app(page, running.url, "?project=1&doc=1&seg=43")
    expect(page.get_by_text("Segment 43", exact=True)).to_be_visible()
    editor(page)
    page.get_by_text("Comments (0)").click()
    comment = page.get_by_role("textbox", name="Comment for your colleagues")
    comment.click()
    page.keyboard.type("Is 40 thousand right?")
    note = page.get_by_role("textbox", name="Comment", exact=True)
    note.click()  # the comment box is left: its text reaches the server, this one's does not
    page.keyboard.type("number style")
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_role("textbox", name="Comment for your colleagues")).to_have_value("Is 40 thousand right?")
    expect(page.get_by_role("textbox", name="Comment", exact=True)).to_have_value("number style")
    click_button(page, "Add comment")
    expect(page.get_by_text("Segment 43: comment added")).to_be_visible()
    segment = _segment(db, 43)
    store = Store(str(db))
    try:
        assert [c.text for c in store.comments([segment.id])[segment.id]] == ["Is 40 thousand right?"]
    finally:
        store.close()
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_text("Segment 43", exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="Comment", exact=True)).to_have_value("number style")
    expect(page.get_by_role("textbox", name="Comment for your colleagues")).to_have_value("")
