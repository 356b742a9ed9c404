"""Findings: every QA finding of the document or project, grouped by check and severity, filterable;
click one to work on its segment; apply all open fixes of a check after a preview, with one undo."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from review_app.app.components.batch_preview import batch_preview, batch_undo
from review_app.app.components.context import (
    listing_start,
    open_in_review,
    read_only_note,
    show_flash,
    signed_in,
)
from review_app.app.components.paging import PAGE_ROWS, pager
from review_app.app.components.safe import md
from review_app.store import FindingRow
from review_app.vocab import FINDING_STATE_LABELS, FINDING_STATES, SEVERITIES, SEVERITY_BADGES

PREVIEW = "findings_preview"  # session key: the check whose fixes are being previewed
PAGE_SIZE = PAGE_ROWS  # findings per check drawn at a time: a project can have tens of thousands


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def _picked(key: str, rows: list[FindingRow]) -> None:
    """Callback of a findings table: open the clicked finding's segment on the Review page."""
    chosen = st.session_state[key].selection.rows
    if chosen and chosen[0] < len(rows):
        row = rows[chosen[0]]
        open_in_review(row.finding.segment_id, row.document_id)


def _table(check: str, rows: list[FindingRow]) -> None:
    """One page of a check's findings (gravest first, as the store orders them)."""
    frame = pd.DataFrame([{
        "severity": r.finding.severity, "document": r.document, "#": r.position + 1, "text": r.finding.quote,
        "fix": "" if r.finding.suggestion is None else ("(delete)" if r.finding.suggestion == "" else
                                                          r.finding.suggestion),
        "message": r.finding.message, "state": r.finding.state_label,
        # A problem an edit brought in points into the corrected text, not the MT.
        "in": "corrected" if r.finding.span_on == "corrected" else "MT",
    } for r in rows])
    key = f"findings-{check}"
    st.dataframe(frame, hide_index=True, width="stretch", key=key, on_select=partial(_picked, key, rows),
                 selection_mode="single-row", height=min(38 + 35 * len(frame), 400),
                 column_config={"#": st.column_config.NumberColumn(width=45, help="segment number"),
                                "text": st.column_config.TextColumn(width="medium"),
                                "state": st.column_config.TextColumn(width=110),
                                "in": st.column_config.TextColumn(width=70, help="the text the flagged span is in"),
                                "severity": st.column_config.TextColumn(width=70)})


def _close_preview() -> None:
    st.session_state.pop(PREVIEW, None)


def main() -> None:
    """Draw the page."""
    started = listing_start("Findings")
    if started is None:
        return
    store, reviewer, project, document = started
    show_flash()
    if not reviewer:
        st.caption(md(read_only_note(signed_in())))
    scope = st.radio("Scope", ["document", "project"], horizontal=True, key="findings_scope",
                     format_func=lambda s: f"document '{md(document.name)}'" if s == "document" else
                     f"whole project ({project.documents} document{'' if project.documents == 1 else 's'})")
    ids = [document.id] if scope == "document" else [d.id for d in store.documents(project.id)]
    left, middle, right = st.columns(3)
    checks = left.multiselect("Check", store.check_ids(ids), key="findings_checks")
    severities = middle.multiselect("Severity", tuple(reversed(SEVERITIES)), key="findings_severities")
    states = right.multiselect("State", FINDING_STATES, default=["open"], key="findings_states",
                               format_func=lambda s: FINDING_STATE_LABELS.get(s, s),
                               help="An open finding whose problem a later edit removed is resolved by that edit.")
    groups = store.finding_groups(ids, checks=checks, severities=severities, states=states)
    batch_undo(store, "findings", reviewer)
    if not groups:
        st.info("No finding matches the filters.")
        return
    st.caption(f"{sum(g.total for g in groups)} findings · click a row to work on its segment in Review")
    order = sorted(groups, key=lambda g: (-max(_rank(s) for s in g.by_severity), -g.total, g.check))
    for group in order:
        check, fixable = group.check, group.fixable
        badges = " ".join(f":{SEVERITY_BADGES.get(s, 'gray')}-badge[{s} {group.by_severity[s]}]"
                          for s in reversed(SEVERITIES) if group.by_severity.get(s))
        with st.expander(f"**{md(check)}** · {group.total} finding{'' if group.total == 1 else 's'} {badges}",
                         expanded=st.session_state.get(PREVIEW) == check or len(order) <= 3):
            offset = pager(group.total, f"findings-page-{check}", "findings", size=PAGE_SIZE)
            _table(check, store.finding_rows(ids, checks=[check], severities=severities, states=states,
                                             by_severity=True, offset=offset, limit=PAGE_SIZE))
            if fixable:
                st.button(f"Apply all {fixable} open fixes of {md(check)}…", key=f"findings-plan-{check}",
                          disabled=not reviewer, help="Shows what changes first; applied as one batch, one undo.",
                          on_click=lambda c=check: st.session_state.__setitem__(PREVIEW, c))
            if st.session_state.get(PREVIEW) == check:
                batch_preview(store, store.plan_check_fixes(ids, check), key="findings", reviewer=reviewer,
                              on_close=_close_preview)


main()
