"""The core pipeline as one library call: read, segment, align, attach source, score.

The CLI and the app both call these functions; nothing here prints or imports a UI.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from review_app.align import AlignParams, align
from review_app.align.aligner import MERGE_TYPES, Link
from review_app.align.srcattach import AnchorSimilarity, attach_source
from review_app.align.stream import WINDOW, windowed_links
from review_app.errors import InputError
from review_app.model import TEXT_FIELDS, AlignedSegment, Sentence
from review_app.parallel import ordered_map
from review_app.progress import progress
from review_app.scoring.metrics import Scores, SegmentStats, score_corpus, scores_and_statistics
from review_app.scoring.registry import SENTENCE_METRICS, default_metrics, sentence_metrics, without_source
from review_app.scoring.stats import segment_statistics
from review_app.text.ingest import MAX_SEGMENT_CHARS, check_segment_length, iter_text_lines, read_text
from review_app.text.parallel import file_side, parallel_chunks, parallel_columns
from review_app.text.segment import split_lines, split_sentences

# The keys of the ``align`` JSONL contract, in order: the segment's fields, then its sentence scores.
CONTRACT_KEYS: tuple[str, ...] = (*TEXT_FIELDS, *SENTENCE_METRICS)


def contract_record(segment: AlignedSegment) -> dict[str, Any]:
    """The ``align`` contract's JSON object of ``segment`` (one key per registered sentence metric)."""
    return segment.to_dict(SENTENCE_METRICS)


def sentences_from_text(
    text: str, lang: str = "en", *, segmented: bool = False, label: str | Path = "input",
    max_chars: int = MAX_SEGMENT_CHARS,
) -> list[Sentence]:
    """Sentences of a document (or its non-blank lines in segmented mode), each at most ``max_chars`` long."""
    sentences = split_lines(text) if segmented else split_sentences(text, lang)
    for sentence in sentences:
        check_segment_length(sentence.text, label, f"line {sentence.line + 1}", max_chars)
    return sentences


def load_sentences(
    path: str | Path, lang: str = "en", *, segmented: bool = False, max_chars: int = MAX_SEGMENT_CHARS
) -> list[Sentence]:
    """Read a file and split it; bad, empty or over-long input raises :class:`InputError` naming the file."""
    sentences = sentences_from_text(read_text(path), lang, segmented=segmented, label=path, max_chars=max_chars)
    if not sentences:
        raise InputError(path, "empty input: no sentences found")
    return sentences


def align_sentences(
    mt: list[Sentence],
    ref: list[Sentence],
    src: list[Sentence] | None = None,
    *,
    score: bool = True,
    params: AlignParams | None = None,
    segmented: bool = False,
    jobs: int = 1,
    statistics: bool = False,
) -> list[AlignedSegment]:
    """Align MT with reference sentences, attach the source, and score every pair with sacrebleu (``statistics``:
    keep each pair's statistics rows too, for the store).

    In documents (not ``segmented``) a link that joins sentences of different paragraphs costs more.
    """
    paragraphs = None if segmented else ([s.line for s in mt], [s.line for s in ref])
    links = align([s.text for s in mt], [s.text for s in ref], params, paragraphs=paragraphs)
    segments = [
        AlignedSegment(
            mt=" ".join(mt[i].text for i in link.mt),
            ref=" ".join(ref[j].text for j in link.ref),
            src=None,
            mt_ids=[mt[i].id for i in link.mt],
            ref_ids=[ref[j].id for j in link.ref],
            link=link.kind,
            confidence=link.confidence,
        )
        for link in links
    ]
    if src:
        attach_source(segments, mt, src)
    if score:
        add_sentence_scores(segments, jobs, statistics=statistics)
    return segments


def _per_line(mt: list[Sentence], lines: int, segments: Iterable[AlignedSegment], side: str) -> list[str]:
    """Each MT line's counterpart: the ``side`` text of the segments whose first MT sentence is on that line."""
    line_of = {s.id: s.line for s in mt}
    texts: list[list[str]] = [[] for _ in range(lines)]
    for segment in segments:
        text = getattr(segment, side)
        if segment.mt_ids and text:  # a reference sentence the MT left out has no line to go to
            texts[line_of[segment.mt_ids[0]]].append(text)
    return [" ".join(parts) for parts in texts]


def reference_per_line(mt_text: str, ref_text: str, lang: str = "en") -> list[str]:
    """A reference that is a whole document, aligned with the MT as ``qa`` does, as each MT line's reference.

    Line ``i`` of the result is the reference sentences linked with the sentences of MT line ``i``
    (a link across lines goes to the line of its first MT sentence), so checks that compare a line with
    its reference see the MT's own lines.
    """
    mt = sentences_from_text(mt_text, lang, label="MT")
    ref = sentences_from_text(ref_text, lang, label="reference")
    segments = align_sentences(mt, ref, score=False) if mt and ref else []
    return _per_line(mt, len(mt_text.split("\n")), segments, "ref")


def source_per_line(mt_text: str, src_text: str, lang: str = "en", src_lang: str | None = None) -> list[str]:
    """A source that is a whole document, attached to the MT's sentences as ``qa`` does, as each MT line's source."""
    mt = sentences_from_text(mt_text, lang, label="MT")
    src = sentences_from_text(src_text, src_lang or lang, label="source")
    segments = [AlignedSegment(mt=s.text, ref="", src=None, mt_ids=[s.id], ref_ids=[]) for s in mt]
    attach_source(segments, mt, src)
    return _per_line(mt, len(mt_text.split("\n")), segments, "src")


def stream_aligned(
    mt: Iterable[Sentence],
    ref: Iterable[Sentence],
    src: Iterable[Sentence] | None = None,
    *,
    params: AlignParams | None = None,
    segmented: bool = False,
    window: int = WINDOW,
) -> Iterator[AlignedSegment]:
    """:func:`align_sentences` without scores, in bounded memory: at most ``window`` sentences of each
    side are held (:mod:`review_app.align.stream`); the same segments when no side is longer."""

    def link(a: list[Sentence], b: list[Sentence]) -> list[Link]:
        paragraphs = None if segmented else ([s.line for s in a], [s.line for s in b])
        return align([s.text for s in a], [s.text for s in b], params, paragraphs=paragraphs)

    pairs = ((AlignedSegment(mt=" ".join(s.text for s in a), ref=" ".join(s.text for s in b), src=None,
                             mt_ids=[s.id for s in a], ref_ids=[s.id for s in b], link=item.kind,
                             confidence=item.confidence), a)
             for a, b, item in windowed_links(mt, ref, link, window))
    if src is None:
        yield from (segment for segment, _ in pairs)
        return
    yield from _attach_stream(pairs, src, window)


def _attach_stream(
    pairs: Iterator[tuple[AlignedSegment, list[Sentence]]], src: Iterable[Sentence], window: int
) -> Iterator[AlignedSegment]:
    """:func:`~review_app.align.srcattach.attach_source` over a stream: a source sentence goes to the
    segment of the MT sentence its link starts with (a link without MT: the last such segment, or
    the first one); a segment is given out once the source has moved past it."""
    pending: deque[AlignedSegment] = deque()
    owner: dict[int, AlignedSegment] = {}
    early: list[Sentence] = []  # source before any MT link: the first segment with MT takes it
    current: AlignedSegment | None = None

    def mt_sentences() -> Iterator[Sentence]:
        for segment, sentences in pairs:
            segment.src_ids = []
            pending.append(segment)
            for sentence in sentences:
                owner[sentence.id] = segment
            yield from sentences

    def anchors(a: list[Sentence], b: list[Sentence]) -> list[Link]:
        return align([s.text for s in a], [s.text for s in b], AlignParams(), MERGE_TYPES, AnchorSimilarity)

    texts: dict[int, str] = {}
    for a, b, _item in windowed_links(mt_sentences(), src, anchors, window):
        if a:
            current = owner[a[0].id]
            if early:
                b, early = early + b, []
        if current is None:
            early += b
            continue
        current.src_ids.extend(s.id for s in b)
        texts.update((s.id, s.text) for s in b)
        while pending and pending[0] is not current:  # the source has moved past these
            yield _with_source(pending.popleft(), texts)
    if early and pending:  # a source with no MT at all goes nowhere, as in attach_source
        pending[0].src_ids.extend(s.id for s in early)
        texts.update((s.id, s.text) for s in early)
    while pending:
        yield _with_source(pending.popleft(), texts)


def _with_source(segment: AlignedSegment, texts: dict[int, str]) -> AlignedSegment:
    segment.src = " ".join(texts.pop(i) for i in segment.src_ids) if segment.src_ids else None
    return segment


SCORE_CHUNK = 500


def add_sentence_scores(segments: list[AlignedSegment], jobs: int = 1, *, statistics: bool = False) -> None:
    """Fill each segment's sentence scores (``None`` where a side is empty), in place; with ``statistics``
    also its statistics rows (``AlignedSegment.stats``: what the store keeps; the same pass).

    Scored in chunks, in ``jobs`` processes, with a progress bar (on a terminal) for long documents.
    """
    pairs = [[s for s in segments[k : k + SCORE_CHUNK]] for k in range(0, len(segments), SCORE_CHUNK)]
    results = ordered_map(partial(_score_chunk, statistics=statistics), pairs, jobs if len(pairs) > 1 else 1)
    scored = progress(results, total=len(pairs), desc="scoring", unit="chunk")
    for start, scores in zip(range(0, len(segments), SCORE_CHUNK), scored, strict=True):
        for segment, (values, stats) in zip(segments[start : start + SCORE_CHUNK], scores, strict=True):
            segment.scores, segment.stats = values, stats


def _score_chunk(segments: list[AlignedSegment], *, statistics: bool = False
                 ) -> list[tuple[dict[str, float | None], SegmentStats]]:
    """Every registered sentence metric but the costly ones (with ``statistics``, and the default corpus metrics'
    statistics rows); those needing a source only with one."""
    sources = [s.src for s in segments]
    has_source = any(src is not None for src in sources)
    return scores_and_statistics([s.mt for s in segments], [[s.ref for s in segments]],
                                 without_source(sentence_metrics(), has_source),
                                 without_source(default_metrics(), has_source) if statistics else (),
                                 sources if has_source else None)


def score_stream(segments: Iterable[AlignedSegment], jobs: int = 1) -> Iterator[AlignedSegment]:
    """The segments with their sentence scores, scored ``SCORE_CHUNK`` at a time in ``jobs`` processes
    (a bounded number of chunks in flight), in order."""
    items = iter(segments)
    chunks = iter(lambda: list(itertools.islice(items, SCORE_CHUNK)), [])
    for chunk in progress(ordered_map(_scored, chunks, jobs), desc="scoring", unit="chunk"):
        yield from chunk


def _scored(segments: list[AlignedSegment]) -> list[AlignedSegment]:
    scores = _score_chunk(segments)
    for segment, (values, stats) in zip(segments, scores, strict=True):
        segment.scores, segment.stats = values, stats
    return segments


def stream_lines(path: str | Path, max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[Sentence]:
    """Segmented mode read line by line: the :func:`~review_app.text.segment.split_lines` sentences of a
    file, as :func:`load_sentences` gives them, without the whole file in memory."""
    found = False
    for number, raw in enumerate(iter_text_lines(Path(path))):
        line = raw.removesuffix("\n")
        stripped = line.strip()
        if stripped:
            check_segment_length(stripped, path, f"line {number + 1}", max_chars)
            start = line.index(stripped[0])
            found = True
            yield Sentence(number, stripped, number, start, start + len(stripped))
    if not found:
        raise InputError(path, "empty input: no sentences found")


@dataclass(slots=True)
class ParallelCorpus:
    """Line-parallel hypotheses with one or more reference streams."""

    hypotheses: list[str]
    references: list[list[str]]
    sources: list[str | None] | None = None


def load_parallel(
    mt_path: str | Path, ref_paths: Sequence[str | Path], max_chars: int = MAX_SEGMENT_CHARS,
    src_path: str | Path | None = None,
) -> ParallelCorpus:
    """Read line-parallel MT, reference (and source) files; line counts must agree."""
    sides = [file_side(path) for path in (mt_path, *ref_paths, *([] if src_path is None else [src_path]))]
    hyps, *columns = parallel_columns(sides, max_chars)
    sources: list[str | None] | None = list(columns.pop()) if src_path is not None else None
    return ParallelCorpus(hyps, columns, sources)


PARALLEL_CHUNK = 2000


def parallel_statistics(
    mt_path: str | Path, ref_paths: Sequence[str | Path], names: Sequence[str], *, tokenize: str | None = None,
    max_chars: int = MAX_SEGMENT_CHARS, chunk: int = PARALLEL_CHUNK, src_path: str | Path | None = None,
    jobs: int = 1,
) -> tuple[int, dict[str, np.ndarray]]:
    """(number of segments, statistics per metric) of line-parallel files, read ``chunk`` lines at a
    time: only the statistics (a few hundred bytes a segment) are kept, not the texts. The same
    errors and rows as :func:`load_parallel` with :func:`score_parallel`. The source file, when
    given, is read alongside (last) for the metrics that need it. Chunks are extracted in ``jobs``
    processes (a pool only when there is more than one chunk), in order: the same rows."""
    paths = [mt_path, *ref_paths, *([] if src_path is None else [src_path])]  # as given: errors name them so
    refs_end = 1 + len(ref_paths)
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names}
    count, texts = 0, [False] * len(paths)

    def columns() -> Iterator[list[list[str]]]:
        nonlocal count
        for batch in parallel_chunks([file_side(path) for path in paths], chunk, max_chars):
            found = [list(column) for column in zip(*batch, strict=True)]
            for k, column in enumerate(found):
                texts[k] = texts[k] or any(text.strip() for text in column)
            count += len(batch)
            yield found

    batches = columns()
    ahead = list(itertools.islice(batches, 2))
    extract = partial(_chunk_statistics, names=names, tokenize=tokenize, refs_end=refs_end,
                      with_source=src_path is not None)
    for stats in ordered_map(extract, itertools.chain(ahead, batches), jobs if len(ahead) > 1 else 1):
        for name in names:
            parts[name].append(stats[name])
    for path, has_text in zip(paths, texts, strict=True):
        if not has_text:
            raise InputError(path, "empty input: the file holds no text")
    joined: dict[str, np.ndarray] = {}
    for name in names:  # metric by metric, each one's pieces dropped at once: memory grows by one metric's rows
        if pieces := parts.pop(name):
            joined[name] = np.concatenate(pieces)
        del pieces
    return count, joined


def _chunk_statistics(columns: list[list[str]], *, names: Sequence[str], tokenize: str | None, refs_end: int,
                      with_source: bool) -> dict[str, np.ndarray]:
    """One chunk's statistics rows (no sentence scores: the corpus scores need only the rows)."""
    stats, _ = segment_statistics(columns[0], columns[1:refs_end], names, tokenize,
                                  list(columns[refs_end]) if with_source else None, sentence_for=())
    return stats


def aligned_corpus(segments: Sequence[AlignedSegment]) -> ParallelCorpus:
    """Aligned segments as a corpus for scoring; unaligned sentences count (as empty counterparts).
    The segments' sources come along when any segment has one."""
    sources = [s.src for s in segments]
    return ParallelCorpus([s.mt for s in segments], [[s.ref for s in segments]],
                          sources if any(src is not None for src in sources) else None)


def score_parallel(
    corpus: ParallelCorpus, *, metrics: Sequence[str], n_bootstrap: int, tokenize: str | None = None
) -> Scores:
    """Corpus scores of a parallel corpus (no sentence scores)."""
    return score_corpus(corpus.hypotheses, corpus.references, metrics=(), corpus_metrics=metrics,
                        n_bootstrap=n_bootstrap, tokenize=tokenize, sources=corpus.sources)
