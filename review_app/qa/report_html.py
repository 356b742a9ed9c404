"""``report.html``: one self-contained page (inline CSS, inline SVG charts, no scripts, no fetches).

A pure function of the summary, like :mod:`review_app.qa.report_md`. The page and its charts are
Jinja2 templates (``templates/``) rendered with autoescaping, so every text that comes from the
inputs or the summary is escaped where it is written; this module only computes chart geometry
and the few derived texts the Markdown report shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from typing import NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from review_app.qa.report_md import (
    METRIC_LABELS,
    effort_bands,
    effort_headline,
    fmt_score,
    gate_labels,
    learned_note,
    mode_of,
    score_note,
    severity_counts,
    suggestion_text,
)
from review_app.qa.summary_types import DocumentPart, QaSummary, ScoreEntry
from review_app.vocab import NO_VALUE, SEVERITIES, SEVERITY_COLORS, shown


def _px(value: float, digits: int = 1) -> str:
    """A coordinate as the SVG writes it (one decimal unless told otherwise)."""
    return f"{value:.{digits}f}"


_ENV = Environment(
    loader=PackageLoader("review_app.qa", "templates"),
    autoescape=True,  # every template, whatever its extension (.html.j2 and .svg.j2 alike)
    undefined=StrictUndefined,  # a misspelt key fails the render instead of printing nothing
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters.update(px=_px, fmt_score=fmt_score, severity_counts=severity_counts, learned_note=learned_note,
                    suggestion_text=suggestion_text, metric_label=lambda name: METRIC_LABELS.get(name, name),
                    shown=shown)
_ENV.globals.update(colors=SEVERITY_COLORS, severities=tuple(reversed(SEVERITIES)), no_value=NO_VALUE)  # worst first
# The style sheet goes in as it is, not through the template parser (CSS braces are not Jinja's).
_CSS = Markup(files("review_app.qa").joinpath("templates", "report.css").read_text("utf-8"))


class _Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    middle: float
    low: int
    high: int
    segments: int


class _Tick(NamedTuple):
    x: float
    label: int


class _Histogram(NamedTuple):
    width: int
    height: int
    left: int
    right: int
    base: int
    axis_y: float
    bars: list[_Bar]
    ticks: list[_Tick]


def histogram_svg(edges: Sequence[int], counts: Sequence[int], width: int = 520, height: int = 220) -> Markup:
    """Vertical bars of segment counts per chrF bin, with counts on top and bin edges below."""
    left, right, bottom, top = 36, 16, 28, 16
    plot_w, plot_h = width - left - right, height - bottom - top
    base = top + plot_h
    peak = max(counts) or 1
    bar_w = plot_w / len(counts)
    bars = []
    for i, n in enumerate(counts):
        h = plot_h * n / peak
        x = left + i * bar_w
        bars.append(_Bar(x + 2, base - h, bar_w - 4, h, x + bar_w / 2, edges[i], edges[i + 1], n))
    ticks = [_Tick(left + i * bar_w, edge) for i, edge in enumerate(edges)]
    chart = _Histogram(width, height, left, left + plot_w, base, top + plot_h / 2, bars, ticks)
    return _render("histogram.svg.j2", chart=chart)


class _Segment(NamedTuple):
    severity: str
    findings: int
    x: float
    width: float


class _CheckRow(NamedTuple):
    check: str
    y: int
    parts: list[_Segment]
    end: float
    total: int


class _FindingsChart(NamedTuple):
    width: int
    height: int
    label_width: int
    bar_height: int
    rows: list[_CheckRow]


def findings_svg(by_check: dict[str, dict[str, int]], width: int = 560) -> Markup:
    """Horizontal bars per check, stacked by severity (worst first)."""
    label_w, row_h, top = 170, 22, 6
    peak = max(sum(c.values()) for c in by_check.values()) or 1
    plot_w = width - label_w - 48
    rows = []
    for row, (check, counts) in enumerate(by_check.items()):
        x, parts = float(label_w), []
        for severity in reversed(SEVERITIES):
            n = counts.get(severity, 0)
            if n:
                w = plot_w * n / peak
                parts.append(_Segment(severity, n, x, max(w, 1)))
                x += w
        rows.append(_CheckRow(check, top + row * row_h, parts, x, sum(counts.values())))
    chart = _FindingsChart(width, top + row_h * len(rows) + 8, label_w, row_h - 6, rows)
    return _render("findings.svg.j2", chart=chart)


class _DocRow(NamedTuple):
    name: str
    label: str
    y: int
    middle: float
    width: float
    score: ScoreEntry
    whisker: tuple[float, float] | None


class _DocumentsChart(NamedTuple):
    metric: str
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    rows: list[_DocRow]


def documents_svg(docs: list[DocumentPart], metric: str, width: int = 560) -> Markup:
    """Per-document score bars with 95% CI whiskers, lowest first (scale 0–100)."""
    scored = sorted((d for d in docs if metric in d["scores"]), key=lambda d: d["scores"][metric]["score"])
    label_w, row_h, top = 200, 20, 6
    plot_w = width - label_w - 60
    rows = []
    for row, doc in enumerate(scored):
        y = top + row * row_h
        score = doc["scores"][metric]
        value = max(0.0, min(100.0, score["score"]))
        ci = score["ci_95"]
        whisker = None if ci is None else (label_w + plot_w * max(0.0, value - ci) / 100,
                                           label_w + plot_w * min(100.0, value + ci) / 100)
        name = doc["name"]
        label = name if len(name) <= 32 else "…" + name[-31:]
        rows.append(_DocRow(name, label, y, y + row_h / 2, plot_w * value / 100, score, whisker))
    chart = _DocumentsChart(metric, width, top + row_h * len(rows) + 8, label_w, plot_w, row_h - 6, rows)
    return _render("documents.svg.j2", chart=chart)


def _render(template: str, **context: object) -> Markup:
    """A chart rendered (and escaped) by its template, marked safe to place in the page."""
    return Markup(_ENV.get_template(template).render(**context))


def _settings_rows(summary: QaSummary) -> list[tuple[str, str]]:
    s = summary["settings"]
    return [
        ("inputs", " ".join(f"--{k} {v}" for k, v in s.items() if k in ("mt", "ref", "src") and v)),
        ("mode", mode_of(summary)),
        ("languages", f"{s['src_lang'] or '?'} → {s['lang']}"),
        ("metrics", ", ".join(METRIC_LABELS.get(m, m) for m in s["metrics"]) or "none"),
        ("BLEU tokenizer", s["tokenize"] or "13a (default)"),
        ("checks", ", ".join(s["checks"]) or "none"),
        ("review_app", f"{summary['version']}, {summary['created']}"),
    ]


def _documents_chart(summary: QaSummary) -> tuple[str | None, Markup | None]:
    """The metric charted per document (chrF when scored) and its chart, when there are several documents."""
    docs, metrics = summary["documents"], summary["settings"]["metrics"]
    key = "chrf" if "chrf" in metrics else (metrics[0] if metrics else None)
    if len(docs) > 1 and key and any(key in d["scores"] for d in docs):
        return key, documents_svg(docs, key)
    return key, None


def render_html(summary: QaSummary) -> str:
    """The whole report as one HTML page."""
    overall = summary["overall"]
    hist = overall["chrf_histogram"]
    by_check = overall["findings"]["by_check"]
    metric, documents_chart = _documents_chart(summary)
    effort = overall.get("effort")
    return _ENV.get_template("report.html.j2").render(
        summary=summary,
        css=_CSS,
        title=summary["settings"].get("name") or "QA report",
        mode=mode_of(summary),
        gates=gate_labels(summary),
        score_note=score_note(summary),
        histogram=histogram_svg(hist["edges"], hist["counts"]) if hist and sum(hist["counts"]) else None,
        findings_chart=findings_svg(by_check) if by_check else None,
        documents_metric=metric,
        documents_chart=documents_chart,
        settings=_settings_rows(summary),
        effort=effort,
        effort_headline=effort_headline(effort) if effort else None,
        effort_bands=effort_bands(effort) if effort else [],
    )
