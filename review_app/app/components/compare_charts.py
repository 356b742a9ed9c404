"""Altair charts of system comparisons and run history (data in, chart out; nothing drawn here)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from review_app.vocab import SERIES_COLORS


def _systems_scale(names: Sequence[str]) -> alt.Scale:
    return alt.Scale(domain=list(names), range=[SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(names))])


def scores_chart(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> alt.LayerChart:
    """Corpus score per metric and system, bars with the 95% CI as error bars.

    ``rows``: ``{"metric", "system", "score", "low", "high"}``.
    """
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(
        x=alt.X("metric:N", title=None, axis=alt.Axis(labelAngle=0), sort=list(dict.fromkeys(frame["metric"]))),
        xOffset=alt.XOffset("system:N", sort=list(names)),
    )
    bars = base.mark_bar().encode(
        y=alt.Y("score:Q", title="score"),
        color=alt.Color("system:N", scale=_systems_scale(names), sort=list(names), title="system"),
        tooltip=["system:N", "metric:N", alt.Tooltip("score:Q", format=".2f"), alt.Tooltip("low:Q", format=".2f"),
                 alt.Tooltip("high:Q", format=".2f")],
    )
    whiskers = base.mark_rule(color="#111827").encode(y="low:Q", y2="high:Q")
    chart: alt.LayerChart = (bars + whiskers).properties(height=280)
    return chart


def bucket_chart(rows: Sequence[dict[str, Any]], names: Sequence[str], labels: Sequence[str], value: str,
                 x_title: str) -> alt.Chart:
    """A value per bucket and system, grouped bars (``rows``: ``{"bucket", "system", value}``)."""
    frame = pd.DataFrame(rows)
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("bucket:N", sort=list(labels), title=x_title, axis=alt.Axis(labelAngle=0, labelOverlap=False)),
            xOffset=alt.XOffset("system:N", sort=list(names)),
            y=alt.Y(f"{value}:Q", title=value),
            color=alt.Color("system:N", scale=_systems_scale(names), sort=list(names), title="system"),
            tooltip=["bucket:N", "system:N", alt.Tooltip(f"{value}:Q", format=".4g")],
        )
        .properties(height=260)
    )
    return chart


def history_chart(rows: Sequence[dict[str, Any]], systems: Sequence[str], title: str) -> alt.LayerChart:
    """One metric over runs: a line per system, points, and the 95% CI as error bars.

    ``rows``: ``{"run", "order", "system", "score", "low", "high", "passed", "signature"}``.
    """
    frame = pd.DataFrame(rows)
    order = list(frame.sort_values("order")["run"])
    base = alt.Chart(frame).encode(
        x=alt.X("run:N", sort=order, title="run (oldest first)", axis=alt.Axis(labelAngle=-30, labelOverlap=False)),
        color=alt.Color("system:N", scale=_systems_scale(systems), sort=list(systems), title="system"),
    )
    line = base.mark_line().encode(y=alt.Y("score:Q", title=title, scale=alt.Scale(zero=False)))
    points = base.mark_point(filled=True, size=70).encode(
        y="score:Q",
        shape=alt.Shape("passed:N", scale=alt.Scale(domain=["passed", "failed"], range=["circle", "cross"]),
                        title="gates"),
        tooltip=["run:N", "system:N", alt.Tooltip("score:Q", format=".2f"), alt.Tooltip("low:Q", format=".2f"),
                 alt.Tooltip("high:Q", format=".2f"), "passed:N", "signature:N"],
    )
    bars = base.mark_rule().encode(y="low:Q", y2="high:Q")
    chart: alt.LayerChart = (line + bars + points).properties(height=240, title=title)
    return chart
