"""Dashboard: corpus scores with confidence intervals (MT and corrected), segment chrF, findings,
MQM score with pass/fail, and review progress, for one document or the whole project."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.app.components import dashboard_data
from review_app.app.components.charts import chrf_histogram, findings_chart, progress_chart, reviewer_chart
from review_app.app.components.context import db_setting, get_store, page_start
from review_app.app.components.dashboard_data import DashboardData, compute
from review_app.app.components.safe import md
from review_app.app.components.team import reviewer_progress
from review_app.checks import is_learned
from review_app.scoring.mqm import DEFAULT_THRESHOLD
from review_app.scoring.registry import METRICS
from review_app.store import CorpusReport, Store
from review_app.vocab import FINDING_STATE_LABELS, FINDING_STATES, GOOGLE_WMT, NO_VALUE


@st.cache_data(show_spinner="Summing the stored statistics (bootstrap confidence intervals)…", max_entries=64)
def figures(url: str, document_ids: tuple[int, ...], n_bootstrap: int, threshold: float, project_version: int
            ) -> DashboardData:
    """A small scope's figures, cached per database, documents, options and the project's data version (only the
    project's own events invalidate them)."""
    return compute(get_store(), list(document_ids), n_bootstrap, threshold, project_version)  # the process's one store


def _figures(url: str, ids: tuple[int, ...], segments: int, n_bootstrap: int, threshold: float, version: int
             ) -> DashboardData | None:
    """The figures to draw: computed here for a small scope; for a large one the newest made in the background
    (None before the first), with a note while newer ones are made."""
    if segments <= dashboard_data.LARGE:
        return figures(url, ids, n_bootstrap, threshold, version)
    state = dashboard_data.background(url, ids, n_bootstrap, threshold, version)
    if state.error:
        st.error(md(state.error))
    if state.updating:
        _updating(url, ids, n_bootstrap, threshold, version, state.data)
    return state.data


@st.fragment(run_every=2.0)
def _updating(url: str, ids: tuple[int, ...], n_bootstrap: int, threshold: float, version: int,
              shown: DashboardData | None) -> None:
    """While the figures are made outside the page: say so, and redraw the page once they are ready."""
    state = dashboard_data.background(url, ids, n_bootstrap, threshold, version)
    if not state.updating:
        st.rerun(scope="app")
    behind = "" if shown is None else " (the figures below are from before the newest changes)"
    st.info(f"Computing the figures of {len(ids)} documents from the stored statistics in the background"
            f"{behind}; they appear here when ready.", icon=":material/hourglass_top:")


def _scores_table(report: CorpusReport) -> None:
    rows = []
    for name, spec in METRICS.items():
        label = spec.display
        mt, corrected = report.mt.get(name), report.corrected.get(name)
        if mt is None or corrected is None:
            continue
        rows.append({
            "metric": label,
            "MT": mt.score, "MT ±95%": mt.ci_half_width,
            "corrected": corrected.score, "corrected ±95%": corrected.ci_half_width,
            "Δ": corrected.score - mt.score,
        })
    number = st.column_config.NumberColumn(format="%.2f")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", placeholder=NO_VALUE,
                 column_config={c: number for c in ("MT", "MT ±95%", "corrected", "corrected ±95%", "Δ")})
    with st.expander("sacrebleu signatures"):
        for name in METRICS:
            if name in report.mt:
                st.code(report.mt[name].signature, language=None)


def _segments_scored(segments: int, deleted: int) -> str:
    """"47 segments (1 deleted excluded)"."""
    kept = f"{segments} segment{'' if segments == 1 else 's'}"
    return f"{kept} ({deleted} deleted excluded)" if deleted else kept


def main() -> None:
    """Draw the page."""
    started = page_start("Dashboard")
    if started is None:
        return
    store, _, project, document = started
    left, middle, right = st.columns(3)
    scope = left.radio("Scope", ["document", "project"], horizontal=True, key="dash_scope",
                       format_func=lambda s: f"document '{md(document.name)}'" if s == "document" else
                       f"whole project ({project.documents} document{'' if project.documents == 1 else 's'})")
    n_bootstrap = middle.number_input("Bootstrap resamples", 0, 5000, 1000, step=100, key="dash_bootstrap",
                                      help="For the 95% confidence intervals (sacrebleu's paired bootstrap).")
    threshold = right.number_input("MQM pass threshold (quality score)", 0.0, 100.0, DEFAULT_THRESHOLD, step=0.5,
                                   key="dash_threshold", help="Passes when 100 × (1 − penalty / words) reaches it.")
    documents = [document] if scope == "document" else store.documents(project.id)
    ids = [d.id for d in documents]

    st.subheader("Corpus scores: MT and corrected text against the references", anchor=False)
    reads = _figures(db_setting(), tuple(ids), sum(d.segments for d in documents), int(n_bootstrap), float(threshold),
                     store.project_version(project.id))
    if reads is not None:
        _draw(store, ids, reads)


def _draw(store: Store, ids: list[int], reads: DashboardData) -> None:
    """The figures."""
    report = reads.report
    if report.segments:
        _scores_table(report)
    st.caption(f"{_segments_scored(report.segments, report.deleted)}. MT and corrected text are scored over the "
               "same segments: a segment deleted in the correction (page chrome, credits) leaves both. A kept MT "
               "line without a reference counts against BLEU and TER; sacrebleu's chrF leaves such lines out.")

    charts_left, charts_right = st.columns(2)
    with charts_left:
        st.subheader("Segment chrF", anchor=False)
        st.altair_chart(chrf_histogram(reads.chrf), width="stretch")
    with charts_right:
        st.subheader("QA findings by check: open and closed", anchor=False)
        # Every finding, as the Findings page and the QA report count them: a deleted segment's text
        # findings are resolved by the deletion, its others (alignment) stay what they are.
        every = reads.findings
        # Terms learned from the reference are proposals, not QA findings: counted apart below.
        summary = [row for row in every if not is_learned(row[0])]
        learned = sum(row[3] for row in every if is_learned(row[0]))
        if summary:
            st.altair_chart(findings_chart(summary), width="stretch")
            states = dict.fromkeys(FINDING_STATES, 0)
            for _check, _severity, state, count in summary:
                states[state] = states.get(state, 0) + count
            st.caption(" · ".join(f"{FINDING_STATE_LABELS.get(state, state)}: {count}"
                                  for state, count in states.items() if count))
        else:
            st.caption("No findings.")
        if learned:
            st.caption(f"Not among them: {learned} term(s) learned from the reference (reference-term).")

    st.subheader("MQM (reviewers' annotations)", anchor=False)
    mqm_report = reads.mqm
    mqm = mqm_report.summary
    st.caption(f"Over {mqm_report.rated} of {mqm_report.total} segments reviewed for MQM (annotated, or accepted "
               "as is); segments nobody reviewed do not count as error-free, deleted segments do not count.")
    cols = st.columns(5)
    cols[0].metric("Errors", mqm.errors)
    cols[1].metric("Penalty points", f"{mqm.penalty:g}")
    cols[2].metric("Per 1,000 words", f"{mqm.per_1000:.2f}" if mqm_report.has_verdict else NO_VALUE,
                   help=f"over {mqm.words} MT words of the reviewed segments")
    cols[3].metric("Quality score", f"{mqm.quality_score:.2f}" if mqm_report.has_verdict else NO_VALUE)
    cols[4].metric("Verdict", ("PASS" if mqm.passed else "FAIL") if mqm_report.has_verdict else "not reviewed",
                   help=f"threshold {mqm.threshold:g}; {mqm_report.rated} of {mqm_report.total} reviewed")
    if mqm.by_category:
        st.dataframe(pd.DataFrame([{"category": c, "penalty": p} for c, p in sorted(mqm.by_category.items())]),
                     hide_index=True)
    st.caption(f"Weights: Google's WMT MQM ({GOOGLE_WMT.describe()}). Signature: `{mqm.signature()}`")

    st.subheader("Review progress", anchor=False)
    progress = reads.progress
    p_left, p_right = st.columns(2)
    with p_left:
        st.metric("Reviewed", f"{progress.reviewed} of {progress.total}",
                  help="Segments with a status other than 'to review'. Deleted segments are not counted.")
        if progress.deleted:
            st.caption(f"{progress.deleted} segment{'' if progress.deleted == 1 else 's'} deleted in the correction "
                       "(page chrome, credits), left out of the counts.")
        st.altair_chart(progress_chart(progress), width="stretch")
    with p_right:
        if progress.by_reviewer:
            st.altair_chart(reviewer_chart(progress), width="stretch")
            st.caption("Actions: " + ", ".join(f"{md(who)} {n}" for who, n in sorted(progress.actions.items())))
        else:
            st.caption("No reviewer has changed anything yet.")
    st.subheader("Progress per reviewer", anchor=False)
    reviewer_progress(store, ids, "dash_people_page")


main()
