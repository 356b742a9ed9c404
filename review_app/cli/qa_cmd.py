"""``qa``: the whole pipeline over many documents, a report bundle, and exit codes for CI gates.

Exit codes: 0 passed (or no threshold given), 1 a threshold failed (the report is still written),
2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

from review_app.checks import Profile, build_checks, load_glossary, load_profile, resolve_selection
from review_app.checks.langid import detect_language
from review_app.cli.common import (
    FAIL_ON_HELP,
    RAW_READ_HELP,
    add_lang_option,
    add_max_chars_arg,
    add_src_lang_option,
    jobs_from,
    selectors,
    warn,
)
from review_app.cli.guard import Files, declare_files
from review_app.cli.options import (
    gate_threshold,
    metric_list,
    non_negative_int,
    positive_int,
    tokenize_help,
    tokenizer,
)
from review_app.cli.qa_history import add_history_args, history_from_args
from review_app.errors import InputError
from review_app.formats import FORMATS
from review_app.qa import (
    DocumentSource,
    QaSettings,
    Thresholds,
    check_output_folder,
    pair_documents,
    run_qa,
    sample_text,
)
from review_app.qa.cluster_connect import checked_cluster
from review_app.qa.gates import gate_specs
from review_app.qa.report_md import METRIC_LABELS, learned_note
from review_app.qa.runner import DEFAULT_CHUNK_SIZE
from review_app.qa.summary_types import QaSummary
from review_app.scoring.metrics import DEFAULT_BOOTSTRAP
from review_app.scoring.registry import POST_EDIT_METRICS, default_metrics, parse_metrics, without_source
from review_app.vocab import SEVERITIES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``qa`` subcommand."""
    parser = sub.add_parser(
        "qa", help="batch QA: align, score, check many documents; write a report bundle; gate on thresholds",
        description="Run the whole pipeline over document pairs (two folders matched by file name, two files, "
                    "or bilingual files) and write segments.jsonl, findings.jsonl, summary.json, report.md and "
                    "report.html into --out. Exit 1 when a threshold fails, 2 on bad input.",
    )
    inputs = parser.add_argument_group("inputs")
    inputs.add_argument("--mt", required=True, metavar="PATH",
                        help="MT file or folder; without --ref, bilingual file(s) holding MT and reference")
    inputs.add_argument("--ref", metavar="PATH", help="reference (or post-edit) file or folder, paired by file name")
    inputs.add_argument("--src", metavar="PATH", help="source file or folder, paired by file name")
    inputs.add_argument("--pe", action="store_true",
                        help="the reference is a post-edit of the MT: add HTER and the character edit rate to the "
                             "metrics and the post-editing effort (edit-distance bands, word-weighted HTER and edit "
                             "rate, share accepted as is) to the summary and the reports")
    inputs.add_argument("--segmented", action="store_true",
                        help="line-parallel text: line i of MT goes with line i of the reference (no re-alignment)")
    inputs.add_argument("--format", choices=sorted(FORMATS), help="format of bilingual files (default: by extension)")
    inputs.add_argument("--raw", action="store_true", help=f"bilingual files: {RAW_READ_HELP}")
    inputs.add_argument("--skip-unmatched", action="store_true",
                        help="skip files that have no partner in the other folder(s) (default: refuse)")
    add_lang_option(inputs, "language of MT and reference (default: [context] of --profile, else detected)")
    add_src_lang_option(inputs, "language of the source (default: [context] of --profile, else detected)")

    checks = parser.add_argument_group("checks")
    checks.add_argument("--glossary", metavar="TSV", help="glossary: wrong<TAB>right[<TAB>note] per line")
    checks.add_argument("--profile", metavar="TOML", help="check profile: [checks.ID] enabled/severity/options")
    checks.add_argument("--checks", metavar="IDS", help="comma-separated check ids or prefixes (default: all)")
    checks.add_argument("--skip", metavar="IDS", help="comma-separated checks to leave out")

    scoring = parser.add_argument_group("scores")
    scoring.add_argument("--metrics", type=metric_list, default=None,
                         help=f"corpus metrics, comma-separated (default: {','.join(default_metrics())}; those "
                              "that need the source only with one); segment score fields are null for metrics "
                              "left out")
    scoring.add_argument("--bootstrap", type=non_negative_int, default=DEFAULT_BOOTSTRAP,
                         help=f"bootstrap resamples for 95%% CIs (0 = none; default {DEFAULT_BOOTSTRAP})")
    add_max_chars_arg(scoring)
    scoring.add_argument("--tokenize", type=tokenizer, metavar="TOK", help=tokenize_help())

    output = parser.add_argument_group("report and gates")
    output.add_argument("--out", required=True, metavar="DIR",
                        help="report folder (created; an earlier qa report there is replaced)")
    output.add_argument("--name", help="title of the report (default: the --mt name)")
    for gate in gate_specs():  # --min-chrf, --min-bleu, …, --max-ter: one per metric of the registry
        output.add_argument(gate.flag, dest=gate.dest, type=gate_threshold(gate.metric), metavar="N", help=gate.help)
    output.add_argument("--fail-on", choices=SEVERITIES, help=FAIL_ON_HELP)
    output.add_argument("--jobs", type=non_negative_int, default=0, metavar="N",
                        help="worker processes for scoring and checks (default 0: one per CPU core; at most one "
                             "per core)")
    output.add_argument("--cluster", metavar="ADDRESS",
                        help="run on a dask.distributed cluster: tcp://HOST:PORT of a running scheduler, or "
                             "local[:N] for N local worker processes (at most one per core and per 512 MiB of "
                             "memory; local alone: that many); workers must see the input files")
    output.add_argument("--chunk-size", type=positive_int, default=DEFAULT_CHUNK_SIZE, help=argparse.SUPPRESS)
    add_history_args(parser)
    parser.set_defaults(func=run)
    declare_files(parser, Files(inputs=("mt", "ref", "src", "glossary", "profile"), folders=("out",), database="db"))


def settings_from_args(args: argparse.Namespace, thresholds: Thresholds, first: DocumentSource) -> QaSettings:
    """Settings from the command line (languages detected from ``first`` when not given); validates all."""
    @cache
    def src_text() -> str:
        """A sample of the first document's source ("" without one)."""
        if first.bilingual:
            return sample_text(first.mt, first.format, "source")
        return "" if first.src is None else sample_text(first.src)

    if args.metrics is None:  # the default metrics; those that need the source only with one
        metrics = list(without_source(default_metrics(), first.src is not None or bool(src_text().strip())))
    else:
        metrics = parse_metrics(args.metrics, allow_empty=True)
    metrics += [m for m in thresholds.metrics() if m not in metrics]  # a gate needs its metric scored
    if args.pe:  # the effort is measured from these metrics' statistics
        metrics += [m for m in POST_EDIT_METRICS if m not in metrics]
    if args.bootstrap < 0:
        raise InputError("--bootstrap", "must be 0 or more")
    if args.chunk_size < 1:
        raise InputError("--chunk-size", "must be 1 or more")
    if args.jobs < 0:
        raise InputError("--jobs", "must be 0 (one per CPU core) or more")
    cluster = None
    if args.cluster:  # a malformed address is bad input, refused before any work
        cluster, note = checked_cluster(args.cluster)
        if note:
            warn(note)
    profile = load_profile(args.profile) if args.profile else Profile()
    ids = resolve_selection(selectors(args.checks), selectors(args.skip))
    try:
        checks = build_checks(ids, profile)
    except ValueError as exc:  # an option value a check refuses
        raise InputError(args.profile, str(exc)) from None
    lang = args.lang or profile.target_lang or detect_language(sample_text(first.mt, first.format)) or "en"
    src_lang = args.src_lang or profile.source_lang
    if src_lang is None:
        # Detected from the source when there is one; None (no source-language checks) otherwise.
        src_lang = detect_language(src_text()) if src_text().strip() else None
    return QaSettings(
        lang=lang,
        src_lang=src_lang,
        segmented=args.segmented,
        metrics=tuple(metrics),
        tokenize=args.tokenize,
        n_bootstrap=args.bootstrap,
        checks=checks,
        glossary=load_glossary(args.glossary) if args.glossary else [],
        chunk_size=args.chunk_size,
        jobs=1 if cluster else jobs_from(args.jobs),
        max_chars=args.max_segment_chars,
        cluster=cluster,
        post_edit=args.pe,
    )


def run(args: argparse.Namespace) -> int:
    """Validate everything that can be validated up front, run, report on stderr, return the exit code."""
    limits = {gate.metric: getattr(args, gate.dest) for gate in gate_specs()
              if getattr(args, gate.dest, None) is not None}
    thresholds = Thresholds.of(limits, args.fail_on)
    out = Path(args.out)
    check_output_folder(out)
    documents = pair_documents(args.mt, args.ref, args.src, format=args.format,
                               allow_unmatched=args.skip_unmatched, warn=warn, raw=args.raw)
    settings = settings_from_args(args, thresholds, documents[0])
    history = history_from_args(args)
    inputs = {"name": args.name or Path(args.mt).name, "mt": args.mt, "ref": args.ref, "src": args.src,
              "format": args.format, "raw": args.raw, "glossary": args.glossary, "profile": args.profile}
    try:
        summary = run_qa(documents, settings, out, thresholds, inputs, after=history.after if history else None)
        _report(summary, out)
        if history is not None and history.record(summary, inputs["name"]):
            print(f"review_app: qa: recorded run {args.run_name!r} in {history.store.location}", file=sys.stderr)
    finally:
        if history is not None:
            # Closed here, not whenever the garbage collector gets to it: SQLite's -wal/-shm files go with
            # the last connection, so the command leaves the database folder as it found it.
            history.store.close()
    return 0 if summary["thresholds"]["passed"] else 1


def _report(summary: QaSummary, out: Path) -> None:
    """A few lines on stderr: overall scores, findings, verdict, where the report is."""
    overall = summary["overall"]
    scores = ", ".join(f"{METRIC_LABELS.get(name, name)} {s['score']:.2f}" for name, s in overall["scores"].items())
    by_severity = ", ".join(f"{n} {s}" for s, n in overall["findings"]["by_severity"].items())
    print(f"review_app: qa: {overall['documents']} document(s), {overall['segments']} segment(s)"
          + (f"; {scores}" if scores else "") + f"; {overall['findings']['total']} finding(s)"
          + (f" ({by_severity})" if by_severity else "")
          + (f"; {note}" if (note := learned_note(overall["findings"])) else "") + f" -> {out}", file=sys.stderr)
    for failure in summary["thresholds"]["failures"]:
        print(f"review_app: qa: FAILED: {failure['message']}", file=sys.stderr)
