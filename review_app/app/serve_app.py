"""The app's server: ``streamlit run review_app/app/serve_app.py [-- --db PATH_OR_URL]`` (what
``review-app serve`` starts).

Streamlit serves the pages (``main.py``) through ``st.App``, with the app's own routes beside its own
(:mod:`review_app.app.web`: the HttpOnly session cookie of a password sign-in, sign-out, the link kept
across a single sign-on) and, when single sign-on is configured, Streamlit's ``[auth]`` section built
from the environment settings in memory. ``streamlit run review_app/app/main.py`` still works (a
quick look): there a sign-in lasts as long as the browser tab, and there is no single sign-on.
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
from starlette.middleware import Middleware  # noqa: E402

from review_app.app import web  # noqa: E402
from review_app.app.components.context import db_setting, get_store  # noqa: E402

# Streamlit finds this assignment (`app = st.App(...)`) and serves it with uvicorn.
app = st.App(Path(__file__).with_name(web.MAIN), secrets=web.streamlit_secrets(db_setting),
             routes=web.routes(get_store), middleware=[Middleware(web.SecureCookies)])
