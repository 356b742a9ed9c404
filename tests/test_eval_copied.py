"""The evaluation of source words left inside MT lines of the same script (scripts/eval_copied.py)."""

from __future__ import annotations

import random

from scripts_module import load_script


def test_a_run_of_source_words_is_injected_and_counted() -> None:
    harness = load_script("eval_copied")
    line, start, end = harness._inject("one two three four five six", "eins zwei drei vier", random.Random(3))
    assert line[start:end] in "eins zwei drei vier" and len(line[start:end].split()) >= 3
    source = ["Die Regierung hat am Dienstag beschlossen, die Steuern im nächsten Jahr deutlich zu senken."] * 4
    english = ["The government decided on Tuesday to cut taxes significantly next year."] * 4
    case = harness.Case("German in English", "de", "en", [harness.Doc("d", english, source, [])])
    tally = harness.run(case, seed=1, source_lang=False)
    assert (tally.injected, tally.clean) == (2, 2) and tally.alarms == []
    assert tally.found == 2, tally.misses
