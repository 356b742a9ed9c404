"""``review-app users``: create, list, change the password of, and disable accounts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.store import LoginError, Store


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_users_add_list_passwd_disable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    assert main(["db", "init", "--db", db]) == 0  # the one command that creates a database
    assert main(["users", "list", "--db", db]) == 0
    assert "create the first admin with review-app users add NAME --role admin" in capsys.readouterr().out
    _stdin(monkeypatch, "first password\n")
    assert main(["users", "add", "ada", "--role", "admin", "--password-stdin", "--db", db]) == 0
    _stdin(monkeypatch, "second password\n")
    assert main(["users", "add", "rita", "--role", "reviewer", "--password-stdin", "--db", db]) == 0
    assert "created reviewer rita" in capsys.readouterr().out
    store = Store(db)
    assert store.authenticate("ada", "first password").role == "admin"
    _stdin(monkeypatch, "a third password\n")
    assert main(["users", "passwd", "rita", "--password-stdin", "--db", db]) == 0
    assert store.authenticate("rita", "a third password").name == "rita"
    assert main(["users", "disable", "rita", "--db", db]) == 0
    with pytest.raises(LoginError) as refused:
        store.authenticate("rita", "a third password")
    assert "disabled" in refused.value.reason
    capsys.readouterr()
    assert main(["users", "list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["ada", "admin", "active"]
    assert lines[1].split()[:3] == ["rita", "reviewer", "disabled"]
    events = [(e.kind, e.actor.startswith("operator (")) for e in reversed(store.events())]
    assert events == [("add-user", True), ("add-user", True), ("set-password", True), ("disable-user", True)]


def test_users_refusals_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    Store(db).close()
    _stdin(monkeypatch, "short\n")
    assert main(["users", "add", "ada", "--role", "admin", "--password-stdin", "--db", db]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert main(["users", "disable", "nobody", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "no account named 'nobody'" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    _stdin(monkeypatch, "")  # not a terminal and no --password-stdin: refuse rather than hang
    assert main(["users", "add", "ada", "--role", "admin", "--db", db]) == 2
    assert "--password-stdin" in capsys.readouterr().err


def test_users_role(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    assert main(["db", "init", "--db", db]) == 0  # only db init creates a database
    for name, role in (("ada", "admin"), ("rita", "reviewer")):
        _stdin(monkeypatch, f"{name} password\n")
        assert main(["users", "add", name, "--role", role, "--password-stdin", "--db", db]) == 0
    capsys.readouterr()
    assert main(["users", "role", "rita", "viewer", "--db", db]) == 0
    assert capsys.readouterr().out == "rita is now a viewer\n"
    assert main(["users", "role", "rita", "viewer", "--db", db]) == 0
    assert capsys.readouterr().out == "rita is already a viewer\n"
    store = Store(db)
    assert store.authenticate("rita", "rita password").role == "viewer"
    event = store.events(limit=1)[0]
    assert event.kind == "set-role" and event.actor.startswith("operator (") and event.after["role"] == "viewer"
    for argv, message in (
        (["users", "role", "rita", "owner"], "invalid choice: 'owner'"),
        (["users", "role", "nobody", "viewer"], "no account named 'nobody'"),
        (["users", "role", "ada", "reviewer"], "ada cannot become a reviewer: it is the last active admin"),
        (["users", "role", "rita"], "the following arguments are required: role"),
    ):
        assert main([*argv, "--db", db]) == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1, err
    assert store.authenticate("ada", "ada password").role == "admin"


def test_users_for_single_sign_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    assert main(["db", "init", "--db", db]) == 0  # only db init creates a database
    # The first admin of a team that signs in through its identity provider: no password, an e-mail.
    assert main(["users", "add", "ada", "--role", "admin", "--no-password", "--email", "Ada@Example.com",
                 "--db", db]) == 0
    assert capsys.readouterr().out.endswith("(ada@example.com)\n")
    assert main(["users", "add", "bob", "--role", "viewer", "--no-password", "--email", "no address", "--db", db]) == 2
    assert "'no address' is not an e-mail address" in capsys.readouterr().err
    assert main(["users", "add", "rita", "--role", "reviewer", "--no-password", "--db", db]) == 0
    assert main(["users", "email", "rita", "rita@example.com", "--db", db]) == 0
    assert main(["users", "email", "ada", "RITA@example.com", "--db", db]) == 2
    assert "another account has the e-mail rita@example.com" in capsys.readouterr().err
    assert main(["users", "list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("ada@example.com") and lines[1].endswith("rita@example.com")
    assert main(["users", "email", "rita", "--db", db]) == 0
    assert capsys.readouterr().out == "e-mail of rita removed\n"
    store = Store(db)
    assert store.emails() == {"ada": "ada@example.com"} and [u.name for u in store.users()] == ["ada", "rita"]
    assert not store.has_accounts()  # neither signs in with a password
    store.close()
