#!/usr/bin/env python3
"""Write docs/screenshots/post-editing.png: the Post-editing page on post-edited data (needs /usr/bin/chromium).

The demo document (one MT system) and two documents of MLQE-PE ru-en test20 (another; ``--mlqe`` names its
folder) are post-edited in a copy of the demo database: each segment's corrected text becomes its post-edit,
by three reviewers at fixed, made-up times (seconds per word differ per reviewer), so the bands, the HTER and
the words per hour are those of real post-edits, the times are not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from review_app.review.demo import DEMO_PROJECT
from review_app.review.importer import import_document
from review_app.store import Operator, Store, User
from review_app.store import actions as actions_module
from tests.browser_helpers import (
    CHROMIUM,
    SCREENSHOT_DIR,
    StreamlitServer,
    _fit_height,
    demo_db,
    launch_chromium,
    runs,
    signed_in_page,
    wait_idle,
)

OP = Operator("screenshots")
PASSWORD = "post-editing-shot"
T0 = datetime(2026, 3, 2, 9, 0, 0)


def post_edit(store: Store, document_id: int, people: list[tuple[User, float]], start: float) -> float:
    """Every segment with a reference gets it as its corrected text, then a final status, by ``people`` in turn
    (each with their seconds per MT word); returns the clock's end."""
    now = start
    rows = store.segment_page(document_id, limit=500).rows
    for k, row in enumerate(r for r in rows if r.ref):
        user, pace = people[k % len(people)]
        now += max(4.0, pace * len(row.mt.split()))
        actions_module.utcnow = lambda at=now: T0 + timedelta(seconds=at)  # type: ignore[assignment]
        if row.ref != row.mt:
            store.edit_corrected(row.id, row.ref, actor=user)
            now += 3
            actions_module.utcnow = lambda at=now: T0 + timedelta(seconds=at)  # type: ignore[assignment]
        store.set_status(row.id, "corrected" if row.ref != row.mt else "accepted", actor=user)
    return now + 900  # a break


def build(db: Path, mlqe: Path) -> None:
    store = Store(str(db))
    person = {name: store.add_user(name, role, password=PASSWORD if role == "admin" else None, actor=OP)
              for name, role in (("Maria", "admin"), ("Ann", "reviewer"), ("Bob", "reviewer"), ("Chen", "reviewer"))}
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    mt = (mlqe / "test20.mt").read_text(encoding="utf-8").splitlines()
    pe = (mlqe / "test20.pe").read_text(encoding="utf-8").splitlines()
    src = (mlqe / "test20.src").read_text(encoding="utf-8").splitlines()
    docs = []
    for name, rows in (("wiki-part-1", slice(0, 40)), ("wiki-part-2", slice(40, 80))):
        document = import_document(store, project.id, name=name, mt_text="\n".join(mt[rows]) + "\n",
                                   ref_text="\n".join(pe[rows]) + "\n", src_text="\n".join(src[rows]) + "\n",
                                   system="MLQE-PE NMT", ref_kind="post-edit", segmented=True, actor=OP)
        docs.append(document.id)
    for user in person.values():
        for document in store.documents(project.id) if user.role == "reviewer" else []:
            store.assign(document.id, user.name, actor=OP)
    demo = store.documents(project.id)[0].id
    clock = post_edit(store, demo, [(person["Ann"], 2.2), (person["Bob"], 3.4)], 0)
    clock = post_edit(store, docs[0], [(person["Bob"], 3.0), (person["Chen"], 1.8)], clock)
    post_edit(store, docs[1], [(person["Chen"], 1.6), (person["Ann"], 2.4)], clock)
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mlqe", type=Path, default=Path("/work/shared/corpora/mlqe-pe-ru-en/test20"))
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="review_app_pe_shot_") as folder:
        db = demo_db(Path(folder) / "review.db")
        build(db, args.mlqe)
        with StreamlitServer(db) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = signed_in_page(browser, server.url, "Maria", PASSWORD, path="post-editing",
                                  viewport={"width": 1440, "height": 1000}, device_scale_factor=1)
            before = runs(page)
            page.get_by_text("whole project").click()
            wait_idle(page, after=before)
            page.wait_for_timeout(1500)  # charts render after the script
            _fit_height(page)
            target = SCREENSHOT_DIR / "post-editing.png"
            page.screenshot(path=str(target))
            browser.close()
            print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
