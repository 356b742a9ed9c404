"""``qa --cluster``: the same pipeline on a dask.distributed cluster, the same report bundle.

The driver plans *shards* and the workers do the rest: each shard is read by a worker from the
input files (which the workers must see at the same paths), cut into exactly the chunks a local
run makes, scored and checked there (:func:`~review_app.qa.runner.process_chunk`). The driver
gathers the chunk results in input order, few in flight, and writes the bundle as a local run
does: segments, findings and sacrebleu's per-segment statistics are the same, so the corpus scores
and the bootstrap computed from them are too.

* line-parallel text (``--segmented``, UTF-8): one shard per chunk; the driver finds each shard's
  byte offset in every file with one scan of raw bytes (and checks the line counts agree), and the
  worker seeks there and decodes only its lines;
* other documents (aligned whole, bilingual files, UTF-16/32 or CR-only text): one shard per
  document, since aligning (or decoding) needs the whole document.

``--cluster`` takes ``tcp://HOST:PORT`` (a running ``dask scheduler``) or ``local[:N]`` (a
``LocalCluster`` of N single-threaded worker processes on 127.0.0.1, for trying it out); see
:mod:`~review_app.qa.cluster_connect`.
"""

from __future__ import annotations

import codecs
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.qa.inputs import DocumentSource
from review_app.qa.runner import (
    ChunkResult,
    QaSettings,
    chunks,
    line_item,
    process_chunk,
    read_document,
)
from review_app.text.ingest import BOMS, decode_body, open_binary
from review_app.text.parallel import Side, check_line_counts, parallel_rows

_BLOCK = 1 << 20
_WIDE_BOMS = tuple(bom for bom, name in BOMS if name != "utf-8")


@dataclass(frozen=True, slots=True)
class LineShard:
    """Lines ``start … start + count`` of a line-parallel document, at these byte offsets of its files."""

    doc: int
    start: int
    count: int
    offsets: tuple[int, ...]  # one per file: MT, reference[, source]


@dataclass(frozen=True, slots=True)
class DocumentShard:
    """A whole document, read and chunked by one worker."""

    doc: int


Shard = LineShard | DocumentShard


# --- Planning (driver) -------------------------------------------------------------------------------


def line_offsets(path: Path, every: int) -> tuple[list[int], int] | None:
    """Byte offsets of lines 0, every, 2·every, … of a UTF-8 text file, and its line count.

    Lines end as :func:`~review_app.formats.base.iter_text_lines` ends them. ``None`` for files
    whose lines cannot be found from raw bytes alone: UTF-16/32 (decoded whole) and lone CRs.
    """
    offsets: list[int] = []
    lines, carriage, crlf, previous, last = 0, 0, 0, b"", b""
    with open_binary(path) as handle:
        head = handle.read(4)
        if any(head.startswith(bom) for bom in _WIDE_BOMS):
            return None
        position = 3 if head.startswith(codecs.BOM_UTF8) else 0
        handle.seek(position)
        offsets.append(position)
        while block := handle.read(_BLOCK):
            carriage += block.count(b"\r")
            crlf += block.count(b"\r\n") + (previous == b"\r" and block[:1] == b"\n")
            newlines, index, seen = block.count(b"\n"), -1, 0
            while (target := len(offsets) * every - lines) <= newlines:
                # the target-th newline of this block ends the line before the next shard's first
                while seen < target:
                    index, seen = block.index(b"\n", index + 1), seen + 1
                offsets.append(position + index + 1)
            lines += newlines
            position += len(block)
            previous = last = block[-1:]
    if carriage != crlf:
        return None
    total = lines + (1 if last not in (b"", b"\n") else 0)
    return [o for k, o in enumerate(offsets) if k * every < total], total


def plan_shards(documents: list[DocumentSource], settings: QaSettings) -> Iterator[Shard]:
    """The shards of every document, in input order."""
    for index, document in enumerate(documents):
        if not settings.segmented or document.bilingual:
            yield DocumentShard(index)
            continue
        paths = [p for p in (document.mt, document.ref, document.src) if p is not None]
        scans = [line_offsets(path, settings.chunk_size) for path in paths]
        if any(scan is None for scan in scans):
            yield DocumentShard(index)
            continue
        counts = [scan[1] for scan in scans if scan is not None]
        check_line_counts(paths, counts)
        if counts[0] == 0:
            raise InputError(document.mt, "empty input: no segments found")
        starts = [scan[0] for scan in scans if scan is not None]
        for k, offsets in enumerate(zip(*starts, strict=True)):
            start = k * settings.chunk_size
            yield LineShard(index, start, min(settings.chunk_size, counts[0] - start), offsets)


# --- Working (workers) -------------------------------------------------------------------------------


def _read_lines(path: Path, offset: int, first: int, count: int) -> list[str]:
    """``count`` lines from byte ``offset`` (line number ``first``), decoded as iter_text_lines does."""
    out = []
    with open_binary(path) as handle:
        handle.seek(offset)
        for number in range(first + 1, first + count + 1):
            raw = handle.readline()
            # CR only ever appears in CRLF here (line_offsets refuses other files): one line per raw line
            out.append(decode_body(raw, "utf-8", path, offset=offset, where=f"line {number}: ").replace("\r\n", "\n"))
            offset += len(raw)
    return out


def run_shard(shard: Shard, documents: list[DocumentSource], settings: QaSettings) -> list[ChunkResult]:
    """Read one shard and process its chunks, exactly as a local run processes them."""
    document = documents[shard.doc]
    if isinstance(shard, DocumentShard):
        tagged = ((shard.doc, item) for item in read_document(document, settings))
        return [process_chunk(chunk, settings) for chunk in chunks(tagged, settings.chunk_size)]
    paths = [p for p in (document.mt, document.ref, document.src) if p is not None]
    sides = [Side(path, _read_lines(path, offset, shard.start, shard.count))
             for path, offset in zip(paths, shard.offsets, strict=True)]
    items = [line_item(shard.start + i, row)
             for i, row in enumerate(parallel_rows(sides, settings.max_chars, first=shard.start))]
    [chunk] = chunks(((shard.doc, item) for item in items), settings.chunk_size)
    chunk.start = shard.start
    return [process_chunk(chunk, settings)]


def cluster_results(documents: list[DocumentSource], settings: QaSettings, client: Any) -> Iterator[ChunkResult]:
    """Chunk results of every shard run on the cluster, in input order, two shards per worker in flight."""
    shared = client.scatter([documents, settings], broadcast=True)
    limit = 2 * max(1, sum(client.nthreads().values()))
    pending: deque[Any] = deque()
    for shard in plan_shards(documents, settings):
        pending.append(client.submit(run_shard, shard, *shared, pure=False))
        if len(pending) >= limit:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
