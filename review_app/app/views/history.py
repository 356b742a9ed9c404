"""History: every metric over recorded ``qa`` runs (``qa --db URL --run-name NAME``), per project and
system, with 95% confidence intervals; the gates' verdict and evidence of each run."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.app.components.compare_charts import history_chart
from review_app.app.components.context import get_store
from review_app.app.components.paging import PAGE_ROWS, pager
from review_app.scoring.registry import METRICS
from review_app.store import RunInfo
from review_app.vocab import NO_VALUE

NO_PROJECT = "(no project)"
CHARTED = 500  # runs on the charts: the newest


def _rows(runs: list[RunInfo], metric: str) -> list[dict[str, object]]:
    rows = []
    for order, run in enumerate(runs):
        entry = run.scores.get(metric)
        if not entry:
            continue
        ci = entry.get("ci_95") or 0.0
        rows.append({"run": run.name, "order": order, "system": run.system, "score": entry["score"],
                     "low": entry["score"] - ci, "high": entry["score"] + ci,
                     "passed": "passed" if run.passed else "failed", "signature": entry.get("signature", "")})
    return rows


def _table(runs: list[RunInfo]) -> pd.DataFrame:
    metrics = [m for m in METRICS if any(m in r.scores for r in runs)]
    rows = []
    for run in runs:
        row: dict[str, object] = {"run": run.name, "system": run.system,
                                  "recorded (UTC)": run.created_at.strftime("%Y-%m-%d %H:%M"),
                                  "segments": run.segments}
        for m in metrics:
            entry = run.scores.get(m)
            row[METRICS[m].label] = None if entry is None else round(entry["score"], 2)
            row[f"{METRICS[m].label} ±95%"] = None if entry is None or entry.get("ci_95") is None \
                else round(entry["ci_95"], 2)
        row["findings"] = run.findings.get("total", 0)
        row["gates"] = "passed" if run.passed else "FAILED"
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    """Draw the page."""
    st.title("Run history")
    store = get_store()
    projects = store.run_projects()
    if not projects:
        st.info("No recorded runs yet. Record one with `review-app qa … --db DATABASE --run-name NAME`; "
                "gate on a regression with `--baseline RUN`.")
        return
    left, right = st.columns(2)
    project = left.selectbox("Project", projects, format_func=lambda p: p or NO_PROJECT, key="history_project")
    systems = store.run_systems(project)
    chosen = right.multiselect("Systems", systems, default=systems, key="history_systems")
    total = store.run_count(project, systems=chosen)
    if not total:
        st.info("Choose at least one system.")
        return
    # The charts show the newest runs: a history of thousands of runs would be unreadable points anyway.
    newest = store.runs(project, systems=chosen, offset=max(total - CHARTED, 0), limit=CHARTED)
    charted = f"the newest {CHARTED} of {total:,} runs" if total > CHARTED else f"{total} run(s)"
    st.caption(f"{charted.capitalize()}. Points are corpus scores; bars are 95% bootstrap confidence intervals; "
               "a cross marks a run whose gates failed.")
    metrics = [m for m in METRICS if any(m in r.scores for r in newest)]
    columns = st.columns(2)
    for i, metric in enumerate(metrics):
        with columns[i % 2]:
            st.altair_chart(history_chart(_rows(newest, metric), chosen, METRICS[metric].display), width="stretch")
    st.subheader("Runs, newest first", anchor=False)
    skipped = pager(total, "history_page", "runs")  # counted from the newest
    start = max(total - skipped - PAGE_ROWS, 0)
    shown = store.runs(project, systems=chosen, offset=start, limit=total - skipped - start)[::-1]
    st.dataframe(_table(shown), hide_index=True, width="stretch", placeholder=NO_VALUE)
    names = [r.name for r in shown]
    picked = st.selectbox("Run details", names, index=0, key="history_run")
    run = next(r for r in shown if r.name == picked)
    gates = run.gates.get("gates", [])
    if gates:
        st.dataframe(pd.DataFrame([{"passed": g["passed"], "gate": g["message"]} for g in gates]),
                     hide_index=True, width="stretch")
    else:
        st.caption("No gates were set for this run.")
    with st.expander("Inputs (SHA-256) and signatures"):
        st.json({"inputs": run.inputs, "signatures": {m: e.get("signature") for m, e in run.scores.items()},
                 "segments_digest": run.segments_digest})


main()
