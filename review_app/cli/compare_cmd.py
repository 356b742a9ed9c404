"""``compare``: N systems on the same source and reference(s): scores with CIs, paired significance
against a baseline, QA findings, MQM, and where the systems differ (``--json``, ``--html``)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from review_app.checks import build_checks, resolve_selection
from review_app.cli.common import RAW_READ_HELP, add_lang_option, add_src_lang_option, jobs_from, print_table, selectors
from review_app.cli.guard import Files, declare_files
from review_app.cli.options import metric_list
from review_app.compare import CompareSettings, Comparison, compare, load_corpus, parse_systems
from review_app.compare.buckets import tokenizer, word_counts
from review_app.effort import BAND_LABELS
from review_app.errors import InputError
from review_app.formats.mqm import read_mqm
from review_app.output import guard_outputs
from review_app.scoring.metrics import DEFAULT_BOOTSTRAP
from review_app.scoring.mqm import mqm_system_scores
from review_app.scoring.registry import (
    BLEU_TOKENIZERS,
    METRICS,
    POST_EDIT_METRICS,
    default_metrics,
    parse_metrics,
    sentence_metrics,
    without_source,
)
from review_app.text.ingest import read_text
from review_app.vocab import shown


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``compare`` subcommand."""
    parser = sub.add_parser(
        "compare", help="compare N systems: scores with CIs, paired significance, where they differ",
        description="Score N >= 2 systems on the same reference(s): corpus BLEU/chrF/chrF++/TER with 95%% "
                    "bootstrap CIs, sacrebleu's paired bootstrap and approximate randomization against a "
                    "baseline, QA findings per system, MQM per system (--mqm), buckets by sentence length and "
                    "word frequency, n-gram and segment differences. Systems are NAME=PATH or PATH (named by "
                    "file name).")
    parser.add_argument("systems", nargs="+", metavar="SYSTEM", help="system output: NAME=PATH or PATH")
    parser.add_argument("--ref", action="append", required=True, metavar="PATH",
                        help="reference (repeatable; several references need --segmented)")
    parser.add_argument("--src", metavar="PATH", help="source (line-parallel with --segmented, else a document)")
    parser.add_argument("--segmented", action="store_true",
                        help="line-parallel files: line i of every file is segment i (else documents, aligned "
                             "to the reference first)")
    parser.add_argument("--pe", action="store_true",
                        help="the (first) reference is a post-edit: add HTER and the character edit rate to the "
                             "metrics and each system's post-editing effort against it (edit-distance bands, "
                             "word-weighted HTER and edit rate, share accepted as is)")
    parser.add_argument("--baseline", metavar="NAME", help="system the others are tested against (default: first)")
    parser.add_argument("--metrics", type=metric_list, default=None,
                        help=f"comma-separated (default: {','.join(default_metrics())}; those that need the "
                             "source only with --src)")
    parser.add_argument("--tokenize", choices=BLEU_TOKENIZERS,
                        help="BLEU tokenizer, as sacrebleu's -tok (default 13a); also splits words for the "
                             "word and n-gram analyses (none: text is already tokenized)")
    parser.add_argument("--bootstrap", type=int, default=DEFAULT_BOOTSTRAP,
                        help=f"bootstrap resamples for CIs and the paired bootstrap (default {DEFAULT_BOOTSTRAP})")
    parser.add_argument("--ar-trials", type=int, default=10000,
                        help="approximate randomization trials (default 10000; 0 = skip that test)")
    parser.add_argument("--freq-corpus", metavar="PATH",
                        help="count word frequencies in this corpus (default: in the reference itself)")
    parser.add_argument("--segment-metric", choices=sentence_metrics(costly=True, on_request=True), default="chrf",
                        help="sentence metric for the largest segment differences (default chrf)")
    parser.add_argument("--top", type=int, default=10, help="segments per system and direction (default 10)")
    parser.add_argument("--mqm", metavar="TSV", help="MQM annotations (Google MQM TSV); systems matched by name")
    parser.add_argument("--raw", action="store_true", help=f"--mqm: {RAW_READ_HELP}")
    parser.add_argument("--checks", metavar="IDS", help="QA checks to run, comma-separated (default: all)")
    parser.add_argument("--skip", metavar="IDS", help="QA checks to leave out")
    add_lang_option(parser, "language of systems and reference (default en)", default="en")
    add_src_lang_option(parser, "language of the source")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default 0: one per core)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--html", metavar="OUT", help="also write a self-contained HTML report here")
    parser.set_defaults(func=run)
    declare_files(parser, Files(inputs=("ref", "src", "mqm", "freq_corpus"), outputs=(("html", "--html"),)))


def settings_from_args(args: argparse.Namespace) -> CompareSettings:
    """Validated settings (everything read before any work starts)."""
    if args.bootstrap < 2:
        raise InputError("--bootstrap", "must be 2 or more (the CIs and the paired bootstrap need resamples)")
    if args.ar_trials < 0 or args.top < 1 or args.jobs < 0:
        raise InputError("--ar-trials/--top/--jobs", "--ar-trials and --jobs must be >= 0, --top >= 1")
    checks = build_checks(resolve_selection(selectors(args.checks), selectors(args.skip)))
    frequencies, source = None, "the test set's reference"
    if args.freq_corpus:
        words = tokenizer(args.tokenize)
        frequencies = word_counts(words(line) for line in read_text(args.freq_corpus).splitlines())
        source = Path(args.freq_corpus).name
    if args.raw and not args.mqm:
        raise InputError("--raw", "goes with --mqm: the system outputs and references are plain text")
    mqm = []
    if args.mqm:
        try:
            mqm = mqm_system_scores(read_mqm(Path(args.mqm), raw=args.raw))
        except ValueError as exc:
            raise InputError(args.mqm, str(exc)) from None
    metrics = list(parse_metrics(args.metrics) if args.metrics is not None
                   else without_source(default_metrics(), args.src is not None))
    if args.pe:  # the effort is measured from these metrics' statistics
        metrics += [m for m in POST_EDIT_METRICS if m not in metrics]
    return CompareSettings(
        baseline=args.baseline, tokenize=args.tokenize, metrics=tuple(metrics), post_edit=args.pe,
        n_bootstrap=args.bootstrap, n_ar=args.ar_trials, tests=("bs", "ar") if args.ar_trials else ("bs",),
        segment_metric=args.segment_metric, top_segments=args.top, frequencies=frequencies, frequency_source=source,
        checks=checks, lang=args.lang,
        src_lang=args.src_lang, mqm=mqm, jobs=jobs_from(args.jobs),
    )


def run(args: argparse.Namespace) -> int:
    """Load, compare, print a table (or JSON), write the HTML report if asked."""
    systems = parse_systems(args.systems)
    html_out = Path(args.html) if args.html else None
    inputs = [s.path for s in systems] + list(args.ref) + ([args.src] if args.src else [])
    # The systems are parsed here (NAME=PATH), so their paths join the guard's inputs here too.
    guard_outputs([("--html", args.html)], [*inputs, args.mqm, args.freq_corpus])
    settings = settings_from_args(args)
    corpus = load_corpus(systems, args.ref, args.src, segmented=args.segmented, lang=args.lang,
                         src_lang=args.src_lang)
    if settings.baseline is not None and settings.baseline not in corpus.names:
        raise InputError("--baseline", f"no system named {settings.baseline!r} (systems: {', '.join(corpus.names)})")
    if args.tokenize == "none":
        # The user says the text is tokenized: sacrebleu's "forgot to detokenize?" warning (once per
        # batch of segments) would only repeat what they told us.
        logging.getLogger("sacrebleu").setLevel(logging.ERROR)
    result = compare(corpus, settings)
    if html_out is not None:
        from review_app.compare.report_html import write_html

        write_html(result, html_out)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_tables(result)
    if html_out is not None:
        print(f"review_app: compare: report -> {html_out}", file=sys.stderr)
    return 0


def _cell(result: Comparison, name: str, metric: str) -> str:
    score = result.scores[name][metric]
    ci = "" if score.ci_half_width is None else f" ± {score.ci_half_width:.2f}"
    row = result.paired_row(name, metric)
    mark = ""
    if row is not None and row.significant("bs"):
        mark = " +" if row.better else " -"
    return f"{score.score:.2f}{ci}{mark}"


def table_rows(result: Comparison) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the systems table: scores with CIs, significance marks, findings, MQM."""
    metrics = list(result.settings.metrics)
    learned = any(result.findings[name].learned for name in result.names)
    header = (["system", *[METRICS[m].label for m in metrics], "findings"] + (["learned from ref"] if learned else [])
              + (["MQM"] if result.mqm else []))
    rows = []
    for name in result.ranking(metrics[0]):
        label = f"{name} (baseline)" if name == result.baseline else name
        findings = result.findings[name]
        sev = ", ".join(f"{n} {s}" for s, n in findings.by_severity.items())
        row = [label, *[_cell(result, name, m) for m in metrics], f"{findings.total}" + (f" ({sev})" if sev else "")]
        if learned:
            row.append(str(findings.learned))
        if result.mqm:
            row.append(f"{result.mqm[name].score:.3f}" if name in result.mqm else "")
        rows.append(row)
    return header, rows


def effort_table(result: Comparison) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the post-editing effort per system (``--pe``)."""
    header = ["system", "HTER mean", "HTER median", "edit rate mean", "edit rate median", "accepted as is",
              *BAND_LABELS]
    rows = []
    for name in result.names:
        e = result.effort[name]
        share = "" if e.accepted_share is None else f" ({100 * e.accepted_share:.1f}%)"
        rows.append([name, shown(e.hter_mean, ".3f"), shown(e.hter_median, ".3f"), shown(e.edit_rate_mean, ".1f"),
                     shown(e.edit_rate_median, ".1f"), f"{e.unchanged}{share}",
                     *[str(e.bands[label].segments) for label in BAND_LABELS]])
    return header, rows


def print_tables(result: Comparison) -> None:
    """Systems table, paired p-values, signatures, buckets: plain text for people."""
    header, rows = table_rows(result)
    names, metric, tests = result.names, result.settings.metrics[0], result.settings.tests
    print(f"{result.corpus.size} segments, {len(result.corpus.references)} reference(s); "
          f"systems ranked by {METRICS[metric].label}; ± is the 95% bootstrap CI; "
          f"+/- marks a significant difference from {result.baseline} (paired bootstrap, p < 0.05)\n")
    print_table(header, rows, right=range(1, len(header)), rule=True)

    if result.effort:
        print("\npost-editing effort against the post-edit (HTER 0-1 and character edit rate 0-100 weighted by MT "
              "words; segments per similarity band)")
        effort_header, effort_rows = effort_table(result)
        print_table(effort_header, effort_rows, right=range(1, len(effort_header)), rule=True)

    print(f"\npaired tests against the baseline {result.baseline}")
    paired = [[p.system, METRICS[p.metric].display,
               f"{p.delta:+.2f}", *[f"{p.p_values[t]:.4f}" for t in tests]] for p in result.paired]
    print_table(["system", "metric", "delta", *[f"p ({t})" for t in tests]], paired,
                right=range(2, 3 + len(tests)), rule=True)

    print("\nsignatures")
    for m in result.settings.metrics:
        print(f"  {result.scores[result.baseline][m].signature}")
    for test in tests:
        signature = next((p.signatures[test] for p in result.paired if p.metric == metric), None)
        if signature:
            print(f"  {signature}")

    lengths = result.lengths
    print(f"\n{METRICS[metric].label} by reference length (words)")
    by_length = [[label, str(count), *[shown(lengths.scores[n][metric][b], ".2f") for n in names]]
                 for b, (label, count) in enumerate(zip(lengths.labels, lengths.counts, strict=True))]
    print_table(["length", "segments", *names], by_length, right=range(1, 2 + len(names)), rule=True)

    words = result.words
    print(f"\nword F-measure by frequency bucket (frequency in {words.source})")
    fmeasure = {n: words.fmeasure(n) for n in names}
    by_frequency = [[label, str(words.ref_words[b]), *[f"{fmeasure[n][b]:.4f}" for n in names]]
                    for b, label in enumerate(words.labels)]
    print_table(["frequency", "ref words", *names], by_frequency, right=range(1, 2 + len(names)), rule=True)
