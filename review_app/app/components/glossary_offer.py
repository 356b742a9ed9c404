"""Offer to add a term learned from the reference (a ``reference-term`` finding) to the project's glossary."""

from __future__ import annotations

import streamlit as st

from review_app.app.components.context import acting_account, guarded
from review_app.app.components.safe import md
from review_app.checks.learned import ReferenceDifference
from review_app.store import FindingInfo, SegmentRow, Store, User


def glossary_offer(store: Store, segment: SegmentRow, finding: FindingInfo, reviewer: User | None) -> None:
    """A button adding ``quote → suggestion`` to the glossary, for findings mined from the reference."""
    if finding.check != ReferenceDifference.id or not finding.suggestion:
        return
    project_id = store.document(segment.document_id).project_id
    if any(e.wrong == finding.quote for e in store.glossary(project_id)):
        st.caption(f"“{md(finding.quote)}” is in the project glossary.")
        return
    st.button(
        f"Add “{md(finding.quote)} → {md(finding.suggestion)}” to the project glossary",
        key=f"to-glossary-{finding.id}",
        disabled=reviewer is None or not reviewer.is_admin,
        on_click=_add_term, args=(store, project_id, finding, reviewer),
    )


def _add_term(store: Store, project_id: int, finding: FindingInfo, reviewer: User | None) -> None:
    """Callback: add ``quote → suggestion`` to the project's glossary."""
    who = acting_account(reviewer)
    if who is not None:
        guarded(lambda: store.add_glossary_term(project_id, finding.quote, finding.suggestion or "",
                                                "learned from the reference", actor=who),
                "added the term to the project glossary; the project's documents were re-checked")
