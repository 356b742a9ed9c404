"""Where a run's chunks are processed: here (in order, maybe on a process pool) or on a dask cluster."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

from review_app.parallel import ordered_map
from review_app.progress import progress
from review_app.qa.cluster import cluster_results
from review_app.qa.inputs import DocumentSource
from review_app.qa.runner import Chunk, ChunkResult, QaSettings, SegmentItem, chunks, read_document, score_chunk


def count_lines(path: Path) -> int | None:
    """Line count of a text file from its newline bytes: a progress total (not exact for UTF-16).

    None when the file cannot be read; the reader reports that properly.
    """
    count, last = 0, b""
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return None
    return count + (1 if last not in (b"", b"\n") else 0)


def iter_results(documents: list[DocumentSource], settings: QaSettings) -> Iterator[ChunkResult]:
    """Process every document chunk by chunk, with a progress bar over segments on stderr."""
    if settings.cluster:
        from review_app.qa.cluster_connect import connect  # dask is imported only for --cluster

        with connect(settings.cluster) as client:
            results = cluster_results(documents, settings, client)
            yield from progress(results, desc="qa (cluster)", unit="chunk")
        return
    total = None
    if settings.segmented and not any(d.bilingual for d in documents):
        counts = [count_lines(d.mt) for d in documents]
        total = None if None in counts else sum(c for c in counts if c is not None)
    tagged = progress(_tagged(documents, settings), total=total, desc="qa", unit="seg")
    # Chunks may go to a process pool; outcomes come back in input order, few in flight, each joined here to
    # the chunk it was made from (kept in this process: its texts need not come back).
    sent: deque[Chunk] = deque()
    outcomes = ordered_map(score_chunk, _kept(chunks(tagged, settings.chunk_size), sent), settings.jobs, settings)
    for outcome in outcomes:
        yield outcome.on(sent.popleft())


def _kept(items: Iterator[Chunk], sent: deque[Chunk]) -> Iterator[Chunk]:
    for chunk in items:
        sent.append(chunk)
        yield chunk


def _tagged(documents: list[DocumentSource], settings: QaSettings) -> Iterator[tuple[int, SegmentItem]]:
    for index, document in enumerate(documents):
        for item in read_document(document, settings):
            yield index, item
