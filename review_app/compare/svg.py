"""Small charts as inline SVG (no script, no network): grouped bars and lines with error bars.

Every label is escaped; colours come from :data:`review_app.vocab.SERIES_COLORS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from review_app.vocab import SERIES_COLORS

WIDTH, HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 28, 56


def color(index: int) -> str:
    """Colour of the ``index``-th system."""
    return SERIES_COLORS[index % len(SERIES_COLORS)]


def _scale(values: Sequence[float | None]) -> float:
    top = max([v for v in values if v is not None] or [1.0])
    return top * 1.1 if top > 0 else 1.0


def grouped_bars(
    labels: Sequence[str], series: Mapping[str, Sequence[float | None]], title: str, y_label: str = "",
    errors: Mapping[str, Sequence[float | None]] | None = None,
) -> str:
    """A grouped bar chart: one group per label, one bar per series (system); ``None`` leaves a gap.

    ``errors`` (same shape) draws a ± whisker on each bar (e.g. a 95% CI half-width).
    """
    names = list(series)
    flat = [v + ((errors or {}).get(n, [0] * len(labels))[i] or 0) if v is not None else None
            for n in names for i, v in enumerate(series[n])]
    top = _scale(flat)
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(names), 1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">',
           f'<text x="{WIDTH / 2}" y="16" text-anchor="middle" font-size="13" font-weight="600">{escape(title)}</text>']
    for k in range(5):  # horizontal grid with values
        tick = top * k / 4
        y = _TOP + plot_h - plot_h * k / 4
        out.append(f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{tick:.3g}</text>')
    if y_label:
        out.append(f'<text x="12" y="{_TOP + plot_h / 2}" font-size="10" text-anchor="middle" '
                   f'transform="rotate(-90 12 {_TOP + plot_h / 2})">{escape(y_label)}</text>')
    for i, label in enumerate(labels):
        x0 = _LEFT + i * group_w + group_w * 0.1
        for j, name in enumerate(names):
            value = series[name][i]
            if value is None:
                continue
            h = plot_h * value / top
            x, y = x0 + j * bar_w, _TOP + plot_h - h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w * 0.92:.1f}" height="{h:.1f}" '
                       f'fill="{color(j)}"><title>{escape(name)} · {escape(label)}: {value:.4g}</title></rect>')
            err = (errors or {}).get(name, [None] * len(labels))[i]
            if err:
                cx, e = x + bar_w * 0.46, plot_h * err / top
                out.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y - e:.1f}" y2="{y + e:.1f}" stroke="#111827"/>')
        out.append(f'<text x="{_LEFT + (i + 0.5) * group_w:.1f}" y="{_TOP + plot_h + 14}" text-anchor="middle" '
                   f'font-size="10">{escape(label)}</text>')
    for j, name in enumerate(names):  # legend
        x = _LEFT + j * (plot_w / max(len(names), 1))
        out.append(f'<rect x="{x:.1f}" y="{HEIGHT - 20}" width="10" height="10" fill="{color(j)}"/>')
        out.append(f'<text x="{x + 14:.1f}" y="{HEIGHT - 11}" font-size="11">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)
