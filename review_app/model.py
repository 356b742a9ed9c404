"""Plain data types shared by every layer: sentences and aligned segments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
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

    ``scores`` holds the sentence score of every registered sentence metric (``None`` where a side
    is empty), ``stats`` the statistics rows of the default corpus metrics (what corpus scores sum).
    :meth:`to_dict` with the registry's sentence metrics is the ``align`` JSONL output
    contract (``pipeline.contract_record``): the fields in order, then one key per metric; keep it stable.
    """

    mt: str
    ref: str
    src: str | None
    mt_ids: list[int]
    ref_ids: list[int]
    src_ids: list[int] = field(default_factory=list)
    link: str = "1-1"
    confidence: float = 1.0
    scores: dict[str, float | None] = field(default_factory=dict)
    # The MT's sufficient statistics by metric id (one row each), kept by the store for corpus scores.
    stats: dict[str, list[float]] = field(default_factory=dict)

    def to_dict(self, metrics: Sequence[str]) -> dict[str, Any]:
        """The fields in order, then the score of each of ``metrics`` (``None`` where there is none)."""
        data = {name: getattr(self, name) for name in TEXT_FIELDS}
        data.update((name, self.scores.get(name)) for name in metrics)
        return data

    def __reduce__(self) -> tuple[type[AlignedSegment], tuple[Any, ...]]:
        # Pickled as its fields in order, rebuilt by __init__: a chunk's segments go to a worker process (and come
        # back from a Dask worker), and the state methods dataclasses make for slots look the fields up again for
        # every segment.
        return type(self), _segment_fields(self)


TEXT_FIELDS = ("mt", "ref", "src", "mt_ids", "ref_ids", "src_ids", "link", "confidence")
_segment_fields = attrgetter(*(f.name for f in fields(AlignedSegment)))
