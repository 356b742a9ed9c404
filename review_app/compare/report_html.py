"""The comparison as one self-contained HTML file: tables, inline SVG charts, segments side by side.

Rendered with Jinja2 with autoescaping on, so every system name, file name and text is escaped;
the only markup inserted as is comes from :mod:`review_app.compare.svg` and
:func:`review_app.text.diff.diff_html`, which escape every piece of text themselves. Nothing is
loaded from the network (no scripts, fonts or stylesheets).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from review_app.compare import Comparison
from review_app.compare.scores import lower_is_better
from review_app.compare.svg import color, grouped_bars
from review_app.effort import BAND_LABELS
from review_app.output import atomic_write
from review_app.scoring.registry import METRICS
from review_app.text.diff import diff_html
from review_app.vocab import NO_VALUE, SEVERITIES, SEVERITY_COLORS, shown

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)
_ENV.filters["shown"] = shown


def _charts(result: Comparison) -> dict[str, Markup]:
    names = result.names
    metric = result.settings.metrics[0]
    lengths = result.lengths
    words = result.words
    diff_labels, diff_counts = result.length_diff
    return {
        "scores": Markup(grouped_bars(
            [METRICS[m].label for m in result.settings.metrics],
            {n: [result.scores[n][m].score for m in result.settings.metrics] for n in names},
            "Corpus scores (whiskers: 95% bootstrap CI)",
            errors={n: [result.scores[n][m].ci_half_width for m in result.settings.metrics] for n in names})),
        "lengths": Markup(grouped_bars(lengths.labels, {n: lengths.scores[n][metric] for n in names},
                                       f"{METRICS[metric].label} by reference length (words)", METRICS[metric].label)),
        "words": Markup(grouped_bars(words.labels, {n: words.fmeasure(n) for n in names},
                                     "Word F-measure by reference frequency", "F-measure")),
        "length_diff": Markup(grouped_bars(diff_labels, {n: [float(c) for c in diff_counts[n]] for n in names},
                                           "Segments by output − reference length (words)", "segments")),
    }


def _segments(result: Comparison) -> list[dict[str, Any]]:
    """Each segment listed among the largest differences, once, side by side."""
    seen: dict[int, dict[str, Any]] = {}
    for diff in result.differences:
        if diff.index in seen:
            continue
        view = result.segment(diff.index)
        seen[diff.index] = {
            "view": view,
            "diffs": {n: Markup(diff_html(view.refs[0], text)) for n, text in view.outputs.items()},
        }
    return list(seen.values())


def render_html(result: Comparison, title: str | None = None) -> str:
    """The report as one HTML string."""
    template = _ENV.get_template("compare_report.html.j2")
    return template.render(
        title=title or f"Comparison of {len(result.names)} systems",
        r=result,
        labels={m: METRICS[m].label for m in METRICS},
        lower_is_better=lower_is_better(),
        charts=_charts(result),
        segments=_segments(result),
        severities=[s for s in reversed(SEVERITIES)],
        severity_colors=SEVERITY_COLORS,
        no_value=NO_VALUE,
        color=color,
        checks=sorted({c for n in result.names for c in result.findings[n].by_check}),
        band_labels=BAND_LABELS,
    )


def write_html(result: Comparison, path: Path, title: str | None = None) -> None:
    """Write the report atomically (complete or absent)."""
    text = render_html(result, title)
    with atomic_write(path) as handle:
        handle.write(text)
