"""The app at team scale: a project of DOCS documents × SEGMENTS segments (real MT/post-edit pairs, a finding
on every fourth segment) with ACCOUNTS accounts, on SQLite and on a throwaway PostgreSQL server.

Measured server-side (AppTest, in this process): every page's first run with the data caches empty (cold) and
its rerun (warm); the segment actions a reviewer waits for (fix, save, status, next) alone and while another
process opens the whole project's Dashboard again and again, alone and loaded runs interleaved (A, B, A, B …,
medians of each); importing a 1,000- and a 10,000-segment document of repetitive content through the app's
importer, interleaved. Wall and CPU seconds side by side, the load average printed with every row.

    python scripts/bench_app.py team [--db sqlite,postgresql] [--docs 100] [--segments 1000] [--accounts 20]
                                     [--runs 3] [--no-import]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
VIEWS = REPO / "review_app" / "app" / "views"
# Page → session state that opens it on the whole project (scope radios) where it has one.
PAGES: dict[str, dict[str, str]] = {
    "dashboard": {"dash_scope": "project"}, "findings": {"findings_scope": "project"},
    "export": {"export_scope": "project"}, "review": {}, "document": {}, "my_work": {}, "team": {},
    "projects": {}, "glossary": {}, "history": {}, "compare": {},
}
# The pages measured: (label, view, session state); the scoped ones on one document as well.
MEASURED: list[tuple[str, str, dict[str, str]]] = [
    *((view, view, state) for view, state in PAGES.items()),
    *((f"{view} (one document)", view, {key: "document"}) for view, state in PAGES.items() for key in state),
]
CHECKS = (("bench-term", "Terminology/Wrong term", "major"), ("bench-style", "Style/Awkward", "minor"),
          ("bench-punct", "Fluency/Punctuation", "minor"))


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


@dataclass
class Timing:
    wall: float
    cpu: float


def _timed(call: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def _median(times: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in times), statistics.median(t.cpu for t in times))


def _row(what: str, size: str, timing: Timing, note: str = "") -> None:
    print(f"| {what} | {size} | {timing.wall:.3f} | {timing.cpu:.3f} | {note}{'; ' if note else ''}{_load()} |",
          flush=True)


# --- the project ---------------------------------------------------------------------------------------------

def build(url: str, docs: int, segments: int, accounts: int) -> dict[str, Any]:
    """The project, its accounts (an admin ``lead``, reviewers ``r01``…, each assigned docs / accounts documents)
    and some review work; returns ids the measurements use."""
    from bench import real_pairs, sized

    from review_app.checks.base import Finding
    from review_app.model import AlignedSegment
    from review_app.pipeline import add_sentence_scores
    from review_app.store import Operator, Store

    op = Operator("bench")
    store = Store(url, create=True)
    lead = store.add_user("lead", "admin", password=None, actor=op)
    reviewers = [store.add_user(f"r{i:02d}", "reviewer", password=None, actor=op) for i in range(1, accounts)]
    project = store.create_project("Team", "ru", "en", actor=op)
    pairs = sized(real_pairs(), docs * segments)
    started = time.perf_counter()
    document_ids = []
    for d in range(docs):
        part = pairs[d * segments : (d + 1) * segments]
        aligned = [AlignedSegment(mt, ref, None, [i], [i]) for i, (mt, ref) in enumerate(part)]
        add_sentence_scores(aligned, statistics=True)  # scores and statistics, as the importer stores them
        findings = []
        for i, segment in enumerate(aligned):
            words = segment.mt.split(" ")
            if i % 4 or not words[0]:
                findings.append([])
                continue
            check, category, severity = CHECKS[(i // 4) % len(CHECKS)]
            findings.append([Finding(1, 0, len(words[0]), check, category, severity, "bench finding",
                                     words[0].upper())])
        document_ids.append(store.add_document(project.id, f"doc{d:03d}", aligned, findings, actor=op).id)
    for k, document_id in enumerate(document_ids):
        store.assign(document_id, reviewers[k % len(reviewers)].name, actor=lead)
    for k, reviewer in enumerate(reviewers):  # some review work by everyone: statuses on their documents
        rows = store.segment_page(document_ids[k % len(document_ids)], limit=20).rows
        for row in rows[10:20]:
            store.set_status(row.id, "accepted", actor=reviewer)
    print(f"built {docs} × {segments} segments, {accounts} accounts in {time.perf_counter() - started:.0f} s; "
          f"{_load()}", flush=True)
    store.close()
    return {"project": project.id, "documents": document_ids}


# --- pages ------------------------------------------------------------------------------------------------

def _user(url: str, name: str) -> Any:
    from review_app.store import Store

    store = Store(url)
    user = next(store.user(u.id) for u in store.users() if u.name == name)
    store.close()
    return user


def _app(view: str, user: Any, state: dict[str, Any]) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(VIEWS / f"{view}.py"), default_timeout=600)
    at.session_state["auth_user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()


def pages(url: str, runs: int) -> None:
    """Every page: cold (data caches empty) and warm (a rerun), medians over ``runs``."""
    lead = _user(url, "lead")
    for label, view, state in MEASURED:
        cold, warm, ready = [], [], []
        for _ in range(runs):
            _clear_caches()
            at = _app(view, lead, state)
            cold.append(_timed(at.run))
            if label == "dashboard":  # the figures, made by the background worker: how long until they show
                from review_app.app.components import dashboard_data

                ready.append(_timed(dashboard_data.wait))
                dashboard_data._slots.clear()  # the next run cold again
            if at.exception:
                print(f"{view}: {at.exception[0].value}", file=sys.stderr)
            warm.append(_timed(at.run))
        _row(f"page {label} (cold)", "", _median(cold))
        _row(f"page {label} (rerun)", "", _median(warm))
        if ready:
            _row("dashboard figures ready (worker process, after the cold run)", "", _median(ready),
                 "CPU is the worker's, not counted here")


# --- segment actions, alone and while another process opens the Dashboard -----------------------------------

@contextmanager
def dashboard_loader(url: str) -> Iterator[Path]:
    """Another process opening the whole project's Dashboard (caches emptied each time) while ``flag`` exists."""
    folder = Path(tempfile.mkdtemp(prefix="bench_team_"))
    flag, ready = folder / "go", folder / "ready"
    process = subprocess.Popen([sys.executable, str(REPO / "scripts" / "bench_app.py"), "dashboard-loop", url,
                                str(flag), str(ready)], cwd=REPO)
    try:
        while not ready.exists():
            if process.poll() is not None:
                raise SystemExit("bench_team: the Dashboard process ended")
            time.sleep(0.05)
        yield flag
    finally:
        process.terminate()
        process.wait(30)


def dashboard_loop(url: str, flag: str, ready: str) -> None:
    """The other process: each time ``flag`` appears, opens the Dashboard on the whole project cold (a new job for
    the figures) and reruns it every 2 s, as its progress fragment does, until ``flag`` goes."""
    from review_app.app.components import dashboard_data

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["REVIEW_APP_DB"] = url
    lead = _user(url, "lead")
    _app("dashboard", lead, {}).run()  # imports and the store paid before the measurements
    Path(ready).touch()
    while True:
        if not Path(flag).exists():
            time.sleep(0.02)
            continue
        _clear_caches()
        dashboard_data._slots.clear()
        at = _app("dashboard", lead, PAGES["dashboard"])
        print(f"  (other process: project Dashboard opened in {_timed(at.run).wall:.2f} s)", file=sys.stderr,
              flush=True)
        while Path(flag).exists():
            time.sleep(2.0)
            at.run()
        dashboard_data.wait()  # its figures done before the next "alone" round
        Path(flag).with_name("done").touch()


def actions(url: str, runs: int, document_id: int) -> None:
    """fix, save, status and next of reviewer r01 on their document: alone and loaded, interleaved."""
    from review_app.store import Store

    store = Store(url)
    reviewer = _user(url, "r01")
    rows = store.segment_page(document_id, limit=1000).rows
    with_finding = [r for r in rows if r.open_findings]
    plain = [r for r in rows if not r.open_findings]
    store.edit_corrected(plain[0].id, plain[0].mt + " (warm-up)", actor=reviewer)  # the document's checks built
    at = _app("review", reviewer, {"document_id": document_id, "project_id": store.document(document_id).project_id})
    at.run()
    counter = iter(range(1, 10**6))

    def one_round() -> dict[str, Timing]:
        k = next(counter)
        finding = store.segment_detail(with_finding[k].id).findings[0]
        out = {"fix": _timed(lambda: store.apply_fix(finding.id, actor=reviewer)),
               "save": _timed(lambda: store.edit_corrected(plain[k].id, plain[k].mt + f" edit {k}", actor=reviewer)),
               "status": _timed(lambda: store.set_status(plain[k + 500].id, "accepted", actor=reviewer)),
               "next": _timed(lambda: at.button(key="next_segment").click().run())}
        if at.exception:
            print(f"review: {at.exception[0].value}", file=sys.stderr)
        return out

    alone: dict[str, list[Timing]] = {}
    loaded: dict[str, list[Timing]] = {}
    with dashboard_loader(url) as flag:
        for _ in range(runs):  # interleaved: alone, loaded, alone, loaded …
            for name, timing in one_round().items():
                alone.setdefault(name, []).append(timing)
            done = flag.with_name("done")
            done.unlink(missing_ok=True)
            flag.touch()
            time.sleep(1.0)  # the other process has opened its Dashboard: its figures are being made
            for _ in range(3):
                for name, timing in one_round().items():
                    loaded.setdefault(name, []).append(timing)
            flag.unlink()
            while not done.exists():  # its figures finished before the next "alone" round
                time.sleep(0.1)
    for name in alone:
        a, b = _median(alone[name]), _median(loaded[name])
        _row(f"action {name} (alone)", "", a)
        _row(f"action {name} (Dashboard opening elsewhere)", "", b, f"ratio {b.wall / a.wall:.2f}")
    store.close()


# --- import linearity -------------------------------------------------------------------------------------

def imports(url: str, runs: int) -> None:
    """A 1,000- and a 10,000-segment document of repetitive content (500 distinct pairs cycled) through the app's
    importer, interleaved."""
    from bench import real_pairs

    from review_app.review.importer import import_document
    from review_app.store import Operator, Store

    store = Store(url)
    op = Operator("bench")
    project = store.create_project(f"Import {time.time_ns()}", "ru", "en", actor=op)
    pairs = real_pairs()[:500]
    texts = {n: ("\n".join(pairs[i % 500][0] for i in range(n)), "\n".join(pairs[i % 500][1] for i in range(n)))
             for n in (1000, 10000)}
    times: dict[int, list[Timing]] = {1000: [], 10000: []}
    def one(name: str, mt: str, ref: str) -> None:
        import_document(store, project.id, name=name, mt_text=mt, ref_text=ref, segmented=True, actor=op)

    for run in range(runs):
        for n, (mt, ref) in texts.items():
            times[n].append(_timed(partial(one, f"r{run}-{n}", mt, ref)))
    small, big = _median(times[1000]), _median(times[10000])
    _row("import 1,000 segments (repetitive)", "1,000", small)
    _row("import 10,000 segments (repetitive)", "10,000", big, f"ratio {big.wall / small.wall:.1f}")
    store.close()


# --- databases --------------------------------------------------------------------------------------------

@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield str(folder / "team.db")
        return
    from tests.postgres import start_cluster

    cluster = start_cluster()
    if cluster is None:
        raise SystemExit("bench_team: PostgreSQL is not installed")
    try:
        yield cluster.create_database("bench")
    finally:
        cluster.stop()


def main(argv: list[str]) -> int:
    if argv[0] == "dashboard-loop":
        dashboard_loop(*argv[1:4])
        return 0
    parser = argparse.ArgumentParser(prog="bench_app.py team")
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--only", default="pages,actions,import", help="parts to run (comma-separated)")
    args = parser.parse_args(argv[1:])
    sys.argv = sys.argv[:1]  # the app reads --db from the command line: the pages must see REVIEW_APP_DB
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print(f"cores {os.cpu_count()}; {_load()}")
    for kind in args.db.split(","):
        with tempfile.TemporaryDirectory(prefix="bench_team_") as tmp, database(kind, Path(tmp)) as url:
            os.environ["REVIEW_APP_DB"] = url
            ids = build(url, args.docs, args.segments, args.accounts)
            print(f"\n### {kind}: {args.docs} documents × {args.segments} segments, {args.accounts} accounts\n")
            print("| what | size | wall s | CPU s | note |\n|---|---|---|---|---|", flush=True)
            parts = args.only.split(",")
            if "pages" in parts:
                pages(url, args.runs)
            if "actions" in parts:
                actions(url, args.runs, ids["documents"][0])
            if "import" in parts and not args.no_import:
                imports(url, max(1, args.runs - 1))
    return 0
