"""The core pipeline as one library call: read, segment, align, attach source, score.

The CLI and the app both call these functions; nothing here prints or imports a UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from review_app.align import AlignParams, align
from review_app.align.srcattach import attach_source
from review_app.errors import InputError
from review_app.model import AlignedSegment, Sentence
from review_app.parallel import ordered_map
from review_app.progress import progress
from review_app.scoring.metrics import Scores, score_corpus, sentence_scores
from review_app.text.ingest import MAX_SEGMENT_CHARS, check_segment_length, physical_lines, read_text
from review_app.text.segment import split_lines, split_sentences


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
) -> list[AlignedSegment]:
    """Align MT with reference sentences, attach the source, and score every pair with sacrebleu.

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
        add_sentence_scores(segments, jobs)
    return segments


SCORE_CHUNK = 500


def add_sentence_scores(segments: list[AlignedSegment], jobs: int = 1) -> None:
    """Fill each segment's sentence scores (``None`` where a side is empty), in place.

    Scored in chunks, in ``jobs`` processes, with a progress bar (on a terminal) for long documents.
    """
    pairs = [([s.mt for s in segments[k : k + SCORE_CHUNK]], [s.ref for s in segments[k : k + SCORE_CHUNK]])
             for k in range(0, len(segments), SCORE_CHUNK)]
    results = ordered_map(_score_chunk, pairs, jobs if len(pairs) > 1 else 1)
    scored = progress(results, total=len(pairs), desc="scoring", unit="chunk")
    for start, scores in zip(range(0, len(segments), SCORE_CHUNK), scored, strict=True):
        for segment, values in zip(segments[start : start + SCORE_CHUNK], scores, strict=True):
            segment.scores = values


def _score_chunk(pair: tuple[list[str], list[str]]) -> list[dict[str, float | None]]:
    return sentence_scores(pair[0], [pair[1]])


def read_parallel_lines(path: str | Path, max_chars: int = MAX_SEGMENT_CHARS) -> list[str]:
    """Physical lines of a line-parallel file (a final newline does not make an extra line)."""
    lines = physical_lines(read_text(path))
    for number, line in enumerate(lines, start=1):
        check_segment_length(line, path, f"line {number}", max_chars)
    return lines


@dataclass(slots=True)
class ParallelCorpus:
    """Line-parallel hypotheses with one or more reference streams."""

    hypotheses: list[str]
    references: list[list[str]]


def load_parallel(
    mt_path: str | Path, ref_paths: Sequence[str | Path], max_chars: int = MAX_SEGMENT_CHARS
) -> ParallelCorpus:
    """Read line-parallel MT and reference files; line counts must agree."""
    hyps = read_parallel_lines(mt_path, max_chars)
    refs = []
    for path in ref_paths:
        lines = read_parallel_lines(path, max_chars)
        if len(lines) != len(hyps):
            raise InputError(
                path, f"has {len(lines)} lines but {mt_path} has {len(hyps)}; line-parallel files must match"
            )
        refs.append(lines)
    return ParallelCorpus(hyps, refs)


def aligned_corpus(segments: Sequence[AlignedSegment]) -> ParallelCorpus:
    """Aligned segments as a corpus for scoring; unaligned sentences count (as empty counterparts)."""
    return ParallelCorpus([s.mt for s in segments], [[s.ref for s in segments]])


def score_parallel(
    corpus: ParallelCorpus, *, metrics: Sequence[str], n_bootstrap: int, tokenize: str | None = None
) -> Scores:
    """Corpus scores of a parallel corpus (no sentence scores)."""
    return score_corpus(corpus.hypotheses, corpus.references, metrics=(), corpus_metrics=metrics,
                        n_bootstrap=n_bootstrap, tokenize=tokenize)
