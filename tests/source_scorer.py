"""A sample plugin, for the tests only: a metric that needs the source, and a QA check.

``SourceLength`` scores how close a translation's length is to its source's (100 when equal), as a
learned metric such as COMET would take the source; ``Shouting`` flags "!!". tests/test_plugins.py
installs both through entry points of a fake distribution, as a third-party package would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from review_app.checks.base import Check, DocumentContext, Example, Finding
from review_app.scoring.scorer import MeanScorer


class SourceLength(MeanScorer):
    """100 × the shorter of translation and source over the longer, in characters; the corpus mean."""

    id = "srclen"
    label = "SrcLen"
    needs_source = True

    def options(self) -> Mapping[str, Any]:
        return {"unit": "char"}

    def score_segments(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                       sources: Sequence[str | None] | None) -> list[float]:
        assert sources is not None  # the engine passes them: the scorer needs the source
        return [source_length(h, s) for h, s in zip(hypotheses, sources, strict=True)]


def source_length(hypothesis: str, source: str | None) -> float:
    """The score of one segment (what the tests expect)."""
    return 100 * min(len(hypothesis), len(source or "")) / max(len(hypothesis), len(source or ""), 1)


class Shouting(Check):
    """Two or more exclamation marks in a row."""

    id = "shouting"
    category = "Style"
    severity = "minor"
    examples_flag = (Example("Buy now!!", expect=(1, 7, 9, None)),)
    examples_pass = (Example("Buy now!"),)

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        start = text.find("!!")
        if start < 0:
            return []
        end = start
        while end < len(text) and text[end] == "!":
            end += 1
        return [self.finding(start, end, "repeated exclamation marks", None)]
