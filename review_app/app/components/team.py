"""Team tables shared by pages: progress per reviewer, and the activity log (who did what)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from review_app.store import EventInfo, Store

_WHAT = {"edit": "edited the text", "status": "set the status", "apply-fix": "applied a fix",
         "apply-fix-all": "applied a fix to similar", "dismiss": "dismissed a finding", "annotate": "annotated",
         "delete-annotation": "deleted an annotation", "undo": "undid a change", "import": "imported",
         "create-project": "created a project", "assign": "assigned", "unassign": "unassigned",
         "add-user": "created an account", "disable-user": "disabled an account",
         "enable-user": "enabled an account", "set-role": "changed a role", "set-password": "changed a password",
         "rename-project": "renamed a project", "archive-project": "archived a project",
         "restore-project": "restored a project", "rename-document": "renamed a document",
         "archive-document": "archived a document", "restore-document": "restored a document"}


def reviewer_progress(store: Store, document_ids: list[int]) -> None:
    """A table: per person, assigned documents, reviewed segments of them, actions taken, last action."""
    rows = store.team_progress(document_ids)
    if not rows:
        st.caption("Nobody is assigned to these documents and nobody has changed them yet.")
        return
    st.dataframe(
        pd.DataFrame([{"person": r.name, "role": r.role, "assigned documents": r.documents,
                       "reviewed": f"{r.reviewed} / {r.segments}" if r.segments else "",
                       "progress": r.reviewed / r.segments if r.segments else None, "actions": r.actions,
                       "last action (UTC)": r.last_action.strftime("%Y-%m-%d %H:%M") if r.last_action else ""}
                      for r in rows]),
        hide_index=True, width="stretch",
        column_config={"progress": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")},
    )


def _change(event: EventInfo) -> str:
    after: dict[str, Any] = event.after
    if event.kind == "status":
        return f"{event.before.get('status')} → {after.get('status')}"
    if "corrected" in after:
        return str(after["corrected"])[:120]
    if event.kind == "set-role":
        return f"{after.get('name')}: {event.before.get('role')} → {after.get('role')}"
    if event.kind in ("rename-project", "rename-document"):
        return f"{event.before.get('name')} → {after.get('name')}"
    if event.kind in ("assign", "unassign"):
        return str(after.get("reviewer") or event.before.get("reviewer") or "")
    if after.get("name"):
        return str(after["name"]) + (f" ({after['role']})" if after.get("role") else "")
    if event.kind == "annotate" and after.get("annotation"):
        return f"{after['annotation'].get('severity')} {after['annotation'].get('category')}"
    return ""


def activity_log(store: Store, *, document_id: int | None = None, limit: int = 200) -> None:
    """The newest events as a table (texts shown as plain cells, never as Markdown)."""
    events = store.events(document_id=document_id, limit=limit)
    if not events:
        st.caption("Nothing recorded yet.")
        return
    # The log is the audit trail: archived documents keep their names in it.
    projects = [*store.projects(), *store.projects(archived=True)]
    names = {d.id: d.name for p in projects for d in store.documents(p.id, archived=None)}
    st.dataframe(
        pd.DataFrame([{"when (UTC)": e.at.strftime("%Y-%m-%d %H:%M:%S"), "who": e.actor,
                       "what": _WHAT.get(e.kind, e.kind) + (f" (event {e.undoes})" if e.undoes else ""),
                       "document": names.get(e.document_id, "") if e.document_id else "",
                       "segment": str(e.segment_id or ""), "change": _change(e)} for e in events]),
        hide_index=True, width="stretch",
    )
