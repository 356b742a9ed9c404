"""``convert`` (any corpus format to any other) and ``mqm-score`` (system MQM scores of an MQM TSV)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from review_app.cli.common import RAW_READ_HELP, add_lang_option, add_src_lang_option, print_table
from review_app.cli.guard import Files, declare_files
from review_app.errors import InputError
from review_app.formats import FORMATS, TARGET_CHOICES, Unit, detect_format, format_options, read_units, write_units
from review_app.formats.base import collect_not_carried, peek
from review_app.formats.mqm import read_mqm
from review_app.formats.txt import SIDES
from review_app.output import is_stdout, stdout_copy
from review_app.progress import progress
from review_app.scoring.mqm import mqm_system_scores
from review_app.vocab import GOOGLE_WMT

# Reader/writer option → the CLI option's dest and flag (the same name but for the target language, --lang).
_OPTION_FLAGS: dict[str, tuple[str, str]] = {
    "src_lang": ("src_lang", "--src-lang"),
    "tgt_lang": ("lang", "--lang"),
    "xliff_version": ("xliff_version", "--xliff-version"),
    "raw": ("raw", "--raw"),
    "columns": ("columns", "--columns"),
    "side": ("side", "--side"),
    "target": ("target", "--target"),
}


def register(subparsers: Any) -> None:
    """Add the ``convert`` and ``mqm-score`` subcommands."""
    formats = ", ".join(f"{name} ({spec.description})" for name, spec in FORMATS.items())
    convert = subparsers.add_parser(
        "convert",
        help="convert a corpus between txt, tsv, csv, jsonl, tmx, xliff and mqm",
        description=f"Convert a corpus from one format to another, streaming. Formats: {formats}.",
    )
    convert.add_argument("input", help="input file (format from its ending, or --from)")
    convert.add_argument("output", help="output file (format from its ending, or --to), written atomically; "
                         "- for stdout (needs --to)")
    convert.add_argument("--from", dest="from_format", choices=sorted(FORMATS), help="input format")
    convert.add_argument("--to", dest="to_format", choices=sorted(FORMATS), help="output format")
    add_src_lang_option(convert, "source language where the input does not state it (and TMX/XLIFF headers)")
    add_lang_option(convert, "target language where the input does not state it (and TMX/XLIFF headers)")
    convert.add_argument("--xliff-version", choices=("1.2", "2.0"), help="XLIFF version to write (default 2.0)")
    convert.add_argument("--raw", action="store_true", default=None,
                         help="CSV/TSV/MQM: do not neutralise cells that spreadsheets would run as formulas")
    convert.add_argument("--columns", help="CSV/TSV column mapping, e.g. source=src,mt=hyp,reference=ref")
    convert.add_argument("--side", choices=SIDES, help="txt: which text a line holds (default mt)")
    convert.add_argument("--target", choices=TARGET_CHOICES,
                         help="TMX/XLIFF: text written as the target (default auto: corrected, else MT)")
    convert.add_argument("--drop-inline", action="store_true",
                         help="write the texts without their inline tags (needed for txt and mqm, which cannot hold "
                              "them; other formats keep them); the count is reported")
    convert.add_argument("--drop-languages", action="store_true",
                         help="leave out the texts in languages besides the source and target (a multilingual TMX's "
                              "further <tuv>s: needed for xliff, txt and mqm, which cannot hold them; tmx, jsonl, tsv "
                              "and csv keep them); the counts are reported")
    convert.set_defaults(func=run_convert)
    declare_files(convert, Files(inputs=("input",), outputs=(("output", "output"),)))

    score = subparsers.add_parser(
        "mqm-score",
        help="system MQM scores of an MQM TSV (Google WMT weights)",
        description="Score each system of a Google-style MQM TSV: weights summed per segment and rater, "
        "averaged over raters, then over segments (lower is better).",
    )
    score.add_argument("file", help="MQM TSV (system doc doc_id seg_id rater source target category severity)")
    score.add_argument("--json", action="store_true", help="print JSON instead of a table")
    score.add_argument("--raw", action="store_true", help=RAW_READ_HELP)
    score.set_defaults(func=run_mqm_score)


def _split_options(args: argparse.Namespace, source: str, dest: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Give each CLI option to the reader and/or writer that takes it; refuse options neither takes."""
    read_ok, write_ok = format_options(source, "read"), format_options(dest, "write")
    read_opts: dict[str, Any] = {}
    write_opts: dict[str, Any] = {}
    for name, (option, flag) in _OPTION_FLAGS.items():
        value = getattr(args, option)
        if value is None:
            continue
        if name not in read_ok and name not in write_ok:
            raise InputError(None, f"{flag} does not apply to converting {source} to {dest}")
        if name in read_ok:
            read_opts[name] = value
        if name in write_ok:
            write_opts[name] = value
    return read_opts, write_opts


def run_convert(args: argparse.Namespace) -> int:
    """Stream the input's units into the output; report the count on stderr."""
    source = args.from_format or detect_format(args.input)
    dest = args.to_format or detect_format(args.output)
    read_opts, write_opts = _split_options(args, source, dest)
    with collect_not_carried() as left_out:
        # The first unit is read before anything is written: an empty input writes nothing.
        first, stream = peek(read_units(args.input, source, **read_opts))
        if first is None:
            raise InputError(args.input, f"empty input: no units to convert (read as {source})")
        units = progress(stream, desc="convert", unit="unit")
        dropped = _Dropped()
        if args.drop_inline:
            units = (dropped.inline_of(unit) for unit in units)
        if args.drop_languages:
            units = (dropped.languages_of(unit) for unit in units)
        if is_stdout(args.output):
            with stdout_copy(FORMATS[dest].extensions[0] if FORMATS[dest].extensions else ".out") as path:
                count = write_units(path, units, dest, **write_opts)
        else:
            count = write_units(args.output, units, dest, **write_opts)
    summary = f"converted {count} unit(s): {args.input} ({source}) -> {args.output} ({dest})"
    if left_out:  # what the input holds that a unit has no place for: said, never dropped in silence
        summary += "; not carried over: " + ", ".join(f"{what} ×{n}" for what, n in sorted(left_out.items()))
    if args.drop_inline:
        summary += f"; dropped the inline tags of {dropped.tagged} unit(s)"
    if args.drop_languages:
        by_lang = ", ".join(f"{lang} {n}" for lang, n in dropped.languages.most_common())
        summary += f"; dropped {dropped.languages.total()} text(s) in further languages" + (
            f" ({by_lang})" if by_lang else "")
    print(f"review_app: {summary}", file=sys.stderr)
    return 0


@dataclass(slots=True)
class _Dropped:
    """What ``--drop-inline`` and ``--drop-languages`` left out, counted for the summary line."""

    tagged: int = 0
    languages: Counter[str] = field(default_factory=Counter)

    def inline_of(self, unit: Unit) -> Unit:
        """The unit without inline tags (its plain texts are kept)."""
        if unit.inline or unit.markup or any(variant.markup for variant in unit.variants):
            self.tagged += 1
        unit.inline, unit.markup, unit.markup_format = {}, {}, None
        unit.variants = [replace(variant, markup=None) for variant in unit.variants]
        return unit

    def languages_of(self, unit: Unit) -> Unit:
        """The unit without its texts in further languages."""
        self.languages.update(variant.lang for variant in unit.variants)
        unit.variants = []
        return unit


def run_mqm_score(args: argparse.Namespace) -> int:
    """Print the system scores (best first) with the scoring signature."""
    scores = mqm_system_scores(read_mqm(Path(args.file), raw=args.raw))
    if not scores:
        raise InputError(args.file, "no MQM rows to score")
    if args.json:
        payload = {
            "signature": GOOGLE_WMT.signature(),
            "systems": [{"system": s.system, "mqm": s.score, "segments": s.segments} for s in scores],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print_table(("system", "MQM", "segments"), [(s.system, f"{s.score:.3f}", str(s.segments)) for s in scores],
                right=(1, 2))
    print(f"signature: {GOOGLE_WMT.signature()}")
    return 0
