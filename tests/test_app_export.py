"""The Export page in process (AppTest): download buttons for every format, built from the database."""

from __future__ import annotations

from pathlib import Path

from review_app.review.demo import DEMO_PROJECT
from review_app.store import EXPORT_FORMATS, Store
from tests.browser_helpers import app_test
from tests.people import person


def test_export_page_offers_the_corpus_and_the_report(app_db: Path) -> None:
    at = app_test("export", app_db)
    assert not at.exception and at.title[0].value == "Export"
    labels = [b.label for b in at.download_button]
    assert labels == ["Download the corrected corpus (TSV)", "Download the QA report (TSV)",
                      "Download the QA report (JSONL)"]
    assert at.selectbox(key="export_format").options == [
        "TSV (every field, one row per segment)", "JSON Lines (every field, review provenance included)",
        "TMX 1.4b (target: corrected text)", "XLIFF 2.0 (target: corrected text)",
        "Plain text (corrected text, one segment per line)",
        "MQM TSV (the reviewers' error annotations, Google's WMT layout)"]
    for fmt in EXPORT_FORMATS:
        at.selectbox(key="export_format").set_value(fmt).run()
        assert not at.exception
        assert at.download_button[0].label == f"Download the corrected corpus ({fmt.upper()})"
    assert "0 of 48 segments reviewed" in at.caption[-1].value


def test_the_download_holds_the_review_work(app_db: Path) -> None:
    """The button's data is built on click by ``Store.export_bytes``; check what that gives after a review."""
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    row = next(r for r in store.segment_page(document.id, limit=100).rows if "box office" in r.mt)
    store.apply_fix(store.segment_detail(row.id).findings[0].id, actor=person(store, "Ann"))
    store.set_status(row.id, "corrected", actor=person(store, "Ann"))
    at = app_test("export", app_db)
    assert "1 of 48 segments reviewed" in at.caption[-1].value
    lines = store.export_bytes([document.id], "tsv").decode().splitlines()
    header = lines[0].split("\t")
    fixed = next(line.split("\t") for line in lines if "ticket office" in line)
    assert fixed[header.index("status")] == "corrected" and fixed[header.index("reviewer")] == "Ann"
    assert fixed[header.index("corrected")].endswith("at the ticket office or on the Internet.")
