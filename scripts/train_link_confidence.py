#!/usr/bin/env python
"""Fit the link-confidence model (:mod:`review_app.align.calibrate`) on the gold sets and write its weights.

Every gold set of ``scripts/eval_align.py`` whose corpus is present is aligned with the model off (the
search's own confidence); the model learns the odds that a link is wrong from its features, each corpus
weighing alike. Printed: the weights, and the confidence under which 80% of the wrong links fall with
them (each corpus alike), the value of ``review_app.align.uncertain.UNCERTAIN_BELOW``. How the choice
transfers to a document it was not fitted on: ``scripts/eval_align.py --loo``, which refits per fold.

    .venv/bin/python scripts/train_link_confidence.py [--write]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from eval_align import confidence_rows, fit_confidence, flag_threshold, gold_sets, rescored, run  # noqa: E402

from review_app.align import AlignParams, calibrate  # noqa: E402

WEIGHTS = REPO / "review_app" / "align" / "confidence_weights.py"


def render(weights: tuple[float, ...]) -> str:
    """The weights module's text."""
    names = ("bias", *calibrate.FEATURES)
    lines = [f"    {w:+.6f},  # {name}" for w, name in zip(weights, names, strict=True)]
    return ('"""Weights of the link-confidence model, written by ``scripts/train_link_confidence.py`` '
            '(do not edit by hand)."""\n\n# The log-odds that a link is wrong: bias, then one weight per feature.\n'
            "WEIGHTS: tuple[float, ...] = (\n" + "\n".join(lines) + "\n)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"write the weights to {WEIGHTS.relative_to(REPO)}")
    args = parser.parse_args()
    sets = gold_sets()
    if not sets:
        sys.exit("train_link_confidence: no gold-set corpora (see scripts/eval_align.py)")
    raw = {gold.name: run(gold, AlignParams(calibrate=False))[0] for gold in sets}
    rows = {gold.name: confidence_rows(gold, raw[gold.name]) for gold in sets}
    weights = tuple(round(w, 6) for w in fit_confidence(sets, raw, rows))
    scored = {gold.name: rescored(raw[gold.name], rows[gold.name], weights) for gold in sets}
    print(f"{len(sets)} gold sets, {sum(map(len, raw.values()))} links")
    for name, w in zip(("bias", *calibrate.FEATURES), weights, strict=True):
        print(f"  {name:<12} {w:+.6f}")
    print(f"80% of the wrong links fall below {flag_threshold(sets, scored, 0.8):.4f}")
    if args.write:
        WEIGHTS.write_text(render(weights), encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
