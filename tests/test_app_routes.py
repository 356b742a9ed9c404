"""Links across roles (components/routes.py): every page keeps its path for every account, a page a role
does not have opens the closest one showing the same view, and a link opened signed out survives the sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from review_app.app.components.routes import BY_PATH, PAGES, START, closest, note
from review_app.store import Store
from tests.browser_helpers import APP
from tests.people import OP

SEGMENT = {"project": ["1"], "doc": ["1"], "seg": ["27"]}


@pytest.mark.parametrize("role", ["admin", "reviewer", "viewer"])
def test_every_path_opens_a_page_of_the_role(role: str) -> None:
    for spec in PAGES:
        target = closest(spec.path, role, SEGMENT)
        assert role in BY_PATH[target].roles
        if role in spec.roles:
            assert target == spec.path  # the same page for everyone who has it
    assert closest("", role, SEGMENT) == "review"  # an old link to the root that names a segment
    assert closest("", role, {}) == START[role]


def test_a_page_the_role_lacks_opens_the_closest_one_with_a_note() -> None:
    assert closest("my-work", "viewer", SEGMENT) == "review"
    assert closest("projects", "reviewer", {"project": ["1"]}) == "dashboard"
    assert closest("team", "reviewer", {}) == "my-work" and closest("team", "viewer", {}) == "dashboard"
    line = "My work is not a page for viewers: showing the same segment on Review instead."
    assert note("my-work", "viewer", SEGMENT) == line
    assert note("team", "viewer", {}).endswith("showing Dashboard instead.")


@pytest.fixture
def accounts(app_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo database with an admin, a reviewer and a viewer who sign in with passwords (cheap hashes)."""
    from argon2 import PasswordHasher

    from review_app.store import accounts as store_accounts

    monkeypatch.setattr(store_accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    store = Store(str(app_db))
    for name, role in (("ada", "admin"), ("rita", "reviewer"), ("vic", "viewer")):
        store.add_user(name, role, password=f"{name}-password", actor=OP)
    store.close()
    return app_db


def _signed_out_link(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query)
    return at.run()


def _sign_in(at: AppTest, name: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(f"{name}-password")
    return at.button[0].click().run()


@pytest.mark.usefixtures("accounts")
@pytest.mark.parametrize("name", ["ada", "rita", "vic"])
def test_a_segment_link_opened_signed_out_opens_the_segment_after_the_sign_in(name: str) -> None:
    at = _signed_out_link({"project": "1", "doc": "1", "seg": "27"})
    assert at.title[0].value == "Sign in"
    _sign_in(at, name)
    assert not at.exception
    assert at.title[0].value == "Review"  # not the role's start page (My work, Dashboard)
    assert any(m.value.startswith("**Segment 27**") for m in at.markdown)
    assert at.query_params["seg"] == "27" and at.query_params["doc"] == "1"
    if name != "ada":  # read-only where the role cannot change it
        assert at.warning[0].value.startswith(f"{name} is a viewer" if name == "vic" else "This document is not")


@pytest.mark.usefixtures("accounts")
def test_after_a_sign_out_the_next_account_starts_on_its_own_page() -> None:
    at = _signed_out_link({"project": "1", "doc": "1", "seg": "27"})
    _sign_in(at, "ada")
    assert at.title[0].value == "Review"
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == "Sign in" and not at.query_params  # the URL no longer shows ada's place
    _sign_in(at, "rita")
    assert at.title[0].value == "My work"


@pytest.mark.usefixtures("app_db")
@pytest.mark.parametrize("given", ["needs work", "needs_work"])  # the app's name; an older link's code
def test_a_link_names_statuses_as_the_app_does(given: str) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"project": "1", "doc": "1", "status": given})
    at.run()
    assert not at.exception
    assert at.multiselect(key="f_statuses").value == ["needs_work"]
    assert at.query_params["status"] == "needs work"  # written back with the name the filter shows
