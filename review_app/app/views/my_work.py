"""My work: the signed-in reviewer's queue — the documents assigned to them, with progress — and,
for an admin, every reviewer's progress."""

from __future__ import annotations

import streamlit as st

from review_app.app.components import viewstate
from review_app.app.components.context import get_store, signed_in
from review_app.app.components.paging import PAGE_ITEMS, pager
from review_app.app.components.safe import md
from review_app.app.components.team import reviewer_progress


def _open(project_id: int, document_id: int) -> None:
    viewstate.open_document(document_id, project_id)
    st.session_state["open_review"] = True


def main() -> None:
    """Draw the page."""
    store = get_store()
    user = signed_in()
    if st.session_state.pop("open_review", False):
        st.switch_page("views/review.py")
    st.title("My work")
    total = store.assignment_count(user_id=user.id)
    if not total:
        if user.role == "reviewer":
            st.info("Nothing is assigned to you yet: an admin assigns documents on the Team page.")
        elif user.role == "viewer":
            st.info("Viewers read the Dashboard, the Review page and exports; nothing is assigned to them.")
    offset = pager(total, "my_work_page", "documents", size=PAGE_ITEMS)
    for item in store.assignments(user_id=user.id, offset=offset, limit=PAGE_ITEMS):
        with st.container(border=True):
            left, right = st.columns([5, 1], vertical_alignment="center")
            left.markdown(f"**{md(item.document)}** · {md(item.project)}")
            share = item.reviewed / item.segments if item.segments else 0.0
            left.progress(share, text=f"{item.reviewed} of {item.segments} segments reviewed")
            right.button("Open", key=f"open-{item.id}", type="primary", on_click=_open,
                         args=(item.project_id, item.document_id), width="stretch")
    if user.is_admin:
        st.subheader("Every reviewer", anchor=False)
        ids = [d.id for p in store.projects() for d in store.documents(p.id)]
        reviewer_progress(store, ids, "my_work_people_page")
        st.caption("Assign documents and create accounts on the Team page.")


main()
