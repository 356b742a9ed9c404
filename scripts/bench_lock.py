"""Lock benchmark (issue 28): other reviewers' saves while "apply all fixes" runs over a large document.

    .venv/bin/python scripts/bench_lock.py --size 8000 [--tree PATH]    # one run, prints one JSON line

Builds a SQLite database of SIZE segments (real MT/reference pairs, each MT with a dash to fix), then
applies the check's fixes as one batch (``plan_check_fixes`` + ``apply_plan``) while two other writers
save a segment outside the batch, one save every 0.1 s: a thread of this process (the app serves every
browser session from threads of one server process) and another process (a second app server, the
CLI). Prints the batch's wall and CPU time, each writer's saves that started while the batch ran with
their wait (asked → saved, wall time) and CPU time, the saves that failed, and the load average.
``--tree``: the source tree review_app is imported from (an older commit's, for the figure before).
``scripts/bench.py --only lock`` runs this, interleaving trees, and appends the table to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PAUSE = 0.1  # between one writer's saves: a reviewer's pace (pacing, not synchronisation)


def _database(path: Path, size: int) -> None:
    """A store with one document of ``size`` segments, each MT with one dash-in-compound finding."""
    from bench import real_pairs, sized

    from review_app.checks.base import Finding
    from review_app.model import AlignedSegment
    from review_app.pipeline import add_sentence_scores
    from review_app.store import Operator, Store

    store = Store(str(path))
    operator = Operator("bench")
    project = store.create_project("Bench", "ru", "en", actor=operator)
    segments = [AlignedSegment(mt=f"{mt} It is a time—tested way.", ref=ref, src=None, mt_ids=[i], ref_ids=[i])
                for i, (mt, ref) in enumerate(sized(real_pairs(), size))]
    add_sentence_scores(segments)
    findings = [[Finding(1, s.mt.rindex("—"), s.mt.rindex("—") + 1, "dash-in-compound", "Fluency/Punctuation",
                         "minor", "dash used as a hyphen", "-")] for s in segments]
    document = store.add_document(project.id, "big", segments, findings, actor=operator)
    # Two segments outside the batch for the writers: their findings are dismissed first.
    for segment_id in store.segment_ids(document.id)[:2]:
        for finding in store.segment_detail(segment_id).findings:
            store.dismiss_finding(finding.id, actor=operator)
    store.close()


def _saves(path: Path, segment_index: int, stop: threading.Event | Path) -> dict[str, Any]:
    """Save segment ``segment_index`` every ``PAUSE`` s until ``stop``; each save's start (epoch), wait, outcome."""
    from review_app.store import Operator, Store

    store = Store(str(path))
    document_id = store.documents(store.projects()[0].id)[0].id
    segment_id = store.segment_ids(document_id)[segment_index]
    operator = Operator(f"writer {segment_index}")
    saves: list[tuple[float, float, str]] = []
    cpu = time.thread_time()
    k = 0
    while not (stop.is_set() if isinstance(stop, threading.Event) else stop.exists()):
        started, clock = time.time(), time.perf_counter()
        try:
            store.edit_corrected(segment_id, f"Save {k} of writer {segment_index}.", actor=operator)
            outcome = "saved"
        except Exception as exc:  # the figure before the fix: "database is locked" after the busy timeout
            outcome = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        saves.append((started, time.perf_counter() - clock, outcome))
        k += 1
        time.sleep(PAUSE)
    store.close()
    return {"saves": saves, "cpu": time.thread_time() - cpu}


def _summary(run: dict[str, Any], start: float, end: float) -> dict[str, Any]:
    """The saves that started while the batch ran: how many, their wait (median, longest), failures, CPU."""
    during = [(wait, outcome) for started, wait, outcome in run["saves"] if start <= started <= end]
    waits = [wait for wait, _ in during] or [0.0]
    failed = sorted({outcome for _, outcome in during if outcome != "saved"})
    return {"saves": len(during), "median_wait": statistics.median(waits), "max_wait": max(waits),
            "failed": sum(outcome != "saved" for _, outcome in during), "errors": failed, "cpu": run["cpu"]}


def measure(size: int, tree: Path) -> dict[str, Any]:
    """One run on a fresh database: the batch, with the two writers saving meanwhile."""
    from review_app.store import Operator, Store

    with tempfile.TemporaryDirectory(prefix="bench-lock-") as folder:
        path, stop = Path(folder) / "lock.db", Path(folder) / "stop"
        _database(path, size)
        store = Store(str(path))
        document_id = store.documents(store.projects()[0].id)[0].id
        plan = store.plan_check_fixes([document_id], "dash-in-compound")
        other = subprocess.Popen([sys.executable, __file__, "--writer", str(path), "--stop", str(stop), "--tree",
                                  str(tree)], stdout=subprocess.PIPE, text=True)
        in_process: dict[str, Any] = {}
        done = threading.Event()
        thread = threading.Thread(target=lambda: in_process.update(_saves(path, 0, done)))
        thread.start()
        time.sleep(1.0)  # both writers are saving before the batch starts (pacing)
        load = os.getloadavg()[0]
        start, clock, cpu = time.time(), time.perf_counter(), time.thread_time()
        result = store.apply_plan(plan, actor=Operator("bench"))
        wall, cpu, end = time.perf_counter() - clock, time.thread_time() - cpu, time.time()
        done.set()
        stop.touch()
        thread.join()
        process = json.loads(other.communicate()[0])
        store.close()
    import review_app

    return {"tree": str(Path(review_app.__file__).parent.parent), "size": size, "segments": len(result.segments),
            "batch_wall": wall, "batch_cpu": cpu,
            "thread": _summary(in_process, start, end), "process": _summary(process, start, end),
            "load_before": load, "load_after": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=8000)
    parser.add_argument("--tree", type=Path, default=REPO, help="source tree to import review_app from")
    parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)  # the other process's database
    parser.add_argument("--stop", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path[:0] = [str(args.tree.resolve()), str(REPO / "scripts")]
    import review_app.store  # noqa: F401  (from the tree, before ``bench`` puts this repository first on the path)
    if args.writer is not None:
        print(json.dumps(_saves(args.writer, 1, args.stop)))
        return
    print(json.dumps(measure(args.size, args.tree.resolve())))


if __name__ == "__main__":
    main()
