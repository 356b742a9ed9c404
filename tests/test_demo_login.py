"""The quick start's demo login ends for good once any account has existed, in every order of events.

The app's first start is what ``store_for`` does on an empty database: ``load_demo``. "The CLI" is
the operator (``review-app users``). Deleting accounts is done in SQL: review_app has no command
for it, so that is the only way a database loses its accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from review_app.review.demo import load_demo
from review_app.store import LoginError, PermissionDenied, Store, StoreError, User, accounts
from review_app.store.migrate import alembic_config
from tests.people import OP

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with small cost parameters: the tests are about the logic, not the hash's cost."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _app_starts(store: Store) -> None:
    """The app's first start on this database (``store_for``): the demo project when it has no project."""
    if not store.projects() and not store.projects(archived=True):
        load_demo(store)


def _delete_every_account(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM users"))


def _disable_every_account(store: Store) -> None:
    for info in store.users():
        if info.active and not info.demo and info.role != "admin":
            store.set_active(info.name, False, actor=OP)
    # The store refuses to disable the last active admin: the rest is a direct database edit.
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE users SET active = false WHERE NOT demo"))


def _demo_is_refused(store: Store, demo: User | None = None) -> None:
    """No demo login now: not offered, not created, and an old demo object acts no more."""
    assert not store.demo_login_allowed()
    with pytest.raises(PermissionDenied, match="demo login"):
        store.demo_user()
    if demo is not None:
        assert store.user(demo.id) is None  # a browser tab still holding it is signed out on its next run
        for admin_thing in (lambda: store.set_active("ada", True, actor=demo),
                            lambda: store.set_password("ada", "taken over by demo", actor=demo),
                            lambda: store.add_user("eve", "admin", password=PASSWORD, actor=demo),
                            lambda: store.set_status(store.segment_page(1).rows[0].id, "accepted", actor=demo)):
            with pytest.raises(PermissionDenied):
                admin_thing()


ENDINGS: dict[str, Callable[[Store], None]] = {
    "accounts kept": lambda store: None,
    "every account disabled": _disable_every_account,
    "every account deleted": _delete_every_account,
}


@pytest.mark.parametrize("ending", ENDINGS)
def test_cli_first_the_app_never_signs_anyone_in_as_demo(tmp_path: Path, ending: str) -> None:
    store = Store(str(tmp_path / "review.db"))
    store.add_user("ada", "admin", password=PASSWORD, actor=OP)  # before the app ever ran
    _app_starts(store)
    assert store.projects()  # the demo project is there to look at, with a sign-in
    _demo_is_refused(store)
    ENDINGS[ending](store)
    _demo_is_refused(store)
    assert store.accounts_existed()
    _app_starts(store)  # a restart changes nothing
    _demo_is_refused(store)


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("first_account", ["CLI with a password", "CLI without a password", "the demo admin"])
def test_app_first_the_demo_login_ends_with_the_first_account(tmp_path: Path, first_account: str,
                                                              ending: str) -> None:
    store = Store(str(tmp_path / "review.db"))
    _app_starts(store)
    assert store.demo_login_allowed()
    demo = store.demo_user()
    assert demo.demo and demo.role == "admin" and store.user(demo.id) == demo
    store.set_status(store.segment_page(1).rows[0].id, "accepted", actor=demo)  # the demo admin works
    creator = demo if first_account == "the demo admin" else OP  # the Team page, or review-app users add
    store.add_user("ada", "admin", password=None if "without" in first_account else PASSWORD, actor=creator)
    _demo_is_refused(store, demo)
    ENDINGS[ending](store)
    _demo_is_refused(store, demo)
    _app_starts(store)
    _demo_is_refused(store)


def test_the_demo_login_has_no_sign_in_sessions(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "review.db"))
    _app_starts(store)
    with pytest.raises(PermissionDenied, match="no sign-in sessions"):
        store.start_session(store.demo_user())


def test_the_demo_account_never_signs_in_with_a_password(tmp_path: Path) -> None:
    # With a password it would be an admin account that outlives the demo login.
    store = Store(str(tmp_path / "review.db"))
    _app_starts(store)
    demo = store.demo_user()
    with pytest.raises(StoreError, match="never has a password"):
        store.set_password("demo", PASSWORD, actor=OP)  # review-app users passwd demo
    hashed = accounts._HASHER.hash(PASSWORD)
    with store.engine.begin() as connection:  # or one written by an older review_app
        connection.execute(text("UPDATE users SET password_hash = :h WHERE id = :id"), {"h": hashed, "id": demo.id})
    with pytest.raises(LoginError, match="wrong name or password"):
        store.authenticate("demo", PASSWORD)


def test_only_the_quick_starts_database_has_the_demo_login(tmp_path: Path) -> None:
    # A database whose first project was not the demo (a script imported its own work) is no quick start.
    store = Store(str(tmp_path / "used.db"))
    store.create_project("Own work", "de", "en", actor=OP)
    _app_starts(store)
    load_demo(store)  # loading the demo project later does not make it one
    _demo_is_refused(store)


def test_review_app_demo_login_0_turns_it_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(str(tmp_path / "review.db"))
    _app_starts(store)
    demo = store.demo_user()
    monkeypatch.setenv("REVIEW_APP_DEMO_LOGIN", "0")
    assert not store.demo_login_allowed() and store.user(demo.id) is None
    with pytest.raises(PermissionDenied, match="demo login"):
        store.create_project("Q", "de", "en", actor=demo)  # an open tab of the demo admin included
    monkeypatch.setenv("REVIEW_APP_DEMO_LOGIN", "1")  # an off switch, not an on switch: back to the quick start
    assert store.demo_login_allowed()


def test_the_marker_is_recorded_on_every_database_and_postgresql_never_has_the_demo_login(store: Store) -> None:
    _app_starts(store)
    sqlite = store.engine.dialect.name == "sqlite"
    assert store.demo_login_allowed() is sqlite  # a PostgreSQL database is a deployment: no automatic admin
    assert not store.accounts_existed()
    store.add_user("ada", "admin", password=PASSWORD, actor=OP)
    store.add_user("bob", "reviewer", password=PASSWORD, actor=OP)  # a second account: the marker stays one row
    _disable_every_account(store)
    _delete_every_account(store)
    assert store.accounts_existed()
    with store.engine.connect() as connection:
        markers = dict(connection.execute(text("SELECT name, value FROM settings WHERE name <> 'session_key'")).all())
    assert set(markers) == ({"quick_start", "accounts_existed"} if sqlite else {"accounts_existed"})
    assert "account 'ada' created by tests" in markers["accounts_existed"]  # the first account, kept
    _demo_is_refused(store)


# --- databases made before the marker, downgraded, restored ---------------------------------------------


def _database_at_0005(url: str, *, demo: bool, account: str | None, add_user_event: bool) -> None:
    """A database at revision 0005 (before the marker) with the given accounts and events."""
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0005_archive")
        row = ("INSERT INTO users (name, role, password_hash, active, demo, failed_logins, created_at) "
               "VALUES (:name, 'admin', :hash, :active, :demo, 0, CURRENT_TIMESTAMP)")
        if demo:
            connection.execute(text(row), {"name": "demo", "hash": None, "active": True, "demo": True})
        if account == "disabled":
            connection.execute(text(row), {"name": "ada", "hash": "x", "active": False, "demo": False})
        if add_user_event:
            connection.execute(text("INSERT INTO events (at, actor, kind, before, after) "
                                    "VALUES (CURRENT_TIMESTAMP, 'operator', 'add-user', '{}', '{}')"))
    engine.dispose()


@pytest.mark.parametrize(("demo", "account", "add_user_event", "quick_start"), [
    (True, None, False, True),  # a quick start in demo use: it stays one
    (True, "disabled", True, False),  # the reported case: a CLI account, then every account disabled
    (True, None, True, False),  # its accounts were deleted, their creation is in the log
    (False, "disabled", True, False),
    (False, None, False, False),  # no demo account in use: nothing says it is the quick start's
])
def test_an_older_database_is_upgraded_with_its_marker(db_url: str, demo: bool, account: str | None,
                                                       add_user_event: bool, quick_start: bool) -> None:
    _database_at_0005(db_url, demo=demo, account=account, add_user_event=add_user_event)
    store = Store(db_url)
    sqlite = store.engine.dialect.name == "sqlite"
    assert store.accounts_existed() is (account is not None or add_user_event)
    assert store.demo_login_allowed() is (quick_start and sqlite)
    if not (quick_start and sqlite):
        _demo_is_refused(store)
    store.close()


def test_a_downgraded_database_keeps_its_marker(db_url: str) -> None:
    store = Store(db_url)
    _app_starts(store)
    store.add_user("ada", "admin", password=PASSWORD, actor=OP)
    _disable_every_account(store)
    _delete_every_account(store)
    store.close()
    engine = create_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005_archive")
    engine.dispose()
    store = Store(db_url)  # upgraded again on open
    assert store.accounts_existed()
    _demo_is_refused(store)
    store.close()
