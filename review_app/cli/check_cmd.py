"""``check``, ``fix`` and ``checks``: QA findings as JSONL, safe fixes applied, the list of checks."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable

from review_app.checks import (
    CHECKS,
    DEFAULT_FIX_IDS,
    Check,
    Context,
    Finding,
    Profile,
    at_or_above,
    build_checks,
    is_learned,
    load_glossary,
    load_profile,
    resolve_selection,
    run_checks,
)
from review_app.checks.base import line_aligned
from review_app.checks.fixer import apply_fixes, describe
from review_app.checks.langid import detect_language
from review_app.cli.common import FAIL_ON_HELP, add_lang_option, add_src_lang_option, print_table, selectors
from review_app.cli.guard import Files, declare_files
from review_app.cli.options import non_negative_int
from review_app.errors import InputError
from review_app.output import atomic_write, is_stdout, open_output
from review_app.text.ingest import MAX_LINE_CHARS, check_line_lengths, read_text, text_layout
from review_app.vocab import SEVERITIES


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("mt", help="MT (target) text file, one paragraph or segment per line")
    parser.add_argument("--glossary", metavar="TSV", help="glossary: wrong<TAB>right[<TAB>note] per line")
    parser.add_argument("--profile", metavar="TOML", help="check profile: [checks.ID] enabled/severity/options")
    parser.add_argument("--skip", metavar="IDS", help="comma-separated checks to leave out")
    add_lang_option(parser, "target language code (default: detected)")
    add_src_lang_option(parser, "source language code (default: detected from --src)")
    parser.add_argument("--max-line-chars", type=non_negative_int, default=MAX_LINE_CHARS, metavar="N",
                        help=f"refuse a line (a paragraph) longer than N characters (default {MAX_LINE_CHARS:,}; "
                             "0 = no limit)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check``, ``fix`` and ``checks`` subcommands."""
    check = subparsers.add_parser("check", help="run QA checks, write findings as JSONL")
    _common(check)
    check.add_argument("--src", metavar="FILE", help="source text (line-aligned with MT, or a whole document)")
    check.add_argument("--ref", metavar="FILE", help="reference text (line-aligned with MT, or a whole document)")
    check.add_argument("--checks", metavar="IDS", help="comma-separated check ids or prefixes (default: all)")
    check.add_argument("-o", "--output", metavar="JSONL", help="findings file (default or -: stdout)")
    check.add_argument("--fail-on", choices=SEVERITIES, help=FAIL_ON_HELP)
    check.set_defaults(func=run_check)
    declare_files(check, Files(inputs=("mt", "src", "ref", "glossary", "profile"), outputs=(("output", "-o"),)))

    fix = subparsers.add_parser("fix", help="apply the safe suggested fixes, write the corrected text")
    _common(fix)
    default_ids = ",".join(DEFAULT_FIX_IDS)
    fix.add_argument("--only", metavar="IDS", help=f"checks whose fixes to apply (default: {default_ids})")
    fix.add_argument("-o", "--output", metavar="FILE", required=True, help="corrected text file (- for stdout)")
    fix.add_argument(
        "--report", nargs="?", const="-", metavar="FILE", help="list every applied fix (to stderr, or to FILE)"
    )
    fix.set_defaults(func=run_fix)
    declare_files(fix, Files(inputs=("mt", "glossary", "profile"), outputs=(("output", "-o"), ("report", "--report"))))

    listing = subparsers.add_parser("checks", help="list the QA checks: ids, titles, categories, severities")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(func=run_list)


def _prepare(
    args: argparse.Namespace, only: list[str] | None, base: tuple[str, ...] | None
) -> tuple[str, Context, list[Check]]:
    """Read every input (failing before any output is written) and build the context and checks."""
    profile = load_profile(args.profile) if args.profile else Profile()
    ids = resolve_selection(only, selectors(args.skip), base=base)
    text = read_text(args.mt)
    src_text = read_text(args.src) if getattr(args, "src", None) else None
    ref_text = read_text(args.ref) if getattr(args, "ref", None) else None
    sides = ((args.mt, text), (getattr(args, "src", None), src_text), (getattr(args, "ref", None), ref_text))
    for path, content in sides:
        if path is not None and content is not None:
            check_line_lengths(content, path, args.max_line_chars)
    glossary = load_glossary(args.glossary) if args.glossary else []
    target = args.lang or profile.target_lang or detect_language(text)
    source = args.src_lang or profile.source_lang or (detect_language(src_text) if src_text else None)
    lang = target or "en"

    # The pipeline (the aligner, and sacrebleu with it) only when a whole document must be aligned: a check of
    # a file alone starts without them (tests/test_cli_startup.py).
    def aligned_source() -> list[str]:
        from review_app.pipeline import source_per_line

        return source_per_line(text, src_text or "", lang, source)

    def aligned_reference() -> list[str]:
        from review_app.pipeline import reference_per_line

        return reference_per_line(text, ref_text or "", lang)

    context = Context(
        target_lang=target,
        source_lang=source,
        source_lines=_per_mt_line(text, src_text, aligned_source),
        reference_lines=_per_mt_line(text, ref_text, aligned_reference),
        glossary=glossary,
    )
    try:
        checks = build_checks(ids, profile)
    except ValueError as exc:  # an option value a check refuses
        raise InputError(args.profile, str(exc)) from None
    return text, context, checks


def _per_mt_line(text: str, other: str | None, aligned: Callable[[], list[str]]) -> list[str] | None:
    """A line-aligned file as its lines; a whole document aligned with the MT first (as ``qa`` does), so the
    checks that compare a line with its source or reference (numbers, learned terms, dashes) see it line by line."""
    if not other:
        return None
    lines = other.split("\n")
    return lines if line_aligned(text.split("\n"), lines) else aligned()


def run_check(args: argparse.Namespace) -> int:
    """``check``: findings as JSONL (file or stdout), a summary on stderr, exit 1 with --fail-on."""
    text, context, checks = _prepare(args, selectors(args.checks), None)
    findings = run_checks(text, context, checks)
    rows = [json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings]
    with open_output(args.output) as handle:
        handle.writelines(rows)
    _summary(findings, None if is_stdout(args.output) else args.output)
    if args.fail_on:  # as qa's gate: on QA findings, not on terms learned from the reference
        return 1 if any(at_or_above(f.severity, args.fail_on) and not is_learned(f.check) for f in findings) else 0
    return 0


def _summary(findings: list[Finding], output: str | None) -> None:
    qa = [f for f in findings if not is_learned(f.check)]
    by_severity = Counter(f.severity for f in qa)
    parts = ", ".join(f"{by_severity[s]} {s}" for s in reversed(SEVERITIES) if by_severity[s])
    learned = len(findings) - len(qa)
    apart = f"; {learned} learned from the reference, counted apart" if learned else ""
    where = f" -> {output}" if output else ""
    print(f"review_app: {len(qa)} finding(s){' (' + parts + ')' if parts else ''}{apart}{where}", file=sys.stderr)


def run_fix(args: argparse.Namespace) -> int:
    """``fix``: apply the chosen checks' suggestions and write the corrected text atomically."""
    only = selectors(args.only)
    text, context, checks = _prepare(args, only, None if only is not None else DEFAULT_FIX_IDS)
    findings = run_checks(text, context, checks)
    result = apply_fixes(text, findings)
    # The corrected text keeps the input's encoding, BOM and line ends; mixed line ends are made one.
    layout = text_layout(args.mt)
    if layout.mixed:
        print(f"review_app: note: {args.mt} mixes line ends ({layout.describe()}); "
              f"the corrected text uses {layout.newline_name} throughout", file=sys.stderr)
    with open_output(args.output, "wb") as handle:
        handle.write(layout.encode(result.text))
    lines = text.split("\n")
    report = [describe(f, lines) for f in result.applied]
    report += [f"skipped (overlaps another fix): {describe(f, lines)}" for f in result.skipped]
    report += [f"held back (one side of an acronym's definition only: edit by hand): {describe(f, lines)}"
               for f in result.held]
    if args.report and args.report != "-":
        with atomic_write(args.report) as handle:
            handle.writelines(line + "\n" for line in report)
    elif args.report:
        for line in report:
            print(line, file=sys.stderr)
    print(f"review_app: applied {len(result.applied)} fix(es) -> {args.output}", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    """``checks``: the registry as a table or JSON."""
    if args.json:
        rows = [{"id": cid, "title": cls.title(), "category": cls.category, "severity": cls.severity,
                 "safe_fix": cls.safe, "options": dict(cls.defaults)} for cid, cls in CHECKS.items()]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print_table(("id", "category", "severity", "fix", "title"),
                [(cid, cls.category, cls.severity, "safe" if cls.safe else "-", cls.title())
                 for cid, cls in CHECKS.items()])
    return 0
