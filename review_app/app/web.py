"""The app's own HTTP routes beside Streamlit's, and its cookies (served by ``serve_app.py`` through ``st.App``).

Streamlit's pages talk over a websocket, which cannot set a cookie, so the session cookie is set here, by
the server, ``HttpOnly`` (no script of the page can read it), ``SameSite=Strict`` and ``Secure`` when the
app is reached over HTTPS:

- ``/account/session?ticket=…&next=…``: the password sign-in form hands the browser a one-time ticket
  (``Store.issue_sign_in_ticket``, seconds-long); this route redeems it for a session token, sets the
  cookie and sends the browser on to the link it was opened with.
- ``/account/sign-out``: revokes the cookie's session and deletes the cookie.
- ``/account/sso?next=…``: keeps the link to open after a single sign-on (a short-lived HttpOnly cookie:
  Streamlit's sign-in callback always returns to the app's root) and starts ``st.login``.
- ``/download/<token>``: a file the page offered (a large export, :func:`offer_download`), streamed from the
  disk in chunks. Streamlit's own download button holds the whole file in the server's memory (its media
  store keeps bytes, whatever ``data`` was: a file object is read whole, a callable's result too); this route
  never does. The token is a capability like Streamlit's media addresses: 256 random bits, handed only to the
  session that prepared the file, dropped with that file (when the job is replaced or the session ends) or after
  ``DOWNLOAD_HOURS``.

Single sign-on itself is Streamlit's (``st.login``, its ``/auth/…`` and ``/oauth2callback`` routes, its
signed ``HttpOnly`` identity cookie); :func:`streamlit_secrets` gives it the ``[auth]`` section built from
the environment settings, in memory (``st.App(secrets=…)``): nothing is written to a file. Streamlit sets
its own cookies (the identity cookie, the XSRF token) without ``Secure``; :class:`SecureCookies` adds it to
every cookie the server sets when the app is reached over HTTPS, so none of them is ever sent over plain HTTP.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import config

from review_app import settings
from review_app.settings import SettingError
from review_app.store import StoreError
from review_app.store.accounts import session_lifetime

MAIN = "main.py"  # the page script, beside serve_app.py
COOKIE = "review_app_session"
NEXT_COOKIE = "review_app_next"
NEXT_SECONDS = 600  # a single sign-on that takes longer opens the role's start page instead
SESSION, SIGN_OUT, SSO, DOWNLOAD = "account/session", "account/sign-out", "account/sso", "download"
DOWNLOAD_HOURS = 12
SSO_START = "sso"  # query parameter: the page calls st.login() (the documented way to start it)
_SERVED: dict[str, bool] = {}


def served() -> bool:
    """Whether this process serves the routes (``review-app serve``; not a bare ``streamlit run main.py`` or
    an AppTest, where a sign-in lasts as long as the browser tab and there is no single sign-on)."""
    return _SERVED.get("routes", False)


def base_path() -> str:
    """The app's path on its host: ``/`` or ``/prefix/`` (``server.baseUrlPath``)."""
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def url(path: str, **query: str) -> str:
    """The address of one of the app's paths, with a query."""
    return base_path() + path + (f"?{urlencode(query)}" if query else "")


def safe_next(raw: str | None) -> str:
    """A link inside this app (its path and query), else the app's root: never another site."""
    base = base_path()
    if not raw or not raw.startswith(base) or raw.startswith("//") or "\\" in raw or any(ch < " " for ch in raw):
        return base
    parts = urlsplit(raw)
    return raw if not parts.scheme and not parts.netloc else base


def link_url(path: str, query: dict[str, list[str]]) -> str:
    """The address of a page path (as ``routes`` keeps it) with its query."""
    return base_path() + quote(path) + (f"?{urlencode(query, doseq=True)}" if query else "")


def link_of(next_url: str) -> tuple[str, dict[str, list[str]]]:
    """A page path (relative to the app) and its query, from an address made by :func:`link_url`."""
    parts = urlsplit(safe_next(next_url))
    return parts.path[len(base_path()):].strip("/"), parse_qs(parts.query, keep_blank_values=True)


def _secure(request: Request) -> bool:
    """Cookies are ``Secure`` when the app's public address is HTTPS or the request came over HTTPS
    (uvicorn takes ``X-Forwarded-Proto`` from a proxy on the same host)."""
    return _secure_scheme(request.url.scheme)


def _secure_scheme(scheme: str) -> bool:
    try:
        public = settings.PUBLIC_URL.value() or ""
    except SettingError:
        public = ""
    return public.startswith("https://") or scheme in ("https", "wss")


class SecureCookies:
    """ASGI middleware: every ``Set-Cookie`` of a response gets ``Secure`` when the app is reached over HTTPS
    (Streamlit leaves it off its identity and XSRF cookies; ours have it already)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _secure_scheme(str(scope.get("scheme", "http"))):
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookies = headers.getlist("set-cookie")
                if cookies:
                    del headers["set-cookie"]
                    for cookie in cookies:
                        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
                        headers.append("set-cookie", cookie if "secure" in flags else f"{cookie}; Secure")
            await send(message)

        await self.app(scope, receive, send_secure)


def _cross_site(request: Request) -> bool:
    # Only the app's own page sends a browser here (the header is absent in old browsers: let them through).
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


def _cookie_path() -> str:
    return base_path().rstrip("/") or "/"


# The pages' store (one per process), given by ``routes``: the routes are served beside the pages.
_STORE: dict[str, Callable[[], Any]] = {}


def _store() -> Any:
    return _STORE["store"]()


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the ticket in this address goes nowhere
    return response


async def _session(request: Request) -> Response:
    """Redeem a sign-in ticket: set the HttpOnly session cookie, open the link the sign-in was asked for."""
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    ticket = request.query_params.get("ticket", "")
    if _cross_site(request):  # another site cannot sign this browser in (into its own account)
        return _no_store(response)
    try:
        token = await run_in_threadpool(_store().redeem_sign_in_ticket, ticket)
    except StoreError:
        token = None
    if token:
        response.set_cookie(COOKIE, token, max_age=int(session_lifetime().total_seconds()), path=_cookie_path(),
                            httponly=True, samesite="strict", secure=_secure(request))
    return _no_store(response)


async def _sign_out(request: Request) -> Response:
    """End the cookie's session on the server and delete the cookie."""
    response = RedirectResponse(base_path(), status_code=303)
    if _cross_site(request):
        return _no_store(response)
    token = request.cookies.get(COOKIE)
    if token:
        with contextlib.suppress(StoreError):  # the cookie goes anyway
            await run_in_threadpool(_store().end_session, token)
    response.delete_cookie(COOKIE, path=_cookie_path(), httponly=True, samesite="strict", secure=_secure(request))
    return _no_store(response)


async def _sso(request: Request) -> Response:
    """Keep the link to open after the single sign-on, then let the page start it (``st.login``)."""
    response = RedirectResponse(url("", **{SSO_START: "start"}), status_code=303)
    next_url = safe_next(request.query_params.get("next"))
    # Lax: the provider sends the browser back from another site, and the cookie must come along.
    response.set_cookie(NEXT_COOKIE, f"{int(time.time())}|{next_url}", max_age=NEXT_SECONDS, path=_cookie_path(),
                        httponly=True, samesite="lax", secure=_secure(request))
    return _no_store(response)


@dataclass(frozen=True, slots=True)
class _Offered:
    path: Path
    file_name: str
    mime: str
    until: float  # time.monotonic()


_OFFERED: dict[str, _Offered] = {}
_OFFERED_LOCK = threading.Lock()


def offer_download(path: Path, file_name: str, mime: str) -> str:
    """The address from which the browser downloads ``path`` as ``file_name`` (streamed by this process's route,
    see the module's docstring) until :func:`withdraw_download` or ``DOWNLOAD_HOURS``."""
    token = secrets.token_urlsafe(32)
    with _OFFERED_LOCK:
        now = time.monotonic()
        for old in [t for t, o in _OFFERED.items() if o.until < now]:
            del _OFFERED[old]
        _OFFERED[token] = _Offered(path, file_name, mime, now + DOWNLOAD_HOURS * 3600)
    return url(f"{DOWNLOAD}/{token}")


def withdraw_download(address: str) -> None:
    """The address no longer serves its file."""
    with _OFFERED_LOCK:
        _OFFERED.pop(address.rpartition("/")[2], None)


async def _download(request: Request) -> Response:
    """An offered file, streamed from the disk (starlette reads and sends it in chunks)."""
    with _OFFERED_LOCK:
        offered = _OFFERED.get(str(request.path_params["token"]))
    if _cross_site(request) or offered is None or offered.until < time.monotonic() or not offered.path.is_file():
        gone = "This download is no longer offered: prepare it again on the Export page."
        return _no_store(PlainTextResponse(gone, status_code=404))
    response = FileResponse(offered.path, media_type=offered.mime, filename=offered.file_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


def routes(store: Callable[[], Any]) -> list[Route]:
    """The routes to serve beside Streamlit's (``st.App(routes=…)``), on the pages' ``store()``; from now on
    this process has them."""
    _STORE["store"] = store
    _SERVED["routes"] = True
    base = base_path()
    return [Route(base + SESSION, _session, methods=["GET"]), Route(base + SIGN_OUT, _sign_out, methods=["GET"]),
            Route(base + SSO, _sso, methods=["GET"]), Route(base + DOWNLOAD + "/{token}", _download, methods=["GET"])]


def next_after_sso(cookie: str | None, issued_at: int) -> tuple[str, dict[str, list[str]]] | None:
    """The link kept by ``/account/sso`` for the single sign-on issued at ``issued_at``, if it was kept for it
    (set before that sign-in, at most ``NEXT_SECONDS`` earlier)."""
    stamp, _, next_url = (cookie or "").partition("|")
    if not stamp.isdigit() or not next_url:
        return None
    kept = int(stamp)
    if not kept - 5 <= issued_at <= kept + NEXT_SECONDS:  # a few seconds for two clocks
        return None
    return link_of(next_url)


def streamlit_secrets(database: Callable[[], str]) -> dict[str, Any] | None:
    """Streamlit's ``[auth]`` section for single sign-on (None when it is not configured, or the settings or
    the database, named by ``database()``, cannot be read: the pages then say why in one line)."""
    try:
        oidc = settings.oidc()
    except SettingError:
        return None
    if oidc is None:
        return None
    from review_app.store import Store

    try:  # before Streamlit runs: a store of its own, closed again (the pages open theirs)
        store = Store(database(), create=False)  # the pages create the quick start's, never this
    except StoreError:
        return None
    try:
        # Streamlit signs its identity cookie with this; derived from the database's session key, so every
        # process of the app accepts the others' cookies and nothing secret is configured twice.
        key = store.derived_secret("streamlit identity cookie")
    finally:
        store.close()
    return {"auth": {"redirect_uri": oidc.redirect_uri, "cookie_secret": key, "client_id": oidc.client_id,
                     "client_secret": oidc.client_secret, "server_metadata_url": oidc.metadata_url}}
