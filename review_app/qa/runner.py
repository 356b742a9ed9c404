"""The ``qa`` pipeline, streamed: documents → segments → chunks → scores and findings → report bundle.

Segments are read lazily and processed in chunks by :func:`process_chunk`, a pure function of a
chunk and the settings (so chunks can later be spread over a process pool). Each processed chunk
is written to ``segments.jsonl``/``findings.jsonl`` at once and folded into the summary, which
keeps only per-segment statistics and counts, never the texts.

* ``--segmented`` text: line *i* of the MT goes with line *i* of the reference (and source); no
  re-alignment, equal line counts required, read line by line.
* plain documents: each document is split and aligned whole (the aligner needs it), then checked
  as one chunk so document-level checks see the whole document.
* bilingual files: one segment per unit, read unit by unit.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

import numpy as np

from review_app.align.uncertain import add_uncertain
from review_app.checks import Check, Context, Finding, GlossaryEntry, check_segments
from review_app.checks.chrome import REPEAT_MIN_DOCS, repeated_lines
from review_app.effort import SegmentEffort, efforts_from_statistics
from review_app.errors import InputError
from review_app.formats import Unit, read_units
from review_app.model import AlignedSegment
from review_app.pipeline import align_sentences, contract_record, load_sentences
from review_app.qa.inputs import DocumentSource
from review_app.scoring.mqm import rater_average
from review_app.scoring.registry import CORPUS_METRICS, SENTENCE_METRICS
from review_app.scoring.stats import segment_statistics
from review_app.text.ingest import MAX_SEGMENT_CHARS, check_segment_length, iter_text_lines
from review_app.text.parallel import file_side, line_segment, parallel_rows
from review_app.vocab import NO_ERROR

# Segments per chunk for streamed inputs: large enough that a typical test set is one chunk (so
# document-level checks see all of it), small enough to bound memory per chunk.
DEFAULT_CHUNK_SIZE = 2000
BUNDLE_FILES: tuple[str, ...] = ("segments.jsonl", "findings.jsonl", "summary.json", "report.md", "report.html")


@dataclass(slots=True)
class QaSettings:
    """Everything that shapes a run besides its inputs (picklable: sent along with each chunk)."""

    lang: str
    src_lang: str | None = None
    segmented: bool = False
    metrics: tuple[str, ...] = CORPUS_METRICS
    tokenize: str | None = None
    n_bootstrap: int = 1000
    checks: list[Check] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    chunk_size: int = DEFAULT_CHUNK_SIZE
    jobs: int = 1
    max_chars: int = MAX_SEGMENT_CHARS  # longest segment scored (0: no limit); see text.ingest
    cluster: str | None = None  # a dask.distributed cluster (tcp://HOST:PORT or local[:N]) instead of jobs
    post_edit: bool = False  # the reference is a post-edit of the MT: effort per segment (metrics hter, edit-rate)
    # Short lines found in several documents of the batch (page furniture repeats from page to page): the
    # ``chrome`` check's evidence, Context.repeated; filled by :func:`with_batch_repetition`.
    repeated: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MqmInfo:
    """A unit's MQM annotations, scored: Google's WMT weights summed per rater, averaged over raters."""

    system: str | None
    score: float
    errors: tuple[tuple[str, str], ...]  # (category, severity) of each error; "No-error" rows left out
    words: int


@dataclass(slots=True)
class SegmentItem:
    """One segment of the align contract, with what the report adds: its unit id and MQM score.

    ``scored`` is False for a bilingual unit without a reference: it is checked but left out of the
    scores (text inputs score every line, blank or not, as sacrebleu does on the same files).
    """

    segment: AlignedSegment
    unit: str | None = None
    mqm: MqmInfo | None = None
    scored: bool = True

    def __reduce__(self) -> tuple[type[SegmentItem], tuple[Any, ...]]:
        # As AlignedSegment: the fields in order, rebuilt by __init__ (chunks go to worker processes).
        return type(self), _item_fields(self)


_item_fields = attrgetter(*(f.name for f in fields(SegmentItem)))


@dataclass(slots=True)
class Chunk:
    """Consecutive segments of one document; ``start`` is the first one's index in the document."""

    doc: int
    start: int
    items: list[SegmentItem]


@dataclass(slots=True)
class ChunkOutcome:
    """What processing a chunk adds to it: sentence scores per metric (one per *scored* segment, in order),
    the per-metric statistics, findings per segment, efforts. A worker process sends this back, not the chunk:
    the process that read the chunk still holds its texts, and pickling them back cost more than the rest."""

    sentence: dict[str, list[Any]]
    stats: dict[str, np.ndarray]
    findings: list[list[Finding]]
    efforts: list[SegmentEffort] | None

    def on(self, chunk: Chunk) -> ChunkResult:
        """The result for ``chunk`` (the chunk this outcome was made from), its segments scored in place."""
        _set_scores([item.segment for item in chunk.items if item.scored], self.sentence)
        return ChunkResult(chunk, self.stats, self.findings, self.efforts)


@dataclass(slots=True)
class ChunkResult:
    """A processed chunk: segments scored in place, findings per segment, and per-metric statistics
    with one row per *scored* segment (see :attr:`SegmentItem.scored`), in order."""

    chunk: Chunk
    stats: dict[str, np.ndarray]
    findings: list[list[Finding]]
    efforts: list[SegmentEffort] | None = None  # with ``post_edit``: one per scored segment, from the stats


# --- Reading --------------------------------------------------------------------------------------


def read_document(document: DocumentSource, settings: QaSettings) -> Iterator[SegmentItem]:
    """The segments of one document, lazily where the layout allows; empty documents are refused."""
    if document.bilingual:
        items = _unit_items(document, settings.max_chars)
    elif settings.segmented:
        items = _line_items(document, settings.max_chars)
    else:
        items = _aligned_items(document, settings)
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        raise InputError(document.mt, "empty input: no segments found")


def _line_items(document: DocumentSource, max_chars: int) -> Iterator[SegmentItem]:
    assert document.ref is not None  # text documents always have one (see inputs.pair_documents)
    sides = [file_side(path) for path in (document.mt, document.ref, document.src) if path is not None]
    for index, row in enumerate(parallel_rows(sides, max_chars)):
        yield line_item(index, row)


def line_item(index: int, row: Sequence[str]) -> SegmentItem:
    """The segment of line ``index`` of line-parallel files: its MT, reference[, source] lines."""
    return SegmentItem(line_segment(index, row[0], row[1], row[2] if len(row) > 2 else None))


def _aligned_items(document: DocumentSource, settings: QaSettings) -> Iterator[SegmentItem]:
    assert document.ref is not None  # text documents always have one (see inputs.pair_documents)
    mt = load_sentences(document.mt, settings.lang, max_chars=settings.max_chars)
    ref = load_sentences(document.ref, settings.lang, max_chars=settings.max_chars)
    src = (load_sentences(document.src, settings.src_lang or "en", max_chars=settings.max_chars)
           if document.src else None)
    for segment in align_sentences(mt, ref, src, score=False):
        yield SegmentItem(segment)


def _unit_items(document: DocumentSource, max_chars: int) -> Iterator[SegmentItem]:
    for index, unit in enumerate(read_units(document.mt, document.format, **document.read_options())):
        mt = unit.mt or ""
        # A post-edit is the reference of its MT when the unit has no separate reference.
        ref = unit.reference if unit.reference is not None else unit.corrected or ""
        src = unit.source
        for text in (mt, ref, src or ""):
            check_segment_length(text, document.mt, f"unit {unit.id!r}", max_chars)
        yield SegmentItem(line_segment(index, mt, ref, src), unit.id, _mqm(document.mt, unit), scored=bool(ref.strip()))


def _mqm(path: Path, unit: Unit) -> MqmInfo | None:
    """The unit's MQM score, or None without annotations."""
    if not unit.annotations:
        return None
    try:
        score = rater_average((a.rater or unit.reviewer or "", a.category, a.severity) for a in unit.annotations)
    except ValueError as exc:
        raise InputError(path, f"unit {unit.id!r}: {exc}") from None
    errors = tuple((a.category, a.severity) for a in unit.annotations if a.severity.lower() != NO_ERROR.lower())
    return MqmInfo(unit.system, score, errors, len((unit.mt or "").split()))


def chunks(tagged: Iterable[tuple[int, SegmentItem]], size: int) -> Iterator[Chunk]:
    """Group a stream of ``(document index, segment)`` into chunks of at most ``size`` segments.

    A chunk never spans two documents.
    """
    batch: list[SegmentItem] = []
    doc, start = -1, 0
    for tag, item in tagged:
        if batch and (tag != doc or len(batch) >= size):
            yield Chunk(doc, start, batch)
            start = start + len(batch) if tag == doc else 0
            batch = []
        doc = tag
        batch.append(item)
    if batch:
        yield Chunk(doc, start, batch)


# --- Repetition across the batch ---------------------------------------------------------------


def _mt_lines(document: DocumentSource) -> Iterator[str]:
    """The MT lines of one document as the checks will see them, read once more (text files line by line)."""
    if document.bilingual:
        for unit in read_units(document.mt, document.format, **document.read_options()):
            yield unit.mt or ""
    else:
        yield from iter_text_lines(document.mt)


def with_batch_repetition(documents: Sequence[DocumentSource], settings: QaSettings) -> QaSettings:
    """``settings`` with :attr:`QaSettings.repeated` filled from the batch when the ``chrome`` check runs and
    there are enough documents for a line to recur in (one more pass over the MT files, short lines only kept)."""
    if len(documents) < REPEAT_MIN_DOCS or not any(check.id == "chrome" for check in settings.checks):
        return settings
    return replace(settings, repeated=repeated_lines(_mt_lines(d) for d in documents))


# --- Processing -----------------------------------------------------------------------------------


def process_chunk(chunk: Chunk, settings: QaSettings) -> ChunkResult:
    """Score and check one chunk; segments get their sentence scores in place."""
    return score_chunk(chunk, settings).on(chunk)


def _set_scores(scored: list[AlignedSegment], sentence: dict[str, list[Any]]) -> None:
    for name in dict.fromkeys([*SENTENCE_METRICS, *sentence]):  # the align contract's keys, then the others
        for segment, value in zip(scored, sentence.get(name, [None] * len(scored)), strict=True):
            segment.scores[name] = value


def score_chunk(chunk: Chunk, settings: QaSettings) -> ChunkOutcome:
    """Score and check one chunk; the chunk's segments are left as they are (:meth:`ChunkOutcome.on` scores them:
    in the process that read the chunk, where a worker process's copy is not)."""
    segments = [item.segment for item in chunk.items]
    scored = [item.segment for item in chunk.items if item.scored]
    # the sources go to the metrics that need them (a segment without one: None)
    stats, sentence = segment_statistics([s.mt for s in scored], [[s.ref for s in scored]],
                                         settings.metrics, settings.tokenize, [s.src for s in scored])
    if settings.checks:
        context = Context(target_lang=settings.lang, source_lang=settings.src_lang, glossary=settings.glossary,
                          repeated=settings.repeated)
        findings = check_segments(segments, context, settings.checks)
    else:
        findings = [[] for _ in segments]
    add_uncertain(segments, findings)  # low-confidence links of aligned documents
    # Findings are numbered by segment: line N is the document's N-th segment (the MT file's
    # line N with --segmented, as ``check`` numbers it); offsets are into that segment's MT.
    numbered = [
        [Finding(chunk.start + i + 1, f.start, f.end, f.check, f.category, f.severity, f.message, f.suggestion)
         for f in found]
        for i, found in enumerate(findings)
    ]
    efforts = None
    if settings.post_edit:  # HTER and the edit rate are already among the statistics: measured once
        efforts = efforts_from_statistics([s.mt for s in scored], [s.ref for s in scored],
                                          stats["hter"].tolist(), stats["edit-rate"].tolist())
    return ChunkOutcome(sentence, stats, numbered, efforts)


# --- Writing --------------------------------------------------------------------------------------


def segment_record(item: SegmentItem, doc: str, findings: list[Finding]) -> dict[str, Any]:
    """One ``segments.jsonl`` object: the align contract, then ``doc``, ``unit``, ``mqm``, ``findings``."""
    record = contract_record(item.segment)
    # sentence scores of metrics beyond the align contract's (plugins), after its keys
    record.update((name, value) for name, value in item.segment.scores.items() if name not in record)
    record["doc"] = doc
    record["unit"] = item.unit
    record["mqm"] = None if item.mqm is None else item.mqm.score
    record["findings"] = [f.to_dict() for f in findings]
    return record


def finding_record(finding: Finding, doc: str) -> dict[str, Any]:
    """One ``findings.jsonl`` object: ``doc`` then the ``check`` JSONL contract."""
    return {"doc": doc, **finding.to_dict()}


# What json.dumps(..., ensure_ascii=False) makes afresh for every call: one encoder for every record of a run.
_JSON = json.JSONEncoder(ensure_ascii=False)


def write_chunk(result: ChunkResult, names: list[str], segments_out: IO[str], findings_out: IO[str]) -> None:
    """Append one processed chunk to ``segments.jsonl`` and ``findings.jsonl``."""
    doc = names[result.chunk.doc]
    for item, found in zip(result.chunk.items, result.findings, strict=True):
        segments_out.write(_JSON.encode(segment_record(item, doc, found)) + "\n")
        for finding in found:
            findings_out.write(_JSON.encode(finding_record(finding, doc)) + "\n")


# --- The report folder, never half-written ---------------------------------------------------------


def check_output_folder(out: Path) -> None:
    """Refuse an ``--out`` that exists and is not an earlier ``qa`` report (it would be replaced)."""
    if not out.exists():
        return
    if not out.is_dir():
        raise InputError(out, "exists and is not a folder; --out names the report folder")
    strangers = sorted(p.name for p in out.iterdir() if p.name not in BUNDLE_FILES)
    if strangers:
        raise InputError(out, f"exists and holds files that are not part of a qa report ({', '.join(strangers[:5])}); "
                         "choose a new --out or empty it")


@contextlib.contextmanager
def report_folder(out: Path) -> Iterator[Path]:
    """A temporary folder next to ``out``, renamed to ``out`` if the block succeeds, removed if not.

    An earlier report at ``out`` is replaced only at the end, so readers see the old bundle or the
    new one, never a mixture; folders created for ``out``'s parent are removed again on failure.
    """
    check_output_folder(out)
    created = [p for p in [out.parent, *out.parent.parents] if not p.exists()]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _folder_name(out)
    try:
        # Created inside the try: a signal (SIGTERM as an exception) right after mkdir still removes it.
        while True:
            try:
                tmp.mkdir()
                break
            except FileExistsError:
                tmp = _folder_name(out)
        yield tmp
        check_output_folder(out)  # something may have appeared there during a long run
        _swap_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for folder in created:  # innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _folder_name(out: Path) -> Path:
    """A fresh hidden folder name next to ``out`` (made with ``mkdir``: ``mkdtemp`` would make it private)."""
    return out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")


def _swap_into_place(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.replace(tmp, out)
        return
    old = out.with_name(f".{out.name}.old-{secrets.token_hex(4)}")
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
