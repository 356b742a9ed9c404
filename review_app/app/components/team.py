"""Team tables shared by pages: progress per reviewer, and the activity log (who did what)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from review_app.app.components.history_panel import changes_text, describe
from review_app.app.components.paging import PAGE_ROWS, pager
from review_app.store import EventInfo, Store
from review_app.vocab import NO_VALUE

# What an event that is not a segment's did (a segment's change is told by history_panel.describe).
_WHAT = {"import": "imported", "create-project": "created a project", "assign": "assigned", "unassign": "unassigned",
         "add-user": "created an account", "disable-user": "disabled an account",
         "enable-user": "enabled an account", "set-role": "changed a role", "set-password": "changed a password",
         "rename-project": "renamed a project", "archive-project": "archived a project",
         "restore-project": "restored a project", "rename-document": "renamed a document",
         "archive-document": "archived a document", "restore-document": "restored a document",
         "glossary-add": "added a glossary term", "glossary-edit": "edited a glossary term",
         "glossary-remove": "removed a glossary term", "glossary-import": "imported a glossary",
         "set-email": "set an e-mail", "link-identity": "first signed in through single sign-on",
         "grant-identity": "granted access to a person waiting"}


def reviewer_progress(store: Store, document_ids: list[int], key: str) -> None:
    """A table: per person, assigned documents, reviewed segments of them, actions taken, last action (a page of
    people at a time, its pager under ``key``)."""
    offset = pager(store.team_progress_count(document_ids), key, "people")
    rows = store.team_progress(document_ids, offset=offset, limit=PAGE_ROWS)
    if not rows:
        st.caption("Nobody is assigned to these documents and nobody has changed them yet.")
        return
    st.dataframe(
        pd.DataFrame([{"person": r.name, "role": r.role, "assigned documents": r.documents,
                       "reviewed": f"{r.reviewed} / {r.segments}" if r.segments else "",
                       "progress": r.reviewed / r.segments if r.segments else None, "actions": r.actions,
                       "last action (UTC)": r.last_action.strftime("%Y-%m-%d %H:%M") if r.last_action else ""}
                      for r in rows]),
        hide_index=True, width="stretch", placeholder=NO_VALUE,
        column_config={"progress": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")},
    )


def _change(event: EventInfo) -> str:
    after: dict[str, Any] = event.after
    if event.kind == "set-role":
        return f"{after.get('name')}: {event.before.get('role')} → {after.get('role')}"
    if event.kind == "set-email":
        return f"{after.get('name')}: {event.before.get('email') or NO_VALUE} → {after.get('email') or NO_VALUE}"
    if event.kind == "link-identity":
        return f"{after.get('name')} ({after.get('email')})"
    if event.kind in ("rename-project", "rename-document"):
        return f"{event.before.get('name')} → {after.get('name')}"
    if event.kind.startswith("glossary-"):
        return f"re-checked: {after.get('opened', 0)} findings opened, {after.get('removed', 0)} removed"
    if event.kind in ("assign", "unassign"):
        return str(after.get("reviewer") or event.before.get("reviewer") or "")
    if after.get("name"):
        return str(after["name"]) + (f" ({after['role']})" if after.get("role") else "") + _repetition(after)
    return ""


def _repetition(after: dict[str, Any]) -> str:
    """What an import or a restore found on the project's documents because their lines now recur, or what an
    archive removed because they no longer do."""
    found: dict[str, list[int]] = after.get("repetition_findings") or {}
    removed: dict[str, int] = after.get("repetition_removed") or {}
    if found:
        lines, count, documents, done = "repeated lines", sum(map(len, found.values())), len(found), ""
    elif removed:
        lines, count, documents, done = "no longer repeated", sum(removed.values()), len(removed), " removed"
    else:
        return ""
    return (f"; {lines}: {count} chrome finding{'s' * (count != 1)}{done} "
            f"in {documents} document{'s' * (documents != 1)}")


def activity_log(store: Store, *, document_id: int | None = None) -> None:
    """Every event, newest first, a page at a time, as a table (texts shown as plain cells, never as Markdown); a
    segment's change is told in words as in its history (:mod:`review_app.app.components.history_panel`)."""
    total = store.event_count(document_id=document_id)
    if not total:
        st.caption("Nothing recorded yet.")
        return
    offset = pager(total, f"activity_page-{document_id}", "events")
    events = store.events(document_id=document_id, limit=PAGE_ROWS, offset=offset)
    # The log is the audit trail: archived documents keep their names in it (read by id, archived or not).
    names = store.document_names({e.document_id for e in events if e.document_id})
    by_id = {e.id: e for e in events}
    undone = sorted({e.undoes for e in events if e.undoes is not None} - set(by_id))
    if undone:  # an undo names the change it undid, which may be older than the log's rows
        by_id |= {e.id: e for e in store.events(ids=undone, limit=len(undone))}
    rows = []
    for e in events:
        what, change = _WHAT.get(e.kind, e.kind), _change(e)
        if e.segment_id is not None:
            entry = describe(e, by_id, {})
            what, change = entry.headline, changes_text(entry)
        rows.append({"when (UTC)": e.at.strftime("%Y-%m-%d %H:%M:%S"), "who": e.actor, "what": what,
                     "document": names.get(e.document_id, "") if e.document_id else "",
                     "segment": str(e.position + 1) if e.position is not None else "", "change": change})
    # Widths in pixels for the short cells, so the change (the longest) shows whole at a laptop's width.
    widths = {"when (UTC)": 150, "who": 100, "what": 150, "document": 160, "segment": 70, "change": 540}
    columns = {name: st.column_config.TextColumn(width=width) for name, width in widths.items()}
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=columns)
