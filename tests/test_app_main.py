"""The app's entry point in process (AppTest): navigation, the database setting, the demo on first start."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.app.components.context import db_setting
from review_app.app.components.safe import md
from review_app.cli import main, serve_cmd
from review_app.review.demo import DEMO_PROJECT
from review_app.store import Store
from tests.browser_helpers import app_test


def test_first_start_creates_the_database_with_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "fresh" / "review.db"
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    at = app_test("main", db, reviewer=None)
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


def test_reviewer_name_is_asked_once_per_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.db"
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    at = app_test("main", db, reviewer=None)
    at.sidebar.text_input(key="reviewer_input").input("  Dana  ")
    at.sidebar.button[0].click().run()
    assert at.session_state["reviewer"] == "Dana"
    at.switch_page("views/dashboard.py").run()
    assert any(m.value == "Reviewing as **Dana**" for m in at.sidebar.markdown)
    assert not [t for t in at.sidebar.text_input if t.key == "reviewer_input"]


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
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--port", "8765", "--headless"]) == 0
    cmd, env = calls[0]
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("review_app/app/main.py")
    assert cmd[cmd.index("--server.port") + 1] == "8765" and cmd[cmd.index("--server.headless") + 1] == "true"
    assert env["REVIEW_APP_DB"] == f"sqlite:///{tmp_path / 'x.db'}"


def test_a_link_opens_its_segment_and_filters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.browser_helpers import demo_db

    db = demo_db(tmp_path / "r.db")
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
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
