"""Single sign-on and the session cookies in a real browser, against a real OpenID Connect provider
(``oidc-provider-mock``) that the test starts on 127.0.0.1 and stops after.

A reviewer whose e-mail an account has signs in through the provider and lands on their page; an unknown
person gets no access until the admin (signed in with a password) grants a role on the Team page; no script
of the page can read a session cookie, after a password sign-in or a single sign-on; signing out ends the
session on the server, so even the old cookie, put back, signs nobody in.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store
from tests.browser_helpers import StreamlitServer, demo_db, expect, free_port, open_app, sign_in, wait_idle
from tests.people import OP

pytestmark = pytest.mark.browser

ADMIN_PW = "admin password 1"
SESSION_COOKIES = ("review_app_session", "_streamlit_user", "_streamlit_user_tokens")


@contextlib.contextmanager
def identity_provider(people: dict[str, dict[str, object]]) -> Iterator[str]:
    """oidc-provider-mock on 127.0.0.1 (a free port) with these subjects and claims; its address. Stopped after,
    within seconds."""
    import oidc_provider_mock
    import werkzeug.serving

    app = oidc_provider_mock.app(user_claims=[oidc_provider_mock.User(sub=sub, claims=claims)
                                              for sub, claims in people.items()])
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _script_cookies(page: Any) -> str:
    return str(page.evaluate("document.cookie"))


def _assert_no_session_cookie_for_scripts(page: Any, expected: str) -> dict[str, Any]:
    """The browser holds the ``expected`` session cookie (HttpOnly) and no script of the page can read any."""
    held = {c["name"]: c for c in page.context.cookies()}
    assert expected in held and held[expected]["httpOnly"], held.keys()
    visible = _script_cookies(page)
    assert not any(name in visible for name in SESSION_COOKIES), visible
    return held[expected]


def _single_sign_on(page: Any, subject: str) -> None:
    """Click the sign-in button and choose ``subject`` at the provider; back at the app when this returns."""
    page.get_by_role("link", name="Sign in with Example ID").click()
    page.get_by_role("button", name=subject, exact=True).click()  # the provider's page: a predefined person
    page.wait_for_url("**127.0.0.1**", wait_until="domcontentloaded")
    wait_idle(page)


def test_single_sign_on_grants_and_http_only_cookies(browser: Any, tmp_path: Path) -> None:
    db = demo_db(tmp_path / "sso.db")
    store = Store(str(db))
    store.add_user("ada", "admin", password=ADMIN_PW, actor=OP)
    store.add_user("rita", "reviewer", password=None, actor=OP)  # signs in only through the provider
    store.set_email("rita", "Rita@Example.com", actor=OP)
    people = {"rita-sub": {"email": "rita@example.com", "email_verified": True, "name": "Rita R."},
              "xavier-sub": {"email": "xavier@example.com", "email_verified": True, "name": "Xavier X."}}
    port = free_port()
    with identity_provider(people) as issuer:
        env = {"REVIEW_APP_URL": f"http://127.0.0.1:{port}",
               "REVIEW_APP_OIDC_METADATA_URL": f"{issuer}/.well-known/openid-configuration",
               "REVIEW_APP_OIDC_CLIENT_ID": "review-app", "REVIEW_APP_OIDC_CLIENT_SECRET": "test-secret",
               "REVIEW_APP_OIDC_LABEL": "Example ID"}
        with StreamlitServer(db, port=port, log_path=tmp_path / "server.log", env=env) as server:
            # A known e-mail: the first sign-in links rita's account and opens her page.
            rita = browser.new_context().new_page()
            open_app(rita, server.url)
            expect(rita.get_by_role("heading", name="Sign in")).to_be_visible()
            expect(rita.get_by_text("Demo login")).to_have_count(0)
            rita.screenshot(path=str(tmp_path / "sign-in.png"))  # for a person to look at
            _single_sign_on(rita, "rita-sub")
            expect(rita.get_by_text("Signed in as rita")).to_be_visible()
            expect(rita.get_by_role("heading", name="My work")).to_be_visible()  # a reviewer's start page
            identity_cookie = _assert_no_session_cookie_for_scripts(rita, "_streamlit_user")
            [linked] = store.identities()
            assert (linked.user, linked.linked_by, linked.issuer) == ("rita", "e-mail", issuer)
            assert [e.kind for e in store.events(limit=1)] == ["link-identity"]

            # An unknown person: signed in at the provider, but no access here.
            xavier = browser.new_context().new_page()
            open_app(xavier, server.url, "dashboard")
            _single_sign_on(xavier, "xavier-sub")
            expect(xavier.get_by_role("heading", name="No access yet")).to_be_visible()
            expect(xavier.get_by_role("status")).to_contain_text("You signed in as xavier@")
            expect(xavier.get_by_role("link", name="Dashboard")).to_have_count(0)  # no page at all
            xavier.screenshot(path=str(tmp_path / "no-access.png"))
            assert [i.email for i in store.identities(pending=True)] == ["xavier@example.com"]

            # The admin signs in with a password: the session cookie is HttpOnly too.
            admin = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
            open_app(admin, server.url, "team")
            sign_in(admin, "ada", ADMIN_PW)
            expect(admin.get_by_role("heading", name="Team")).to_be_visible()  # the link asked for
            password_cookie = _assert_no_session_cookie_for_scripts(admin, "review_app_session")
            assert password_cookie["sameSite"] == "Strict"
            expect(admin.get_by_role("heading", name="People waiting for access")).to_be_visible()
            expect(admin.get_by_role("combobox", name="Person")).to_have_value("xavier@example.com")
            admin.screenshot(path=str(tmp_path / "team-waiting.png"), full_page=True)
            admin.get_by_role("button", name="Grant access").click()  # as a reviewer (the form's default role)
            expect(admin.get_by_text("Granted xavier the reviewer role")).to_be_visible()
            event = store.events(limit=1)[0]
            assert (event.actor, event.kind, event.after["name"]) == ("ada", "grant-identity", "xavier")

            # The waiting person is in from the next load, on the page first asked for.
            xavier.reload(wait_until="domcontentloaded")
            wait_idle(xavier)
            expect(xavier.get_by_text("Signed in as xavier · reviewer")).to_be_visible()
            expect(xavier.get_by_role("heading", name="Dashboard")).to_be_visible()

            # Signing out ends the single sign-on on the server (and at the provider).
            rita.get_by_role("button", name="Sign out").click()
            rita.get_by_role("button", name="End session").click()  # the provider's own sign-out page
            rita.wait_for_url(f"{server.url}/**", wait_until="domcontentloaded")
            wait_idle(rita)
            expect(rita.get_by_role("heading", name="Sign in")).to_be_visible()
            assert "_streamlit_user" not in {c["name"] for c in rita.context.cookies()}
            rita.context.add_cookies([identity_cookie])  # the old identity cookie, put back: nobody is signed in
            open_app(rita, server.url)
            expect(rita.get_by_role("heading", name="Sign in")).to_be_visible()
            expect(rita.get_by_text("You signed out: sign in again")).to_be_visible()

            # A new single sign-on keeps the link it was asked for.
            rita.context.clear_cookies()
            open_app(rita, server.url, "document?project=1&doc=1")
            _single_sign_on(rita, "rita-sub")
            expect(rita.get_by_text("Signed in as rita")).to_be_visible()
            expect(rita.get_by_role("heading", name="Document")).to_be_visible()
            assert "doc=1" in rita.url
            _assert_no_session_cookie_for_scripts(rita, "_streamlit_user")

            # The admin signs out: the password session ends too, and its old cookie signs nobody in.
            admin.get_by_role("button", name="Sign out").click()
            expect(admin.get_by_role("button", name="Sign in")).to_be_visible()
            assert "review_app_session" not in {c["name"] for c in admin.context.cookies()}
            admin.context.add_cookies([password_cookie])
            open_app(admin, server.url, "team")
            expect(admin.get_by_role("button", name="Sign in")).to_be_visible()
            expect(admin.get_by_text("Signed in as ada")).to_have_count(0)
    store.close()


def test_a_password_sign_in_cookie_is_for_the_server_only(browser: Any, tmp_path: Path) -> None:
    """Without single sign-on: the password session's cookie is HttpOnly, and sign-out revokes it on the server."""
    db = demo_db(tmp_path / "password.db")
    store = Store(str(db))
    store.add_user("ada", "admin", password=ADMIN_PW, actor=OP)
    store.close()
    with StreamlitServer(db, log_path=tmp_path / "server.log") as server:
        page = browser.new_context().new_page()
        open_app(page, server.url, "dashboard")
        sign_in(page, "ada", ADMIN_PW)
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()  # the link asked for
        cookie = _assert_no_session_cookie_for_scripts(page, "review_app_session")
        assert cookie["sameSite"] == "Strict" and not cookie["secure"]  # plain http on 127.0.0.1
        page.reload(wait_until="domcontentloaded")  # the cookie signs the new page in
        wait_idle(page)
        expect(page.get_by_text("Signed in as ada")).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        page.context.add_cookies([cookie])  # the old cookie, put back: its session is over
        open_app(page, server.url, "dashboard")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(page.get_by_text("Signed in as ada")).to_have_count(0)
