"""The Review list and the MQM form in a real browser: deleted rows struck out and filtered, what was done
shown in the list, chips for words and punctuation, a tagging form that stays open, tags told apart from
QA findings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import (
    StreamlitServer,
    button,
    click_button,
    expect,
    open_app,
    runs,
    shortcut_ready,
    signed_in_page,
    wait_idle,
)
from tests.people import OP, person

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("REVIEW_APP_SHOTS")  # a folder: keep this module's screenshots there for a look


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def _rows(db: Path) -> dict[str, Any]:
    """The demo document's segments by the start of their MT (the first of those that start alike)."""
    store = Store(str(db))
    try:
        rows: dict[str, Any] = {}
        for r in store.segment_page(1, limit=100).rows:
            rows.setdefault(r.mt[:24], r)
        return rows
    finally:
        store.close()


PASSWORD = "stern-mooring-2026"


def _page(browser: Any, server: StreamlitServer, query: str) -> Any:
    """Signed in as Ann (an admin with a password): once any account exists there is no demo login."""
    store = Store(str(server.db))
    try:
        if not any(u.name == "Ann" for u in store.users()):
            store.add_user("Ann", "admin", password=PASSWORD, actor=OP)
        else:
            store.set_password("Ann", PASSWORD, actor=OP)
    finally:
        store.close()
    page = signed_in_page(browser, server.url, "Ann", PASSWORD, viewport={"width": 1280, "height": 720})
    open_app(page, server.url, query)
    return page


def _click(page: Any, locator: Any) -> None:
    before = runs(page)
    locator.click()
    wait_idle(page, after=before)


def test_the_list_strikes_deleted_rows_out_and_shows_what_was_done(browser: Any, demo_server: StreamlitServer,
                                                                    tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    rows = _rows(db)
    store = Store(str(db))
    ann = person(store, "Ann")
    store.edit_corrected(rows["Advertisement"].id, "", actor=ann)  # page chrome, deleted
    opening = next(r for key, r in rows.items() if key.startswith("The regional authorities"))
    store.edit_corrected(opening.id, opening.mt.replace("long—awaited", "long-awaited"), actor=ann)
    store.close()
    page = _page(browser, demo_server, "?project=1&doc=1&seg=2")
    deleted = page.locator("[class*='st-key-reviewrow-cur-']")  # the current segment's row: segment 2
    expect(deleted).to_have_count(1)
    expect(deleted.get_by_role("button", name="2", exact=True)).to_be_visible()
    struck = deleted.locator("del")
    expect(struck).to_have_text("Advertisement")
    assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
    expect(deleted.get_by_text("deleted", exact=True)).to_be_visible()  # said in words, too
    expect(deleted.locator(".list-num").nth(1)).to_have_text("—")  # no reference, no chrF
    corrected = page.locator(f"[class*='st-key-reviewrow-{opening.id}']")
    expect(corrected.locator("del")).to_have_text("—")
    expect(corrected.locator("ins")).to_have_text("-")
    expect(page.get_by_text("None", exact=True)).to_have_count(0)
    _shot(page, "review-list-deleted")

    # Hidden, then listed alone: the filter is in the URL.
    _click(page, page.get_by_role("radio", name="hidden", exact=True))
    expect(page.locator("[class*='st-key-reviewrow-'] del")).to_have_count(1)  # only the diff's deletion left
    expect(page.get_by_text("47 of 48 segments match")).to_be_visible()
    assert "deleted=hide" in page.url
    _click(page, page.get_by_role("radio", name="only these", exact=True))
    expect(page.locator("[class*='st-key-reviewrow-']")).to_have_count(1)
    assert "deleted=only" in page.url

    # A row's number opens its segment.
    _click(page, page.get_by_role("radio", name="shown", exact=True))
    _click(page, page.locator(f"[class*='st-key-reviewrow-{opening.id}']").get_by_role("button", name="11"))
    expect(page.get_by_text("Segment 11", exact=True)).to_be_visible()
    expect(page.locator(f"[class*='st-key-reviewrow-cur-{opening.id}']")).to_have_count(1)


def test_the_mqm_form_stays_open_and_tags_punctuation_on_its_own(browser: Any, demo_server: StreamlitServer,
                                                                 tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    quote = _rows(db)['"The river is our main r']  # segment 13: "The river is our main road"
    page = _page(browser, demo_server, "?project=1&doc=1&seg=13")
    add = button(page, "Add annotation")
    expect(add).to_be_visible()  # no tag yet: the form starts open
    # The quote marks are chips of their own; the words carry no punctuation.
    chips = page.get_by_role("button", name='"', exact=True)
    expect(chips).to_have_count(2)  # the opening and the closing one
    expect(page.get_by_role("button", name="road", exact=True)).to_be_visible()
    _click(page, chips.first)
    expect(add).to_be_visible()
    page.get_by_role("radio", name="critical", exact=True).click()
    wait_idle(page)
    click_button(page, "Add annotation")
    store = Store(str(db))
    try:
        tags = [(a.start, a.end, a.quote, a.severity) for a in store.segment_detail(quote.id).annotations]
    finally:
        store.close()
    assert tags == [(0, 1, '"', "critical")]
    expect(add).to_be_visible()  # still open after the tag was added: the next tag is one click away
    # The legend: a QA finding is highlighted, an MQM tag underlined in its severity's colour and line.
    legend = page.locator(".mark-legend")
    expect(legend).to_contain_text("QA finding")
    style = legend.locator("u", has_text="critical").evaluate(
        "e => { const s = getComputedStyle(e); return [s.textDecorationLine, s.textDecorationStyle, "
        "s.textDecorationColor]; }")
    assert style == ["underline", "double", "rgb(153, 27, 27)"], style
    _shot(page, "review-mqm-form")

    # Closed and opened again, the form stays open on the first chip clicked.
    header = page.get_by_test_id("stExpander").filter(has_text="Annotate an error").get_by_text("Annotate an error")
    _click(page, header)
    expect(add).to_be_hidden()
    _click(page, header)
    expect(add).to_be_visible()
    _click(page, page.get_by_role("button", name="road", exact=True))
    expect(add).to_be_visible()
    expect(page.get_by_text("Span: “road”")).to_be_visible()

    # After a reload the segment has a tag, so the form starts closed; opened, it stays open.
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(add).to_be_hidden()
    _click(page, header)
    _click(page, page.get_by_role("button", name="river", exact=True))
    expect(add).to_be_visible()
    _click(page, page.get_by_role("button", name="main", exact=True))
    expect(add).to_be_visible()
    expect(page.get_by_text("Span: “river is our main”")).to_be_visible()

    # Half made (words and a severity chosen, nothing added), the form is kept when the reviewer moves on by the
    # keyboard and comes back.
    _click(page, page.get_by_role("radio", name="major", exact=True))
    for keys, number in (("Alt+ArrowDown", "14"), ("Alt+ArrowUp", "13")):
        shortcut_ready(page, keys)
        before = runs(page)
        page.keyboard.press(keys)
        wait_idle(page, after=before)
        expect(page.get_by_text(f"Segment {number}", exact=True)).to_be_visible()
    expect(add).to_be_visible()
    expect(page.get_by_text("Span: “river is our main”")).to_be_visible()
    expect(page.get_by_role("radio", name="major", exact=True)).to_be_checked()
    _shot(page, "review-mqm-form-kept")
    # ... and when the reviewer goes to another page and back (a page switch drops the widgets' state at once).
    for name in ("Glossary", "Review"):
        page.get_by_role("link", name=name).click()
        wait_idle(page)
    expect(page.get_by_text("Segment 13", exact=True)).to_be_visible()
    expect(page.get_by_text("Span: “river is our main”")).to_be_visible()
    expect(page.get_by_role("radio", name="major", exact=True)).to_be_checked()
