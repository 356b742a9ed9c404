"""The app's entry point in process (AppTest): navigation, the database setting, the demo on first start."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from review_app.app.components.context import db_setting
from review_app.app.components.routes import PAGES
from review_app.app.components.safe import md
from review_app.cli import main, serve_cmd
from review_app.review.demo import DEMO_PROJECT
from review_app.store import Store
from review_app.store.accounts import SIGN_IN_REFUSED
from tests.browser_helpers import app_test
from tests.people import OP


def test_first_start_creates_the_database_with_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.browser_helpers import APP

    # The quick start: no --db, no $REVIEW_APP_DB; the only database the app creates is ./review_app.db.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REVIEW_APP_DB", raising=False)
    db = tmp_path / "review_app.db"
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Review"  # the default page
    assert any(md(str(db)) in c.value for c in at.sidebar.caption)  # shown literally (escaped)
    store = Store(str(db))
    assert [p.name for p in store.projects()] == [DEMO_PROJECT] and store.projects()[0].segments == 48
    for page, title in (("views/projects.py", "Projects & import"), ("views/dashboard.py", "Dashboard"),
                        ("views/export.py", "Export"), ("views/compare.py", "Compare systems"),
                        ("views/history.py", "Run history"), ("views/review.py", "Review")):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title[0].value == title
    assert len(Store(str(db)).projects()) == 1  # loading the demo again changed nothing


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with small cost parameters (the sign-in logic is under test, not the hash's cost)."""
    from argon2 import PasswordHasher

    from review_app.store import accounts

    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _sign_in(at: object, name: str, password: str) -> object:
    at.text_input(key="login_name").input(name)  # type: ignore[attr-defined]
    at.text_input(key="login_password").input(password)  # type: ignore[attr-defined]
    return at.button[0].click().run()  # type: ignore[attr-defined]


def test_sign_in_by_role_and_sign_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_hashes: None) -> None:
    db = tmp_path / "team.db"
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    store = Store(str(db))
    for name, role in (("ada", "admin"), ("rita", "reviewer"), ("vic", "viewer")):
        store.add_user(name, role, password=f"{name}-password", actor=OP)
    at = app_test("main", db, reviewer=None)
    assert at.title[0].value == "Sign in" and not at.sidebar.button  # nothing else before signing in
    _sign_in(at, "rita", "wrong password")
    assert at.error[0].value == SIGN_IN_REFUSED
    _sign_in(at, "rita", "rita-password")
    assert not at.exception and at.title[0].value == "My work"  # a reviewer starts on their queue
    assert "Nothing is assigned to you yet" in at.info[0].value
    assert any(m.value == "Signed in as **rita** · reviewer" for m in at.sidebar.markdown)
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == "Sign in"
    _sign_in(at, "vic", "vic-password")
    assert at.title[0].value == "Dashboard"  # a viewer starts on the dashboard
    at.switch_page("views/review.py").run()
    assert "vic is a viewer" in at.warning[0].value


def test_first_start_without_accounts_explains_the_first_admin(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "deployed.db"
    Store(str(db)).close()  # as `review-app db init` makes it
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    monkeypatch.setenv("REVIEW_APP_DEMO_LOGIN", "0")  # as on a PostgreSQL database
    at = app_test("main", db, reviewer=None)
    assert at.title[0].value == "Sign in"
    assert "no accounts yet" in at.info[0].value
    assert at.code[0].value == f"review-app users add NAME --role admin --db '{db}'"
    _sign_in(at, "demo", "")
    assert at.error[0].value == SIGN_IN_REFUSED  # the demo account has no password


def test_demo_login_is_labelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.db"
    Store(str(db)).close()
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    at = app_test("main", db, reviewer=None)
    assert at.title[0].value == "Review"
    assert "Demo login" in at.sidebar.warning[0].value


def test_database_setting_from_command_line_environment_and_default(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REVIEW_APP_DB", raising=False)
    assert db_setting([]) == f"sqlite:///{tmp_path / 'review_app.db'}"
    monkeypatch.setenv("REVIEW_APP_DB", "env.db")
    assert db_setting([]) == f"sqlite:///{tmp_path / 'env.db'}"
    assert db_setting(["--db", "cli.db"]) == f"sqlite:///{tmp_path / 'cli.db'}"
    assert db_setting(["--db=postgresql+psycopg://u@h/db"]) == "postgresql+psycopg://u@h/db"


def test_serve_command_runs_streamlit_on_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: calls.append((cmd, env)) or 0)
    Store(str(tmp_path / "x.db")).close()
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--port", "8765", "--headless"]) == 0
    cmd, env = calls[0]
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("review_app/app/serve_app.py")
    assert cmd[cmd.index("--server.port") + 1] == "8765" and cmd[cmd.index("--server.headless") + 1] == "true"
    assert env["REVIEW_APP_DB"] == f"sqlite:///{tmp_path / 'x.db'}"
    # One rerun at a time per session: a click must not run its callbacks beside the previous run's.
    assert cmd[cmd.index("--runner.fastReruns") + 1] == "false"


def test_streamlit_run_from_the_repository_has_one_rerun_at_a_time() -> None:
    # The quick start runs `streamlit run` directly, which reads the repository's config file.
    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["fastReruns"] is False


@pytest.mark.usefixtures("app_db")  # the page opens the demo database
def test_a_link_opens_its_segment_and_filters() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.browser_helpers import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"project": "1", "doc": "1", "seg": "27", "q": "—", "open": "1", "severity": "minor"})
    at.run()
    assert not at.exception
    assert any(m.value.startswith("**Segment 27**") for m in at.markdown)
    assert at.text_input(key="f_text").value == "—" and at.toggle(key="f_open").value
    assert at.multiselect(key="f_severities").value == ["minor"]
    at.button(key="next_segment").click().run()
    assert at.query_params["seg"] == "35" and at.query_params["q"] == "—"  # the next minor dash ("four—hour")


def test_the_deleted_filter_lives_in_the_url(app_db: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.browser_helpers import APP
    from tests.people import person

    store = Store(str(app_db))
    rows = store.segment_page(1, limit=10).rows
    store.edit_corrected(rows[1].id, "", actor=person(store, "Ann"))  # segment 2 deleted
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["auth_user"] = person(store, "Ann")  # an account exists: no demo login
    at.query_params.update({"project": "1", "doc": "1", "deleted": "only"})
    at.run()
    assert not at.exception
    assert at.button_group(key="f_deleted").value == "only"
    assert [b.label for b in at.button if b.key and b.key.startswith("list-open-")] == ["2"]
    at.button_group(key="f_deleted").set_value("hide").run()
    assert at.query_params["deleted"] == "hide"
    at.button_group(key="f_deleted").set_value("all").run()
    assert "deleted" not in at.query_params  # the default is left out of the URL


@pytest.mark.parametrize("role", ["admin", "reviewer", "viewer"])
def test_every_page_shows_who_is_signed_in_and_the_sign_out(app_db: Path, role: str) -> None:
    """The account box is drawn by the app for every page a role may open, not by each page (four pages had
    none: a reviewer on the Document, Findings, Compare or History page could not sign out there)."""
    at = app_test("main", app_db, reviewer="sam", role=role)
    for spec in (p for p in PAGES if role in p.roles):
        at.switch_page(f"views/{spec.script}").run()
        assert not at.exception, (spec.path, [e.value for e in at.exception])
        assert [m.value for m in at.sidebar.markdown if m.value.startswith("Signed in as")] == \
            [f"Signed in as **sam** · {role}"], spec.path
        assert at.sidebar.button(key="sign_out"), spec.path
