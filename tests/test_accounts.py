"""Accounts, sign-in throttling, sessions, and roles enforced by the store itself (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.settings import SettingError
from review_app.store import (
    LoginError,
    NewRun,
    Operator,
    PermissionDenied,
    SegmentChange,
    Store,
    StoreError,
    User,
    accounts,
)
from review_app.store.accounts import LOCK_SECONDS, MAX_FAILURES
from review_app.store.models import utcnow
from review_app.text.propagate import PhraseEdit
from tests.people import OP

PASSWORD = "correct horse battery"


def _segments() -> list[AlignedSegment]:
    segments = [AlignedSegment(mt=m, ref=r, src=None, mt_ids=[0], ref_ids=[0])
                for m, r in (("A long—awaited day.", "A long-awaited day."), ("Hello.", "Hello there."))]
    add_sentence_scores(segments)
    return segments


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with small cost parameters: the tests are about the logic, not the hash's cost."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def team(store: Store) -> dict[str, User]:
    """An admin, two reviewers (rita has document 1, rob nothing), a viewer; each with a password."""
    users = {name: store.add_user(name, role, password=PASSWORD, actor=OP)
             for name, role in (("ada", "admin"), ("rita", "reviewer"), ("rob", "reviewer"), ("vic", "viewer"))}
    project = store.create_project("P", "ru", "en", actor=users["ada"])
    store.add_document(project.id, "assigned", _segments(), actor=users["ada"])
    store.add_document(project.id, "other", _segments(), actor=users["ada"])
    store.assign(1, "rita", actor=users["ada"])
    return users


def _run(name: str) -> NewRun:
    return NewRun(name=name, project="P", system="S", documents=1, segments=2, scored_segments=2, passed=True,
                  scores={}, findings={}, gates={}, inputs={}, settings={}, segments_digest="")


def _seg(store: Store, document_id: int, position: int = 0) -> int:
    return store.segment_page(document_id).rows[position].id


# --- accounts and sign-in ----------------------------------------------------------------------


def test_passwords_are_argon2_hashes_and_sign_in_works(store: Store, team: dict[str, User]) -> None:
    with store.engine.connect() as connection:
        hashes = [h for (h,) in connection.exec_driver_sql("SELECT password_hash FROM users")]
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert store.authenticate("rita", PASSWORD) == team["rita"]
    with pytest.raises(LoginError, match="wrong name or password"):
        store.authenticate("rita", "wrong password")
    with pytest.raises(LoginError, match="wrong name or password"):
        store.authenticate("nobody", PASSWORD)  # the same answer: names are not revealed


def test_account_input_is_checked(store: Store, team: dict[str, User]) -> None:
    with pytest.raises(StoreError, match="already exists"):
        store.add_user("rita", "viewer", password=PASSWORD, actor=OP)
    with pytest.raises(StoreError, match="at least 8"):
        store.add_user("tom", "viewer", password="short", actor=OP)
    with pytest.raises(StoreError, match="unknown role"):
        store.add_user("tom", "owner", password=PASSWORD, actor=OP)
    with pytest.raises(StoreError, match="not a usable account name"):
        store.add_user("two words", "viewer", password=PASSWORD, actor=OP)
    assert [u.name for u in store.users()] == ["ada", "rita", "rob", "vic"]


def test_failed_sign_ins_lock_the_account_for_a_while(store: Store, team: dict[str, User]) -> None:
    now = utcnow()
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginError, match="wrong name or password"):
            store.authenticate("rita", "guess", now=now)
    with pytest.raises(LoginError, match="wrong name or password") as refused:  # the answer reveals no lock
        store.authenticate("rita", PASSWORD, now=now + timedelta(seconds=LOCK_SECONDS - 1))  # even the right one
    assert refused.value.reason.startswith("locked until")
    assert store.authenticate("ada", PASSWORD, now=now) == team["ada"]  # per account: others are unaffected
    assert store.authenticate("rita", PASSWORD, now=now + timedelta(seconds=LOCK_SECONDS + 1)) == team["rita"]
    # Success resets the count; failing again locks again, and each further failure doubles the lock.
    later = now + timedelta(minutes=5)
    for _ in range(MAX_FAILURES + 1):
        with pytest.raises(LoginError):
            store.authenticate("rita", "guess", now=later + timedelta(seconds=LOCK_SECONDS * 4))
    locked = next(u for u in store.users() if u.name == "rita").locked_until
    assert locked is not None and locked - (later + timedelta(seconds=LOCK_SECONDS * 4)) == timedelta(
        seconds=LOCK_SECONDS)


class _CountingHasher(PasswordHasher):
    """argon2id with small costs that counts its verifications (the work a sign-in does, not its time)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(hash, password)


def test_every_sign_in_does_the_same_work_and_gets_the_same_answer(
        store: Store, team: dict[str, User], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    store.add_user("nopass", "viewer", password=None, actor=OP)
    store.set_active("vic", False, actor=team["ada"])
    now = utcnow()
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginError):
            store.authenticate("rob", "guess", now=now)
    hasher = _CountingHasher()
    monkeypatch.setattr(accounts, "_HASHER", hasher)
    attempts = {  # (name, password) -> what the log says, never the page
        ("nobody", PASSWORD): "no such account",
        ("nopass", ""): "cannot sign in with a password",
        ("rita", "guess"): "wrong password, 1 in a row",
        ("rob", PASSWORD): "locked until",
        ("rob", "guess"): "locked until",
        ("vic", PASSWORD): "disabled (the password was right)",
        ("vic", "guess"): "wrong password",
    }
    caplog.set_level("WARNING", logger="review_app.store.accounts")
    for (name, password), reason in attempts.items():
        before = hasher.verified
        with pytest.raises(LoginError) as refused:
            store.authenticate(name, password, now=now + timedelta(seconds=1))
        assert hasher.verified == before + 1, (name, password)  # one argon2 verification, whatever the case
        assert str(refused.value) == accounts.SIGN_IN_REFUSED and reason in refused.value.reason
        assert f"sign-in refused for {name!r}: " in caplog.records[-1].getMessage()
        assert reason in caplog.records[-1].getMessage()
    before = hasher.verified
    assert store.authenticate("ada", PASSWORD) == team["ada"] and hasher.verified == before + 1
    # The lock itself stays: rob's right password is refused until it expires, then accepted.
    assert store.authenticate("rob", PASSWORD, now=now + timedelta(seconds=LOCK_SECONDS + 1)) == team["rob"]


def test_disabled_accounts_cannot_sign_in_or_act(store: Store, team: dict[str, User]) -> None:
    token = store.start_session(team["rita"])
    store.set_active("rita", False, actor=team["ada"])
    with pytest.raises(LoginError, match="wrong name or password") as refused:  # not "disabled": that would
        store.authenticate("rita", PASSWORD)  # confirm the password to whoever typed it
    assert refused.value.reason == "the account is disabled (the password was right)"
    assert store.session_user(token) is None
    with pytest.raises(PermissionDenied, match="disabled"):
        store.set_status(_seg(store, 1), "accepted", actor=team["rita"])  # an old object is not enough
    with pytest.raises(StoreError, match="your own account"):
        store.set_active("ada", False, actor=team["ada"])


def test_a_role_change_applies_at_once_and_is_logged(store: Store, team: dict[str, User]) -> None:
    token = store.start_session(team["rita"])
    assert store.set_role("rita", "viewer", actor=team["ada"]) is True
    assert store.session_user(token) == User(team["rita"].id, "rita", "viewer")  # signed in still, as a viewer
    with pytest.raises(PermissionDenied, match="rita is a viewer"):
        store.set_status(_seg(store, 1), "accepted", actor=team["rita"])  # her old object says reviewer
    event = store.events(limit=1)[0]
    assert (event.actor, event.kind, event.before, event.after) == (
        "ada", "set-role", {"name": "rita", "role": "reviewer"}, {"name": "rita", "role": "viewer"})
    assert store.set_role("rita", "viewer", actor=team["ada"]) is False  # unchanged: no event
    assert store.events(limit=1)[0].id == event.id
    store.set_role("rita", "reviewer", actor=OP)
    store.set_status(_seg(store, 1), "accepted", actor=team["rita"])  # her assignment was kept
    with pytest.raises(StoreError, match="unknown role 'owner'"):
        store.set_role("rita", "owner", actor=team["ada"])
    with pytest.raises(StoreError, match="no account named 'nobody'"):
        store.set_role("nobody", "viewer", actor=team["ada"])


def test_the_last_active_admin_keeps_the_role(store: Store, team: dict[str, User]) -> None:
    events = len(store.events())
    refused = "it is the last active admin"
    with pytest.raises(StoreError, match=f"ada cannot become a reviewer: {refused}"):
        store.set_role("ada", "reviewer", actor=team["ada"])
    with pytest.raises(StoreError, match=f"ada cannot become a viewer: {refused}"):
        store.set_role("ada", "viewer", actor=OP)  # the operator neither: the app would have no admin
    with pytest.raises(StoreError, match=f"ada cannot be disabled: {refused}"):
        store.set_active("ada", False, actor=OP)
    assert len(store.events()) == events and next(u.role for u in store.users() if u.name == "ada") == "admin"
    store.set_role("vic", "admin", actor=team["ada"])
    store.set_role("ada", "reviewer", actor=team["ada"])  # another admin now: allowed, even one's own
    with pytest.raises(PermissionDenied, match="changing a role needs an admin; ada is a reviewer"):
        store.set_role("ada", "admin", actor=team["ada"])
    with pytest.raises(StoreError, match=f"vic cannot be disabled: {refused}"):
        store.set_active("vic", False, actor=OP)


# --- sessions ----------------------------------------------------------------------------------


def test_sessions_are_signed_expire_and_are_revoked(store: Store, team: dict[str, User]) -> None:
    now = utcnow()
    token = store.start_session(team["rob"], lifetime=timedelta(hours=2), now=now)
    assert store.session_user(token) == team["rob"]
    secret, expiry, signature = token.split(".")
    assert store.session_user(f"{secret}.{int(expiry) + 3600}.{signature}") is None  # a longer life, forged
    assert store.session_user(f"{secret}.{expiry}.{'0' * len(signature)}") is None
    assert store.session_user("garbage") is None and store.session_user(None) is None
    assert store.session_user(token, now=now + timedelta(hours=2, seconds=1)) is None  # expired
    other = store.start_session(team["rob"])
    store.end_session(token)
    assert store.session_user(token) is None  # signed out
    assert store.session_user(other) == team["rob"]  # another browser stays signed in
    store.set_password("rob", "a new long password", actor=team["rob"])
    assert store.session_user(other) is None  # a new password ends every session


def test_session_lifetime_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.store.accounts import session_lifetime

    monkeypatch.setenv("REVIEW_APP_SESSION_HOURS", "0.5")
    assert session_lifetime() == timedelta(minutes=30)
    monkeypatch.setenv("REVIEW_APP_SESSION_HOURS", "forever")
    with pytest.raises(SettingError, match="REVIEW_APP_SESSION_HOURS"):  # checked at start: see test_settings
        session_lifetime()


# --- roles, enforced by the store ---------------------------------------------------------------


def _every_change(store: Store, document_id: int) -> dict[str, Callable[[User], object]]:
    """Each write method of the store, called on the given document as some user."""
    seg = _seg(store, document_id)
    return {
        "edit": lambda u: store.edit_corrected(seg, "Changed.", actor=u),
        "status": lambda u: store.set_status(seg, "accepted", actor=u),
        "annotate": lambda u: store.add_annotation(seg, category="Fluency/Grammar", severity="minor", actor=u),
        "undo": lambda u: store.undo_last(seg, actor=u),
        "comment": lambda u: store.add_comment(seg, "A question.", actor=u),
        "batch": lambda u: store.apply_batch([SegmentChange(seg, status="accepted")], actor=u),
        "everywhere": lambda u: store.apply_plan(store.plan_edit(document_id, PhraseEdit("Hello", "Hi")), actor=u),
        "glossary": lambda u: store.add_glossary_term(1, "long—awaited", "long-awaited", actor=u),
        "record-run": lambda u: store.record_run(_run(f"run-{u.name}"), actor=u),
        "create-project": lambda u: store.create_project(f"Q-{u.name}", "ru", "en", actor=u),
        "import": lambda u: store.add_document(1, f"new-{u.name}", _segments(), actor=u),
        "add-user": lambda u: store.add_user(f"x-{u.name}", "viewer", password=PASSWORD, actor=u),
        "assign": lambda u: store.assign(2, "rob", actor=u),
        "disable": lambda u: store.set_active("rob", False, actor=u),
        "role": lambda u: store.set_role("rob", "viewer", actor=u),
        "password": lambda u: store.set_password("rob", "another password", actor=u),
    }


def test_a_viewer_can_change_nothing(store: Store, team: dict[str, User]) -> None:
    before = store.data_version()
    for name, change in _every_change(store, 1).items():
        with pytest.raises(PermissionDenied):
            change(team["vic"])
        assert store.data_version() == before, name
    assert not store.can_edit(team["vic"], 1)
    assert store.segment_page(1).total == 2  # reading is fine


def test_a_reviewer_changes_only_assigned_documents(store: Store, team: dict[str, User]) -> None:
    rita, rob = team["rita"], team["rob"]
    assert store.can_edit(rita, 1) and not store.can_edit(rita, 2) and not store.can_edit(rob, 1)
    for name in ("edit", "status", "annotate", "comment", "batch", "everywhere"):
        with pytest.raises(PermissionDenied, match="not assigned to rob"):
            _every_change(store, 1)[name](rob)
        with pytest.raises(PermissionDenied, match="not assigned to rita"):
            _every_change(store, 2)[name](rita)
    for name in ("create-project", "import", "add-user", "assign", "disable", "role", "glossary", "record-run"):
        with pytest.raises(PermissionDenied, match="needs an admin; rita is a reviewer"):
            _every_change(store, 1)[name](rita)
    with pytest.raises(PermissionDenied, match="needs an admin"):
        store.set_password("rob", "another password", actor=rita)
    result = store.edit_corrected(_seg(store, 1), "Rita's text.", actor=rita)
    event = store.events(segment_id=_seg(store, 1))[0]
    assert (event.actor, event.kind, event.id) == ("rita", "edit", result.event_id)
    with store.engine.connect() as connection:
        user_id = connection.exec_driver_sql(f"SELECT user_id FROM events WHERE id = {result.event_id}").scalar()
    assert user_id == rita.id  # the account, not only a name
    segment = store.segment_detail(_seg(store, 1)).segment
    assert segment.updated_by == "rita"


def test_undo_of_someone_elses_change_needs_an_admin(store: Store, team: dict[str, User]) -> None:
    store.assign(1, "rob", actor=team["ada"])
    seg = _seg(store, 1)
    store.edit_corrected(seg, "Rita's text.", actor=team["rita"])
    with pytest.raises(PermissionDenied, match=r"edit, .* was rita's: undoing someone else's change needs an admin"):
        store.undo_last(seg, actor=team["rob"])
    store.set_status(seg, "corrected", actor=team["rob"])
    assert store.undo_last(seg, actor=team["rob"]).message == "undid the status change"  # their own: fine
    result = store.undo_last(seg, actor=team["ada"])
    assert result.message == "undid the edit (a change by rita)"
    assert store.segment_detail(seg).segment.corrected == "A long—awaited day."
    store.add_annotation(seg, category="Fluency/Grammar", severity="minor", actor=team["rita"])
    annotation = store.segment_detail(seg).annotations[0]
    with pytest.raises(PermissionDenied, match="rita's: deleting someone else's annotation needs an admin"):
        store.delete_annotation(annotation.id, actor=team["rob"])
    store.delete_annotation(annotation.id, actor=team["ada"])


def test_undo_of_someone_elses_batch_needs_an_admin(store: Store, team: dict[str, User]) -> None:
    store.assign(1, "rob", actor=team["ada"])
    segs = [_seg(store, 1, 0), _seg(store, 1, 1)]
    batch = store.apply_batch([SegmentChange(s, status="accepted") for s in segs], actor=team["rita"])
    edits = store.apply_plan(store.plan_edit(1, PhraseEdit("Hello", "Hi")), actor=team["rita"])
    before = store.data_version()
    with pytest.raises(PermissionDenied, match="rita's: undoing someone else's change needs an admin"):
        store.undo_batch(edits.batch_id, actor=team["rob"])
    with pytest.raises(PermissionDenied, match="rita's: undoing someone else's change needs an admin"):
        store.undo_batch(batch.batch_id, actor=team["rob"])
    with pytest.raises(PermissionDenied, match="a viewer cannot change anything"):
        store.undo_batch(batch.batch_id, actor=team["vic"])
    assert store.data_version() == before
    store.undo_batch(edits.batch_id, actor=team["rita"])  # their own: fine
    store.undo_batch(batch.batch_id, actor=team["ada"])  # an admin: anyone's
    assert [store.segment_detail(s).segment.status for s in segs] == ["todo", "todo"]
    store.add_comment(segs[0], " Why? ", actor=team["rob"])
    [comment] = store.comments([segs[0]])[segs[0]]
    assert (comment.author, comment.text) == ("rob", "Why?")
    assert store.record_run(_run("nightly"), actor=OP).name == "nightly"


def test_assignments_and_progress(store: Store, team: dict[str, User]) -> None:
    store.assign(1, "rita", actor=team["ada"])  # twice: no duplicate
    with pytest.raises(StoreError, match="not an active reviewer"):
        store.assign(1, "vic", actor=team["ada"])
    store.set_status(_seg(store, 1), "accepted", actor=team["rita"])
    (work,) = store.assignments(user_id=team["rita"].id)
    assert (work.document, work.project, work.user, work.assigned_by, work.segments, work.reviewed) == (
        "assigned", "P", "rita", "ada", 2, 1)
    other = next(r.id for r in store.segment_page(1, limit=10).rows if r.id != _seg(store, 1))
    store.edit_corrected(other, "", actor=team["rita"])  # deleted in the correction: it leaves both counts
    (work,) = store.assignments(user_id=team["rita"].id)
    assert (work.segments, work.reviewed) == (1, 1)
    store.unassign(1, "rita", actor=team["ada"])
    assert store.assignments(user_id=team["rita"].id) == []
    with pytest.raises(PermissionDenied, match="not assigned to rita"):
        store.set_status(_seg(store, 1), "todo", actor=team["rita"])
    kinds = [e.kind for e in store.events(document_id=1)]
    assert kinds[:4] == ["unassign", "edit", "status", "assign"]


def test_the_store_says_who_can_be_assigned(store: Store, team: dict[str, User]) -> None:
    """``assignable``: the accounts ``assign`` accepts (active reviewers), for the Team page's picker."""
    assert store.assignable() == ["rita", "rob"]
    store.set_active("rob", False, actor=team["ada"])
    assert store.assignable() == ["rita"]
    with pytest.raises(StoreError, match="not an active reviewer"):
        store.assign(2, "rob", actor=team["ada"])
    store.set_role("vic", "reviewer", actor=team["ada"])
    assert store.assignable() == ["rita", "vic"]
    store.assign(2, "vic", actor=team["ada"])


def test_the_operator_is_trusted_and_named(store: Store) -> None:
    project = store.create_project("P", "ru", "en", actor=Operator("setup script"))
    assert store.events(limit=1)[0].actor == "setup script" and project.name == "P"
