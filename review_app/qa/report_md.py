"""``report.md``: the summary as Markdown a person can read (and a CI job can post as a comment).

A pure function of the summary dictionary (see :mod:`review_app.qa.summary`), so a report can be
rendered again from ``summary.json`` alone. Every text from the inputs is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from review_app.qa.summary_types import EffortDict, FindingCounts, QaSummary, ScoreEntry
from review_app.scoring.registry import METRICS
from review_app.text.markdown import md
from review_app.vocab import NO_VALUE, SEVERITIES


class _Labels(Mapping[str, str]):
    """Metric id → label, read from the registry when asked (a plugin's metric included)."""

    def __getitem__(self, name: str) -> str:
        return METRICS[name].label

    def __iter__(self) -> Iterator[str]:
        return iter(METRICS)

    def __len__(self) -> int:
        return len(METRICS)


METRIC_LABELS: Mapping[str, str] = _Labels()
_BAR_WIDTH = 30


def fmt_score(score: ScoreEntry | None) -> str:
    """``32.21 ± 1.05`` (or ``32.21`` without a confidence interval, ``—`` without a score)."""
    if not score:
        return NO_VALUE
    ci = score.get("ci_95")
    return f"{score['score']:.2f}" + ("" if ci is None else f" ± {ci:.2f}")


def mode_of(summary: QaSummary) -> str:
    """How the documents were read, in words."""
    settings = summary["settings"]
    if any(d["format"] for d in summary["documents"]):
        return "bilingual files (one segment per unit)"
    return "line-parallel (--segmented, no re-alignment)" if settings["segmented"] else "documents, sentence-aligned"


def marked(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` in bold (spaces at the span's edges kept outside, or Markdown ignores it)."""
    span = text[start:end]
    core = span.strip()
    if not core:
        return md(text[:start]) + "‸" + md(text[start:])
    lead = span[: len(span) - len(span.lstrip())]
    trail = span[len(span.rstrip()) :]
    return md(text[:start] + lead) + "**" + md(core) + "**" + md(trail + text[end:])


def severity_counts(findings: FindingCounts) -> str:
    """``3 critical, 1 major`` or ``none``."""
    parts = [f"{n} {s}" for s, n in findings["by_severity"].items()]
    return ", ".join(parts) if parts else "none"


def learned_note(findings: FindingCounts) -> str:
    """``5 learned from the reference (reference-term 5), counted apart`` or "" when there are none."""
    learned = findings.get("learned") or {}
    if not sum(learned.values()):
        return ""
    per_check = ", ".join(f"{check} {n}" for check, n in learned.items())
    return f"{sum(learned.values())} learned from the reference ({per_check}), counted apart"


def score_note(summary: QaSummary) -> str:
    """What the corpus scores cover: segments, unpaired sentences, the bootstrap."""
    overall = summary["overall"]
    mt_only = sum(n for link, n in overall["links"].items() if link.endswith("-0") and link != "0-0")
    ref_only = sum(n for link, n in overall["links"].items() if link.startswith("0-") and link != "0-0")
    unpaired = []
    if mt_only:
        unpaired.append(f"{mt_only} MT segment(s) without a reference")
    if ref_only:
        unpaired.append(f"{ref_only} reference segment(s) without MT")
    text = f"Over {overall['scored_segments']} segment(s)"
    if unpaired:
        text += f", including {' and '.join(unpaired)}, scored against empty text"
    bootstrap = summary["settings"]["bootstrap"]
    if bootstrap > 1:
        text += f"; 95% confidence intervals from {bootstrap} bootstrap resamples, as sacrebleu computes them"
    return text + "."


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> list[str]:
    """A Markdown table; ``align`` holds ``l``/``r`` per column (default left)."""
    marks = [("---:" if align[i:i + 1] == "r" else "---") for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def gate_labels(summary: QaSummary) -> list[tuple[bool, str]]:
    """(passed, text) per gate, e.g. ``(True, "chrF ≥ 50: 53.81")``."""
    labels = []
    for gate in summary["thresholds"].get("gates", []):
        if gate["kind"] == "fail_on":
            text = f"no finding of severity {gate['threshold']} or worse: {gate['value']} found"
        elif gate["kind"].startswith("baseline_"):  # its message carries the evidence (scores, test, p)
            text = gate["message"]
        else:
            bound, _, metric = gate["kind"].partition("_")  # min_chrf, max_ter
            name = METRIC_LABELS.get(metric, metric)
            text = f"{name} {'≥' if bound == 'min' else '≤'} {gate['threshold']:g}: {gate['value']:.2f}"
        labels.append((gate["passed"], text))
    return labels


def suggestion_text(suggestion: str | None) -> str:
    """How a suggested fix reads: ``delete`` for an empty replacement, nothing without one."""
    if suggestion is None:
        return ""
    return " → suggestion: delete" if suggestion == "" else f" → suggestion: «{suggestion}»"


def _verdict(summary: QaSummary) -> list[str]:
    labels = gate_labels(summary)
    if not labels:
        return ["**No thresholds set** (the run never fails on scores or findings)."]
    head = "**PASSED**" if summary["thresholds"]["passed"] else "**FAILED**"
    return [f"{head}", "", *(f"- {'✓' if ok else '✗'} {md(text)}" for ok, text in labels)]


def _scores_section(summary: QaSummary) -> list[str]:
    overall = summary["overall"]
    if not overall["scores"]:
        return ["## Corpus scores", "", "No reference text: nothing was scored (checks and MQM only).", ""]
    rows = [(METRIC_LABELS.get(name, name), f"{s['score']:.2f}",
             NO_VALUE if s["ci_95"] is None else f"± {s['ci_95']:.2f}", f"`{s['signature']}`")
            for name, s in overall["scores"].items()]
    note = md(score_note(summary))
    return ["## Corpus scores", "", *_table(("metric", "score", "95% CI", "sacrebleu signature"), rows, "lrrl"),
            "", note, ""]


def _documents_section(summary: QaSummary) -> list[str]:
    metrics = summary["settings"]["metrics"]
    header = ["document", "segments", *(METRIC_LABELS.get(m, m) for m in metrics), "findings"]
    has_mqm = any(d["mqm"] for d in summary["documents"])
    if has_mqm:
        header.append("MQM")
    rows = []
    for doc in summary["documents"]:
        row = [md(doc["name"]), doc["segments"], *(fmt_score(doc["scores"].get(m)) for m in metrics),
               severity_counts(doc["findings"])]
        if has_mqm:
            row.append(NO_VALUE if not doc["mqm"] else f"{doc['mqm']['score']:.2f}")
        rows.append(row)
    return ["## Documents", "", *_table(header, rows, "lr" + "r" * len(metrics) + "lr"), ""]


def _histogram_section(summary: QaSummary) -> list[str]:
    hist = summary["overall"]["chrf_histogram"]
    if not hist or not sum(hist["counts"]):
        return []
    edges, counts = hist["edges"], hist["counts"]
    peak = max(counts)
    rows = [(f"{edges[i]}–{edges[i + 1]}", n, "█" * round(_BAR_WIDTH * n / peak)) for i, n in enumerate(counts)]
    return ["## Segment chrF", "", *_table(("chrF", "segments", ""), rows, "lrl"), ""]


def _findings_section(summary: QaSummary) -> list[str]:
    findings = summary["overall"]["findings"]
    lines = ["## Findings", "", f"{findings['total']} finding(s): {severity_counts(findings)}.", ""]
    if note := learned_note(findings):
        lines[-1:] = [f"Not among them: {note}.", ""]
    if not findings["total"]:
        return lines
    severities = list(reversed(SEVERITIES))
    rows = [(f"`{check}`", *(counts.get(s, "") for s in severities), sum(counts.values()))
            for check, counts in findings["by_check"].items()]
    lines += _table(("check", *severities, "total"), rows, "l" + "r" * (len(severities) + 1))
    lines += ["", *_table(("MQM category", "findings"), ((md(c), n) for c, n in findings["by_category"].items()), "lr")]
    examples = summary["highlights"]["finding_examples"]
    if examples:
        lines += ["", "Examples (the flagged span in bold):", ""]
        for e in examples:
            quoted = marked(e["mt"] or "", e["start"], e["end"])
            fix = md(suggestion_text(e["suggestion"]))
            lines.append(f"- `{e['check']}` ({e['severity']}) {md(e['doc'])}:{e['line']}: {md(e['message'])}{fix}  ")
            lines.append(f"  {quoted}")
    return [*lines, ""]


def _mqm_section(summary: QaSummary) -> list[str]:
    mqm = summary["overall"]["mqm"]
    if not mqm:
        return []
    per_words = "" if mqm["per_1000_words"] is None else f", {mqm['per_1000_words']:.1f} penalty points per 1,000 words"
    lines = ["## MQM annotations", "",
             f"{mqm['segments']} annotated segment(s), {mqm['errors']} error(s); mean segment score "
             f"**{mqm['score']:.3f}** (lower is better){per_words}.", "", f"`{mqm['signature']}`", ""]
    if len(mqm["systems"]) > 1:
        rows = [(md(s["system"] or "(none)"), f"{s['score']:.3f}", s["segments"]) for s in mqm["systems"]]
        lines += [*_table(("system", "MQM", "segments"), rows, "lrr"), ""]
    return lines


def _share(value: float | None, digits: int = 3) -> str:
    return NO_VALUE if value is None else f"{value:.{digits}f}"


def effort_headline(effort: EffortDict) -> str:
    """One sentence of a group's post-editing effort (``qa --pe``): words, HTER, edit rate, accepted as is."""
    accepted = NO_VALUE if effort["accepted_share"] is None else f"{100 * effort['accepted_share']:.1f}%"
    return (f"{effort['segments']} segment(s), {effort['words']} MT word(s); HTER (word-weighted) mean "
            f"{_share(effort['hter_mean'])}, median {_share(effort['hter_median'])}; character edit rate mean "
            f"{_share(effort['edit_rate_mean'], 1)}, median {_share(effort['edit_rate_median'], 1)}; "
            f"accepted as is: {effort['unchanged']} ({accepted}).")


def effort_bands(effort: EffortDict) -> list[tuple[str, int, int]]:
    """(band, segments, MT words) per edit-distance band, 100% first."""
    return [(label, band["segments"], band["words"]) for label, band in effort["bands"].items()]


def _effort_section(summary: QaSummary) -> list[str]:
    effort = summary["overall"].get("effort")
    if effort is None:
        return []
    lines = ["## Post-editing effort", "", md(effort_headline(effort)), "",
             *_table(("similarity band", "segments", "MT words"), effort_bands(effort), "lrr"), ""]
    if len(summary["documents"]) > 1:
        rows = [(md(d["name"]), _share(e["hter_mean"]), _share(e["edit_rate_mean"], 1),
                 NO_VALUE if e["accepted_share"] is None else f"{100 * e['accepted_share']:.1f}%")
                for d in summary["documents"] if (e := d.get("effort")) is not None]
        lines += [*_table(("document", "HTER mean", "edit rate mean", "accepted as is"), rows, "lrrr"), ""]
    return lines


def _lowest_section(summary: QaSummary) -> list[str]:
    lowest = summary["highlights"]["lowest_chrf"]
    if not lowest:
        return []
    lines = ["## Lowest-chrF segments", ""]
    for n, seg in enumerate(lowest, 1):
        checks = f" — findings: {', '.join(seg['findings'])}" if seg["findings"] else ""
        lines.append(f"{n}. **{md(seg['doc'])}:{seg['line']}** chrF {seg['chrf']:.1f}{checks}  ")
        if seg["src"]:
            lines.append(f"   SRC: {md(seg['src'])}  ")
        lines.append(f"   MT: {md(seg['mt'])}  ")
        lines.append(f"   REF: {md(seg['ref'])}")
    return [*lines, ""]


def _settings_section(summary: QaSummary) -> list[str]:
    s = summary["settings"]
    rows = [("inputs", md(" ".join(f"--{k} {v}" for k, v in s.items() if k in ("mt", "ref", "src") and v))),
            ("mode", mode_of(summary)),
            ("languages", md(f"{s['src_lang'] or '?'} → {s['lang']}")),
            ("metrics", md(", ".join(METRIC_LABELS.get(m, m) for m in s["metrics"]) or "none")),
            ("BLEU tokenizer", md(s["tokenize"] or "13a (default)")),
            ("checks", md(", ".join(s["checks"]) or "none")),
            ("review_app", md(f"{summary['version']}, {summary['created']}"))]
    return ["## Settings", "", *_table(("", ""), rows), ""]


def render_markdown(summary: QaSummary) -> str:
    """The whole report as Markdown."""
    overall = summary["overall"]
    title = summary["settings"].get("name") or "QA report"
    lines = [
        f"# QA report: {md(title)}",
        "",
        *_verdict(summary),
        "",
        f"{overall['documents']} document(s), {overall['segments']} segment(s), "
        f"{overall['findings']['total']} finding(s); {mode_of(summary)}.",
        "",
        *_scores_section(summary),
        *(_documents_section(summary) if len(summary["documents"]) > 1 else []),
        *_histogram_section(summary),
        *_findings_section(summary),
        *_mqm_section(summary),
        *_effort_section(summary),
        *_lowest_section(summary),
        *_settings_section(summary),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
