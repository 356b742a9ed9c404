"""Entry point: ``streamlit run review_app/app/main.py [-- --db PATH_OR_URL]``.

The database is ``--db``, else ``$REVIEW_APP_DB``, else ``./review_app.db``; on first start it
gets the demo project. Every environment setting is checked first (``review_app.settings``): a bad
one is a single line on every page. Nothing shows before sign-in; the pages offered depend on the account's role
(the store enforces the role anyway). The pages are plain scripts; navigation, page setup and
nothing else here.
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
from review_app.app.components.safe import md  # noqa: E402
from review_app.app.components.urlstate import publish, restore  # noqa: E402
from review_app.settings import SettingError  # noqa: E402
from review_app.store import StoreError  # noqa: E402

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="review_app · translation review", page_icon=":material/translate:", layout="wide")
# Room for the work at 1280×720: less padding around the page than Streamlit's default.
st.html("<style>[data-testid='stMainBlockContainer']{padding:1.5rem 1.5rem 2rem 1.5rem;max-width:none}"
        "[data-testid='stMainBlockContainer'] h1{font-size:1.9rem;padding:0 0 .25rem 0}</style>")
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
user = signed_in(store)
# Text typed in an editor this run no longer shows (a page switch, a click elsewhere) is saved first.
flush_pending(store, user)
ALL = ("admin", "reviewer", "viewer")
PAGES = (  # script, title, icon, URL path, roles that see it
    ("my_work.py", "My work", ":material/checklist:", "my-work", ("admin", "reviewer")),
    ("review.py", "Review", ":material/rate_review:", "review", ALL),
    ("findings.py", "Findings", ":material/fact_check:", "findings", ALL),
    ("document.py", "Document", ":material/article:", "document", ALL),
    ("projects.py", "Projects & import", ":material/folder_open:", "projects", ("admin",)),
    ("dashboard.py", "Dashboard", ":material/monitoring:", "dashboard", ALL),
    ("glossary.py", "Glossary", ":material/menu_book:", "glossary", ALL),
    ("export.py", "Export", ":material/download:", "export", ALL),
    ("compare.py", "Compare", ":material/compare_arrows:", "compare", ALL),
    ("history.py", "History", ":material/timeline:", "history", ALL),
    ("team.py", "Team", ":material/group:", "team", ("admin",)),
)
# A reviewer starts on their queue, a viewer on the dashboard, an admin (and the demo) on the review page.
START = {"reviewer": "my-work", "viewer": "dashboard"}.get(user.role, "review")
navigation = st.navigation(
    [st.Page(HERE / "views" / script, title=title, icon=icon, url_path=path, default=path == START)
     for script, title, icon, path, roles in PAGES if user.role in roles]
)
st.sidebar.caption(f"Database: {md(store.location)}")
restore(store)  # the URL's project, document, segment and filters (reload, back/forward, a pasted link)
navigation.run()
publish()
