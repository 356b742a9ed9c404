"""Batch QA (``python -m review_app qa``): the whole pipeline over many documents, one report bundle.

>>> from review_app.qa import QaSettings, Thresholds, pair_documents, run_qa   # doctest: +SKIP
>>> summary = run_qa(pair_documents("mt/", "ref/"), QaSettings(lang="ru"), Path("report"), Thresholds())

The bundle (``segments.jsonl``, ``findings.jsonl``, ``summary.json``, ``report.md``, ``report.html``)
is written into a temporary folder next to ``out`` and renamed into place at the end, so it is
complete or absent; bad input anywhere (even a bad byte near the end of a file) leaves nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_app.qa.execute import iter_results
from review_app.qa.inputs import DocumentSource, pair_documents, sample_text
from review_app.qa.report_html import render_html
from review_app.qa.report_md import render_markdown
from review_app.qa.runner import (
    BUNDLE_FILES,
    QaSettings,
    check_output_folder,
    report_folder,
    with_batch_repetition,
    write_chunk,
)
from review_app.qa.summary import SummaryBuilder, Thresholds
from review_app.qa.summary_types import QaSummary

__all__ = [
    "BUNDLE_FILES",
    "DocumentSource",
    "QaSettings",
    "Thresholds",
    "check_output_folder",
    "pair_documents",
    "run_qa",
    "sample_text",
]


def run_qa(
    documents: list[DocumentSource],
    settings: QaSettings,
    out: Path,
    thresholds: Thresholds | None = None,
    inputs: dict[str, Any] | None = None,
    after: Callable[[QaSummary, SummaryBuilder], None] | None = None,
) -> QaSummary:
    """Run the pipeline over ``documents`` and write the bundle to ``out``; returns the summary.

    ``inputs`` (the paths as given, for the record) goes into the summary's settings. ``after`` sees
    the finished summary and the builder (its statistics) before the reports are written; it may add
    gates (a baseline comparison) to the summary.
    """
    thresholds = thresholds or Thresholds()
    settings = with_batch_repetition(documents, settings)
    names = [d.name for d in documents]
    with report_folder(out) as folder:
        builder = SummaryBuilder(documents, settings)
        with (
            open(folder / "segments.jsonl", "w", encoding="utf-8") as segments_out,
            open(folder / "findings.jsonl", "w", encoding="utf-8") as findings_out,
        ):
            for result in iter_results(documents, settings):
                write_chunk(result, names, segments_out, findings_out)
                builder.add(result)
        summary = builder.finish(thresholds, inputs or {})
        if after is not None:
            after(summary, builder)
        (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
        (folder / "report.md").write_text(render_markdown(summary), encoding="utf-8")
        (folder / "report.html").write_text(render_html(summary), encoding="utf-8")
    return summary
