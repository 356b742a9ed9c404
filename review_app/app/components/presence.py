"""Presence on the Review page: who else has this segment or document open, refreshed every few
seconds (``REVIEW_APP_PRESENCE_SECONDS``, default 5; 0 refreshes only when the page reruns) so a
reviewer knows before typing that a colleague is on the same segment."""

from __future__ import annotations

import uuid
from datetime import timedelta

import streamlit as st

from review_app import settings
from review_app.app.components.safe import md
from review_app.store import PresenceInfo, Store, User
from review_app.store.models import utcnow

_CLIENT = "presence_client"  # session key: this browser session's id in the presence table


def client_id() -> str:
    """This browser session's id (one per tab)."""
    return str(st.session_state.setdefault(_CLIENT, uuid.uuid4().hex))


def _ago(info: PresenceInfo) -> str:
    seconds = max(int((utcnow() - info.seen_at) / timedelta(seconds=1)), 0)
    return "now" if seconds < 2 else f"{seconds} s ago"


def describe(others: list[PresenceInfo], segment_id: int) -> tuple[str, str] | None:
    """The message for what others have open: ("warning", …) when one is on this segment, else ("info", …)."""
    here = [p for p in others if p.segment_id == segment_id]
    if here:
        names = ", ".join(f"{md(p.name)} ({_ago(p)})" for p in here)
        return ("warning", f"Also on this segment: {names}. If you both save, the second save is refused and "
                           "shows both texts.")
    if others:
        names = ", ".join(f"{md(p.name)} (segment {p.position + 1})" if p.position is not None else md(p.name)
                          for p in others)
        return ("info", f"Also in this document: {names}")
    return None


def presence_bar(store: Store, user: User, document_id: int, segment_id: int | None) -> None:
    """Report this page's segment and show who else is on it or on the document."""
    client = client_id()
    every = settings.PRESENCE_SECONDS.value()

    @st.fragment(run_every=every or None)
    def bar() -> None:
        store.mark_present(client, user, document_id, segment_id)
        message = describe(store.present(document_id, user=user), segment_id or -1)
        if message is None:
            return
        kind, text = message
        if kind == "warning":
            st.warning(text, icon=":material/group:")
        else:
            st.caption(f":material/group: {text}")

    bar()
