#!/usr/bin/env python3
"""Time the post-editing analytics on a 100-document project (BENCHMARKS.md, "Post-editing analytics").

A copy of the demo database gets 99 more copies of the demo document (three MT systems); every segment with a
reference is marked corrected with the reference as its post-edit, and one recorded action per segment by one
of three reviewers, 20 s apart, is written straight into the tables (the write path is not what is timed).
Then the store's effort report (what the Post-editing page reads, as an admin) and the page itself (AppTest,
first run and a cached rerun) are timed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, update

from review_app.model import AlignedSegment
from review_app.review.demo import DEMO_PROJECT
from review_app.store import Operator, Store
from review_app.store.models import Event, Segment
from tests.browser_helpers import APP, demo_db

OP = Operator("bench")
DOCUMENTS = 100


def build(db: Path) -> None:
    store = Store(str(db))
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    rows = store.segment_page(store.documents(project.id)[0].id, limit=500).rows
    segments = [AlignedSegment(r.mt, r.ref, r.src, [i], [i]) for i, r in enumerate(rows)]
    for k in range(DOCUMENTS - 1):
        store.add_document(project.id, f"copy-{k}", segments, [[] for _ in segments], system=f"system {k % 3}",
                           actor=OP)
    reviewers = [store.add_user(name, "reviewer", password=None, actor=OP) for name in ("ann", "bob", "chen")]
    store.add_user("boss", "admin", password=None, actor=OP)
    with store.engine.begin() as connection:
        connection.execute(update(Segment).where(Segment.ref != "").values(status="corrected", corrected=Segment.ref))
        where = dict(connection.execute(select(Segment.id, Segment.document_id).order_by(Segment.id)).all())
        start = datetime(2026, 3, 2, 9)
        connection.execute(insert(Event), [
            {"at": start + timedelta(seconds=20 * i), "actor": reviewers[i % 3].name, "user_id": reviewers[i % 3].id,
             "kind": "edit", "project_id": project.id, "document_id": document, "segment_id": segment,
             "before": {}, "after": {}}
            for i, (segment, document) in enumerate(where.items())])
    store.close()


def main(argv: list[str] | None = None) -> int:
    """Build the project and print the timings (no options: ``--help`` says what it does)."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="review_app_pe_bench_") as folder:
        db = demo_db(Path(folder) / "review.db")
        build(db)
        store = Store(str(db))
        boss = next(store.user(u.id) for u in store.users() if u.name == "boss")
        assert boss is not None
        ids = [d.id for d in store.documents(store.project_by_name(DEMO_PROJECT).id)]  # type: ignore[union-attr]
        for run in range(3):
            started = time.perf_counter()
            report = store.effort_report(ids, actor=boss)
            print(f"effort_report, run {run + 1}: {len(ids)} documents, {len(report.post_edits)} post-edits: "
                  f"{time.perf_counter() - started:.2f} s")
        os.environ["REVIEW_APP_DB"] = str(db)
        from streamlit.testing.v1 import AppTest

        page = AppTest.from_file(str(APP.parent / "views" / "post_editing.py"), default_timeout=60)
        page.session_state["auth_user"] = boss
        page.run()
        for label in ("first run", "cached rerun"):
            started = time.perf_counter()
            if label == "first run":
                page.radio(key="effort_scope").set_value("project").run()
            else:
                page.run()
            assert not page.exception, page.exception
            print(f"Post-editing page, whole project, {label}: {time.perf_counter() - started:.2f} s")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
