"""``report.html``: one self-contained page (inline CSS, inline SVG charts, no scripts, no fetches).

A pure function of the summary dictionary, like :mod:`review_app.qa.report_md`. Every text that
comes from the inputs or the summary goes through :func:`esc` (``html.escape`` with quotes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from review_app.qa.report_md import (
    METRIC_LABELS,
    fmt_score,
    gate_labels,
    mode_of,
    score_note,
    severity_counts,
    suggestion_text,
)
from review_app.qa.summary_types import DocumentPart, QaSummary, ScoreEntry
from review_app.vocab import SEVERITIES, SEVERITY_COLORS

_CSS = """
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --accent:#2563eb; --ok:#15803d; --bad:#b91c1c; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1200px; padding: 24px 32px 64px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.verdict { padding: 10px 14px; border-radius: 6px; margin: 12px 0; font-weight: 600; }
.verdict.pass { background: #dcfce7; color: var(--ok); } .verdict.fail { background: #fee2e2; color: var(--bad); }
.verdict.none { background: #f3f4f6; color: var(--muted); font-weight: 400; }
.verdict ul { margin: 6px 0 0; font-weight: 400; } .verdict li.ok { color: var(--ok); }
.verdict li.bad { color: var(--bad); font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; }
.card .name { color: var(--muted); font-size: 13px; } .card .value { font-size: 26px; font-weight: 650; }
.card .ci { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .sig { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #374151;
             word-break: break-all; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 13px; margin-bottom: 4px; }
svg text { font: 11px system-ui, sans-serif; fill: #374151; }
mark { background: #fde68a; padding: 0 1px; }
.seg { margin: 0 0 12px; padding: 8px 12px; border-left: 3px solid var(--line); }
.seg .label { color: var(--muted); font-size: 12px; display: inline-block; min-width: 34px; }
.pill { display: inline-block; border-radius: 9px; padding: 0 7px; font-size: 12px; color: #fff; }
.legend span { margin-right: 12px; font-size: 13px; } .legend i { display: inline-block; width: 10px; height: 10px;
  margin-right: 4px; border-radius: 2px; }
"""


def esc(value: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return escape(str(value), quote=True)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table; cells are HTML already (callers escape); columns in ``numeric`` align right."""
    head = "".join(f'<th class="num">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pill(severity: str) -> str:
    return f'<span class="pill" style="background:{SEVERITY_COLORS.get(severity, "#6b7280")}">{esc(severity)}</span>'


def histogram_svg(edges: Sequence[int], counts: Sequence[int], width: int = 520, height: int = 220) -> str:
    """Vertical bars of segment counts per chrF bin, with counts on top and bin edges below."""
    left, right, bottom, top = 36, 16, 28, 16
    plot_w, plot_h = width - left - right, height - bottom - top
    peak = max(counts) or 1
    bar_w = plot_w / len(counts)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="segment chrF histogram">',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9ca3af"/>']
    for i, n in enumerate(counts):
        h = plot_h * n / peak
        x = left + i * bar_w
        parts.append(f'<rect x="{x + 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" '
                     f'fill="#3b82f6"><title>chrF {edges[i]}–{edges[i + 1]}: {n} segment(s)</title></rect>')
        if n:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 3:.1f}" '
                         f'text-anchor="middle">{n}</text>')
    for i, edge in enumerate(edges):
        parts.append(f'<text x="{left + i * bar_w:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{edge}</text>')
    parts.append(f'<text x="4" y="{top + plot_h / 2:.0f}" transform="rotate(-90 10 {top + plot_h / 2:.0f})" '
                 'text-anchor="middle">segments</text></svg>')
    return "".join(parts)


def findings_svg(by_check: dict[str, dict[str, int]], width: int = 560) -> str:
    """Horizontal bars per check, stacked by severity (worst first)."""
    label_w, row_h, top = 170, 22, 6
    checks = list(by_check)
    height = top + row_h * len(checks) + 8
    peak = max(sum(c.values()) for c in by_check.values()) or 1
    plot_w = width - label_w - 48
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             'aria-label="findings by check and severity">']
    for row, check in enumerate(checks):
        y = top + row * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(check)}</text>')
        x = float(label_w)
        for severity in reversed(SEVERITIES):
            n = by_check[check].get(severity, 0)
            if not n:
                continue
            w = plot_w * n / peak
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 6}" '
                         f'fill="{SEVERITY_COLORS[severity]}"><title>{esc(check)}: {n} {esc(severity)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 5:.1f}" y="{y + 15}">{sum(by_check[check].values())}</text>')
    parts.append("</svg>")
    return "".join(parts)


def documents_svg(docs: list[DocumentPart], metric: str, width: int = 560) -> str:
    """Per-document score bars with 95% CI whiskers, lowest first (scale 0–100)."""
    rows = sorted((d for d in docs if metric in d["scores"]), key=lambda d: d["scores"][metric]["score"])
    label_w, row_h, top = 200, 20, 6
    plot_w = width - label_w - 60
    height = top + row_h * len(rows) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{esc(metric)} per document">']
    for row, doc in enumerate(rows):
        y = top + row * row_h
        score = doc["scores"][metric]
        value = max(0.0, min(100.0, score["score"]))
        name = doc["name"] if len(doc["name"]) <= 32 else "…" + doc["name"][-31:]
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{esc(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{plot_w * value / 100:.1f}" height="{row_h - 6}" '
                     f'fill="#60a5fa"><title>{esc(doc["name"])}: {fmt_score(score)}</title></rect>')
        ci = score["ci_95"]
        if ci is not None:
            lo = label_w + plot_w * max(0.0, value - ci) / 100
            hi = label_w + plot_w * min(100.0, value + ci) / 100
            parts.append(f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{y + row_h / 2}" y2="{y + row_h / 2}" '
                         'stroke="#1e3a8a" stroke-width="1.5"/>')
        parts.append(f'<text x="{label_w + plot_w + 6}" y="{y + 14}">{score["score"]:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _verdict(summary: QaSummary) -> str:
    labels = gate_labels(summary)
    if not labels:
        return '<div class="verdict none">No thresholds set: the run never fails on scores or findings.</div>'
    css, word = ("pass", "PASSED") if summary["thresholds"]["passed"] else ("fail", "FAILED")
    items = "".join(f'<li class="{"ok" if ok else "bad"}">{"✓" if ok else "✗"} {esc(text)}</li>' for ok, text in labels)
    return f'<div class="verdict {css}">{word}<ul>{items}</ul></div>'


def _ci_text(score: ScoreEntry) -> str:
    return "no CI" if score["ci_95"] is None else f"± {score['ci_95']:.2f} (95% CI)"


def _scores(summary: QaSummary) -> str:
    overall = summary["overall"]
    if not overall["scores"]:
        return "<h2>Corpus scores</h2><p>No reference text: nothing was scored (checks and MQM only).</p>"
    cards = "".join(
        f'<div class="card"><div class="name">{esc(METRIC_LABELS.get(name, name))}</div>'
        f'<div class="value">{s["score"]:.2f}</div><div class="ci">{_ci_text(s)}</div></div>'
        for name, s in overall["scores"].items()
    )
    rows = [(esc(METRIC_LABELS.get(n, n)), f"{s['score']:.4f}", "–" if s["ci_95"] is None else f"{s['ci_95']:.4f}",
             f'<span class="sig">{esc(s["signature"])}</span>') for n, s in overall["scores"].items()]
    return (f'<h2>Corpus scores</h2><div class="cards">{cards}</div>'
            + _table(("metric", "score", "95% CI ±", "sacrebleu signature"), rows, (1, 2))
            + f'<p class="meta">{esc(score_note(summary))}</p>')


def _documents(summary: QaSummary) -> str:
    docs = summary["documents"]
    metrics = summary["settings"]["metrics"]
    has_mqm = any(d["mqm"] for d in docs)
    header = ["document", "segments", *(esc(METRIC_LABELS.get(m, m)) for m in metrics), "findings"]
    header += ["MQM"] if has_mqm else []
    rows = []
    for d in docs:
        row = [esc(d["name"]), str(d["segments"]), *(esc(fmt_score(d["scores"].get(m))) for m in metrics),
               esc(severity_counts(d["findings"]))]
        if has_mqm:
            row.append("–" if not d["mqm"] else f"{d['mqm']['score']:.3f}")
        rows.append(row)
    chart = ""
    key = "chrf" if "chrf" in metrics else (metrics[0] if metrics else None)
    if len(docs) > 1 and key and any(key in d["scores"] for d in docs):
        chart = (f"<figure><figcaption>{esc(METRIC_LABELS.get(key, key))} per document (95% CI)</figcaption>"
                 f"{documents_svg(docs, key)}</figure>")
    numeric = tuple(range(1, 2 + len(metrics)))
    return f"<h2>Documents</h2>{chart}{_table(header, rows, numeric)}"


def _charts(summary: QaSummary) -> str:
    overall = summary["overall"]
    figures = []
    hist = overall["chrf_histogram"]
    if hist and sum(hist["counts"]):
        figures.append(f"<figure><figcaption>Segments by sentence chrF</figcaption>"
                       f"{histogram_svg(hist['edges'], hist['counts'])}</figure>")
    by_check = overall["findings"]["by_check"]
    if by_check:
        legend = "".join(f'<span><i style="background:{SEVERITY_COLORS[s]}"></i>{esc(s)}</span>'
                         for s in reversed(SEVERITIES))
        figures.append(f'<figure><figcaption>Findings by check and severity</figcaption><div class="legend">{legend}'
                       f"</div>{findings_svg(by_check)}</figure>")
    return f'<div class="charts">{"".join(figures)}</div>' if figures else ""


def _marked(text: str, start: int, end: int) -> str:
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def _findings(summary: QaSummary) -> str:
    findings = summary["overall"]["findings"]
    out = [f"<h2>Findings</h2><p>{findings['total']} finding(s): {esc(severity_counts(findings))}.</p>"]
    if not findings["total"]:
        return "".join(out)
    severities = list(reversed(SEVERITIES))
    rows = [(f"<code>{esc(check)}</code>", *(str(counts.get(s, "")) for s in severities), str(sum(counts.values())))
            for check, counts in findings["by_check"].items()]
    out.append(_table(("check", *severities, "total"), rows, tuple(range(1, len(severities) + 2))))
    out.append(_table(("MQM category", "findings"),
                      ((esc(c), str(n)) for c, n in findings["by_category"].items()), (1,)))
    examples = summary["highlights"]["finding_examples"]
    if examples:
        out.append("<h2>Finding examples</h2>")
        for e in examples:
            fix = esc(suggestion_text(e["suggestion"]))
            out.append(f'<div class="seg">{_pill(e["severity"])} <code>{esc(e["check"])}</code> '
                       f'<span class="meta">{esc(e["doc"])}:{e["line"]}</span> {esc(e["message"])}{fix}<br>'
                       f'{_marked(e["mt"] or "", e["start"], e["end"])}</div>')
    return "".join(out)


def _mqm(summary: QaSummary) -> str:
    mqm = summary["overall"]["mqm"]
    if not mqm:
        return ""
    per_words = "" if mqm["per_1000_words"] is None else f", {mqm['per_1000_words']:.1f} penalty points per 1,000 words"
    out = [f"<h2>MQM annotations</h2><p>{mqm['segments']} annotated segment(s), {mqm['errors']} error(s); mean "
           f"segment score <b>{mqm['score']:.3f}</b> (lower is better){per_words}.</p>"
           f'<p class="sig">{esc(mqm["signature"])}</p>']
    if len(mqm["systems"]) > 1:
        rows = [(esc(s["system"] or "(none)"), f"{s['score']:.3f}", str(s["segments"])) for s in mqm["systems"]]
        out.append(_table(("system", "MQM", "segments"), rows, (1, 2)))
    return "".join(out)


def _lowest(summary: QaSummary) -> str:
    lowest = summary["highlights"]["lowest_chrf"]
    if not lowest:
        return ""
    out = ["<h2>Lowest-chrF segments</h2>"]
    for seg in lowest:
        checks = "".join(f" <code>{esc(c)}</code>" for c in seg["findings"])
        lines = [f'<b>{esc(seg["doc"])}:{seg["line"]}</b> chrF {seg["chrf"]:.1f}'
                 + ("" if seg["bleu"] is None else f", BLEU {seg['bleu']:.1f}") + checks]
        for label, text in (("SRC", seg["src"]), ("MT", seg["mt"]), ("REF", seg["ref"])):
            if text:
                lines.append(f'<span class="label">{label}</span> {esc(text)}')
        out.append(f'<div class="seg">{"<br>".join(lines)}</div>')
    return "".join(out)


def _settings(summary: QaSummary) -> str:
    s = summary["settings"]
    rows = [("inputs", esc(" ".join(f"--{k} {v}" for k, v in s.items() if k in ("mt", "ref", "src") and v))),
            ("mode", esc(mode_of(summary))),
            ("languages", esc(f"{s['src_lang'] or '?'} → {s['lang']}")),
            ("metrics", esc(", ".join(METRIC_LABELS.get(m, m) for m in s["metrics"]) or "none")),
            ("BLEU tokenizer", esc(s["tokenize"] or "13a (default)")),
            ("checks", esc(", ".join(s["checks"]) or "none")),
            ("review_app", esc(f"{summary['version']}, {summary['created']}"))]
    return "<h2>Settings</h2>" + _table(("setting", "value"), rows)


def render_html(summary: QaSummary) -> str:
    """The whole report as one HTML page."""
    overall = summary["overall"]
    title = summary["settings"].get("name") or "QA report"
    body = [
        f"<h1>QA report: {esc(title)}</h1>",
        f'<p class="meta">{overall["documents"]} document(s), {overall["segments"]} segment(s), '
        f'{overall["findings"]["total"]} finding(s); {esc(mode_of(summary))}.</p>',
        _verdict(summary),
        _scores(summary),
        _charts(summary),
        _documents(summary) if len(summary["documents"]) > 1 else "",
        _findings(summary),
        _mqm(summary),
        _lowest(summary),
        _settings(summary),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>QA report: {esc(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body></html>\n"
    )
