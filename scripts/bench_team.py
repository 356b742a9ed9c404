"""The app at team scale: a project of DOCS documents × SEGMENTS segments (real MT/post-edit pairs, a finding
on every fourth segment) with ACCOUNTS accounts, on SQLite and on a throwaway PostgreSQL server.

Measured server-side (AppTest, in this process): every page's first run with the data caches empty (cold) and
its rerun (warm); the segment actions a reviewer waits for (fix, save, status, next), in rounds 0.2 s apart, alone
and while another user opens the whole project's Dashboard (cold: a new figures job; from the click until its
figures are drawn, at most 30 rounds), that user's session in another thread of this process as in the server
(``--other thread``) or in another process; alone and loaded halves interleaved (A, B, A, B …, each alone half as
long as the loaded one before it; medians of each; an action's CPU is its own thread's and its page run's, not
the other session's; in this process the loaded rounds are also split by whether the other session's page ran
during them); importing a 1,000- and a 10,000-segment document of repetitive content through the app's
importer, interleaved. Wall and CPU seconds side by side, the load average printed with every row.

    python scripts/bench_app.py team [--db sqlite,postgresql] [--docs 100] [--segments 1000] [--accounts 20]
                                     [--runs 3] [--action-runs 4] [--other thread|process] [--keep FILE]
                                     [--only pages,actions,import] [--no-import]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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
    "projects": {}, "glossary": {}, "history": {}, "compare": {}, "post_editing": {"effort_scope": "project"},
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


def built(url: str) -> dict[str, Any]:
    """The ids of a project :func:`build` made before."""
    from review_app.store import Store

    store = Store(url)
    project = store.projects()[0]
    ids = {"project": project.id, "documents": [d.id for d in store.documents(project.id)]}
    store.close()
    return ids


def _quiet() -> None:
    """Streamlit's warnings about running without a server (AppTest), once per run, go."""
    from streamlit import logger

    logger.set_log_level("error")
    logging.getLogger("streamlit").setLevel(logging.ERROR)


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
        cold, warm, ready, drawn, drawn_again = [], [], [], [], []
        for _ in range(runs):
            _clear_caches()
            at = _app(view, lead, state)
            cold.append(_timed(at.run))
            if at.exception:
                print(f"{view}: {at.exception[0].value}", file=sys.stderr)
            warm.append(_timed(at.run))
            if label == "dashboard":  # the figures, made by the background worker: how long until they show
                from review_app.app.components import dashboard_data

                ready.append(_timed(dashboard_data.wait))
                drawn.append(_timed(at.run))  # the run that draws them
                drawn_again.append(_timed(at.run))
                dashboard_data._slots.clear()  # the next run cold again
        _row(f"page {label} (cold)", str(runs), _median(cold))
        _row(f"page {label} (rerun)", str(runs), _median(warm))
        if ready:
            _row("dashboard figures ready (worker process, after the cold run)", "", _median(ready),
                 "CPU is the worker's, not counted here")
            _row("page dashboard (the run drawing the figures)", "", _median(drawn))
            _row("page dashboard (rerun with the figures)", "", _median(drawn_again))


# --- segment actions, alone and while another session opens the Dashboard -----------------------------------

_SCRIPT_CPU: dict[str, float] = {}  # CPU seconds of the AppTest script threads, by page
_SCRIPT_CPU_LOCK = threading.Lock()


def _count_script_cpu() -> None:
    """Count each AppTest run's CPU by page: a page runs in a script thread of its own, and with another session
    in this process the process's CPU time is not the action's."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread
    if getattr(original, "counted", False):
        return

    def counted(self: Any) -> None:
        start = time.thread_time()
        try:
            original(self)
        finally:
            with _SCRIPT_CPU_LOCK:
                page = Path(self.script_path).stem
                _SCRIPT_CPU[page] = _SCRIPT_CPU.get(page, 0.0) + time.thread_time() - start

    counted.counted = True  # type: ignore[attr-defined]
    LocalScriptRunner._run_script_thread = counted  # type: ignore[method-assign]


def _two_sessions_at_once() -> None:
    """AppTest sets Streamlit's Runtime singleton to a stand-in and the ``global.appTest`` option for each run and
    undoes both after the run: with two sessions' runs at once (the other session's thread), one run's end would
    undo them under the other. The option stays set, and the last Runtime set stays."""
    from contextlib import nullcontext

    from streamlit import config
    from streamlit.runtime.runtime import Runtime
    from streamlit.testing.v1 import app_test, local_script_runner

    config.set_option("global.appTest", True)
    app_test.patch_config_options = lambda options: nullcontext()  # type: ignore[assignment]
    # A server compiles each page once (its script cache); AppTest compiles it on every run, in this process.
    shared = app_test.ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared  # type: ignore[assignment,misc]

    last: list[Any] = []

    def instance(cls: type[Runtime]) -> Runtime:
        if cls._instance is not None:
            last[:] = [cls._instance]
        if not last:
            raise RuntimeError("Runtime hasn't been created!")
        return last[0]  # type: ignore[no-any-return]

    Runtime.instance = classmethod(instance)  # type: ignore[method-assign,assignment]
    Runtime.exists = classmethod(lambda cls: cls._instance is not None or bool(last))  # type: ignore[method-assign,assignment]


def _timed_action(call: Callable[[], object], page: str = "") -> Timing:
    """Wall time, and the CPU time of this thread plus that of ``page``'s script runs meanwhile."""
    def cpu() -> float:
        with _SCRIPT_CPU_LOCK:
            return time.thread_time() + _SCRIPT_CPU.get(page, 0.0)

    wall, before = time.perf_counter(), cpu()
    call()
    return Timing(time.perf_counter() - wall, cpu() - before)


def _figures_running() -> bool:
    """Whether this process's Dashboard figures worker has a job running."""
    from review_app.app.components import dashboard_data

    with dashboard_data._lock:
        return any(slot.running is not None and not slot.running.done() for slot in dashboard_data._slots.values())


@dataclass
class PageRuns:
    """What the other session's page is doing: its runs so far, and whether one is running now."""

    started: int = 0
    running: bool = False

    def run(self, at: Any) -> Timing:
        self.started += 1
        self.running = True
        try:
            return _timed(at.run)
        finally:
            self.running = False


def open_dashboard(at: Any, runs: PageRuns, say: Callable[[str], None]) -> None:
    """Another user opens the whole project's Dashboard once: cold (caches emptied, so a new figures job), rerun
    every 2 s while its figures are made (as its progress fragment does), and the run that draws them."""
    from review_app.app.components import dashboard_data

    _clear_caches()
    dashboard_data._slots.clear()
    say(f"  (other session: project Dashboard opened in {runs.run(at).wall:.2f} s)")
    deadline = time.monotonic() + 2.0
    while _figures_running():
        if time.monotonic() >= deadline:
            runs.run(at)
            deadline = time.monotonic() + 2.0
        time.sleep(0.05)
    dashboard_data.wait()
    runs.run(at)  # draws the figures
    if at.exception:
        say(f"  (other session: {at.exception[0].value})")


def _dashboard_session(url: str) -> Any:
    # One session (one AppTest: a new one would discover Streamlit's components again on its first run, which no
    # server does when a page opens), opening the Dashboard again and again.
    return _app("dashboard", _user(url, "lead"), PAGES["dashboard"])


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class OtherSession:
    """Another user's session in this process (as in the server, which runs every session's page in a thread of
    its own)."""

    def __init__(self, url: str) -> None:
        self.at, self.runs = _dashboard_session(url), PageRuns()
        self.at.run()  # compiled here: Python 3.11's compiler is not safe to run in two threads at once
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """It opens the Dashboard (once, in its own thread)."""
        self.thread = threading.Thread(target=open_dashboard, args=(self.at, self.runs, _say), name="other session")
        self.thread.start()

    def opened(self) -> bool:
        """Whether the Dashboard is open with its figures drawn."""
        return self.thread is None or not self.thread.is_alive()

    def close(self) -> None:
        if self.thread is not None:
            self.thread.join()


class OtherProcess:
    """Another user in another process (another server): opens the Dashboard each time a flag file appears."""

    def __init__(self, url: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bench_team_"))
        self.flag, ready = self.folder / "go", self.folder / "ready"
        self.runs = PageRuns()  # not seen from here
        self.process = subprocess.Popen([sys.executable, str(REPO / "scripts" / "bench_app.py"), "dashboard-loop", url,
                                         str(self.flag), str(ready)], cwd=REPO)
        while not ready.exists():
            if self.process.poll() is not None:
                raise SystemExit("bench_team: the Dashboard process ended")
            time.sleep(0.05)

    def start(self) -> None:
        self.flag.with_name("opened").unlink(missing_ok=True)
        self.flag.touch()

    def opened(self) -> bool:
        if not self.flag.with_name("opened").exists():
            return False
        self.flag.unlink(missing_ok=True)
        return True

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def dashboard_loop(url: str, flag: str, ready: str) -> None:
    """The other process: opens the Dashboard as :func:`open_dashboard` does each time ``flag`` appears."""
    _quiet()
    os.environ["REVIEW_APP_DB"] = url
    at, runs = _dashboard_session(url), PageRuns()
    at.run()  # imports and the store paid before the measurements
    Path(ready).touch()
    while True:
        if not Path(flag).exists():
            time.sleep(0.02)
            continue
        open_dashboard(at, runs, _say)
        Path(flag).with_name("opened").touch()
        while Path(flag).exists():
            time.sleep(0.02)


@dataclass
class Halves:
    """The rounds' timings: alone; loaded, with whether the other session's page ran during the round."""

    alone: dict[str, list[Timing]] = field(default_factory=dict)
    loaded: dict[str, list[Timing]] = field(default_factory=dict)
    page_ran: list[bool] = field(default_factory=list)


def actions(url: str, runs: int, document_id: int, other: str, most: int = 30, pause: float = 0.2) -> None:
    """fix, save, status and next of reviewer r01 on their document, in rounds ``pause`` s apart: alone, then while
    another user opens the whole project's Dashboard (from the click until its figures are drawn, at most ``most``
    rounds), in this process or another; the halves interleaved ``runs`` times, each alone half as long as the
    loaded one before it; medians of each."""
    from review_app.store import Store

    _count_script_cpu()
    if other == "thread":
        _two_sessions_at_once()
    store = Store(url)
    reviewer = _user(url, "r01")
    rows = store.segment_page(document_id, limit=1000).rows
    # Segments nobody touched yet (a database kept from an earlier run has some that were)
    untouched = [r for r in rows if r.corrected == r.mt and r.status == "todo"]
    with_finding = iter([r for r in untouched if r.open_findings])
    plain = iter([r for r in untouched if not r.open_findings])
    warm = next(plain)
    store.edit_corrected(warm.id, warm.mt + " (warm-up)", actor=reviewer)  # the document's checks built
    at = _app("review", reviewer, {"document_id": document_id, "project_id": store.document(document_id).project_id})
    at.run()
    if at.exception:
        raise SystemExit(f"bench_team: the Review page failed: {at.exception[0].value}")

    def one_round(into: dict[str, list[Timing]]) -> None:
        finding = store.segment_detail(next(with_finding).id).findings[0]
        edited, accepted = next(plain), next(plain)
        out = {"fix": _timed_action(lambda: store.apply_fix(finding.id, actor=reviewer)),
               "save": _timed_action(lambda: store.edit_corrected(edited.id, edited.mt + " (edited)", actor=reviewer)),
               "status": _timed_action(lambda: store.set_status(accepted.id, "accepted", actor=reviewer)),
               "next": _timed_action(lambda: at.button(key="next_segment").click().run(), "review")}
        if at.exception:
            print(f"review: {at.exception[0].value}", file=sys.stderr)
        for name, timing in out.items():
            into.setdefault(name, []).append(timing)
        time.sleep(pause)  # rounds spread over the loaded half; the same pause alone

    halves = Halves()
    session: OtherSession | OtherProcess = OtherSession(url) if other == "thread" else OtherProcess(url)
    loads = [os.getloadavg()[0]]
    length = 3
    try:
        for _ in range(runs):  # interleaved halves: alone, loaded, alone, loaded …
            for _ in range(length):
                one_round(halves.alone)
            session.start()
            length = 0
            while length < 3 or (length < most and not session.opened()):
                before = (session.runs.started, session.runs.running)
                one_round(halves.loaded)
                halves.page_ran.append(before[1] or session.runs.running or session.runs.started != before[0])
                length += 1
            while not session.opened():
                time.sleep(0.05)
            loads.append(os.getloadavg()[0])
    finally:
        session.close()
    _action_rows(halves, other, f"load {min(loads):.1f}–{max(loads):.1f}")
    store.close()


def _action_rows(halves: Halves, other: str, span: str) -> None:
    where = "this process" if other == "thread" else "another process"
    for name, alone in halves.alone.items():
        a, loaded = _median(alone), halves.loaded[name]
        _row(f"action {name} (alone)", str(len(alone)), a, span)
        b = _median(loaded)
        _row(f"action {name} (Dashboard opening in {where})", str(len(loaded)), b,
             f"ratio {b.wall / a.wall:.2f} (CPU {b.cpu / max(a.cpu, 1e-9):.2f}); {span}")
        if other == "thread":
            for ran, what in ((True, "during its page's runs"), (False, "while only its figures were made")):
                part = [t for t, flag in zip(loaded, halves.page_ran, strict=True) if flag == ran]
                if part:
                    c = _median(part)
                    _row(f"action {name} (… {what})", str(len(part)), c,
                         f"ratio {c.wall / a.wall:.2f} (CPU {c.cpu / max(a.cpu, 1e-9):.2f}); {span}")


def contention(url: str, runs: int, document_id: int) -> None:
    """What slows a click, apart: a status change and a save of reviewer r01, alone, while the figures worker
    computes the whole project's figures, and while another thread of this process runs Python (a page run's
    share of the GIL); 3 rounds each, the three interleaved ``runs`` times."""
    from review_app.app.components import dashboard_data
    from review_app.store import Store

    store = Store(url)
    reviewer = _user(url, "r01")
    untouched = iter([r for r in store.segment_page(document_id, limit=1000).rows
                      if r.corrected == r.mt and r.status == "todo" and not r.open_findings])
    project = store.document(document_id).project_id
    ids = tuple(d.id for d in store.documents(project))
    timings: dict[tuple[str, str], list[Timing]] = {}
    stop = threading.Event()

    def python_work() -> None:
        while not stop.is_set():
            sum(i * i for i in range(20_000))

    for run in range(runs):
        for condition in ("alone", "figures worker computing", "Python in another thread"):
            worker = threading.Thread(target=python_work)
            if condition == "Python in another thread":
                stop.clear()
                worker.start()
            if condition == "figures worker computing":
                dashboard_data._slots.clear()
                dashboard_data.background(store.url, ids, 1000, 99.0, -1 - run)
                time.sleep(0.5)  # the worker past its start
            for _ in range(3):
                status, save = next(untouched), next(untouched)
                timings.setdefault(("status", condition), []).append(
                    _timed_action(partial(store.set_status, status.id, "accepted", actor=reviewer)))
                timings.setdefault(("save", condition), []).append(
                    _timed_action(partial(store.edit_corrected, save.id, save.mt + " (edited)", actor=reviewer)))
            stop.set()
            if worker.is_alive():
                worker.join()
            dashboard_data.wait()
    for (action, condition), times in timings.items():
        _row(f"action {action} ({condition})", str(len(times)), _median(times))
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
def database(kind: str, folder: Path, keep: Path | None = None) -> Iterator[str]:
    if kind == "sqlite":
        yield str(keep or folder / "team.db")
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
    parser.add_argument("--action-runs", type=int, default=4, help="alone/loaded pairs of halves")
    parser.add_argument("--other", choices=("thread", "process"), default="thread",
                        help="where the other user's Dashboard runs: this process (as in the server) or another")
    parser.add_argument("--only", default="pages,actions,import",
                        help="parts to run (comma-separated): pages, actions, contention, import")
    parser.add_argument("--keep", type=Path, help="SQLite: this database file, built if missing, kept afterwards "
                        "(to measure again without building again)")
    args = parser.parse_args(argv[1:])
    sys.argv = sys.argv[:1]  # the app reads --db from the command line: the pages must see REVIEW_APP_DB
    _quiet()
    print(f"cores {os.cpu_count()}; {_load()}")
    for kind in args.db.split(","):
        with tempfile.TemporaryDirectory(prefix="bench_team_") as tmp, database(kind, Path(tmp), args.keep) as url:
            os.environ["REVIEW_APP_DB"] = url
            ids = built(url) if kind == "sqlite" and args.keep and args.keep.exists() else \
                build(url, args.docs, args.segments, args.accounts)
            print(f"\n### {kind}: {args.docs} documents × {args.segments} segments, {args.accounts} accounts\n")
            print("| what | n | wall s | CPU s | note |\n|---|---|---|---|---|", flush=True)
            parts = args.only.split(",")
            if "pages" in parts:
                pages(url, args.runs)
            if "actions" in parts:
                actions(url, args.action_runs, ids["documents"][0], args.other)
            if "contention" in parts:
                contention(url, args.action_runs * 2, ids["documents"][19])
            if "import" in parts and not args.no_import:
                imports(url, max(1, args.runs - 1))
    return 0
