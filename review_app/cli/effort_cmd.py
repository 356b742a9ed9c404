"""``effort``: post-editing effort of an MT against its post-edit (HTER, character edit rate, bands), and
MLQE-PE-style quality-estimation files (``--qe-out``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from review_app.cli.common import add_language_args, add_max_chars_arg, add_segmented_arg, print_table
from review_app.cli.guard import Files, declare_files
from review_app.effort import BAND_LABELS, EffortSummary, qe_lines, segment_efforts, summarize, write_qe_files
from review_app.effort.measures import SIGNATURE_BAND, SegmentEffort, edit_rate_signature, hter_signature
from review_app.output import guard_outputs
from review_app.pipeline import align_sentences, load_sentences
from review_app.text.parallel import file_side, parallel_columns
from review_app.vocab import NO_VALUE

QE_FILES = ("mt", "pe", "hter", "tags")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``effort`` subcommand."""
    parser = sub.add_parser("effort", help="post-editing effort: HTER, character edit rate, edit-distance bands")
    parser.add_argument("mt", help="MT output (text file)")
    parser.add_argument("pe", help="its post-edit (text file)")
    parser.add_argument("--src", help="source text: attached to the segments, written as DIR/src with --qe-out")
    parser.add_argument("--json", action="store_true", help="print JSON (summary and every segment) instead of a table")
    parser.add_argument("--qe-out", metavar="DIR",
                        help="write DIR/mt, DIR/pe, DIR/hter and DIR/tags (and DIR/src), line-parallel, as MLQE-PE")
    add_segmented_arg(parser, "line-parallel files: line i of MT goes with line i of PE (no alignment)")
    add_language_args(parser)
    add_max_chars_arg(parser)
    parser.set_defaults(func=run)
    declare_files(parser, Files(inputs=("mt", "pe", "src")))


def _qe_paths(args: argparse.Namespace) -> list[Path]:
    names = [*QE_FILES, *(["src"] if args.src else [])]
    return [Path(args.qe_out) / name for name in names]


def _segments(args: argparse.Namespace) -> tuple[list[str], list[str], list[str | None] | None]:
    """(MT, post-edit, source or None) per segment: the lines, or the aligned sentences of documents."""
    limit = args.max_segment_chars
    if args.segmented:  # the one line-parallel loader: same line ends, limit and line-count refusal as qa
        sides = [file_side(args.mt), file_side(args.pe), *([file_side(args.src)] if args.src else [])]
        columns = parallel_columns(sides, limit)
        src: list[str | None] | None = list(columns[2]) if args.src else None
        return columns[0], columns[1], src
    mt_sentences = load_sentences(args.mt, args.lang, max_chars=limit)
    pe_sentences = load_sentences(args.pe, args.lang, max_chars=limit)
    src_sentences = load_sentences(args.src, args.src_lang or "en", max_chars=limit) if args.src else None
    aligned = align_sentences(mt_sentences, pe_sentences, src_sentences, score=False)
    return ([s.mt for s in aligned], [s.ref for s in aligned],
            [s.src or "" for s in aligned] if args.src else None)


def run(args: argparse.Namespace) -> int:
    """Read (and align), measure, print; write the QE files when asked."""
    if args.qe_out:  # before anything is read: a QE file must not replace an input
        guard_outputs([("--qe-out", path) for path in _qe_paths(args)], [args.mt, args.pe, args.src])
    mt, pe, src = _segments(args)
    efforts = segment_efforts(mt, pe)
    summary = summarize(efforts)
    if args.qe_out:
        write_qe_files(args.qe_out, qe_lines(mt, pe, src), with_src=src is not None)
    if args.json:
        print(json.dumps(_json(args, summary, efforts), ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
    return 0


def _json(args: argparse.Namespace, summary: EffortSummary, efforts: list[SegmentEffort]) -> dict[str, object]:
    return {
        "mt": args.mt, "pe": args.pe, "src": args.src, "segmented": args.segmented,
        "summary": summary.to_dict(),
        "signatures": {"hter": hter_signature(), "edit_rate": edit_rate_signature(), "band": SIGNATURE_BAND},
        "segments": [{"hter": e.hter, "edit_rate": e.edit_rate, "edit_distance": e.edit_distance,
                      "similarity": e.similarity, "band": e.band, "words": e.words, "unchanged": e.unchanged}
                     for e in efforts],
    }


def _number(value: float | None, digits: int = 2) -> str:
    return NO_VALUE if value is None else f"{value:.{digits}f}"


def _print_summary(summary: EffortSummary) -> None:
    share = summary.accepted_share
    rows = [
        ("segments", f"{summary.segments:,}"),
        ("MT words", f"{summary.words:,}"),
        ("HTER (word-weighted mean / median)", f"{_number(summary.hter_mean, 4)} / {_number(summary.hter_median, 4)}"),
        ("character edit rate % (mean / median)",
         f"{_number(summary.edit_rate_mean)} / {_number(summary.edit_rate_median)}"),
        ("accepted as is", f"{summary.unchanged:,} ({_number(None if share is None else 100 * share, 1)}%)"),
    ]
    print_table(("measure", "value"), rows, rule=True)
    print()
    band_rows = []
    for label in BAND_LABELS:
        band = summary.bands[label]
        share_words = 100 * band.words / summary.words if summary.words else None
        band_rows.append((label, f"{band.segments:,}", f"{band.words:,}", _number(share_words, 1)))
    print_table(("band (similarity)", "segments", "words", "% words"), band_rows, right=(1, 2, 3), rule=True)
