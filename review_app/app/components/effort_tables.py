"""The Post-editing page's tables and download (data in, rows out; nothing drawn here)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

from review_app.app.components.effort_charts import NO_SYSTEM
from review_app.effort import EffortSummary, ReviewerSpeed
from review_app.formats.sheet import sheet_text
from review_app.store.effort import EffortReport

# Download formats: delimiter, file ending, MIME type.
SHEETS: dict[str, tuple[str, str, str]] = {"TSV": ("\t", ".tsv", "text/tab-separated-values"),
                                            "CSV": (",", ".csv", "text/csv")}
SEGMENT_HEADER = ("document", "segment", "system", "status", "MT words", "HTER", "edit rate", "similarity", "band",
                  "accepted as is", "seconds", "src", "mt", "post-edit")


def hours(seconds: float) -> str:
    """Seconds as hours, two decimals."""
    return f"{seconds / 3600:.2f}"


def _share(value: float | None) -> float | None:
    return None if value is None else 100 * value


def summary_row(summary: EffortSummary, speed: ReviewerSpeed | None, timed: bool) -> dict[str, object]:
    """One group's figures as a table row (time columns only when the reader may see time)."""
    row: dict[str, object] = {
        "segments": summary.segments, "MT words": summary.words,
        "HTER mean": summary.hter_mean, "HTER median": summary.hter_median,
        "edit rate mean": summary.edit_rate_mean, "edit rate median": summary.edit_rate_median,
        "accepted as is %": _share(summary.accepted_share),
    }
    if timed:
        row["hours"] = None if speed is None else round(speed.seconds / 3600, 2)
        row["words per hour"] = None if speed is None else speed.words_per_hour
    return row


def group_rows(kind: str, summaries: Mapping[str, EffortSummary], speeds: Mapping[Hashable, ReviewerSpeed],
               timed: bool) -> list[dict[str, object]]:
    """A table's rows: one group per row, named in the ``kind`` column."""
    return [{kind: (name or NO_SYSTEM) if kind == "MT system" else name, **summary_row(s, speeds.get(name), timed)}
            for name, s in summaries.items()]


def band_rows(summary: EffortSummary) -> list[dict[str, object]]:
    """Segments and MT words per band, with their shares."""
    return [{"band": label, "segments": b.segments, "MT words": b.words,
             "% of segments": 100 * b.segments / summary.segments if summary.segments else None,
             "% of words": 100 * b.words / summary.words if summary.words else None}
            for label, b in summary.bands.items()]


def segment_cells(report: EffortReport) -> Iterable[Sequence[object]]:
    """One row per post-edited segment (the download), numbers unrounded."""
    seconds: Sequence[float | None] = report.seconds if report.seconds is not None else [None] * len(report.efforts)
    for edit, effort, time in zip(report.post_edits, report.efforts, seconds, strict=True):
        yield (edit.document, edit.position + 1, edit.system or "", edit.status, effort.words, effort.hter,
               effort.edit_rate, effort.similarity, effort.band, "yes" if effort.unchanged else "no",
               "" if time is None else time, edit.src or "", edit.mt, edit.pe)


def segments_sheet(report: EffortReport, delimiter: str) -> str:
    """The per-segment download through the spreadsheet-safe writer (formulas neutralised)."""
    return sheet_text(SEGMENT_HEADER, segment_cells(report), delimiter)
