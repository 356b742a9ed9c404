"""Altair charts of the Post-editing page (data in, chart out; nothing drawn here), in the dashboard's style."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from review_app.effort import BAND_LABELS, EffortSummary
from review_app.vocab import SERIES_COLORS

NO_SYSTEM = "(no system)"


def _colors(count: int) -> list[str]:
    """The compared systems' colours, repeated after ten (as the Compare page's)."""
    return [SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(max(1, count))]


def band_chart(by_system: Mapping[str, EffortSummary]) -> alt.Chart:
    """Segments per edit-distance band, one bar per MT system in each band (100% = accepted as is)."""
    systems = [name or NO_SYSTEM for name in by_system]
    frame = pd.DataFrame([{"band": label, "system": name or NO_SYSTEM, "segments": summary.bands[label].segments,
                           "MT words": summary.bands[label].words}
                          for name, summary in by_system.items() for label in BAND_LABELS])
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("band:O", sort=list(BAND_LABELS), title="similarity of the MT to its post-edit (band)",
                    axis=alt.Axis(labelAngle=0, labelOverlap=False)),
            xOffset=alt.XOffset("system:N", sort=systems),
            y=alt.Y("segments:Q", title="segments"),
            color=alt.Color("system:N", sort=systems, title="MT system",
                            scale=alt.Scale(domain=systems, range=_colors(len(systems)))),
            tooltip=["system:N", "band:O", "segments:Q", "MT words:Q"],
        )
        .properties(height=260)
    )
    return chart


def speed_chart(rows: Sequence[tuple[str, float]]) -> alt.Chart:
    """MT words per hour of active time, one bar per reviewer (``rows``: name, words per hour)."""
    frame = pd.DataFrame([{"reviewer": name, "words per hour": round(value, 1)} for name, value in rows])
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar(color="#2563eb", size=22)
        .encode(
            x=alt.X("words per hour:Q", title="MT words per hour of active time"),
            y=alt.Y("reviewer:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=200)),
            tooltip=["reviewer:N", "words per hour:Q"],
        )
        .properties(height=alt.Step(36))  # a band of 36 px per reviewer
    )
    return chart
