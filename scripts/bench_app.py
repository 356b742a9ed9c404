"""App benchmarks: Review page reruns (AppTest) on a 20,000-segment document against a 200-segment one
(``bench_app``, called by ``scripts/bench.py``), and the app at team scale (``team``: see
:mod:`bench_team` and ``python scripts/bench_app.py team --help``)."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
REVIEW_VIEW = REPO / "review_app" / "app" / "views" / "review.py"


def _database(folder: Path, size: int) -> Path:
    """A store holding one document of ``size`` segments, a tenth of them with a dash finding."""
    from review_app.checks.base import Finding
    from review_app.model import AlignedSegment
    from review_app.store import Operator, Store

    path = folder / f"bench{size}.db"
    store = Store(str(path))
    project = store.create_project("Bench", "ru", "en", actor=Operator("bench"))
    segments = [
        AlignedSegment(mt=f"Sentence {i} describes a time—tested route along the river.",
                       ref=f"Sentence {i} describes a time-tested route on the river.", src=None,
                       mt_ids=[i], ref_ids=[i],
                       scores={"bleu": float(i % 100), "chrf": float((i * 37) % 100), "ter": float(i % 50)})
        for i in range(size)
    ]
    findings = [
        [Finding(1, s.mt.index("—"), s.mt.index("—") + 1, "dash-in-compound", "Fluency/Punctuation", "minor",
                 "dash used as a hyphen", "-")] if i % 10 == 0 else []
        for i, s in enumerate(segments)
    ]
    store.add_document(project.id, f"doc{size}", segments, findings, actor=Operator("bench"))
    store.close()
    return path


def _measure(db: Path, runs: int) -> tuple[float, float]:
    """(median time to open the page, median time of a rerun after clicking Next)."""
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    os.environ["REVIEW_APP_DB"] = str(db)
    opens, reruns = [], []
    for _ in range(runs):
        at = AppTest.from_file(str(REVIEW_VIEW), default_timeout=120)
        at.session_state["reviewer"] = "Bench"
        start = time.perf_counter()
        at.run()
        opens.append(time.perf_counter() - start)
        if at.exception:
            sys.exit(f"bench_app: the Review page failed: {at.exception[0].value}")
        for _ in range(3):
            start = time.perf_counter()
            at.button(key="next_segment").click().run()
            reruns.append(time.perf_counter() - start)
    return statistics.median(opens), statistics.median(reruns)


def bench_app(runs: int) -> list[dict[str, object]]:
    """Open and rerun times of the Review page, 20,000 segments against 200."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        small, big = _database(Path(tmp), 200), _database(Path(tmp), 20_000)
        _measure(small, 1)  # warm-up: imports and Streamlit's first-run costs are paid by neither side
        small_open, small_rerun = _measure(small, runs)
        big_open, big_rerun = _measure(big, runs)
    for kind, base, ours in (("app open", small_open, big_open), ("app rerun", small_rerun, big_rerun)):
        rows.append({"section": kind, "size": 20_000, "baseline_s": base, "ours_s": ours, "ratio": ours / base})
        print(f"{kind}: 200 segments {base:.3f}s, 20,000 segments {ours:.3f}s, ratio {ours / base:.2f}", flush=True)
    return rows


def _long_database(folder: Path, words: int) -> tuple[Path, int, int]:
    """A document with a short segment and one of ``words`` words built from real MT/post-edit pairs,
    its corrected text edited in places and findings spread over it (ids of both segments)."""
    from bench import real_pairs

    from review_app.checks.base import Finding
    from review_app.model import AlignedSegment
    from review_app.store import Operator, Store

    pairs = real_pairs()
    mt_parts, ref_parts, count = [], [], 0
    for mt, ref in pairs:
        if count >= words:
            break
        mt_parts.append(mt)
        ref_parts.append(ref)
        count += len(mt.split())
    long_mt, long_ref = " ".join(mt_parts), " ".join(ref_parts)
    short = AlignedSegment(mt=pairs[0][0], ref=pairs[0][1], src=None, mt_ids=[0], ref_ids=[0])
    long = AlignedSegment(mt=long_mt, ref=long_ref, src=None, mt_ids=[1], ref_ids=[1])
    findings: list[Finding] = []
    for k in range(0, len(long_mt), max(len(long_mt) // 20, 1)):  # 20 findings along the text
        start = long_mt.find(" ", k) + 1
        end = long_mt.find(" ", start)
        if 0 < start < end:
            findings.append(Finding(1, start, end, "bench", "Fluency/Spelling", "minor", "bench finding",
                                    long_mt[start:end].upper()))
    path = folder / "long.db"
    store = Store(str(path))
    project = store.create_project("Bench long", "ru", "en", actor=Operator("bench"))
    document = store.add_document(project.id, "long", [short, long], [[], findings], actor=Operator("bench"))
    rows = store.segment_page(document.id).rows
    store.close()
    # A reviewer's edits all along the text, written directly: rescoring a 3,000-word text (sacrebleu's
    # TER above all) is the cost of a save, not of the page rerun measured here.
    edited = long_mt.replace(" the ", " THE ", 40)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE segments SET corrected = ? WHERE id = ?", (edited, rows[1].id))
    return path, rows[0].id, rows[1].id


def _rerun_time(db: Path, segment_id: int, runs: int) -> float:
    """Median time of a Review page rerun showing ``segment_id``."""
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["REVIEW_APP_DB"] = str(db)
    at = AppTest.from_file(str(REVIEW_VIEW), default_timeout=300)
    at.session_state["reviewer"] = "Bench"
    at.session_state["seg_id"] = segment_id
    at.run()
    if at.exception:
        sys.exit(f"bench_app: the Review page failed: {at.exception[0].value}")
    if at.session_state["seg_id"] != segment_id or not at.text_area(key=f"editor-{segment_id}").value:
        sys.exit("bench_app: the Review page does not show the segment to measure")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_long_segment(runs: int, words: int = 3000) -> list[dict[str, object]]:
    """A Review rerun on a ``words``-word segment (diffs, highlights, 20 fix placements) against a short one."""
    with tempfile.TemporaryDirectory() as tmp:
        db, short_id, long_id = _long_database(Path(tmp), words)
        _rerun_time(db, short_id, 1)  # warm-up
        base, ours = _rerun_time(db, short_id, max(runs, 3)), _rerun_time(db, long_id, max(runs, 3))
    print(f"app rerun, {words:,}-word segment: short {base:.3f}s, long {ours:.3f}s, ratio {ours / base:.2f}",
          flush=True)
    return [{"section": "app rerun, long segment (words)", "size": words, "baseline_s": base, "ours_s": ours,
             "ratio": ours / base}]


def main(argv: list[str]) -> int:
    """``team …`` / ``dashboard-loop …``: :mod:`bench_team`; else the rerun benchmark, ``RUNS`` times."""
    if argv and argv[0] in ("team", "dashboard-loop"):
        sys.path.insert(0, str(REPO / "scripts"))
        from bench_team import main as team_main

        return team_main(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=3, help="runs of each page size (default 3)")
    bench_app(parser.parse_args(argv).runs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
