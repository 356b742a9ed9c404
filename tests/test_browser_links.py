"""Links across roles in a real browser: a segment link copied from the address bar opens that segment for an
admin, a reviewer and a viewer alike (read-only where the role cannot change it), a page the role lacks opens
the closest one with a note, and a link opened signed out opens after the sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import Serve, demo_db, expect, open_app, runs, sign_in, signed_in_page, wait_idle
from tests.people import OP

pytestmark = pytest.mark.browser

PASSWORDS = {"ada": "admin password 1", "rita": "reviewer password 2", "vic": "viewer password 3"}


def _go_to(page: Any, position: int) -> None:
    box = page.get_by_role("spinbutton", name="Go to list item")
    box.fill(str(position))
    before = runs(page)
    box.press("Enter")
    wait_idle(page, after=before)


def _opens_segment(page: Any, link: str, position: int, read_only: str | None) -> None:
    page.goto(link, wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    expect(page.get_by_text(f"Segment {position}", exact=True)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    if read_only:
        expect(page.get_by_text(read_only)).to_be_visible()
        expect(page.get_by_role("textbox", name="Corrected text")).to_be_disabled()
    assert f"seg={position}" in page.url


def test_segment_links_across_roles_and_sign_in(browser: Any, serve: Serve, tmp_path: Path) -> None:
    db = demo_db(tmp_path / "links.db")
    store = Store(str(db))
    for name, role in (("ada", "admin"), ("rita", "reviewer"), ("vic", "viewer")):
        store.add_user(name, role, password=PASSWORDS[name], actor=OP)
    store.close()
    server = serve(db)
    size = {"viewport": {"width": 1400, "height": 1000}}
    ada, rita, vic = (signed_in_page(browser, server.url, name, PASSWORDS[name], **size) for name in PASSWORDS)

    # The admin's link (the Review page is the admin's start page) opens segment 27 for everyone.
    ada.get_by_role("link", name="Review").click()
    wait_idle(ada)
    _go_to(ada, 27)
    admin_link = ada.url
    _opens_segment(rita, admin_link, 27, "This document is not assigned to rita")
    _opens_segment(vic, admin_link, 27, "vic is a viewer")

    # The reviewer's link opens for the admin (it was "Page not found": the admin's start page had no path).
    _go_to(rita, 12)
    _opens_segment(ada, rita.url, 12, None)

    # A page the viewer does not have: My work, with the segment in the link, opens it on Review.
    rita.get_by_role("link", name="My work").click()
    wait_idle(rita)
    assert "/my-work?" in rita.url and "seg=12" in rita.url
    _opens_segment(vic, rita.url, 12, "vic is a viewer")
    expect(vic.get_by_text("My work is not a page for viewers: showing the same segment on Review")).to_be_visible()

    # Signed out: the sign-in form, then the link itself (not the role's start page).
    guest = browser.new_context(**size).new_page()
    open_app(guest, server.url, admin_link.removeprefix(server.url + "/"))
    expect(guest.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(guest, "rita", PASSWORDS["rita"])
    expect(guest.get_by_role("heading", name="Review")).to_be_visible()
    expect(guest.get_by_text("Segment 27", exact=True)).to_be_visible()
    assert guest.url == admin_link
