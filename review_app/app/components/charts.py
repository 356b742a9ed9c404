"""Altair charts for the dashboard (data in, chart out; nothing drawn here)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from review_app.store import ReviewProgress
from review_app.vocab import FINDING_STATE_LABELS, SEVERITY_COLORS, STATUS_COLORS, STATUS_LABELS, STATUSES


def _status_scale() -> alt.Scale:
    return alt.Scale(domain=[STATUS_LABELS[s] for s in STATUSES], range=[STATUS_COLORS[s] for s in STATUSES])


def chrf_histogram(bins: Sequence[tuple[int, int, int]]) -> alt.Chart:
    """Segment chrF of the MT and of the corrected text, side by side per bin: ``bins`` are (lower edge, MT
    segments, corrected segments), as the store counts them (unscored segments left out)."""
    labels = [str(low) for low, _mt, _corrected in bins]
    bin_step = bins[1][0] - bins[0][0] if len(bins) > 1 else 100
    frame = pd.DataFrame([{"chrF": str(low), "text": text, "segments": n} for low, mt, corrected in bins
                          for text, n in (("MT", mt), ("corrected", corrected))])
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("chrF:O", sort=labels, title=f"segment chrF (bins of {bin_step}, by lower edge)",
                    axis=alt.Axis(labelAngle=0, labelOverlap=False)),
            xOffset=alt.XOffset("text:N", sort=["MT", "corrected"]),
            y=alt.Y("segments:Q", title="segments"),
            color=alt.Color("text:N", sort=["MT", "corrected"], scale=alt.Scale(range=["#94a3b8", "#2563eb"]),
                            title=None),
            tooltip=["chrF:O", "text:N", "segments:Q"],
        )
        .properties(height=260)
    )
    return chart


def findings_chart(summary: Sequence[tuple[str, str, str, int]]) -> alt.Chart:
    """Findings per check: an open bar (coloured by severity) above a closed bar (applied, dismissed or
    resolved by edit, pale)."""
    frame = pd.DataFrame([{"check": c, "severity": s, "state": "open" if st == "open" else "closed",
                           "detail": FINDING_STATE_LABELS.get(st, st), "findings": n} for c, s, st, n in summary])
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("check:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=200)),
            yOffset=alt.YOffset("state:N", sort=["open", "closed"]),
            x=alt.X("sum(findings):Q", title="findings (upper bar open, lower bar closed)"),
            color=alt.Color("severity:N", scale=alt.Scale(domain=list(SEVERITY_COLORS),
                                                          range=list(SEVERITY_COLORS.values()))),
            opacity=alt.Opacity("state:N", sort=["open", "closed"], scale=alt.Scale(range=[1.0, 0.3]),
                                title="state"),
            tooltip=["check:N", "severity:N", "state:N", "detail:N", "findings:Q"],
        )
        .properties(height=max(120, 44 * frame["check"].nunique()) if not frame.empty else 120)
    )
    return chart


def progress_chart(progress: ReviewProgress) -> alt.Chart:
    """Segments per review status."""
    frame = pd.DataFrame([{"status": STATUS_LABELS[s], "segments": progress.by_status.get(s, 0)} for s in STATUSES])
    order = [STATUS_LABELS[s] for s in STATUSES]
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("segments:Q"),
            y=alt.Y("status:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color("status:N", sort=order, legend=None, scale=_status_scale()),
            tooltip=["status:N", "segments:Q"],
        )
        .properties(height=40 * len(STATUSES))
    )
    return chart


def reviewer_chart(progress: ReviewProgress) -> alt.Chart:
    """Segments last changed by each reviewer, by status."""
    frame = pd.DataFrame([{"reviewer": r, "status": STATUS_LABELS.get(s, s), "segments": n}
                          for r, s, n in progress.by_reviewer])
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar(size=22)
        .encode(x=alt.X("sum(segments):Q", title="segments last changed"), y=alt.Y("reviewer:N", title=None),
                color=alt.Color("status:N", scale=_status_scale(), legend=alt.Legend(orient="bottom", title=None)),
                tooltip=["reviewer:N", "status:N", "segments:Q"])
        .properties(height=40 + 36 * frame["reviewer"].nunique() if not frame.empty else 80)
    )
    return chart
