"""Compare: N systems on the same reference: scores with CIs, paired significance, QA findings,
where they differ (length and word-frequency buckets, n-grams), and the segments that differ most,
each shown side by side with word diffs. Systems are uploaded files or documents in the store."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import streamlit as st

from review_app.app.components.compare_charts import bucket_chart, scores_chart
from review_app.app.components.context import get_store
from review_app.app.components.effort_tables import band_rows, group_rows
from review_app.app.components.safe import md
from review_app.checks import build_checks
from review_app.compare import CompareSettings, Comparison, compare
from review_app.compare.inputs import corpus_from_texts, default_names
from review_app.errors import InputError
from review_app.review.importer import decode_upload
from review_app.scoring.registry import CORPUS_METRICS, METRICS, POST_EDIT_METRICS
from review_app.store import StoreError
from review_app.text.diff import diff_html
from review_app.vocab import NO_VALUE, SERIES_COLORS, SEVERITIES, shown

# Any extension: system outputs are often named by language (out.ru, hyp.en); decoding checks the content.
TEXT_TYPES = None
BOX = "border:1px solid #e5e7eb;border-radius:6px;padding:.5rem .7rem;background:#fff;white-space:pre-wrap;"
RESULT = "compare_result"


def _uploaded() -> tuple[list[str], list[str], str | None, str | None, bool]:
    """Names, system texts, reference, source, segmented, from the upload widgets."""
    systems = st.file_uploader("System outputs (two or more)", type=TEXT_TYPES, accept_multiple_files=True,
                               key="compare_systems")
    left, right = st.columns(2)
    ref = left.file_uploader("Reference", type=TEXT_TYPES, key="compare_ref")
    src = right.file_uploader("Source (optional)", type=TEXT_TYPES, key="compare_src")
    segmented = st.checkbox("Line-parallel files (line i of every file is segment i)", value=True,
                            key="compare_segmented", help="Otherwise each system is aligned to the reference first.")
    files = systems or []
    names = default_names([f.name for f in files]) if len(files) > 1 else [f.name for f in files]
    texts = [decode_upload(f.getvalue(), f"system file {f.name}") for f in files]
    ref_text = decode_upload(ref.getvalue(), f"reference file {ref.name}") if ref else None
    src_text = decode_upload(src.getvalue(), f"source file {src.name}") if src else None
    return names, texts, ref_text, src_text, segmented


def _from_store() -> tuple[list[str], list[str], str | None, str | None, bool]:
    """Names, system texts, reference, source, segmented, from documents of one project."""
    store = get_store()
    projects = store.projects()
    if not projects:
        st.info("No project in the store yet.")
        return [], [], None, None, False
    by_id = {p.id: p for p in projects}
    project_id = st.selectbox("Project", list(by_id), format_func=lambda i: by_id[i].name, key="compare_project")
    documents = store.documents(project_id)
    labels = {d.id: f"{d.system or d.name} ({d.name})" for d in documents}
    chosen = st.multiselect("Documents to compare (same reference)", list(labels), format_func=labels.__getitem__,
                            key="compare_documents")
    texts = [store.document_texts(i) for i in chosen]
    if not texts:
        return [], [], None, None, False
    if len({t.ref for t in texts}) > 1:
        raise InputError("documents", "the chosen documents have different references; compare needs one")
    names = [t.system or t.name for t in texts]
    if len(set(names)) != len(names):
        names = [t.name for t in texts]
    return names, [t.mt for t in texts], texts[0].ref, texts[0].src, all(t.segmented for t in texts)


def _settings(names: list[str]) -> tuple[CompareSettings, str]:
    cols = st.columns(5)
    baseline = cols[0].selectbox("Baseline", names, key="compare_baseline")
    metrics = cols[1].multiselect("Metrics", list(CORPUS_METRICS), default=list(CORPUS_METRICS),
                                  format_func=lambda m: METRICS[m].label, key="compare_metrics")
    n_bootstrap = cols[2].number_input("Bootstrap resamples", 2, 5000, 1000, step=100, key="compare_bootstrap")
    n_ar = cols[3].number_input("Randomization trials (0 = skip)", 0, 20000, 10000, step=1000, key="compare_ar")
    lang = cols[4].text_input("Target language", "en", key="compare_lang")
    post_edit = st.checkbox("The reference is a post-edit of these outputs", key="compare_post_edit",
                            help="Adds HTER and the character edit rate to the metrics and each system's "
                                 "post-editing effort against the post-edit (as `compare --pe`).")
    chosen = list(metrics or CORPUS_METRICS)
    if post_edit:  # the effort is measured from these metrics' statistics
        chosen += [m for m in POST_EDIT_METRICS if m not in chosen]
    settings = CompareSettings(baseline=baseline, metrics=tuple(chosen), post_edit=post_edit,
                               n_bootstrap=int(n_bootstrap), n_ar=int(n_ar), tests=("bs", "ar") if n_ar else ("bs",),
                               checks=build_checks(), lang=lang or None)
    return settings, lang or "en"


def _systems_table(result: Comparison) -> None:
    rows = []
    for name in result.ranking(result.settings.metrics[0]):
        row: dict[str, Any] = {"system": name + (" (baseline)" if name == result.baseline else "")}
        for m in result.settings.metrics:
            score = result.scores[name][m]
            row[METRICS[m].display] = score.score
            row[f"{METRICS[m].label} ±95%"] = score.ci_half_width
            paired = result.paired_row(name, m)
            row[f"{METRICS[m].label} p"] = None if paired is None else paired.p_values.get("bs")
        row["QA findings"] = result.findings[name].total
        row["learned from the reference"] = result.findings[name].learned
        rows.append(row)
    two_places, p_value = st.column_config.NumberColumn(format="%.2f"), st.column_config.NumberColumn(format="%.4f")
    counts = ("system", "QA findings", "learned from the reference")
    config = {c: (p_value if c.endswith(" p") else two_places) for c in rows[0] if c not in counts}
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=config, placeholder=NO_VALUE)
    st.caption("± is the 95% bootstrap CI; p is the paired bootstrap's p-value against the baseline.")


def _effort_tables(result: Comparison) -> None:
    """Each system's post-editing effort against the post-edit, and its segments per similarity band."""
    st.subheader("Post-editing effort against the post-edit", anchor=False)
    rows = group_rows("system", result.effort, {}, timed=False)
    config = {c: st.column_config.NumberColumn(format="%.3f" if c.startswith("HTER") else "%.1f")
              for c in ("HTER mean", "HTER median", "edit rate mean", "edit rate median", "accepted as is %")}
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=config, placeholder=NO_VALUE)
    bands = [{"system": name, **{row["band"]: row["segments"] for row in band_rows(summary)}}
             for name, summary in result.effort.items()]
    st.dataframe(pd.DataFrame(bands), hide_index=True, width="stretch")
    st.caption("HTER (0–1) and the character edit rate (0–100) are weighted by MT words; the second table counts "
               "each system's segments per similarity band to the post-edit.")


def _paired_table(result: Comparison) -> None:
    rows = [{"system": p.system, "metric": METRICS[p.metric].display, "Δ": p.delta,
             "better": p.better, **{f"p ({t})": p.p_values.get(t) for t in result.settings.tests},
             "significant (bs)": p.significant("bs")} for p in result.paired]
    config = {c: st.column_config.NumberColumn(format="%.4f" if c.startswith("p (") else "%+.2f")
              for c in ("Δ", *[f"p ({t})" for t in result.settings.tests])}
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=config, placeholder=NO_VALUE)
    with st.expander("sacrebleu signatures"):
        for m in result.settings.metrics:
            st.code(result.scores[result.baseline][m].signature, language=None)
        first = [p for p in result.paired if p.system == result.paired[0].system] if result.paired else []
        for p in first:
            for test, signature in p.signatures.items():
                st.code(f"{METRICS[p.metric].label} ({test}): {signature}", language=None)


def _findings_table(result: Comparison) -> None:
    rows = []
    for name in result.names:
        for check, severities in result.findings[name].by_check.items():
            rows.append({"system": name, "check": check,
                         **{s: severities.get(s, 0) for s in reversed(SEVERITIES)}})
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption("No findings.")


def _where(result: Comparison) -> None:
    names, metric = result.names, result.settings.metrics[0]
    left, right = st.columns(2)
    with left:
        st.subheader(f"{METRICS[metric].label} by reference length", anchor=False)
        rows = [{"bucket": label, "system": n, METRICS[metric].label: result.lengths.scores[n][metric][b]}
                for b, label in enumerate(result.lengths.labels) for n in names
                if result.lengths.scores[n][metric][b] is not None]
        st.altair_chart(bucket_chart(rows, names, result.lengths.labels, METRICS[metric].label,
                                     "reference length (words)"), width="stretch")
        st.caption("Segments per bucket: " + ", ".join(
            f"{label}: {n}" for label, n in zip(result.lengths.labels, result.lengths.counts, strict=True)))
    with right:
        st.subheader("Word F-measure by frequency", anchor=False)
        words = result.words
        rows = [{"bucket": label, "system": n, "F-measure": words.fmeasure(n)[b]}
                for b, label in enumerate(words.labels) for n in names]
        st.altair_chart(bucket_chart(rows, names, words.labels, "F-measure", "reference word frequency"),
                        width="stretch")
        st.caption(f"Word frequency counted in {md(words.source)}; words matching the reference, "
                   "per frequency bucket.")
    for comparison in result.ngrams:
        st.subheader(f"N-grams: {md(comparison.left)} vs {md(comparison.right)}", anchor=False)
        a, b = st.columns(2)
        for column, rows_, winner in ((a, comparison.left_better, comparison.left),
                                      (b, comparison.right_better, comparison.right)):
            column.caption(f"matched more often by {md(winner)}")
            column.dataframe(pd.DataFrame([{"n-gram": d.ngram, "share": d.score, comparison.left: d.left,
                                            comparison.right: d.right} for d in rows_[:15]]),
                             hide_index=True, width="stretch")


def _segments(result: Comparison) -> None:
    st.subheader(f"Largest segment differences (sentence {METRICS[result.settings.segment_metric].label})",
                 anchor=False)
    diffs = result.differences
    if not diffs:
        st.caption("No segment differs.")
        return
    frame = pd.DataFrame([{"segment": d.index + 1, "system": d.system, "Δ vs baseline": d.delta,
                           "reference": result.corpus.references[0][d.index][:80]} for d in diffs])
    event = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="compare_diffs")
    selected = event.selection.rows if event is not None else []
    index = diffs[selected[0]].index if selected else diffs[0].index
    st.caption("Click a row to open that segment below.")
    view = result.segment(index)
    st.subheader(f"Segment {index + 1} side by side", anchor=False)
    if view.src is not None:
        st.caption("Source")
        st.html(f'<div style="{BOX}">{html.escape(view.src)}</div>')
    for k, ref in enumerate(view.refs):
        st.caption("Reference" + (f" {k + 1}" if len(view.refs) > 1 else ""))
        st.html(f'<div style="{BOX}">{html.escape(ref)}</div>')
    for k, name in enumerate(result.names):
        scores = " · ".join(f"{METRICS[m].label} {shown(v)}" for m, v in view.scores[name].items())
        colour = SERIES_COLORS[k % len(SERIES_COLORS)]
        st.html(f'<div class="compare-system"><span style="display:inline-block;width:.7rem;height:.7rem;'
                f'background:{colour};border-radius:2px"></span> <b>{html.escape(name)}</b> '
                f'<span style="color:#6b7280">{html.escape(scores)}</span></div>'
                f'<div style="{BOX}">{diff_html(view.refs[0], view.outputs[name])}</div>')
    st.caption("Each output as a word diff from the reference: reference words struck through, the system's in green.")


def _show(result: Comparison) -> None:
    st.subheader("Systems", anchor=False)
    st.markdown(f"{result.corpus.size} segments · baseline **{md(result.baseline)}**")
    _systems_table(result)
    rows = [{"metric": METRICS[m].label, "system": n, "score": s.score,
             "low": s.score - (s.ci_half_width or 0), "high": s.score + (s.ci_half_width or 0)}
            for n in result.names for m, s in result.scores[n].items()]
    st.altair_chart(scores_chart(rows, result.names), width="stretch")
    if result.effort:
        _effort_tables(result)
    st.subheader("Paired significance against the baseline", anchor=False)
    _paired_table(result)
    st.subheader("QA findings by check and severity", anchor=False)
    _findings_table(result)
    _where(result)
    _segments(result)


def main() -> None:
    """Draw the page."""
    st.title("Compare systems")
    source = st.radio("Systems from", ["Upload files", "Documents in the store"], horizontal=True,
                      key="compare_source")
    try:
        names, texts, ref, src, segmented = _uploaded() if source == "Upload files" else _from_store()
    except (InputError, StoreError) as exc:
        st.error(md(str(exc)))
        return
    if len(texts) < 2 or ref is None:
        st.info("Choose two or more systems and a reference.")
    else:
        settings, lang = _settings(names)
        if st.button("Compare", type="primary", key="compare_run"):
            try:
                with st.spinner("Scoring with sacrebleu, testing, analysing…"):
                    corpus = corpus_from_texts(names, texts, ref, src, segmented=segmented, lang=lang)
                    st.session_state[RESULT] = compare(corpus, settings)
            except InputError as exc:
                st.error(md(str(exc)))
                st.session_state.pop(RESULT, None)
    result = st.session_state.get(RESULT)
    if result is not None:
        _show(result)


main()
