"""Team (admins): people waiting for access (single sign-on), accounts, their roles and e-mails, document
assignments, and the activity log of who did what."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.app.components.context import flash, get_store, guarded, show_flash, signed_in
from review_app.app.components.login import sso_ready
from review_app.app.components.paging import PAGE_ROWS, pager
from review_app.app.components.safe import md
from review_app.app.components.team import activity_log
from review_app.store import Store, User, UserInfo
from review_app.vocab import NO_VALUE, ROLE_LABELS, ROLES


def _add_account(store: Store, admin: User) -> None:
    state = st.session_state
    name, role, password = state.get("team_name", ""), state.get("team_role", "reviewer"), state.get("team_pw", "")
    email = state.get("team_email", "").strip()
    # With single sign-on an account needs no password: it signs in through the provider with its e-mail.
    created = guarded(lambda: store.add_user(name, role, password=password or (None if sso_ready() else ""),
                                             actor=admin), f"Created {role} {name.strip()}")
    if created and email:
        guarded(lambda: store.set_email(created.name, email, actor=admin), f"Set the e-mail of {created.name}")
    if created:
        state["team_name"] = state["team_email"] = ""
    state["team_pw"] = ""


def _set_email(store: Store, admin: User) -> None:
    state = st.session_state
    name, email = state.get("team_email_user", ""), state.get("team_email_new", "")
    def set_email() -> bool:
        store.set_email(name, email, actor=admin)
        return True  # a result for guarded: done

    if guarded(set_email,
               f"Set the e-mail of {name}" if email.strip() else f"Removed the e-mail of {name}"):
        state["team_email_new"] = ""


def _grant(store: Store, admin: User) -> None:
    state = st.session_state
    identity_id, role, name = state.get("grant_who"), state.get("grant_role", "reviewer"), state.get("grant_name", "")
    if identity_id is None:
        return
    granted = guarded(lambda: store.grant_identity(int(identity_id), role, name=name, actor=admin))
    if granted:
        flash("success", f"Granted {granted.name} the {role} role: they are in from their next click")
        state["grant_name"] = ""


def _waiting(store: Store, admin: User) -> None:
    """People the identity provider signed in whom no account knows yet: an admin grants them a role."""
    waiting = store.identity_count(pending=True)
    if not waiting and not sso_ready():
        return
    st.subheader("People waiting for access", anchor=False)
    pending = store.identities(pending=True, offset=pager(waiting, "grant_page", "people waiting"), limit=PAGE_ROWS)
    if not pending:
        st.caption("Nobody is waiting. Someone who signs in through single sign-on with an e-mail no account has "
                   "appears here; an account with that e-mail is linked at its first sign-in instead.")
        return
    st.dataframe(pd.DataFrame([{"e-mail": i.email or NO_VALUE, "name": i.name or NO_VALUE, "provider": i.issuer,
                                "first seen (UTC)": f"{i.first_seen_at:%Y-%m-%d %H:%M}",
                                "last seen (UTC)": f"{i.last_seen_at:%Y-%m-%d %H:%M}"} for i in pending]),
                 hide_index=True, width="stretch")
    labels = {i.id: i.email or f"{i.name or i.subject} ({i.subject})" for i in pending}
    with st.form("team_grant", border=True):
        left, middle, right = st.columns(3)
        left.selectbox("Person", list(labels), format_func=labels.__getitem__, key="grant_who")
        middle.selectbox("Role", ROLES, index=1, key="grant_role", format_func=lambda r: ROLE_LABELS[r])
        right.text_input("Account name (empty: from the e-mail)", key="grant_name")
        st.form_submit_button("Grant access", type="primary", on_click=_grant, args=(store, admin))


def _accounts(store: Store, admin: User) -> None:
    st.subheader("Accounts", anchor=False)
    # The demo account is not listed; the pickers below offer the accounts of the page shown.
    users = store.users(demo=False, offset=pager(store.user_count(demo=False), "team_page", "accounts"),
                        limit=PAGE_ROWS)
    st.dataframe(pd.DataFrame([{"name": u.name, "role": u.role, "state": "active" if u.active else "disabled",
                                "e-mail": u.email or NO_VALUE,
                                "last sign-in (UTC)": u.last_login_at.strftime("%Y-%m-%d %H:%M")
                                if u.last_login_at else "never"} for u in users]),
                 hide_index=True, width="stretch")
    with st.form("team_new_account", border=True):
        left, middle, right, email = st.columns(4)
        left.text_input("Name", key="team_name")
        middle.selectbox("Role", ROLES, index=1, key="team_role", format_func=lambda r: ROLE_LABELS[r])
        right.text_input("Password (at least 8 characters)" + (", or none" if sso_ready() else ""),
                         type="password", key="team_pw", autocomplete="new-password")
        email.text_input("E-mail (single sign-on, optional)", key="team_email")
        st.form_submit_button("Create account", type="primary", on_click=_add_account, args=(store, admin))
    _role_change(store, admin, users)
    _email_change(users, store, admin)
    others = [u for u in users if u.id != admin.id]
    if others:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox("Disable or enable an account", [u.name for u in others], key="team_toggle")
        target = next(u for u in others if u.name == chosen)
        right.button("Disable" if target.active else "Enable", key="team_toggle_button", width="stretch",
                     on_click=lambda: guarded(lambda: store.set_active(target.name, not target.active, actor=admin),
                                              f"{'Disabled' if target.active else 'Enabled'} {target.name}"))


def _change_role(store: Store, admin: User) -> None:
    """Callback: give the chosen account the chosen role (the store refuses demoting the last admin)."""
    state = st.session_state
    name = state.get("team_role_user", "")
    role = state.get(_new_role_key(name), "")
    guarded(lambda: store.set_role(name, role, actor=admin), f"Changed the role of {name} to {role}")


def _new_role_key(name: str) -> str:
    return f"team_role_new-{name}"  # one per account, so the picker starts at that account's role


def _role_change(store: Store, admin: User, accounts: list[UserInfo]) -> None:
    """Pick an account and its new role; the change applies from the account's next click."""
    if not accounts:
        return
    left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Change the role of", [u.name for u in accounts], key="team_role_user")
    target = next(u for u in accounts if u.name == chosen)
    role = middle.selectbox("New role", ROLES, index=ROLES.index(target.role), key=_new_role_key(target.name),
                            format_func=lambda r: ROLE_LABELS[r])
    right.button("Change role", key="team_role_button", width="stretch", disabled=role == target.role,
                 on_click=_change_role, args=(store, admin))


def _email_change(accounts: list[UserInfo], store: Store, admin: User) -> None:
    """Set or remove an account's e-mail: a first single sign-on with that verified address links the account."""
    if not accounts:
        return
    left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
    left.selectbox("Set the e-mail of", [u.name for u in accounts], key="team_email_user")
    middle.text_input("E-mail (empty: none)", key="team_email_new")
    right.button("Set e-mail", key="team_email_button", width="stretch", on_click=_set_email, args=(store, admin))




def _assignments(store: Store, admin: User) -> None:
    st.subheader("Assignments", anchor=False)
    reviewers = store.assignable()
    documents = {d.id: f"{p.name} / {d.name}" for p in store.projects() for d in store.documents(p.id)}
    if not reviewers or not documents:
        st.caption("Create a reviewer account (and import a document) to assign work.")
    else:
        left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
        document_id = left.selectbox("Document", list(documents), format_func=documents.__getitem__, key="as_doc")
        reviewer = middle.selectbox("Reviewer", reviewers, key="as_reviewer")
        right.button("Assign", type="primary", key="as_button", width="stretch",
                     on_click=lambda: guarded(lambda: store.assign(document_id, reviewer, actor=admin),
                                              f"Assigned {documents[document_id]} to {reviewer}"))
    offset = pager(store.assignment_count(), "as_page", "assignments")
    work = store.assignments(offset=offset, limit=PAGE_ROWS)
    if work:
        st.dataframe(pd.DataFrame([{"reviewer": a.user, "project": a.project, "document": a.document,
                                    "reviewed": f"{a.reviewed} / {a.segments}", "assigned by": a.assigned_by,
                                    "assigned (UTC)": a.created_at.strftime("%Y-%m-%d %H:%M")} for a in work]),
                     hide_index=True, width="stretch")
        labels = {a.id: f"{a.user}: {a.project} / {a.document}" for a in work}
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox("Remove an assignment", list(labels), format_func=labels.__getitem__, key="un_pick")
        item = next(a for a in work if a.id == chosen)
        right.button("Unassign", key="un_button", width="stretch",
                     on_click=lambda: guarded(lambda: store.unassign(item.document_id, item.user, actor=admin),
                                              f"Unassigned {labels[item.id]}"))


def main() -> None:
    """Draw the page (admins only; the store refuses everyone else's changes anyway)."""
    store = get_store()
    user = signed_in()
    st.title("Team")
    if not user.is_admin:
        st.error(f"The Team page is for admins; {md(user.name)} is a {user.role}.")
        return
    show_flash()
    _waiting(store, user)
    _accounts(store, user)
    _assignments(store, user)
    st.subheader("Activity: who did what", anchor=False)
    activity_log(store)


main()
