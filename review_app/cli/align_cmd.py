"""``align``: pair MT sentences with reference sentences and score each pair (JSONL out)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from review_app.cli.common import add_language_args, add_max_chars_arg, add_segmented_arg, jobs_from, write_jsonl
from review_app.cli.guard import Files, declare_files
from review_app.cli.options import non_negative_int
from review_app.model import AlignedSegment
from review_app.pipeline import (
    align_sentences,
    contract_record,
    load_sentences,
    score_stream,
    stream_aligned,
    stream_lines,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``align`` subcommand."""
    parser = sub.add_parser("align", help="align MT with reference sentence by sentence (JSONL)")
    parser.add_argument("mt", help="MT output (text file)")
    parser.add_argument("ref", help="reference translation or post-edit (text file)")
    parser.add_argument("--src", help="source text, attached to the aligned segments")
    parser.add_argument("-o", "--output", help="output JSONL file (default or -: stdout)")
    parser.add_argument("--no-scores", action="store_true", help="skip per-segment BLEU/chrF/TER")
    parser.add_argument("--jobs", type=non_negative_int, default=0, metavar="N",
                        help="worker processes for scoring (default 0: one per CPU core)")
    add_segmented_arg(parser, "inputs hold one segment per line; the aligner pairs the lines")
    add_language_args(parser)
    add_max_chars_arg(parser)
    parser.set_defaults(func=run)
    declare_files(parser, Files(inputs=("mt", "ref", "src"), outputs=(("output", "-o"),)))


def run(args: argparse.Namespace) -> int:
    """Read, align, score, write."""
    limit = args.max_segment_chars
    if args.segmented:  # read, aligned, scored and written as it goes: memory does not grow with the files
        stream: Iterator[AlignedSegment] = stream_aligned(
            stream_lines(args.mt, limit), stream_lines(args.ref, limit),
            stream_lines(args.src, limit) if args.src else None, segmented=True)
        if not args.no_scores:
            stream = score_stream(stream, jobs_from(args.jobs))
        write_jsonl((contract_record(s) for s in stream), args.output)
        return 0
    mt = load_sentences(args.mt, args.lang, max_chars=limit)
    ref = load_sentences(args.ref, args.lang, max_chars=limit)
    src = load_sentences(args.src, args.src_lang or "en", max_chars=limit) if args.src else None
    segments = align_sentences(mt, ref, src, score=not args.no_scores, jobs=jobs_from(args.jobs))
    write_jsonl((contract_record(s) for s in segments), args.output)
    return 0
