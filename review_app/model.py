"""Plain data types shared by every layer: sentences and aligned segments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or one line in segmented mode) with its place in the input file.

    ``id`` is 0-based in document order (the 0-based line number in segmented mode);
    ``line`` is the 0-based physical line; ``start``/``end`` are character offsets within it.
    """

    id: int
    text: str
    line: int
    start: int
    end: int


@dataclass(slots=True)
class AlignedSegment:
    """One aligned unit: MT sentence(s), reference sentence(s), optional source, and scores.

    Field names and order are the ``align`` JSONL output contract; keep them stable.
    """

    mt: str
    ref: str
    src: str | None
    mt_ids: list[int]
    ref_ids: list[int]
    src_ids: list[int] = field(default_factory=list)
    link: str = "1-1"
    confidence: float = 1.0
    bleu: float | None = None
    chrf: float | None = None
    ter: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object."""
        return asdict(self)
