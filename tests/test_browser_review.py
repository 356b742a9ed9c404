"""The Review page in a real browser: actions land on the segment acted upon, the list is never stale,
the view lives in the URL, the keyboard drives the review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import (
    Serve,
    StreamlitServer,
    button,
    click_button,
    demo_db,
    editor,
    expect,
    launch_chromium,
    open_app,
    press,
    runs,
    search_segment,
    sign_in,
    signed_in_page,
    wait_idle,
)
from tests.people import OP

pytestmark = pytest.mark.browser
PASSWORD = "river-terminal-2026"


@pytest.fixture
def app(browser: Any, serve: Serve, tmp_path: Path) -> tuple[Any, StreamlitServer, Path]:
    """A server on a fresh demo database and a 1280×720 page signed in on the Review page."""
    db = demo_db(tmp_path / "review.db")
    store = Store(str(db))
    for name in ("eve", "bob"):  # accounts with passwords: the demo login is off
        store.add_user(name, "admin", password=PASSWORD, actor=OP)
    store.close()
    server = serve(db)
    return signed_in_page(browser, server.url, "eve", PASSWORD, viewport={"width": 1280, "height": 720}), server, db


def _segment(db: Path, mt_start: str) -> Any:
    store = Store(str(db))
    try:
        document = store.documents(store.projects()[0].id)[0]
        return next(r for r in store.segment_page(document.id, limit=100).rows if r.mt.startswith(mt_start))
    finally:
        store.close()


def test_a_dismissed_last_finding_keeps_the_segment_and_refreshes_the_list(app: Any) -> None:
    page, _server, db = app
    before = runs(page)
    page.get_by_text("Only open findings").click()
    wait_idle(page, after=before)
    search_segment(page, "Photo:")
    expect(page.get_by_text("Segment 18", exact=True)).to_be_visible()
    expect(page.get_by_text("2 of 48 segments match")).to_be_visible()
    click_button(page, "Dismiss")
    # The segment stays, says it left the filter; the message names it; the list shows the new state.
    expect(page.get_by_text("Segment 18", exact=True)).to_be_visible()
    expect(page.get_by_text("Segment 18 no longer matches the filter")).to_be_visible()
    expect(page.get_by_text("Segment 18: dismissed the photo-credit finding")).to_be_visible()
    expect(page.get_by_text("1 of 48 segments match")).to_be_visible()
    click_button(page, "Corrected")
    assert _segment(db, "Photo: TASS").status == "corrected"
    assert _segment(db, "Photo: IZVESTIA").status == "todo"
    expect(page.get_by_text("Segment 18: status set to corrected")).to_be_visible()
    expect(page.get_by_text("Segment 18: dismissed")).to_have_count(0)  # the old message is gone
    click_button(page, "Next ▶")
    expect(page.get_by_text("Segment 32", exact=True)).to_be_visible()
    expect(page.get_by_text("no longer matches the filter")).to_have_count(0)


def test_the_list_follows_a_fix_at_once(app: Any) -> None:
    page, _server, _db = app
    search_segment(page, "long—awaited")
    row = page.locator("[class*='st-key-reviewrow-cur-']")  # the current segment's row of the list
    expect(row).to_contain_text("to review")
    click_button(page, "Apply fix")
    click_button(page, "Corrected")
    expect(row).to_contain_text("corrected")  # no stale list beside the panel
    expect(row.locator("ins")).to_have_text("-")  # and it shows what was done


def _reload(page: Any) -> None:
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)


def _shown(page: Any) -> int:
    """The number of the segment the panel shows."""
    label = page.locator("strong").filter(has_text=re.compile(r"^Segment \d+$")).first.inner_text()
    return int(label.split()[1])


def test_the_view_lives_in_the_url(app: Any, playwright_api: Any) -> None:
    page, server, _db = app
    before = runs(page)
    page.get_by_text("Only open findings").click()
    wait_idle(page, after=before)
    search_segment(page, "river")
    click_button(page, "Next ▶")
    first = _shown(page)
    click_button(page, "Next ▶")
    second = _shown(page)
    assert first != second
    assert f"seg={second}" in page.url and "q=river" in page.url and "open=1" in page.url

    # A reload keeps the segment, the filters and the reviewer.
    _reload(page)
    expect(page.get_by_text(f"Segment {second}", exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="Search text")).to_have_value("river")
    expect(page.get_by_text("Signed in as eve")).to_be_visible()

    # Back and forward step through the segments visited.
    page.go_back(wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_text(f"Segment {first}", exact=True)).to_be_visible()
    page.go_forward(wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_text(f"Segment {second}", exact=True)).to_be_visible()

    # Review → Dashboard → Review comes back to the same segment.
    before = runs(page)
    page.get_by_role("link", name="Dashboard").click()
    wait_idle(page, after=before)
    before = runs(page)
    page.get_by_role("link", name="Review").click()
    wait_idle(page, after=before)
    expect(page.get_by_text(f"Segment {second}", exact=True)).to_be_visible()

    # A colleague opening the link sees the same view, and is not signed in as the sender.
    link = page.url
    matching = page.get_by_text(re.compile(r"^\d+ of 48 segments match")).inner_text()
    browser = launch_chromium(playwright_api)
    try:
        other = browser.new_page(viewport={"width": 1280, "height": 720})
        open_app(other, server.url, link.removeprefix(server.url + "/"))  # the path and query of the link
        expect(other.get_by_text("Signed in as")).to_have_count(0)  # the sign-in form, not the sender's session
        sign_in(other, "bob", PASSWORD)
        expect(other.get_by_text(f"Segment {second}", exact=True)).to_be_visible()
        expect(other.get_by_text(matching)).to_be_visible()  # the same filters
    finally:
        browser.close()


def test_the_keyboard_drives_the_review(app: Any) -> None:
    page, server, db = app
    open_app(page, server.url, "?project=1&doc=1&seg=11")
    expect(page.get_by_text("Segment 11", exact=True)).to_be_visible()
    # At 1280×720 the editor, its buttons and the status buttons show without scrolling (the fixes have keys).
    for locator in (page.get_by_role("textbox", name="Corrected text"), button(page, "Save correction").first,
                    button(page, "Confirm & next").first, button(page, "Accept as is").first,
                    button(page, "Needs work").first):
        box = locator.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720, box

    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # focus on the page
    press(page, "Alt+ArrowDown")
    expect(page.get_by_text("Segment 12", exact=True)).to_be_visible()
    press(page, "Alt+ArrowUp")
    expect(page.get_by_text("Segment 11", exact=True)).to_be_visible()
    press(page, "Alt+ArrowDown")
    press(page, "Alt+n")  # next problem: segment 13 has no finding; 14 has a term the post-edit changes
    expect(page.get_by_text("Segment 14", exact=True)).to_be_visible()
    press(page, "Alt+n")  # segments 15–16 have no finding
    expect(page.get_by_text("Segment 17", exact=True)).to_be_visible()
    press(page, "Alt+Shift+F")  # the first open fix: delete the untranslated caption
    expect(page.get_by_text("Segment 17: applied the untranslated-fragment fix")).to_be_visible()
    assert _segment(db, "Речной вокзал после").corrected == ""

    press(page, "Alt+ArrowDown")
    expect(page.get_by_text("Segment 18", exact=True)).to_be_visible()
    box = editor(page)
    box.fill("Photo: TASS / Olga Rechkina")
    box.focus()
    press(page, "Control+Enter")  # confirm and next, as in Matecat
    expect(page.get_by_text("Segment 19", exact=True)).to_be_visible()
    assert _segment(db, "Photo: TASS").corrected == "Photo: TASS / Olga Rechkina"


def test_a_click_in_the_findings_list_opens_the_segment(app: Any) -> None:
    page, server, _db = app
    open_app(page, server.url, "findings")
    group = page.get_by_test_id("stExpander").filter(has_text="photo-credit")
    group.get_by_text("photo-credit", exact=True).click()  # open the check's group (no rerun)
    grid = group.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    expect(grid).to_contain_text("Photo: TASS/Olga Rechkina")
    box = grid.bounding_box()
    assert box is not None
    before = runs(page)
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box
    wait_idle(page, after=before)
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    expect(page.get_by_text("Segment 18", exact=True)).to_be_visible()


def test_a_click_on_a_document_row_opens_the_segment(app: Any) -> None:
    page, server, _db = app
    open_app(page, server.url, "document")
    expect(page.get_by_text("Click a segment's number to work on it in Review")).to_be_visible()
    row = page.locator("[class*='st-key-docrow-']").filter(has_text="Photo: TASS")
    expect(row).to_have_count(1)
    before = runs(page)
    row.get_by_role("button", name="18", exact=True).click()
    wait_idle(page, after=before)
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    expect(page.get_by_text("Segment 18", exact=True)).to_be_visible()
    page.wait_for_url(re.compile(r"[?&]seg=18(&|$)"))  # the URL names the segment (reload, links)
    assert "/review?" in page.url and "project=1" in page.url and "doc=1" in page.url  # the same path for every role


def test_the_first_of_two_identical_words_can_be_tagged(app: Any) -> None:
    page, server, db = app
    open_app(page, server.url, "?project=1&doc=1&seg=11")
    mt = _segment(db, "The regional authorities").mt
    words = page.get_by_role("button", name=re.compile(r"^the\u200b*$"))
    expect(words).to_have_count(mt.count(" the "))  # every "the" is a pill of its own (waits for the render)
    before = runs(page)
    words.first.click()  # the first "the", not the last
    wait_idle(page, after=before)
    click_button(page, "Add annotation")
    store = Store(str(db))
    try:
        segment = _segment(db, "The regional authorities")
        annotations = store.segment_detail(segment.id).annotations
    finally:
        store.close()
    first = mt.index(" the ") + 1
    assert [(a.start, a.end, a.quote) for a in annotations] == [(first, first + 3, "the")]
    # The tag is highlighted in the MT with its severity's colour, and listed with its text and rater.
    expect(page.locator('u[title="MQM minor Accuracy/Mistranslation"]')).to_have_text("the")
    tag = page.get_by_text(re.compile(r"Accuracy/Mistranslation on “the” · by eve"))
    expect(tag).to_be_visible()
    click_button(page, "Remove")
    expect(page.locator('u[title="MQM minor Accuracy/Mistranslation"]')).to_have_count(0)
    click_button(page, "↶ Undo")
    expect(page.locator('u[title="MQM minor Accuracy/Mistranslation"]')).to_have_text("the")
    expect(tag).to_be_visible()
