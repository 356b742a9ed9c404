"""Environment settings: each checked at start by the CLI, ``serve`` and the app (one line naming it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from review_app.cli import main, serve_cmd

PACKAGE = Path(__file__).resolve().parent.parent / "review_app"
DEPLOYMENT = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"

# (variable, a value it refuses, words of what it accepts)
BAD = [
    ("REVIEW_APP_DB", "postgresql+nosuchdriver://u@h/db", "a SQLite file path or a SQLAlchemy database URL"),
    ("REVIEW_APP_DB", "nosuchdb://u@h/db", "a SQLite file path or a SQLAlchemy database URL"),
    ("REVIEW_APP_SESSION_HOURS", "forever", "a number of hours above 0 and at most 2160"),
    ("REVIEW_APP_SESSION_HOURS", "0", "a number of hours above 0 and at most 2160"),
    ("REVIEW_APP_SESSION_HOURS", "-3", "a number of hours above 0 and at most 2160"),
    ("REVIEW_APP_SESSION_HOURS", "nan", "a number of hours above 0 and at most 2160"),
    ("REVIEW_APP_SESSION_HOURS", "1e9", "a number of hours above 0 and at most 2160"),
    ("REVIEW_APP_PRESENCE_SECONDS", "often", "a number of seconds from 0 to 3600"),
    ("REVIEW_APP_PRESENCE_SECONDS", "-1", "a number of seconds from 0 to 3600"),
    ("REVIEW_APP_DEMO_LOGIN", "maybe", "1, true, yes, on or 0, false, no, off"),
    ("REVIEW_APP_AUTO_UPGRADE", "sometimes", "1, true, yes, on or 0, false, no, off"),
    ("REVIEW_APP_NO_COMPILED", "2", "1, true, yes, on or 0, false, no, off"),
    ("SACREBLEU_SEED", "lucky", "an integer, or none"),
    ("REVIEW_APP_URL", "ftp://review.example.com", "the app's address as browsers open it"),
    ("REVIEW_APP_URL", "http://review.example.com", "the app's address as browsers open it"),  # plain http
    ("REVIEW_APP_URL", "https://review.example.com/?x=1", "the app's address as browsers open it"),
    ("REVIEW_APP_OIDC_METADATA_URL", "http://id.example.com/.well-known/openid-configuration",
     "the identity provider's https://…/.well-known/openid-configuration address"),
    ("REVIEW_APP_OIDC_METADATA_URL", "https://user:pw@id.example.com/x", "the identity provider's https://"),
    ("REVIEW_APP_OIDC_CLIENT_ID", "two words", "the client id the identity provider gave this app"),
    ("REVIEW_APP_OIDC_CLIENT_SECRET", "a\tb", "that client's secret (no spaces)"),
    ("REVIEW_APP_OIDC_LABEL", "x" * 61, "the sign-in button's name for the provider, up to 60 printable characters"),
]
SSO = {"REVIEW_APP_URL": "https://review.example.com/",
       "REVIEW_APP_OIDC_METADATA_URL": "https://id.example.com/.well-known/openid-configuration",
       "REVIEW_APP_OIDC_CLIENT_ID": "review-app", "REVIEW_APP_OIDC_CLIENT_SECRET": "s3cret"}
ONE_PER_SETTING = list({name: (name, value, allowed) for name, value, allowed in BAD}.values())


def _one_line(err: str, name: str, value: str, allowed: str) -> None:
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert f"{name}: {value!r} is not accepted: {allowed}" in err, err


@pytest.mark.parametrize(("name", "value", "allowed"), BAD)
def test_the_cli_refuses_a_bad_setting_before_running(name: str, value: str, allowed: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(name, value)
    db = tmp_path / "review.db"
    assert main(["users", "list", "--db", str(db)]) == 2
    _one_line(capsys.readouterr().err, name, value, allowed)
    assert not db.exists()  # refused before anything ran


def test_every_bad_setting_is_named_in_the_one_line(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for name, value, _allowed in ONE_PER_SETTING:
        monkeypatch.setenv(name, value)
    assert main(["checks"]) == 2  # any command, even one that reads no setting
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and all(f"{name}: {value!r}" in err for name, value, _ in ONE_PER_SETTING)


@pytest.mark.parametrize(("name", "value", "allowed"), ONE_PER_SETTING)
def test_serve_refuses_to_start_on_a_bad_setting(name: str, value: str, allowed: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    started: list[Any] = []
    monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: started.append(cmd) or 0)
    monkeypatch.setenv(name, value)
    assert main(["serve", "--db", str(tmp_path / "review.db"), "--headless"]) == 2
    assert started == []  # Streamlit never started
    _one_line(capsys.readouterr().err, name, value, allowed)


@pytest.mark.parametrize(("name", "value", "allowed"), ONE_PER_SETTING)
def test_the_app_shows_one_line_instead_of_a_page(name: str, value: str, allowed: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from review_app.app.components.safe import md
    from tests.browser_helpers import APP

    monkeypatch.setenv("REVIEW_APP_DB", str(tmp_path / "review.db"))
    monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception and len(at.error) == 1
    assert at.error[0].value.startswith(md(f"review_app cannot start: {name}: {value!r} is not accepted: {allowed}"))
    assert not at.title and not (tmp_path / "review.db").exists()  # no page, no database opened


@pytest.mark.parametrize("url", ["://nothing", "postgresql+psycopg://u@h:notaport/db", "nosuchdb://u@h/db"])
@pytest.mark.parametrize("command", [["users", "list"], ["db", "status"], ["db", "upgrade"], ["projects", "list"],
                                     ["serve"], ["export", "--project", "P"], ["qa", "--mt", "a", "--ref", "b",
                                                                               "--out", "o"]])
def test_a_bad_db_option_is_the_same_one_line(command: list[str], url: str, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: pytest.fail("Streamlit started"))
    assert main([*command, "--db", url]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert f"argument --db: {url!r} is not a SQLite file path or a SQLAlchemy database URL" in err


def test_the_app_and_the_store_refuse_a_bad_database_url_in_one_line() -> None:
    from review_app.app.components.context import db_setting
    from review_app.store import Store, StoreError

    with pytest.raises(StoreError, match=r"--db 'postgresql://u@h:x/db' is not a SQLite file path or a SQLAlchemy "
                                         r"database URL"):
        db_setting(["--db", "postgresql://u@h:x/db"])  # `streamlit run … -- --db URL`: main.py shows it
    with pytest.raises(StoreError, match="not a database file or URL"):
        Store("postgresql://u@h:x/db")


def test_values_are_parsed_alike_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app import settings
    from review_app.scoring.stats import bootstrap_seed
    from review_app.store.accounts import session_lifetime

    for name in (s.name for s in settings.SETTINGS):
        monkeypatch.delenv(name, raising=False)
    settings.check()
    assert settings.SESSION_HOURS.value() == 12.0 and settings.DEMO_LOGIN.value() and settings.DB.value() is None
    monkeypatch.setenv("REVIEW_APP_SESSION_HOURS", " 0.5 ")
    monkeypatch.setenv("REVIEW_APP_DEMO_LOGIN", "OFF")
    monkeypatch.setenv("REVIEW_APP_AUTO_UPGRADE", "  ")  # blank: the default
    monkeypatch.setenv("REVIEW_APP_DB", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("SACREBLEU_SEED", "None")
    settings.check()
    assert session_lifetime().total_seconds() == 1800 and not settings.DEMO_LOGIN.value()
    assert settings.AUTO_UPGRADE.value() and bootstrap_seed() == ("none", None)


def test_every_environment_variable_is_read_through_settings_and_documented() -> None:
    from review_app import settings

    names = {s.name for s in settings.SETTINGS}
    documented = DEPLOYMENT.read_text(encoding="utf-8")
    assert [n for n in sorted(names) if f"`{n}" not in documented] == []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert set(re.findall(r"\bREVIEW_APP_[A-Z_]+\b", source)) <= names, path
        if path.name != "settings.py":
            # serve hands its whole environment to Streamlit; nothing else reads a variable by itself
            reads = re.findall(r"os\.environ\.get|os\.getenv|os\.environ\[", source)
            assert not reads, f"{path.relative_to(PACKAGE)} reads the environment: use review_app.settings"


@pytest.mark.parametrize("left_out", list(SSO))
def test_a_half_configured_single_sign_on_is_one_line_at_start(left_out: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: pytest.fail("Streamlit started"))
    for name, value in SSO.items():
        if name != left_out:
            monkeypatch.setenv(name, value)
    assert main(["serve", "--db", str(tmp_path / "review.db"), "--headless"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert f"single sign-on is half configured: {left_out} not set" in err


def test_single_sign_on_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app import settings

    for name in (s.name for s in settings.SETTINGS):
        monkeypatch.delenv(name, raising=False)
    assert settings.oidc() is None and not settings.sso_configured()
    monkeypatch.setenv("REVIEW_APP_URL", "http://127.0.0.1:8501")  # plain http on a loopback host: a trial
    assert settings.oidc() is None  # an address alone configures no provider
    for name, value in SSO.items():
        monkeypatch.setenv(name, value)
    settings.check()
    oidc = settings.oidc()
    assert oidc is not None and settings.sso_configured()
    assert oidc.redirect_uri == "https://review.example.com/oauth2callback"  # the slash is not doubled
    assert (oidc.client_id, oidc.label) == ("review-app", "single sign-on")
    for loopback in ("http://localhost:5000/x", "http://[::1]:9000/x", "http://127.0.0.2/x"):
        monkeypatch.setenv("REVIEW_APP_OIDC_METADATA_URL", loopback)
        settings.check()


def test_the_provider_settings_reach_streamlit_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.app import web
    from review_app.app.components.context import db_setting

    repository = PACKAGE.parent
    from review_app.store import Store

    Store(str(tmp_path / "review.db")).close()  # a deployment's database exists before its app starts (db init)
    monkeypatch.setenv("REVIEW_APP_DB", str(tmp_path / "review.db"))
    assert web.streamlit_secrets(db_setting) is None  # no provider: Streamlit gets no [auth] section
    for name, value in SSO.items():
        monkeypatch.setenv(name, value)
    secrets = web.streamlit_secrets(db_setting)
    assert secrets is not None
    auth = secrets["auth"]
    assert auth["redirect_uri"] == "https://review.example.com/oauth2callback"
    assert auth["server_metadata_url"] == SSO["REVIEW_APP_OIDC_METADATA_URL"]
    assert (auth["client_id"], auth["client_secret"]) == ("review-app", "s3cret")
    # Signed with a key derived from the database's own: the same in every process, never the session key itself.
    assert len(auth["cookie_secret"]) == 64 and web.streamlit_secrets(db_setting) == secrets
    assert not (repository / ".streamlit" / "secrets.toml").exists()  # nothing written next to the code
