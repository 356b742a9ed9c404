"""``score``: corpus scores of every registered metric (BLEU, chrF, chrF++, TER, plugins) with signatures,
confidence intervals, paired tests."""

from __future__ import annotations

import argparse
import json

from review_app.cli.common import add_language_args, add_max_chars_arg, add_segmented_arg, jobs_from, print_table
from review_app.cli.options import metric_list, non_negative_int, tokenize_help, tokenizer
from review_app.errors import InputError
from review_app.pipeline import (
    ParallelCorpus,
    align_sentences,
    aligned_corpus,
    load_parallel,
    load_sentences,
    parallel_statistics,
    score_parallel,
)
from review_app.scoring.metrics import DEFAULT_BOOTSTRAP, PairedResult, paired_test
from review_app.scoring.registry import default_metrics, parse_metrics, without_source
from review_app.scoring.stats import corpus_scores


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``score`` subcommand."""
    parser = sub.add_parser("score", help="corpus scores of MT against reference(s)")
    parser.add_argument("mt", help="MT output")
    parser.add_argument("refs", nargs="+", metavar="ref", help="reference(s); several need --segmented")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--metrics", type=metric_list, default=None,
                        help="comma-separated (default: all but the costly ones; those that need the source "
                             "only with --src)")
    parser.add_argument("--src", default=None, metavar="SRC",
                        help="the source text, for the metrics that need it (line-parallel with --segmented)")
    parser.add_argument("--bootstrap", type=non_negative_int, default=DEFAULT_BOOTSTRAP,
                        help=f"bootstrap resamples for the 95%% CI (0 = none; default {DEFAULT_BOOTSTRAP})")
    parser.add_argument("--compare", nargs="+", metavar="MT2",
                        help="other systems' outputs: paired significance test against the first MT")
    parser.add_argument("--tokenize", type=tokenizer, default=None, metavar="TOK", help=tokenize_help())
    parser.add_argument("--paired-test", choices=("bs", "ar"), default="bs",
                        help="paired bootstrap (bs, default) or approximate randomization (ar)")
    parser.add_argument("--jobs", type=non_negative_int, default=0, metavar="N",
                        help="worker processes for the statistics of --segmented files (default 0: one per CPU "
                             "core)")
    add_segmented_arg(parser, "line-parallel files: line i of MT goes with line i of each reference")
    add_language_args(parser)
    add_max_chars_arg(parser)
    parser.set_defaults(func=run)


def _corpus(args: argparse.Namespace, mt_path: str) -> ParallelCorpus:
    """Documents: aligned, then scored as a parallel corpus."""
    if len(args.refs) > 1:
        raise InputError(args.refs[1], "several references need --segmented (line-parallel files)")
    mt = load_sentences(mt_path, args.lang, max_chars=args.max_segment_chars)
    ref = load_sentences(args.refs[0], args.lang, max_chars=args.max_segment_chars)
    src = None if args.src is None else load_sentences(args.src, args.src_lang or args.lang,
                                                         max_chars=args.max_segment_chars)
    return aligned_corpus(align_sentences(mt, ref, src, score=False))


def _metrics(args: argparse.Namespace) -> list[str]:
    """The metrics asked for, or the default ones (without those needing a source when there is none)."""
    if args.metrics is not None:
        return parse_metrics(args.metrics)
    return list(without_source(default_metrics(), args.src is not None))


def run(args: argparse.Namespace) -> int:
    """Score one system, or run a paired test when ``--compare`` is given."""
    metrics = _metrics(args)
    if args.compare:
        return _run_paired(args, metrics)
    if args.segmented:  # statistics gathered chunk by chunk: the texts are never all in memory
        count, stats = parallel_statistics(args.mt, args.refs, metrics, tokenize=args.tokenize,
                                           max_chars=args.max_segment_chars, src_path=args.src,
                                           jobs=jobs_from(args.jobs))
        corpus_scores_ = corpus_scores(stats, args.bootstrap, args.tokenize, num_refs=len(args.refs))
    else:
        corpus = _corpus(args, args.mt)
        count = len(corpus.hypotheses)
        corpus_scores_ = score_parallel(corpus, metrics=metrics, n_bootstrap=args.bootstrap,
                                        tokenize=args.tokenize).corpus
    ordered = [corpus_scores_[m] for m in metrics]
    if args.json:
        print(json.dumps({"mt": args.mt, "refs": args.refs, "segments": count,
                          "scores": [s.to_dict() for s in ordered]}, ensure_ascii=False, indent=2))
        return 0
    rows = [(s.metric.upper(), f"{s.score:.2f}", "" if s.ci_half_width is None else f"± {s.ci_half_width:.2f}",
             s.signature) for s in ordered]
    print_table(("metric", "score", "95% CI", "signature"), rows, right=(1,), rule=True)
    return 0


def _run_paired(args: argparse.Namespace, metrics: list[str]) -> int:
    if not args.segmented:
        raise InputError(args.compare[0], "a paired test needs line-parallel systems: add --segmented")
    systems = []
    references: list[list[str]] = []
    sources: list[str | None] | None = None
    for path in [args.mt, *args.compare]:
        corpus = load_parallel(path, args.refs, args.max_segment_chars, args.src)
        systems.append((path, corpus.hypotheses))
        references, sources = corpus.references, corpus.sources
    results = paired_test(systems, references, metrics=metrics, test=args.paired_test,
                          n_samples=args.bootstrap if args.bootstrap > 1 else 0, tokenize=args.tokenize,
                          sources=sources)
    if args.json:
        print(json.dumps([_paired_dict(r) for r in results], ensure_ascii=False, indent=2))
        return 0
    rows = [(r.system, r.metric.upper(), f"{r.score:.2f}",
             "" if r.ci_95 is None else f"± {r.ci_95:.2f}",
             "baseline" if r.p_value is None else f"{r.p_value:.4f}" + (" *" if r.p_value < 0.05 else ""))
            for r in results]
    print_table(("system", "metric", "score", "95% CI", "p-value"), rows, right=(2,), rule=True)
    print(f"\n{results[0].signature}" if results else "")
    return 0


def _paired_dict(result: PairedResult) -> dict[str, object]:
    return {"system": result.system, "metric": result.metric, "score": result.score, "ci_mean": result.ci_mean,
            "ci_95": result.ci_95, "p_value": result.p_value, "signature": result.signature}

