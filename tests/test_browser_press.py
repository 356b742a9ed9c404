"""A click or a key acts exactly once, whatever rerun it overlaps.

A click is a press and a release on the same element at the same place. A rerun that draws the page
again while the mouse button is down (a message above the buttons, a header that wraps) moves the
pressed button or replaces its element, and the release then lands elsewhere: the browser sends no
click, and the action is lost without a word. And every click or key carries the browser's URL as it
was when it was sent, which lags behind the URL the previous run wrote. These tests hold the mouse
button down over such a rerun, or hold back what the server tells the page, deterministically, and
check that the action happens once. One app server for the module.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from review_app.store import Store
from tests.browser_helpers import (
    StreamlitServer,
    button,
    demo_db,
    editor,
    expect,
    open_app,
    runs,
    shortcut_ready,
    signed_in_page,
    wait_idle,
)
from tests.people import OP

pytestmark = pytest.mark.browser
PASSWORD = "harbour-lantern-2026"
EDITOR_FOCUSED = "() => document.activeElement?.getAttribute('aria-label') === 'Corrected text'"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StreamlitServer, Path]]:
    folder = tmp_path_factory.mktemp("press")
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


def _edits(db: Path, position: int) -> int:
    store = Store(str(db))
    try:
        return sum(1 for e in store.events(segment_id=_segment(db, position).id, limit=50) if e.kind == "edit")
    finally:
        store.close()


def _open(page: Any, server: tuple[StreamlitServer, Path], position: int) -> None:
    open_app(page, server[0].url, f"?project=1&doc=1&seg={position}")
    expect(page.get_by_text(f"Segment {position}", exact=True)).to_be_visible()
    editor(page)  # the page's guards are installed: a press from now on is the reviewer's


def _hold(page: Any, name: str | Any) -> None:
    """Put the mouse on the button labelled ``name`` (or on a locator) and press its button down (no release)."""
    target = button(page, name).first if isinstance(name, str) else name
    expect(target).to_be_enabled()
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()


def _type_and_hold(
    page: Any, server: tuple[StreamlitServer, Path], position: int, typed: str, target: str | Any
) -> bool:
    """Open segment ``position``, type ``typed`` at the end of its corrected text and press the mouse button down on
    ``target`` (see :func:`_hold`); whether the editor kept the focus. Where the press took it, the box's text goes to
    the server in a rerun of its own, which draws "saved" above the buttons while the mouse button is still down:
    that rerun is waited for."""
    _open(page, server, position)
    box = editor(page)
    box.click()
    box.press("End")
    page.keyboard.type(typed)
    before = runs(page)
    _hold(page, target)
    kept_focus = bool(page.evaluate(EDITOR_FOCUSED))
    if not kept_focus:
        wait_idle(page, after=before)
    return kept_focus


def _release(page: Any) -> None:
    """Release the mouse button and wait for the rerun the click causes."""
    before = runs(page)
    page.mouse.up()
    wait_idle(page, after=before)


def test_a_click_that_takes_the_focus_from_the_editor_acts_once(page: Any, server: Any) -> None:
    db = server[1]
    kept_focus = _type_and_hold(page, server, 27, " (held)", "◀ Previous")
    _release(page)
    expect(page.get_by_text("Segment 26", exact=True)).to_be_visible()
    assert _segment(db, 27).corrected.endswith(" (held)")
    assert _edits(db, 27) == 1
    # The press left the focus in the box until the click: the text went with the click, in one rerun.
    assert kept_focus


def test_a_click_on_an_expander_that_takes_the_focus_from_the_editor_opens_it(page: Any, server: Any) -> None:
    db = server[1]
    _type_and_hold(page, server, 35, " (expander)", page.locator("summary").filter(has_text="Comments (0)"))
    page.mouse.up()
    expect(page.get_by_role("textbox", name="Comment for your colleagues")).to_be_visible()
    wait_idle(page)
    assert _segment(db, 35).corrected.endswith(" (expander)")


def test_a_click_held_while_another_action_reruns_acts_once(page: Any, server: Any) -> None:
    db = server[1]
    _open(page, server, 30)
    shortcut_ready(page, "Alt+Shift+W")
    _hold(page, "Next ▶")
    before = runs(page)
    page.keyboard.press("Alt+Shift+W")  # "needs work" while the mouse button is down: its rerun draws a message
    wait_idle(page, after=before)
    expect(page.get_by_text("Segment 30: ")).to_be_visible()
    assert _segment(db, 30).status == "needs_work"
    _release(page)
    expect(page.get_by_text("Segment 31", exact=True)).to_be_visible()
    assert (_segment(db, 30).status, _segment(db, 31).status) == ("needs_work", "todo")


class HeldReplies:
    """The page's websocket, routed: while ``holding``, what the server sends is kept back (the page goes on
    showing what it showed), then :meth:`release` delivers it in order. Route before the page connects."""

    def __init__(self, page: Any) -> None:
        self.page, self.holding = page, False
        self.held: list[str | bytes] = []
        self.reruns_sent = 0
        self._to_page: Any = None
        page.route_web_socket(re.compile(r".*/_stcore/stream$"), self._route)

    def _route(self, ws: Any) -> None:
        server = ws.connect_to_server()
        self._to_page = ws
        server.on_message(self._from_server)
        ws.on_message(lambda message: self._from_page(server, message))

    def _from_server(self, message: str | bytes) -> None:
        if self.holding:
            self.held.append(message)
        else:
            self._to_page.send(message)

    def _from_page(self, server: Any, message: str | bytes) -> None:
        if isinstance(message, bytes):
            sent = BackMsg()
            sent.ParseFromString(message)
            self.reruns_sent += sent.WhichOneof("type") == "rerun_script"
        server.send(message)

    def runs_finished(self) -> int:
        """Script runs the server has finished and the page has not heard of."""
        finished = 0
        for message in self.held:
            if isinstance(message, bytes):
                reply = ForwardMsg()
                reply.ParseFromString(message)
                finished += reply.WhichOneof("type") == "script_finished"
        return finished

    def wait(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        """Let Playwright deliver websocket traffic until ``condition`` holds."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "the websocket traffic waited for never came"
            self.page.wait_for_timeout(20)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self._to_page.send(message)
        self.held.clear()


def test_a_second_key_sent_before_the_first_moves_url_arrives_moves_on(page: Any, server: Any) -> None:
    replies = HeldReplies(page)
    _open(page, server, 32)
    shortcut_ready(page, "Alt+ArrowDown")
    replies.holding = True
    sent = replies.reruns_sent
    page.keyboard.press("Alt+ArrowDown")  # the server moves to segment 33 and writes its URL; the page hears nothing
    replies.wait(lambda: replies.runs_finished() >= 1)
    page.keyboard.press("Alt+ArrowDown")  # sent with the URL of segment 32: the browser is behind, not going back
    replies.wait(lambda: replies.reruns_sent >= sent + 2)
    before = runs(page)
    replies.release()
    wait_idle(page, after=before)
    expect(page.get_by_text("Segment 34", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]seg=34(&|$)"))
