"""Sentence alignment: the banded DP, similarities, source attachment and gold-set evaluation."""

from review_app.align.aligner import MERGE_TYPES, SKIP_TYPES, AlignParams, align

__all__ = ["MERGE_TYPES", "SKIP_TYPES", "AlignParams", "align"]
