"""A team in a real browser: an admin creates a reviewer and a viewer and assigns a document; the reviewer
signs in, reloads (still signed in), fixes a segment and signs out; the viewer reads the dashboard but can
change nothing (no control enabled, and the store refuses a forced call); the admin sees who did what.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from review_app.store import PermissionDenied, Store
from tests.browser_helpers import (
    Serve,
    click_button,
    demo_db,
    expect,
    open_app,
    search_segment,
    sign_in,
    signed_in_page,
    wait_idle,
)
from tests.people import OP

pytestmark = pytest.mark.browser

ADMIN_PW, RITA_PW, VIC_PW = "admin password 1", "reviewer password 2", "viewer password 3"


def _create_account(page: Any, name: str, role_label: str, password: str) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password (at least 8 characters)").fill(password)
    page.get_by_test_id("stSelectbox").filter(has_text=re.compile("^Role")).click()  # not "Change the role of"
    page.get_by_role("option", name=role_label).click()
    click_button(page, "Create account")
    page.get_by_text(f"Created {role_label.split()[0]} {name}").first.wait_for()


def _shot(page: Any, folder: Path, name: str) -> None:
    """A screenshot beside the test's database, for a person to look at when the test fails."""
    page.screenshot(path=str(folder / f"{name}.png"))


def test_admin_reviewer_and_viewer(browser: Any, serve: Serve, tmp_path: Path) -> None:
    db = demo_db(tmp_path / "team.db")
    store = Store(str(db))
    store.add_user("ada", "admin", password=ADMIN_PW, actor=OP)  # as `review-app users add ada --role admin`
    document_id = store.documents(store.projects()[0].id)[0].id
    server = serve(db)
    try:
        # The admin: accounts and an assignment on the Team page.
        admin = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
        open_app(admin, server.url)
        expect(admin.get_by_role("heading", name="Sign in")).to_be_visible()
        sign_in(admin, "ada", ADMIN_PW)
        admin.get_by_role("link", name="Team").click()
        wait_idle(admin)
        _create_account(admin, "rita", "reviewer (edits the documents assigned to them)", RITA_PW)
        _create_account(admin, "vic", "viewer (read-only: dashboards, exports)", VIC_PW)
        click_button(admin, "Assign")  # the demo document, to the only reviewer
        admin.get_by_text("Assigned").first.wait_for()
        assert [a.user for a in store.assignments(document_id=document_id)] == ["rita"]
        _shot(admin, tmp_path, "team")

        # The reviewer: their queue, a reload that keeps them signed in, a fix.
        rita = signed_in_page(browser, server.url, "rita", RITA_PW, viewport={"width": 1400, "height": 1100})
        expect(rita.get_by_role("heading", name="My work")).to_be_visible()
        expect(rita.get_by_text("0 of 48 segments reviewed")).to_be_visible()
        _shot(rita, tmp_path, "my-work")
        rita.reload(wait_until="domcontentloaded")
        wait_idle(rita)
        expect(rita.get_by_text("Signed in as rita")).to_be_visible()  # the cookie's session, checked again
        expect(rita.get_by_role("heading", name="Sign in")).to_have_count(0)
        click_button(rita, "Open")
        expect(rita.get_by_role("heading", name="Review")).to_be_visible()
        search_segment(rita, "long—awaited")
        click_button(rita, "Apply fix")
        rita.get_by_text("Applied the dash-in-compound fix").first.wait_for()
        click_button(rita, "Corrected")
        segment = store.segment_page(document_id, limit=100).rows
        fixed = next(s for s in segment if "long—awaited" in s.mt)
        assert fixed.updated_by == "rita" and "long-awaited" in fixed.corrected and fixed.status == "corrected"

        # The viewer: the dashboard, and a review page without one enabled control.
        vic = signed_in_page(browser, server.url, "vic", VIC_PW, viewport={"width": 1400, "height": 1100})
        expect(vic.get_by_role("heading", name="Dashboard")).to_be_visible()
        expect(vic.get_by_role("link", name="Team")).to_have_count(0)
        expect(vic.get_by_role("link", name="Projects & import")).to_have_count(0)
        vic.get_by_role("link", name="Review").click()
        wait_idle(vic)
        search_segment(vic, "Photo: TASS")
        expect(vic.get_by_text("vic is a viewer")).to_be_visible()
        expect(vic.get_by_role("textbox", name="Corrected text")).to_be_disabled()
        for name in ("Apply fix", "Dismiss", "Accept as is", "Corrected", "Add annotation", "Save correction"):
            buttons = vic.get_by_role("button", name=name, exact=True)
            for i in range(buttons.count()):
                expect(buttons.nth(i)).to_be_disabled()
        _shot(vic, tmp_path, "viewer-review")
        vic_user = store.authenticate("vic", VIC_PW)
        credit = next(s for s in segment if "Photo: TASS" in s.mt)
        with pytest.raises(PermissionDenied, match="vic is a viewer"):
            store.set_status(credit.id, "accepted", actor=vic_user)  # a forced call, below the UI
        assert store.segment_detail(credit.id).segment.status == "todo"

        # The admin sees who did what.
        admin.reload(wait_until="domcontentloaded")
        wait_idle(admin)
        expect(admin.get_by_text("Signed in as ada")).to_be_visible()
        activity = admin.get_by_test_id("stDataFrame").last
        expect(activity).to_contain_text("rita")
        expect(activity).to_contain_text("applied the dash-in-compound fix")  # in words, as in the history
        events = [(e.actor, e.kind) for e in store.events(document_id=document_id, limit=3)]
        assert events == [("rita", "status"), ("rita", "apply-fix"), ("ada", "assign")]

        # Signing out ends the session: a reload shows the sign-in page.
        rita.get_by_role("button", name="Sign out").click()
        wait_idle(rita)
        expect(rita.get_by_role("heading", name="Sign in")).to_be_visible()
        rita.reload(wait_until="domcontentloaded")
        wait_idle(rita)
        expect(rita.get_by_role("heading", name="Sign in")).to_be_visible()
        _shot(rita, tmp_path, "sign-in")
    finally:
        store.close()
