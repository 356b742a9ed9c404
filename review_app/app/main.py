"""Entry point: ``streamlit run review_app/app/main.py [-- --db PATH_OR_URL]``.

The database is ``--db``, else ``$REVIEW_APP_DB``, else ``./review_app.db``; on first start it
gets the demo project. Every environment setting is checked first (``review_app.settings``): a bad
one is a single line on every page. Nothing shows before sign-in; the pages offered depend on the
account's role (the store enforces the role anyway), and a link opens the same view for every role
(:mod:`review_app.app.components.routes`). The pages are plain scripts; navigation, page setup
and nothing else here.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts this folder, not the repository, on sys.path; make the package importable
# when it is not installed (a fresh clone).
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from review_app import settings  # noqa: E402
from review_app.app.components.actions import flush_pending  # noqa: E402
from review_app.app.components.context import get_store, signed_in  # noqa: E402
from review_app.app.components.leave_guard import EDITOR_GATE_CSS  # noqa: E402
from review_app.app.components.login import account_box, current_user, signed_out_here  # noqa: E402
from review_app.app.components.press_guard import press_guard  # noqa: E402
from review_app.app.components.routes import open_page, remember_link, show_note  # noqa: E402
from review_app.app.components.safe import md  # noqa: E402
from review_app.app.components.urlstate import publish, restore  # noqa: E402
from review_app.settings import SettingError  # noqa: E402
from review_app.store import StoreError  # noqa: E402

st.set_page_config(page_title="review_app · translation review", page_icon=":material/translate:", layout="wide")
# Room for the work at 1280×720: less padding around the page than Streamlit's default.
st.html("<style>[data-testid='stMainBlockContainer']{padding:1.5rem 1.5rem 2rem 1.5rem;max-width:none}"
        "[data-testid='stMainBlockContainer'] h1{font-size:1.9rem;padding:0 0 .25rem 0}" + EDITOR_GATE_CSS + "</style>")
try:  # a bad environment setting stops every page here with one line, not each request with a traceback
    settings.check()
except SettingError as exc:
    st.error(md(f"review_app cannot start: {exc}. Fix the environment and restart the app."))
    st.stop()
try:
    store = get_store()
except StoreError as exc:  # not a database, unknown driver, unreachable server: one line, no traceback
    st.error(md(f"The review database cannot be opened: {exc}"))
    st.stop()
try:
    if current_user(store) is None:
        remember_link(signed_out_here=signed_out_here())  # a link asked for is opened after the sign-in
    user = signed_in(store)  # the sign-in page, and a stop, until someone is signed in
    account_box(store, user)  # who is signed in and the sign-out button, on every page
    # Text typed in an editor this run no longer shows (a page switch, a click elsewhere) is saved first.
    flush_pending(store, user)
    page = open_page(user.role)  # the page the URL names, for this role (see components/routes.py)
    st.sidebar.caption(f"Database: {md(store.location)}")
    press_guard()  # a click held while a rerun redraws the page still acts, once (see components/press_guard.py)
    restore(store)  # the URL's project, document, segment and filters (reload, back/forward, a pasted link)
    show_note()
    page.run()
except StoreError as exc:  # a read while the database is busy, a document archived meanwhile: one line
    message = str(exc)
    st.error(md(message[:1].upper() + message[1:]))
publish()
