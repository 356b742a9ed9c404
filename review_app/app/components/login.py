"""Sign-in for the app: password sign-in, single sign-on, the account box, sign-out.

**Password**: the form checks the password (:meth:`Store.authenticate`, throttled); on the app's server
(``review-app serve``, :mod:`review_app.app.web`) the browser then takes a one-time ticket to the
server's own route, which puts the session token into an ``HttpOnly`` cookie (``review_app_session``) that
no script of the page can read, and opens the link the sign-in was asked for. Every run checks the token
again (:meth:`Store.session_user`), so a sign-out, an expiry or a disabled account takes effect at once.
Under a bare ``streamlit run main.py`` (or an AppTest) there are no routes: the sign-in lasts as long as
the browser tab.

**Single sign-on** (when configured): Streamlit's ``st.login`` signs the person in at the company's
identity provider and keeps the ID token's claims in its own signed ``HttpOnly`` cookie (``st.user``);
every run maps them to an account (:meth:`Store.sso_sign_in`: a known e-mail links, an unknown identity
waits for an admin, a signed-out or expired sign-in is refused).

On the quick start's SQLite database, while no account has ever existed and no single sign-on is
configured, the visitor is signed in as the labelled demo admin (``store.demo_login``).
"""

from __future__ import annotations

import html
import json

import streamlit as st

from review_app import settings
from review_app.app import web
from review_app.app.components import viewstate
from review_app.app.components.routes import LINK_KEY
from review_app.app.components.safe import md
from review_app.settings import SettingError
from review_app.store import LoginError, Store, StoreError, User
from review_app.store.identities import OidcClaims, SsoOutcome

COOKIE = web.COOKIE
_USER, _TOKEN, _CLEAR = "auth_user", "auth_token", "auth_clear_cookie"
_LOGOUT = "auth_logout"  # the single sign-on's sign-out, done on the next run (see sign_in_page)
_GO = "auth_navigate"  # an address the browser goes to on this run (the sign-in route, the sign-out route)
_SSO = "auth_sso_outcome"  # this run's single sign-on outcome (why someone is not signed in)
_SIGN_OUT_ERROR = "sign_out_error"  # session key: why the last sign-out did not happen


def sso_ready() -> bool:
    """Whether this server signs people in through the identity provider (configured, and served with it)."""
    try:
        return web.served() and settings.oidc() is not None
    except SettingError:
        return False


def _claims() -> OidcClaims | None:
    """The single sign-on of this browser session (Streamlit's identity cookie), unless signed out here."""
    if st.session_state.get(_CLEAR) or not sso_ready() or not st.user.get("is_logged_in"):
        return None
    return OidcClaims.from_user_info(dict(st.user))


def _sso_user(store: Store, claims: OidcClaims) -> User | None:
    outcome = store.sso_sign_in(claims)
    st.session_state[_SSO] = outcome
    if outcome.first:  # just back from the provider: open the link the sign-in was asked for
        link = web.next_after_sso(st.context.cookies.get(web.NEXT_COOKIE), claims.issued_at)
        if link is not None:
            st.session_state[LINK_KEY] = link
    return outcome.user


def current_user(store: Store) -> User | None:
    """The signed-in account of this browser session (session cookie, single sign-on, session state or demo
    login), checked now."""
    state = st.session_state
    state.pop(_SSO, None)
    token = state.get(_TOKEN)
    if not token and not state.get(_CLEAR):
        cookie = st.context.cookies.get(COOKIE)
        if cookie and store.session_user(cookie) is not None:
            token = state[_TOKEN] = cookie
    claims = None if token else _claims()
    user = state.get(_USER)
    if token:
        user = store.session_user(token)
    elif claims is not None:
        user = _sso_user(store, claims)
    elif isinstance(user, User):  # signed in by this tab's form without the routes, an AppTest, the demo
        user = store.user(user.id)  # still active, and its current role
        if user is not None and user.demo and not store.demo_login_allowed():
            user = None
    elif not settings.sso_configured() and store.demo_login_allowed():
        try:
            user = store.demo_user()
        except StoreError:
            user = None
    else:
        user = None
    if user is None:
        state.pop(_USER, None)
        state.pop(_TOKEN, None)
        return None
    state[_USER] = user
    return user


def _link_after_sign_in() -> str:
    link = st.session_state.get(LINK_KEY)
    return web.link_url(*link) if link else web.base_path()


def _sign_in(store: Store) -> None:
    name, password = st.session_state.get("login_name", ""), st.session_state.get("login_password", "")
    st.session_state["login_password"] = ""
    try:
        user = store.authenticate(name, password)
        if web.served():  # the server's route sets the HttpOnly cookie (see web.py)
            st.session_state[_GO] = web.url(web.SESSION, ticket=store.issue_sign_in_ticket(user),
                                            next=_link_after_sign_in())
        else:
            st.session_state[_USER], st.session_state[_TOKEN] = user, store.start_session(user)
    except (LoginError, StoreError) as exc:
        st.session_state["login_error"] = str(exc)
        return
    st.session_state.pop("login_error", None)
    st.session_state.pop(_CLEAR, None)


def sign_out(store: Store) -> None:
    """End the session everywhere (revoked on the server) and drop its cookie: the password session's through
    the server's route, the single sign-on's through Streamlit's ``st.logout`` (and the provider's sign-out)."""
    state = st.session_state
    claims = _claims()
    token = state.get(_TOKEN) or st.context.cookies.get(COOKIE)
    try:
        store.end_session(token)
    except StoreError as exc:  # still signed in (the token is valid): say so under the button
        state[_SIGN_OUT_ERROR] = f"Not signed out: {exc}"
        return
    state.pop(_TOKEN, None)
    state.pop(_SIGN_OUT_ERROR, None)
    state.pop(_USER, None)
    state[_CLEAR] = True
    viewstate.forget_project()  # the next account chooses its own view
    if claims is not None and not token:
        store.end_sso_session(claims)
        state[_LOGOUT] = True  # Streamlit's sign-out (and the provider's): in the page's run, see sign_in_page
    elif web.served():
        state[_GO] = web.url(web.SIGN_OUT)


def signed_out_here() -> bool:
    """Whether this browser session signed out (its URL then shows where the last account was, not a link)."""
    return bool(st.session_state.get(_CLEAR))


def _navigate(address: str) -> None:
    # The only script: it sends the browser to the app's own route (an address the server made, no user input).
    st.html(f"<script>window.location.replace({json.dumps(address)});</script>", unsafe_allow_javascript=True,
            width=1)


def _sso_button(label: str) -> None:
    """A plain link to the route that keeps the link asked for and starts the single sign-on (no script)."""
    address = web.url(web.SSO, next=_link_after_sign_in())
    st.html(f'<a href="{html.escape(address)}" class="review-sso" style="display:inline-block;padding:.45rem 1rem;'
            'border-radius:.5rem;background:#ff4b4b;color:#fff;text-decoration:none;font-weight:600">'
            f"Sign in with {html.escape(label)}</a>", width="content")


def pending_page(claims: OidcClaims | None) -> None:
    """An identity the provider knows but the app does not (yet): no access until an admin grants a role."""
    st.title("No access yet")
    who = claims.label if claims else "this identity"
    st.info(f"You signed in as **{md(who)}**, which has no account here yet. Ask an admin to grant you a role "
            "(Team page, \u201cPeople waiting for access\u201d), then reload this page.", icon=":material/lock:")


def sign_in_page(store: Store, command_hint: str) -> None:
    """The sign-in page (single sign-on and/or the password form); on a database without accounts, how to
    create the first admin; for an identity waiting for an admin, the no-access page."""
    state = st.session_state
    if state.get(_GO):
        _navigate(state.pop(_GO))
        st.caption("One moment…")
        return
    if state.pop(_LOGOUT, False):
        # Called from the Sign out button's callback, st.logout's redirect to the provider raced the run's own
        # page change and was sometimes lost (the browser stayed here, still signed in at the provider); sent
        # from this run, which draws nothing else, it is the run's last word.
        st.logout()
        st.caption("Signing out…")
        return
    sso = sso_ready()
    if sso and not state.get(_CLEAR) and st.query_params.get(web.SSO_START) == "start":
        st.login()  # back here from /account/sso: the documented way to go to the provider
        return
    outcome = state.get(_SSO)
    if isinstance(outcome, SsoOutcome) and outcome.pending:
        pending_page(_claims())
        st.button("Sign out", key="sign_out_pending", on_click=sign_out, args=(store,), icon=":material/logout:")
        return
    st.title("Sign in")
    if isinstance(outcome, SsoOutcome) and outcome.reason:
        st.warning(md(outcome.reason[:1].upper() + outcome.reason[1:]), width=420)
    if sso:
        _sso_button(settings.OIDC_LABEL.value())
        st.caption("Or with a name and password:")
    elif not store.has_accounts():
        if store.accounts_existed():  # every account disabled or without a password: the demo login stays ended
            st.info("No account of this database can sign in (each is disabled or has no password). On the server, "
                    "enable one (`review-app users enable NAME`), set one's password (`review-app users passwd "
                    "NAME`) or create an admin, then sign in here:")
        else:
            st.info("This database has no accounts yet. On the server, create the first admin, then sign in here:")
        st.code(command_hint, language="bash")
        st.caption("The command asks for the password twice. Add reviewers and viewers the same way "
                   "(`--role reviewer`, `--role viewer`) or on the Team page once you are signed in.")
    with st.form("login", border=True, enter_to_submit=True, width=420):
        st.text_input("Name", key="login_name", autocomplete="username")
        st.text_input("Password", type="password", key="login_password", autocomplete="current-password")
        st.form_submit_button("Sign in", type="primary", on_click=_sign_in, args=(store,))
    if state.get("login_error"):
        st.error(state["login_error"], width=420)


def account_box(store: Store, user: User) -> None:
    """Who is signed in, with which role, and the sign-out button (sidebar)."""
    with st.sidebar:
        if user.demo:
            st.warning("**Demo login**: signed in automatically as the demo admin of the quick start's database. "
                       "It ends for good once an account is created (`review-app users add NAME --role admin`, "
                       "or the Team page).", icon=":material/science:")
        else:
            st.markdown(f"Signed in as **{md(user.name)}** · {user.role}")
            st.button("Sign out", key="sign_out", on_click=sign_out, args=(store,), icon=":material/logout:")
            if st.session_state.get(_SIGN_OUT_ERROR):
                st.error(md(st.session_state.pop(_SIGN_OUT_ERROR)))
