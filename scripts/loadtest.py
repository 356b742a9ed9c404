"""Concurrent load on the review store: simulated reviewers racing on the same segments.

    .venv/bin/python scripts/loadtest.py                       # SQLite and PostgreSQL, 20 reviewers, 2,000 actions
    .venv/bin/python scripts/loadtest.py --backends sqlite --actions 400 --no-append

Each simulated reviewer is a thread with its own ``Store`` (its own connection pool, like a separate
app process) and its own account, assigned to the document. It loops: open a segment (read it with
its version, as the review page does), then edit its text, set its status or annotate it with that
version, as fast as it can (no think time), on a small set of hot segments so that races are common.
PostgreSQL runs on a throwaway local cluster (``tests/postgres.py``) unless ``--pg-url`` is given.

Afterwards it checks, from the database alone:
- zero lost updates: every segment's version is 1 + the number of events on it, and each edit's
  ``before`` text is the previous edit's ``after`` text (every write was based on the newest state);
- every conflict was reported: successes + refusals (``ConflictError``) = actions attempted;
- the event log is complete: the event ids the store returned are exactly the segment events stored.
Throughput (actions per second, refusals included) and the p50/p95 latency of an action (the read
plus the write) are printed as a Markdown table and appended to BENCHMARKS.md. Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from review_app.model import AlignedSegment  # noqa: E402
from review_app.pipeline import add_sentence_scores  # noqa: E402
from review_app.store import ConflictError, Operator, Store, User  # noqa: E402

SETUP = Operator("loadtest setup")


@dataclass
class Tally:
    """One reviewer's outcome: latencies of every action, event ids of the successful ones, refusals."""

    latencies: list[float] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    conflicts: int = 0
    attempted: int = 0
    errors: list[str] = field(default_factory=list)


def _document(store: Store, segments: int) -> int:
    pairs = [(f"Sentence {i} describes a time—tested route along the river.",
              f"Sentence {i} describes a time-tested route on the river.") for i in range(segments)]
    aligned = [AlignedSegment(mt=m, ref=r, src=None, mt_ids=[i], ref_ids=[i]) for i, (m, r) in enumerate(pairs)]
    add_sentence_scores(aligned)
    project = store.create_project("Load", "ru", "en", actor=SETUP)
    return store.add_document(project.id, "load", aligned, actor=SETUP).id


def _reviewer(url: str, user: User, segment_ids: list[int], actions: int, seed: int, tally: Tally,
              start: threading.Barrier) -> None:
    store = Store(url)
    rng = random.Random(seed)
    start.wait()
    try:
        for k in range(actions):
            segment_id = rng.choice(segment_ids)
            kind = rng.choices(("edit", "status", "annotate"), weights=(6, 3, 1))[0]
            began = time.perf_counter()
            tally.attempted += 1
            try:
                version = store.segment_detail(segment_id).segment.version  # the page the reviewer sees
                if kind == "edit":
                    result = store.edit_corrected(segment_id, f"{user.name} wrote this, take {k}.", actor=user,
                                                  expected_version=version)
                elif kind == "status":
                    result = store.set_status(segment_id, rng.choice(("accepted", "corrected", "needs_work")),
                                              actor=user, expected_version=version)
                else:
                    result = store.add_annotation(segment_id, category="Fluency/Grammar", severity="minor",
                                                  comment=f"note {k}", actor=user, expected_version=version)
                tally.events.append(result.event_id)
            except ConflictError:
                tally.conflicts += 1
            except Exception as exc:  # counted and reported: the check below fails on any
                tally.errors.append(f"{type(exc).__name__}: {exc}")
            tally.latencies.append(time.perf_counter() - began)
    finally:
        store.close()


def _verify(store: Store, document_id: int, tallies: list[Tally]) -> list[str]:
    """Problems found in the database after the run (empty: no lost update, every event stored)."""
    problems: list[str] = []
    returned = sorted(e for t in tallies for e in t.events)
    if len(returned) != len(set(returned)):
        problems.append("an event id was returned twice")
    stored = sorted(e.id for e in store.events(document_id=document_id, limit=10**7) if e.segment_id is not None)
    if stored != returned:
        problems.append(f"{len(returned)} successful actions but {len(stored)} segment events stored")
    attempted = sum(t.attempted for t in tallies)
    if attempted != len(returned) + sum(t.conflicts for t in tallies) + sum(len(t.errors) for t in tallies):
        problems.append("some actions neither succeeded nor were refused")
    for row in store.segment_page(document_id, limit=10**6).rows:
        events = sorted(store.events(segment_id=row.id, limit=10**6), key=lambda e: e.id)
        if row.version != 1 + len(events):
            problems.append(f"segment {row.id}: version {row.version} after {len(events)} events")
        edits = [e for e in events if "corrected" in e.after]
        text = row.mt
        for e in edits:
            if e.before.get("corrected") != text:
                problems.append(f"segment {row.id}: event {e.id} overwrote a text it had not seen")
            text = e.after["corrected"]
        if row.corrected != text:
            problems.append(f"segment {row.id}: stored text is not the last edit's")
    return problems


def run(url: str, label: str, reviewers: int, actions: int, hot: int) -> dict[str, object]:
    """Set up a fresh database at ``url``, run the load, verify; returns the figures."""
    store = Store(url)
    document_id = _document(store, max(hot, 50))
    users = [store.add_user(f"r{i:02d}", "reviewer", password=None, actor=SETUP) for i in range(reviewers)]
    for user in users:
        store.assign(document_id, user.name, actor=SETUP)
    segment_ids = [r.id for r in store.segment_page(document_id, limit=hot).rows]
    tallies = [Tally() for _ in users]
    barrier = threading.Barrier(len(users))
    per = [actions // reviewers + (1 if i < actions % reviewers else 0) for i in range(reviewers)]
    threads = [threading.Thread(target=_reviewer, args=(url, u, segment_ids, n, 1000 + i, t, barrier))
               for i, (u, n, t) in enumerate(zip(users, per, tallies, strict=True))]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=1800)
    seconds = time.perf_counter() - began
    problems = _verify(store, document_id, tallies)
    problems += [e for t in tallies for e in t.errors][:5]
    store.close()
    latencies = sorted(x for t in tallies for x in t.latencies)
    return {
        "backend": label, "reviewers": reviewers, "actions": sum(t.attempted for t in tallies),
        "saved": sum(len(t.events) for t in tallies), "conflicts": sum(t.conflicts for t in tallies),
        "seconds": seconds, "throughput": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the load on each backend, print the table, append it to BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--actions", type=int, default=2000, help="actions in total, over all reviewers")
    parser.add_argument("--hot", type=int, default=40, help="segments the reviewers work on (fewer: more races)")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database (default: a throwaway local cluster)")
    parser.add_argument("--no-append", action="store_true", help="do not append the results to BENCHMARKS.md")
    args = parser.parse_args(argv)
    import tempfile

    results = []
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="review_app_load_") as folder:
                results.append(run(f"sqlite:///{folder}/load.db", "SQLite (WAL, one file)", args.reviewers,
                                   args.actions, args.hot))
        elif backend == "postgresql":
            if args.pg_url:
                results.append(run(args.pg_url, "PostgreSQL", args.reviewers, args.actions, args.hot))
                continue
            from tests.postgres import start_cluster

            cluster = start_cluster()
            if cluster is None:
                print("loadtest: PostgreSQL is not installed; skipped", file=sys.stderr)
                continue
            try:
                url = cluster.create_database("load")
                results.append(run(url, "PostgreSQL 15 (local cluster)", args.reviewers, args.actions, args.hot))
            finally:
                cluster.stop()
        else:
            parser.error(f"unknown backend {backend!r}")
    lines = ["| database | reviewers | actions | saved | conflicts reported | lost updates | actions/s | "
             "p50 ms | p95 ms |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['backend']} | {r['reviewers']} | {r['actions']} | {r['saved']} | {r['conflicts']} | "
                     f"{'0' if not r['problems'] else 'CHECK FAILED'} | {r['throughput']:.0f} | "
                     f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} |")
    table = "\n".join(lines)
    print(table)
    failed = [p for r in results for p in r["problems"]]  # type: ignore[attr-defined]
    for problem in failed:
        print(f"loadtest: {problem}", file=sys.stderr)
    if not args.no_append and results:
        stamp = datetime.date.today().isoformat()
        with (REPO / "BENCHMARKS.md").open("a", encoding="utf-8") as out:
            out.write(f"\n## {stamp} — `scripts/loadtest.py --reviewers {args.reviewers} --actions {args.actions} "
                      f"--hot {args.hot}`\n\n{platform.processor() or platform.machine()}, Python "
                      f"{platform.python_version()}; one thread and one connection pool per reviewer, no think "
                      "time. An action is a read of the segment and a versioned write; a refused write "
                      "(another reviewer saved first) is reported to its reviewer as a conflict.\n\n"
                      f"{table}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
