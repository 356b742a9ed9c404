"""MLQE-PE's line-parallel quality-estimation files: ``mt``, ``pe``, ``hter``, ``tags`` (and ``src``).

Each segment is one line in every file. Texts are written as their whitespace tokens joined by one
space (a segment holding a line break or a tab stays one line), so the tags, counted over those
tokens, match the words of the ``mt`` line: ``2·N + 1`` tags for ``N`` tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from review_app.effort.measures import hters
from review_app.effort.qetags import format_hter, qe_tags
from review_app.output import atomic_write


@dataclass(frozen=True, slots=True)
class QeLine:
    """One segment's QE data: tokens, HTER and tags (``src`` ``None`` when there is no source)."""

    mt: str
    pe: str
    hter: float
    tags: list[str]
    src: str | None = None


def qe_lines(mts: Sequence[str], pes: Sequence[str], srcs: Sequence[str | None] | None = None) -> list[QeLine]:
    """The QE data of (MT, post-edit[, source]) segments."""
    sources: Sequence[str | None] = srcs if srcs is not None else [None] * len(mts)
    mt_lines = [" ".join(m.split()) for m in mts]
    pe_lines = [" ".join(p.split()) for p in pes]
    return [QeLine(mt, pe, hter, qe_tags(mt.split(), pe.split()), None if src is None else " ".join(src.split()))
            for mt, pe, hter, src in zip(mt_lines, pe_lines, hters(mt_lines, pe_lines), sources, strict=True)]


def write_qe_files(folder: str | Path, lines: Sequence[QeLine], *, prefix: str = "", with_src: bool = False
                   ) -> list[Path]:
    """Write ``folder/PREFIX{mt,pe,hter,tags}`` (and ``src``) and return their paths.

    All files are written to temporary files first and renamed into place only when every one of
    them is complete: an error leaves none of them changed.
    """
    base = Path(folder)
    columns: dict[str, list[str]] = {
        "mt": [line.mt for line in lines],
        "pe": [line.pe for line in lines],
        "hter": [format_hter(line.hter) for line in lines],
        "tags": [" ".join(line.tags) for line in lines],
    }
    if with_src:
        columns["src"] = [line.src or "" for line in lines]
    paths = [base / f"{prefix}{name}" for name in columns]
    with ExitStack() as stack:
        for path, rows in zip(paths, columns.values(), strict=True):
            handle = stack.enter_context(atomic_write(path))
            handle.writelines(row + "\n" for row in rows)
    return paths
