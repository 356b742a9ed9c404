"""The evaluation harness: real MT with injected page artifacts meets the targets of docs/evaluation.md."""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import shared_corpus

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_checks.py"


def _harness():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("eval_checks", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("corpus", "folder"), [("ted-zhen", "google-mqm-wmt"), ("mlqe-dev", "mlqe-pe-ru-en")])
def test_recall_and_false_alarms_meet_the_targets(corpus: str, folder: str) -> None:
    """Run in a child process: the whole corpus passes through the checks, the test process stays small."""
    shared_corpus(folder)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", corpus, "--check-targets"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| dash |" in run.stdout and "Clean lines:" in run.stdout


def test_missed_targets_are_reported() -> None:
    harness = _harness()
    tally = harness.Tally()
    for kind in harness.KINDS:
        tally.positives[kind], tally.found[kind] = 20, 20
    tally.found["chrome"] = 18
    tally.clean_lines, tally.clean_flagged = 100, 2
    assert harness.missed_targets(tally) == ["chrome recall 0.900", "2 of 100 clean lines flagged"]


def test_injection_labels_every_artifact() -> None:
    harness = _harness()
    doc = harness.Doc(
        "t",
        ["A well-known and long-term plan was agreed today by all sides.", "It works well for everyone here."],
        ["Источник один два три четыре", "Источник пять шесть"],
        ["", ""],
        compounds=frozenset({"well-known", "long-term"}),
    )
    doc = harness.inject(doc, random.Random(3))
    assert all(doc.lines[i][s] in "—–" for i, s in doc.dashes)
    assert {"untranslated-line", "chrome"} <= set(doc.kinds.values())
    assert len(doc.lines) == len(doc.source) == len(doc.reference)
