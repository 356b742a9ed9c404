"""Every cookie the app's server sets is ``Secure`` when the app is reached over HTTPS (Streamlit's own
identity and XSRF cookies come without it)."""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path

import pytest
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Message

from review_app.app import web


def _response() -> Response:
    """Cookies as Streamlit sets its identity and XSRF cookies (no Secure) and as the app sets its own."""
    response = Response("ok")
    response.set_cookie("_streamlit_user", "signed", httponly=True, samesite="lax")
    response.set_cookie("_streamlit_xsrf", "token", samesite="lax")
    response.set_cookie(web.COOKIE, "session", httponly=True, samesite="strict", secure=True)
    return response


def _set_cookies(scheme: str) -> list[str]:
    """The Set-Cookie headers a request over ``scheme`` gets through the middleware."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "scheme": scheme, "method": "GET", "path": "/", "headers": []}
    asyncio.run(web.SecureCookies(_response())(scope, receive, send))
    return Headers(raw=sent[0]["headers"]).getlist("set-cookie")


def _secure(cookie: str) -> bool:
    return "secure" in {part.strip().lower() for part in cookie.split(";")[1:]}


def test_over_https_every_cookie_is_secure_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVIEW_APP_URL", raising=False)
    cookies = _set_cookies("https")
    assert len(cookies) == 3 and all(_secure(c) for c in cookies), cookies
    assert all(c.lower().count("secure") == 1 for c in cookies), cookies  # never added twice
    assert any(c.startswith("_streamlit_user=signed;") and "HttpOnly" in c for c in cookies)


def test_behind_an_https_proxy_the_public_address_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_APP_URL", "https://review.example/")
    assert all(_secure(c) for c in _set_cookies("http"))


def test_over_plain_http_cookies_are_left_as_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """On http://localhost (the quick start) a Secure cookie would be refused by some browsers."""
    monkeypatch.delenv("REVIEW_APP_URL", raising=False)
    cookies = _set_cookies("http")
    assert [c.split("=")[0] for c in cookies if not _secure(c)] == ["_streamlit_user", "_streamlit_xsrf"]


def test_the_server_serves_the_pages_through_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve_app.py`` (what ``review-app serve`` runs) hands the middleware to ``st.App``."""
    monkeypatch.setenv("REVIEW_APP_DB", str(tmp_path / "review.db"))
    monkeypatch.setattr(web, "_SERVED", {})  # importing the server marks this process as serving the routes
    monkeypatch.setattr(web, "_STORE", {})
    monkeypatch.delitem(sys.modules, "review_app.app.serve_app", raising=False)
    served = importlib.import_module("review_app.app.serve_app")
    try:
        assert [m.cls for m in served.app._user_middleware] == [web.SecureCookies]
    finally:
        del sys.modules["review_app.app.serve_app"]
