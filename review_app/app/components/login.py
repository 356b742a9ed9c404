"""Sign-in for the app: the session cookie, the sign-in form, the account box, sign-out.

A sign-in creates a server-side session (:meth:`Store.start_session`) whose signed, expiring token
the browser keeps in the ``review_app_session`` cookie, so a reload or a second tab stays signed
in; every rerun checks the token (or the account) again, so a sign-out, an expiry or a disabled
account takes effect at once. Streamlit reads cookies (``st.context.cookies``) but cannot set
them, so the cookie is written by a two-line script through ``st.html(unsafe_allow_javascript=True)``
— the only value it carries is the token the store made (no user input). On the quick start's SQLite
database, while no account has ever existed, the visitor is signed in as the labelled demo admin
(``store.demo_login``).
"""

from __future__ import annotations

import json

import streamlit as st

from review_app.app.components.safe import md
from review_app.store import Store, StoreError, User
from review_app.store.accounts import session_lifetime

COOKIE = "review_app_session"
_USER, _TOKEN, _SET, _CLEAR = "auth_user", "auth_token", "auth_set_cookie", "auth_clear_cookie"
_SIGN_OUT_ERROR = "sign_out_error"  # session key: why the last sign-out did not happen


def _cookie_script(value: str, max_age: int) -> None:
    # json.dumps quotes the value for JavaScript; tokens hold only [A-Za-z0-9_.-] anyway.
    st.html(
        f"<script>document.cookie = {json.dumps(COOKIE)} + '=' + {json.dumps(value)} + "
        f"'; Path=/; Max-Age={max_age}; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');"
        "</script>",
        unsafe_allow_javascript=True, width=1,
    )


def current_user(store: Store) -> User | None:
    """The signed-in account of this browser session (cookie, session state or demo login), checked now."""
    state = st.session_state
    token = state.get(_TOKEN)
    user = state.get(_USER)
    if token:
        user = store.session_user(token)
    elif isinstance(user, User):
        user = store.user(user.id)  # still active, and its current role
        if user is not None and user.demo and not store.demo_login_allowed():
            user = None
    else:
        cookie = None if state.get(_CLEAR) else st.context.cookies.get(COOKIE)
        if cookie:
            user = store.session_user(cookie)
            if user is not None:
                state[_TOKEN] = cookie
        if user is None and store.demo_login_allowed():
            try:
                user = store.demo_user()
            except StoreError:
                user = None
    if user is None:
        state.pop(_USER, None)
        state.pop(_TOKEN, None)
        return None
    state[_USER] = user
    if state.get(_SET):
        _cookie_script(state.pop(_SET), int(session_lifetime().total_seconds()))
    return user


def _sign_in(store: Store) -> None:
    name, password = st.session_state.get("login_name", ""), st.session_state.get("login_password", "")
    st.session_state["login_password"] = ""
    try:
        user = store.authenticate(name, password)
        token = store.start_session(user)
    except StoreError as exc:  # refused, or the database busy with another change: one line on the form
        st.session_state["login_error"] = str(exc)
        return
    st.session_state.pop("login_error", None)
    st.session_state.pop(_CLEAR, None)
    st.session_state[_USER], st.session_state[_TOKEN], st.session_state[_SET] = user, token, token


def sign_out(store: Store) -> None:
    """End the session everywhere (the token is revoked on the server) and drop the cookie."""
    try:
        store.end_session(st.session_state.get(_TOKEN) or st.context.cookies.get(COOKIE))
    except StoreError as exc:  # still signed in (the token is valid): say so under the button
        st.session_state[_SIGN_OUT_ERROR] = f"Not signed out: {exc}"
        return
    st.session_state.pop(_TOKEN, None)
    st.session_state.pop(_SIGN_OUT_ERROR, None)
    st.session_state.pop(_USER, None)
    st.session_state[_CLEAR] = True
    for key in [k for k in st.session_state if k in ("project_id", "document_id", "seg_index")]:
        del st.session_state[key]


def signed_out_here() -> bool:
    """Whether this browser session signed out (its URL then shows where the last account was, not a link)."""
    return bool(st.session_state.get(_CLEAR))


def sign_in_page(store: Store, command_hint: str) -> None:
    """The sign-in form; on a database without accounts, how to create the first admin."""
    if st.session_state.get(_CLEAR):
        _cookie_script("", 0)
    st.title("Sign in")
    if not store.has_accounts():
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
    if st.session_state.get("login_error"):
        st.error(st.session_state["login_error"], width=420)


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
