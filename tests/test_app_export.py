"""The Export page in process (AppTest): download buttons for every format, built from the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def test_a_large_export_is_written_in_the_background_then_handed_over(app_db: Path, monkeypatch: Any) -> None:
    """Above ``export_jobs.LARGE`` segments the page does not build the file in its rerun: "Prepare" starts a
    worker that writes it in chunks (its progress on the page), then the download hands over that file, the
    same bytes as the export built at once; another format (or newer data) asks again."""
    from review_app.app.components import export_jobs

    monkeypatch.setattr(export_jobs, "LARGE", 10)
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    row = store.segment_page(document.id, limit=100).rows[9]
    store.edit_corrected(row.id, "Edited by Ann.", actor=person(store, "Ann"))
    at = app_test("export", app_db)
    assert not at.exception and not at.download_button
    assert [b.label for b in at.button if b.key and b.key.startswith("prepare_")] == [
        "Prepare the corrected corpus (TSV)", "Prepare the QA report (TSV)", "Prepare the QA report (JSONL)"]
    for name, built in (("corpus", store.export_bytes([document.id], "tsv")),
                        ("report_jsonl", store.qa_report_bytes([document.id], "jsonl"))):
        at.button(key=f"prepare_{name}").click().run()
        job = at.session_state[f"export_job_{name}"]
        assert job.thread is not None
        job.thread.join()
        at.run()
        assert not at.exception and job.error is None and job.done == job.total == 48
        assert job.path.read_bytes() == built
        assert f"download_{name}" in [b.key for b in at.download_button]
    at.selectbox(key="export_format").set_value("jsonl").run()
    assert "prepare_corpus" in [b.key for b in at.button]  # another format: prepared afresh
    store.close()


def test_the_qa_report_is_written_row_by_row_as_it_was_built_in_memory(app_db: Path, tmp_path: Path) -> None:
    """The streamed report is byte for byte the report that was built as one string."""
    from review_app.formats.sheet import sheet_text
    from review_app.store.export import REPORT_COLUMNS

    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    row = next(r for r in store.segment_page(document.id, limit=100).rows if "box office" in r.mt)
    store.apply_fix(store.segment_detail(row.id).findings[0].id, actor=person(store, "Ann"))
    rows = list(store.qa_report_rows([document.id]))
    assert len(rows) > 30
    old = {"tsv": sheet_text(REPORT_COLUMNS, ([r[name] for name in REPORT_COLUMNS] for r in rows)).encode(),
           "jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()}
    for fmt, expected in old.items():
        assert store.write_qa_report([document.id], fmt, tmp_path / f"r.{fmt}") == len(rows)
        assert (tmp_path / f"r.{fmt}").read_bytes() == expected
    store.close()


def test_a_large_export_is_streamed_from_the_disk_by_the_apps_route(app_db: Path, monkeypatch: Any) -> None:
    """Served as ``review-app serve`` serves it, the written file is handed over by a link to the app's download
    route, which streams it from the disk: not by Streamlit's download button, which holds the whole file in
    the server's memory. The address serves that file only, until the job goes."""
    import asyncio
    import gc

    import httpx
    from starlette.applications import Starlette

    from review_app.app import web
    from review_app.app.components import export_jobs

    monkeypatch.setattr(export_jobs, "LARGE", 10)
    monkeypatch.setitem(web._SERVED, "routes", True)
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    at = app_test("export", app_db)
    at.button(key="prepare_corpus").click().run()
    job = at.session_state["export_job_corpus"]
    assert job.thread is not None
    job.thread.join()
    at.run()
    assert not at.exception and "download_corpus" not in [b.key for b in at.download_button]
    link = next(b for b in at.get("link_button") if b.key == "download_corpus")
    assert link.proto.url.startswith("/download/")
    app = Starlette(routes=web.routes(lambda: store))

    def get(url: str, site: str = "same-origin") -> httpx.Response:
        async def fetch() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
                return await client.get(url, headers={"sec-fetch-site": site})
        return asyncio.run(fetch())

    response = get(link.proto.url)
    assert response.status_code == 200 and response.content == store.export_bytes([document.id], "tsv")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    assert get(link.proto.url, site="cross-site").status_code == 404
    assert get(link.proto.url[:-3] + "abc").status_code == 404
    at.selectbox(key="export_format").set_value("jsonl").run()
    at.button(key="prepare_corpus").click().run()  # another job replaces the first: its address goes with it
    at.session_state["export_job_corpus"].thread.join()
    del job
    gc.collect()
    assert get(link.proto.url).status_code == 404
    store.close()


def test_the_download_route_streams_the_file_in_chunks(tmp_path: Path) -> None:
    """The route answers with a file response (starlette sends it as it reads it, a chunk at a time), and an
    address stops serving once withdrawn or past its hours."""
    import asyncio

    from starlette.requests import Request
    from starlette.responses import FileResponse

    from review_app.app import web

    path = tmp_path / "big.tsv"
    path.write_bytes(b"x\ty\n" * 100_000)
    address = web.offer_download(path, "big.tsv", "text/tab-separated-values")

    def get(url: str) -> Any:
        scope = {"type": "http", "method": "GET", "path": url, "headers": [], "query_string": b"",
                 "path_params": {"token": url.rpartition("/")[2]}}
        return asyncio.run(web._download(Request(scope)))

    response = get(address)
    assert isinstance(response, FileResponse) and response.chunk_size <= 2**20
    web.withdraw_download(address)
    assert get(address).status_code == 404
    old = web.offer_download(path, "big.tsv", "text/tab-separated-values")
    web._OFFERED[old.rpartition("/")[2]] = web._Offered(path, "big.tsv", "text/plain", until=0.0)
    assert get(old).status_code == 404


def test_without_the_apps_routes_a_file_too_large_for_memory_is_not_handed_over(app_db: Path, monkeypatch: Any
                                                                                 ) -> None:
    """``streamlit run main.py`` has no download route: Streamlit's button would hold the file in the server's
    memory, so a file past ``IN_MEMORY_MB`` is not offered; the page says how to get it."""
    from review_app.app.components import export_jobs

    monkeypatch.setattr(export_jobs, "LARGE", 10)
    monkeypatch.setattr(export_jobs, "IN_MEMORY_MB", 0)
    at = app_test("export", app_db)
    at.button(key="prepare_corpus").click().run()
    at.session_state["export_job_corpus"].thread.join()
    at.run()
    assert not at.exception and "download_corpus" not in [b.key for b in at.download_button]
    assert any("review-app export" in w.value and "review-app serve" in w.value for w in at.warning)
