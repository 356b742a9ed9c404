"""The evaluation harness: real MT with injected page artifacts meets the README's targets."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest
from shared_data import shared_corpus

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_checks.py"


def _harness():
    spec = importlib.util.spec_from_file_location("eval_checks", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("corpus", "folder"), [("ted-zhen", "google-mqm-wmt"), ("mlqe-dev", "mlqe-pe-ru-en")])
def test_recall_and_false_alarms_meet_the_targets(corpus: str, folder: str) -> None:
    shared_corpus(folder)
    harness = _harness()
    tally = harness.evaluate(corpus, seed=7, with_reference=False)
    for kind in harness.KINDS:
        assert tally.positives[kind] >= 10, kind
        assert tally.found[kind] / tally.positives[kind] >= 0.95, (kind, tally.misses[kind][:5])
    assert tally.clean_lines > 500
    assert tally.clean_flagged <= 0.01 * tally.clean_lines, dict(tally.alarms)


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
