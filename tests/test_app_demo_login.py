"""What the app shows about the demo login in every order of events (AppTest of the entry point).

The store's rules are tested in tests/test_demo_login.py; here: which page a new browser gets, and
that a tab still signed in as the demo admin is signed out on its next run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from review_app.store import Store, accounts
from tests.browser_helpers import app_test
from tests.people import OP

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with small cost parameters (the sign-in logic is under test, not the hash's cost)."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The quick start's database, which does not exist yet: ``./review_app.db``, no ``REVIEW_APP_DB``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REVIEW_APP_DB", raising=False)
    return tmp_path / "review_app.db"


def _signed_in_as_demo(at: Any) -> bool:
    return at.title[0].value != "Sign in" and any("Demo login" in w.value for w in at.sidebar.warning)


def _sign_in_page(at: Any) -> bool:
    return not at.exception and at.title[0].value == "Sign in" and not at.sidebar.warning


def _disable_all(store: Store) -> None:
    # The store refuses to disable the last active admin, so the way there is a direct database edit.
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE users SET active = false WHERE NOT demo"))


def _delete_all(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM users"))


@pytest.mark.parametrize("end", [_disable_all, _delete_all], ids=["disabled", "deleted"])
def test_accounts_made_before_the_first_start_then_none_left_ask_for_a_sign_in(db: Path, end: Any) -> None:
    store = Store(str(db))
    store.add_user("ada", "admin", password=PASSWORD, actor=OP)  # review-app users add, before the app ran
    end(store)
    at = app_test("main", db, reviewer=None)
    assert _sign_in_page(at)
    assert "No account of this database can sign in" in at.info[0].value  # what to do instead
    assert at.code[0].value.startswith("review-app users add NAME --role admin")


def test_an_open_demo_tab_is_signed_out_once_an_account_exists(db: Path) -> None:
    at = app_test("main", db, reviewer=None)  # the quick start: the app's first start
    assert _signed_in_as_demo(at)
    store = Store(str(db))
    store.add_user("ada", "admin", password=PASSWORD, actor=OP)
    assert _sign_in_page(at.run())  # the same tab, next run
    _disable_all(store)
    assert _sign_in_page(at.run())
    assert _sign_in_page(app_test("main", db, reviewer=None))  # a new browser too


def test_the_demo_admin_creating_an_account_ends_the_demo_login(db: Path) -> None:
    at = app_test("main", db, reviewer=None)
    at.switch_page("views/team.py").run()
    at.text_input(key="team_name").input("ada")
    at.selectbox(key="team_role").set_value("admin")
    at.text_input(key="team_pw").input(PASSWORD)
    at.button[-1].click().run()  # the form's "Create account"
    assert [u.name for u in Store(str(db)).users() if not u.demo] == ["ada"]
    assert _sign_in_page(at)
    assert not [i for i in at.info if "No account" in i.value or "no accounts yet" in i.value]  # ada can sign in
