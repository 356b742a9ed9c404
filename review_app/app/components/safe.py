"""How a user-supplied string reaches a Streamlit call that renders Markdown: through :func:`md`.

The escaper itself is :mod:`review_app.text.markdown`, shared with the Markdown reports.
"""

from __future__ import annotations

from review_app.text.markdown import md

__all__ = ["md"]
