"""Post-editing: how much the reviewers changed the MT, per document, project, MT system and reviewer.

The numbers are the store's effort report (``store/effort.py``: accepted and corrected segments still in the
text, their HTER, character edit rate and band, time to edit from the event log); this page draws them. Time
per reviewer is private: the store gives an admin everyone's, a reviewer their own, a viewer none.
"""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st

from review_app.app.components.context import db_setting, get_store, page_start, signed_in
from review_app.app.components.effort_charts import band_chart, speed_chart
from review_app.app.components.effort_tables import (
    SHEETS,
    band_rows,
    group_rows,
    hours,
    segments_sheet,
    summary_row,
)
from review_app.app.components.paging import PAGE_ROWS, pager
from review_app.app.components.safe import md
from review_app.effort import IDLE_SECONDS, EffortSummary, ReviewerSpeed, group_speeds
from review_app.store import User
from review_app.store.effort import EffortReport
from review_app.vocab import NO_VALUE


@st.cache_data(show_spinner="Measuring the post-edits…", max_entries=64)
def effort_report(url: str, document_ids: tuple[int, ...], user_id: int, role: str, data_version: int,
                  _actor: User) -> EffortReport:
    """Cached per database, documents, reader (account and role: what they may see) and data version (any
    write invalidates it); ``_actor`` (not hashed) is that account, whose permission the store checks."""
    del url, user_id, role, data_version  # part of the cache key only
    return get_store().effort_report(list(document_ids), actor=_actor)  # the one store of the process


def _table(rows: list[dict[str, object]]) -> None:
    number = st.column_config.NumberColumn(format="%.3f")
    rate = st.column_config.NumberColumn(format="%.1f")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", placeholder=NO_VALUE,
                 column_config={"HTER mean": number, "HTER median": number, "edit rate mean": rate,
                                "edit rate median": rate, "accepted as is %": rate, "words per hour": rate,
                                "% of segments": rate, "% of words": rate,
                                "hours": st.column_config.NumberColumn(format="%.2f")})


def _page(rows: list[dict[str, object]], key: str, noun: str) -> list[dict[str, object]]:
    """One page of a table's rows (the report is computed whole: its summaries need every post-edit)."""
    offset = pager(len(rows), key, noun)
    return rows[offset : offset + PAGE_ROWS]


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-") or "effort"


def _headline(summary: EffortSummary, speed: ReviewerSpeed | None, timed: bool) -> None:
    cols = st.columns(6 if timed else 5)
    cols[0].metric("Post-edited segments", summary.segments, help=f"{summary.words} MT words")
    cols[1].metric("HTER (mean)", NO_VALUE if summary.hter_mean is None else f"{summary.hter_mean:.3f}",
                   help="TER of the MT against its post-edit (0–1), weighted by MT words; median "
                        + (NO_VALUE if summary.hter_median is None else f"{summary.hter_median:.3f}"))
    cols[2].metric("Edit rate (mean)", NO_VALUE if summary.edit_rate_mean is None else f"{summary.edit_rate_mean:.1f}",
                   help="Character edits per 100 characters (Levenshtein), weighted by MT words; median "
                        + (NO_VALUE if summary.edit_rate_median is None else f"{summary.edit_rate_median:.1f}"))
    cols[3].metric("Accepted as is", NO_VALUE if summary.accepted_share is None
                   else f"{100 * summary.accepted_share:.1f}%", help=f"{summary.unchanged} segment(s) left unchanged")
    cols[4].metric("MT words", summary.words)
    if timed:
        cols[5].metric("Words per hour", NO_VALUE if speed is None or speed.words_per_hour is None
                       else f"{speed.words_per_hour:.0f}",
                       help=None if speed is None else f"{speed.words} MT words in {hours(speed.seconds)} h of "
                                                       "active time")


def main() -> None:
    """Draw the page."""
    started = page_start("Post-editing")
    if started is None:
        return
    store, _, project, document = started
    user = signed_in(store)
    scope = st.radio("Scope", ["document", "project"], horizontal=True, key="effort_scope",
                     format_func=lambda s: f"document '{md(document.name)}'" if s == "document" else
                     f"whole project ({project.documents} document{'' if project.documents == 1 else 's'})")
    ids = [document.id] if scope == "document" else [d.id for d in store.documents(project.id)]
    report = effort_report(db_setting(), tuple(ids), user.id, user.role, store.data_version(), user)
    overall = report.overall
    if not overall.segments:
        st.info("No post-edits yet: segments count once they are accepted or corrected (and not deleted).")
        return
    timed = report.seconds is not None
    seconds = report.seconds or [0.0] * len(report.efforts)
    words = [e.words for e in report.efforts]
    total = group_speeds(["all"] * len(words), words, seconds).get("all")
    _headline(overall, total, timed)
    who = "everyone's" if user.role == "admin" else "your own"
    st.caption(
        "Post-edits are segments accepted or corrected and still in the text. HTER and the edit rate compare each "
        "MT with its corrected text; averages are weighted by MT words. "
        + (f"Time is {who}: the gaps between one reviewer's recorded actions, a gap over {IDLE_SECONDS / 60:g} "
           "minutes counting as idle." if timed else "Time to edit is shown to admins and to each reviewer "
                                                     "for their own work."))

    left, right = st.columns(2)
    with left:
        st.subheader("Edit-distance bands", anchor=False)
        _table(band_rows(overall))
    with right:
        st.subheader("Bands per MT system", anchor=False)
        st.altair_chart(band_chart(report.by_system), width="stretch")

    by_document = group_speeds([e.document for e in report.post_edits], words, seconds)
    by_system = group_speeds([e.system or "" for e in report.post_edits], words, seconds)
    st.subheader("Per document", anchor=False)
    rows = group_rows("document", report.by_document, by_document, timed)
    _table(_page(rows, "effort_documents_page", "documents"))
    st.subheader("Per MT system", anchor=False)
    _table(group_rows("MT system", report.by_system, by_system, timed))

    if timed:
        st.subheader("Per reviewer", anchor=False)
        if report.reviewers:
            rows = [{"reviewer": r.name, **summary_row(r.summary, ReviewerSpeed(r.name, r.seconds, r.segments,
                                                                               r.words), True)}
                    for r in report.reviewers]
            _table(_page(rows, "effort_reviewers_page", "reviewers"))
            speeds = [(r.name, r.words_per_hour) for r in report.reviewers if r.words_per_hour is not None]
            if speeds:
                st.altair_chart(speed_chart(speeds), width="stretch")
            st.caption("A reviewer's figures are those of the post-edits they acted on; words per hour count the "
                       "MT words of the segments they spent time on." + (
                           "" if user.role == "admin" else " You see your own figures only."))
        else:
            st.caption("No reviewer actions recorded on these post-edits.")

    st.subheader("Download", anchor=False)
    kind = st.radio("Format", list(SHEETS), horizontal=True, key="effort_sheet")
    delimiter, suffix, mime = SHEETS[kind]
    stem = _slug(project.name if scope == "project" else f"{project.name}-{document.name}")
    st.download_button(f"Download every post-edited segment ({kind})",
                       data=partial(segments_sheet, report, delimiter),  # built on the click, not every run
                       file_name=f"{stem}-post-editing{suffix}", mime=mime, key="effort_download",
                       on_click="ignore", icon=":material/download:")
    st.caption("One row per segment: HTER (0–1), edit rate (0–100), similarity band, time to edit in seconds (when "
               "you may see it), source, MT and post-edit. Cells a spreadsheet would run as formulas are "
               "neutralised.")


main()
