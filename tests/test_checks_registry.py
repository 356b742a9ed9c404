"""The check registry: every check is documented, classified and carries examples that pass."""

from __future__ import annotations

import pytest

from review_app.checks import (
    CHECKS,
    DEFAULT_FIX_IDS,
    Check,
    Context,
    Example,
    parse_glossary,
    resolve_selection,
    run_checks,
)
from review_app.errors import InputError
from review_app.vocab import SEVERITIES

MQM_TOP = ("Accuracy", "Fluency", "Terminology", "Style", "Design", "Locale convention")


def run_example(cls: type[Check], example: Example) -> list:
    """Findings of one check on one of its examples."""
    glossary = parse_glossary("\n".join(f"{w}\t{r}" for w, r in example.glossary)) if example.glossary else ()
    n_lines = len(example.text.split("\n"))
    ctx = Context(
        target_lang=example.target_lang,
        source_lang=example.source_lang,
        source_lines=example.source.split("\n") if example.source is not None else None,
        reference_lines=example.reference.split("\n") if example.reference is not None else None,
        glossary=glossary,
    )
    if example.source is not None and len(example.source.split("\n")) != n_lines:
        raise AssertionError("an example's source must have as many lines as its text")
    return run_checks(example.text, ctx, [cls()])


@pytest.mark.parametrize("check_id", list(CHECKS))
def test_check_is_documented_and_classified(check_id: str) -> None:
    cls = CHECKS[check_id]
    assert cls.id == check_id
    assert cls.title() and cls.title()[0].isupper(), "the docstring's first line is the title"
    assert cls.category.split("/")[0] in MQM_TOP and "/" in cls.category
    assert cls.severity in SEVERITIES
    assert isinstance(cls.safe, bool)
    assert cls.examples_flag, "at least one must-flag example"
    assert cls.examples_pass, "at least one must-not-flag example"


def _cases(kind: str) -> list:
    return [
        pytest.param(cls, ex, id=f"{cid}-{i}") for cid, cls in CHECKS.items() for i, ex in enumerate(getattr(cls, kind))
    ]


@pytest.mark.parametrize(("cls", "example"), _cases("examples_flag"))
def test_must_flag_examples(cls: type[Check], example: Example) -> None:
    findings = run_example(cls, example)
    assert findings, f"{cls.id} did not flag {example.text!r}"
    if example.expect is not None:
        first = findings[0]
        assert (first.line, first.start, first.end, first.suggestion) == example.expect


@pytest.mark.parametrize(("cls", "example"), _cases("examples_pass"))
def test_must_not_flag_examples(cls: type[Check], example: Example) -> None:
    findings = run_example(cls, example)
    assert findings == [], f"{cls.id} flagged {example.text!r}: {findings}"


def test_ids_unique_and_default_fixes_are_safe() -> None:
    assert len({cls.id for cls in CHECKS.values()}) == len(CHECKS)
    assert set(DEFAULT_FIX_IDS) == {cid for cid, cls in CHECKS.items() if cls.safe}
    assert {"dash-in-compound", "chrome", "photo-credit", "mt-credit", "spacing", "doubled-word", "glossary"} <= set(
        DEFAULT_FIX_IDS
    )


@pytest.mark.parametrize(
    ("only", "skip", "expected"),
    [
        (["dash"], None, ["dash-in-compound"]),
        (["credits"], None, ["photo-credit", "mt-credit"]),
        (["untranslated"], None, ["untranslated", "untranslated-fragment"]),
        (["chrome", "glossary"], ["glossary"], ["chrome"]),
        (None, ["numbers", "quotes"], [c for c in CHECKS if c not in ("numbers", "quotes")]),
    ],
)
def test_resolve_selection(only: list[str] | None, skip: list[str] | None, expected: list[str]) -> None:
    assert resolve_selection(only, skip) == expected


def test_unknown_selector_names_the_option() -> None:
    with pytest.raises(InputError, match=r"--checks: unknown check 'nonsense'"):
        resolve_selection(["nonsense"])


def test_finding_contract_keys() -> None:
    finding = run_checks("a time—tested friend")[0]
    assert list(finding.to_dict()) == ["line", "start", "end", "check", "category", "severity", "message", "suggestion"]
