"""TOML profiles: switching checks off, severities, options; malformed profiles name the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.checks import CHECKS, Context, build_checks, load_glossary, load_profile, run_checks
from review_app.errors import InputError


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_profile_switches_tunes_and_sets_options(tmp_path: Path) -> None:
    profile = load_profile(
        write(
            tmp_path,
            '[context]\ntarget_lang = "en"\n'
            "[checks.dash-in-compound]\nenabled = false\n"
            '[checks.doubled-word]\nseverity = "major"\n'
            '[checks.spacing]\ntokenized = "yes"\n',
        )
    )
    assert profile.target_lang == "en"
    checks = {c.id: c for c in build_checks(None, profile)}
    assert "dash-in-compound" not in checks and len(checks) == len(CHECKS) - 1
    assert checks["spacing"].options == {"tokenized": "yes"}
    findings = run_checks("a time—tested the the friend , yes", Context(), list(checks.values()))
    assert [(f.check, f.severity) for f in findings] == [("doubled-word", "major")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[checks.dash\n", "invalid TOML"),
        ("[checks.nonsense]\nenabled = false\n", "unknown check 'nonsense'"),
        ('[checks.numbers]\nseverity = "fatal"\n', r"\[checks.numbers\] severity must be one of"),
        ('[checks.numbers]\nenabled = "no"\n', "must be true or false"),
        ("[checks.spacing]\ntokenized = 3\n", "must be of type str"),
        ("[checks.spacing]\ncolour = 1\n", "unknown option"),
        ("[extra]\nx = 1\n", "unknown section"),
    ],
)
def test_malformed_profiles(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(InputError, match=message) as info:
        load_profile(path)
    assert info.value.source == str(path)


def test_missing_profile(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_profile(tmp_path / "absent.toml")


def test_shipped_examples_load() -> None:
    repo = Path(__file__).resolve().parent.parent
    profile = load_profile(repo / "corpora" / "profile-example.toml")
    assert (profile.target_lang, profile.severity["numbers"], profile.enabled("term-consistency")) == (
        "en",
        "major",
        False,
    )
    entries = load_glossary(repo / "corpora" / "glossary-example.tsv")
    assert ("OBOR", "BRI") in [(e.wrong, e.right) for e in entries]
