"""Reproducible benchmarks; every timing is a ratio against a baseline measured in the same run.

    .venv/bin/python scripts/bench.py                    # all sections, appends to BENCHMARKS.md
    .venv/bin/python scripts/bench.py --only scoring --sizes 1000,20000 --runs 3 --no-append

Sections:
- scoring: ``qa --segmented`` (scores, findings, report bundle) against a plain loop of sacrebleu
  ``BLEU(effective_order=True)``, ``CHRF()``, ``TER()`` sentence scores plus the three corpus scores,
  on the same real segment pairs (cycled from ../shared/corpora to the wanted size), the two run in
  turn (loop, qa, loop, qa …), wall and CPU seconds with the load; qa's segment and corpus scores are
  compared with the loop's (exact floats);
- alignment: the ``align`` command on a raw document pair (scores included) against the same on a
  document 10x smaller (growth near 10x means linear time), the two run in turn, wall and CPU seconds;
- aligner: ``align`` alone (sentence links, no scores) on a raw document pair against rapidfuzz's
  Indel similarity of each MT sentence with the 17 reference sentences nearest the diagonal (the
  least a similarity-based aligner computes), both in CPU seconds;
- app: a Review page rerun (AppTest) on a 20,000-segment document against a 200-segment one;
- long: a Review page rerun on a 3,000-word segment (word diffs, highlights, fix placement) against
  a rerun on a one-sentence segment (the target: under 0.3 s);
- memory: wall and CPU time and peak RSS of ``qa --segmented`` or ``score --segmented`` on many pairs
  (``scripts/make_pairs.py``; ``/usr/bin/time -v`` for the largest process, the process tree sampled);
- stats: each metric's per-segment statistics through the compiled accelerators against sacrebleu's
  own ``_extract_corpus_statistics`` on the same pairs (CPU time, one process; equal rows checked);
- bounds: peak memory (``/usr/bin/time``), CPU and wall time of ``align --segmented`` and ``score
  --segmented`` at two sizes (runs interleaved), of ``check``/``fix`` on one 1 MB line and of the
  glossary check with 1,000 terms on 2,000 lines; the load average is printed with each row;
- cluster: ``qa --segmented --cluster local:N`` for N = 1 and 2 worker processes, and on 10 pairs
  (the fixed cost: starting the cluster, planning, the report), for the scaling and its extrapolation;
- startup: ``review-app --version``, ``--help`` and ``check`` on a 10-line file against ``python -c pass``,
  runs interleaved, median wall and CPU seconds and the load average; ``--startup-against TREE`` also
  measures another source tree (an older commit's) in the same interleaving;
- lock: how long other reviewers' saves wait while "apply all fixes" writes a batch over a large
  document on SQLite (``scripts/bench_lock.py``: a writer thread of the same process and a writer
  process, one save every 0.1 s each); ``--lock-against TREE`` interleaves each run with the same
  measure on another source tree (an older commit's), the batch's CPU time beside its wall time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora"
sys.path.insert(0, str(REPO))


def real_pairs() -> list[tuple[str, str]]:
    """Real English (MT, reference) segment pairs: MLQE-PE ru-en MT/post-edit, compare-mt TED systems.

    One target language, so that the QA checks see what they would see in a real run.
    """
    pairs: list[tuple[str, str]] = []
    for part in ("test20/test20", "dev/dev"):
        base = SHARED / "mlqe-pe-ru-en" / part
        pairs += zip(_lines(Path(f"{base}.mt")), _lines(Path(f"{base}.pe")), strict=True)
    ted = SHARED / "compare-mt-ted-sk-en"
    for system in ("sys1", "sys2"):
        pairs += zip(_lines(ted / f"ted.{system}.detok.eng"), _lines(ted / "ted.ref.detok.eng"), strict=True)
    if not pairs:
        sys.exit(f"bench: no corpora under {SHARED}")
    return pairs


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def sized(pairs: list[tuple[str, str]], size: int) -> list[tuple[str, str]]:
    """``size`` pairs: the real pairs cycled in a fixed shuffled order."""
    order = list(range(len(pairs)))
    random.Random(1).shuffle(order)
    return [pairs[order[k % len(order)]] for k in range(size)]


def median_time(action: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of ``runs`` calls by ``clock`` (default: wall time)."""
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append(clock() - start)
    return statistics.median(times)


def sacrebleu_loop(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The baseline: sentence BLEU/chrF/TER per pair, then the three corpus scores (returned, to compare)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    bleu, chrf, ter = BLEU(effective_order=True), CHRF(), TER()
    found: dict[str, Any] = {"bleu": [], "chrf": [], "ter": []}
    for hyp, ref in pairs:
        found["bleu"].append(bleu.sentence_score(hyp, [ref]).score)
        found["chrf"].append(chrf.sentence_score(hyp, [ref]).score)
        found["ter"].append(ter.sentence_score(hyp, [ref]).score)
    hyps, refs = [h for h, _ in pairs], [[r for _, r in pairs]]
    found["corpus"] = {"bleu": BLEU().corpus_score(hyps, refs).score, "chrf": CHRF().corpus_score(hyps, refs).score,
                       "ter": TER().corpus_score(hyps, refs).score}
    return found


def run_qa(mt: Path, ref: Path, out: Path, extra: list[str] | None = None,
           tree: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``python -m review_app qa --segmented`` on two files (``tree``'s review_app); fails loudly on a non-zero
    exit."""
    command = [sys.executable, "-m", "review_app", "qa", "--mt", str(mt), "--ref", str(ref), "--segmented",
               "--out", str(out), *(extra or [])]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tree,
                          env={**os.environ, "PYTHONPATH": str(tree)})
    if done.returncode not in (0, 1):
        sys.exit(f"bench: qa failed ({done.returncode}): {done.stderr.strip()}")
    return done


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children waited for (subprocesses, their pools)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, dict[str, Any]]:
    """Each action ``runs`` times, in turn (A, B, A, B …): wall and CPU seconds of every run, their medians,
    the 1-minute load average before each run. The halves of a ratio share whatever load the machine has."""
    found: dict[str, dict[str, Any]] = {name: {"wall": [], "cpu": [], "load": []} for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            load, cpu, wall = os.getloadavg()[0], cpu_seconds(), time.perf_counter()
            action()
            found[name]["wall"].append(time.perf_counter() - wall)
            found[name]["cpu"].append(cpu_seconds() - cpu)
            found[name]["load"].append(load)
            print(f"  {name}: wall {found[name]['wall'][-1]:.2f} s, CPU {found[name]['cpu'][-1]:.2f} s "
                  f"(load {load:.2f})", flush=True)
    for times in found.values():
        times["wall_median"], times["cpu_median"] = statistics.median(times["wall"]), statistics.median(times["cpu"])
    return found


def same_scores(loop: dict[str, Any], out: Path) -> int:
    """Segments whose qa scores (BLEU, chrF, TER) differ from sacrebleu's sentence scores; exits when the
    corpus scores differ. Exact float comparison: qa's numbers are sacrebleu's."""
    differ = 0
    with (out / "segments.jsonl").open(encoding="utf-8") as lines:
        for k, line in enumerate(lines):
            record = json.loads(line)
            differ += any(record[m] != loop[m][k] for m in ("bleu", "chrf", "ter"))
    scores = json.loads((out / "summary.json").read_text(encoding="utf-8"))["overall"]["scores"]
    for metric, value in loop["corpus"].items():
        if scores[metric]["score"] != value:
            sys.exit(f"bench: qa's corpus {metric} {scores[metric]['score']!r} is not sacrebleu's {value!r}")
    return differ


def bench_scoring(sizes: list[int], runs: int, against: Path | None = None) -> list[dict[str, object]]:
    """qa --segmented vs the bare sacrebleu loop on the same pairs, runs interleaved, scores compared;
    ``against``: qa of another source tree too (an older commit's), in the same interleaving, its output
    compared byte for byte with this tree's (the summary's creation time aside)."""
    pairs = real_pairs()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            data = sized(pairs, size)
            mt, ref, out = Path(tmp) / f"mt{size}.txt", Path(tmp) / f"ref{size}.txt", Path(tmp) / f"out{size}"
            mt.write_text("\n".join(h for h, _ in data) + "\n", encoding="utf-8")
            ref.write_text("\n".join(r for _, r in data) + "\n", encoding="utf-8")
            loops: list[dict[str, Any]] = []
            print(f"scoring {size} pairs, {runs} runs of each, interleaved:", flush=True)
            actions: dict[str, Callable[[], object]] = {
                "sacrebleu loop": lambda data=data, loops=loops: loops.append(sacrebleu_loop(data)),
                "qa --segmented": lambda mt=mt, ref=ref, out=out: run_qa(mt, ref, out)}
            if against is not None:
                other = Path(tmp) / f"against{size}"
                actions[f"qa --segmented [{against}]"] = lambda mt=mt, ref=ref, other=other: run_qa(
                    mt, ref, other, tree=against)
            found = interleaved(actions, runs)
            differ = same_scores(loops[-1], out)
            if against is not None:
                _same_bundle(out, Path(tmp) / f"against{size}")
            base, ours = found["sacrebleu loop"], found["qa --segmented"]
            loads = base["load"] + ours["load"]
            row: dict[str, object] = {
                "section": "scoring", "size": size, "baseline_s": base["wall_median"], "ours_s": ours["wall_median"],
                "ratio": ours["wall_median"] / base["wall_median"], "baseline_cpu": base["cpu_median"],
                "ours_cpu": ours["cpu_median"], "cpu_ratio": ours["cpu_median"] / base["cpu_median"],
                "load_min": min(loads), "load_max": max(loads), "runs": runs, "differ": differ}
            if against is not None:
                theirs = found[f"qa --segmented [{against}]"]
                row.update(against=str(against), against_s=theirs["wall_median"], against_cpu=theirs["cpu_median"])
                print(f"scoring {size:>7} pairs: qa of {against}: wall {theirs['wall_median']:.2f}s CPU "
                      f"{theirs['cpu_median']:.2f}s (the same bundle)", flush=True)
            rows.append(row)
            print(f"scoring {size:>7} pairs: sacrebleu loop wall {base['wall_median']:8.2f}s CPU "
                  f"{base['cpu_median']:8.2f}s; qa wall {ours['wall_median']:8.2f}s CPU {ours['cpu_median']:8.2f}s; "
                  f"ratio wall "
                  f"{row['ratio']:.3f}, CPU {row['cpu_ratio']:.3f}; load {min(loads):.1f}-{max(loads):.1f}; "
                  f"{differ} segment(s) scored differently from sacrebleu", flush=True)
    return rows


def _same_bundle(ours: Path, theirs: Path) -> None:
    """Exit unless two qa bundles are equal byte for byte, the creation time in the summary and reports aside."""
    stamp = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    for name in ("segments.jsonl", "findings.jsonl", "summary.json", "report.md", "report.html"):
        if stamp.sub(b"", (ours / name).read_bytes()) != stamp.sub(b"", (theirs / name).read_bytes()):
            sys.exit(f"bench: {name} differs between the two trees' qa")


def bench_stats(size: int, runs: int) -> list[dict[str, object]]:
    """Statistics extraction per metric: compiled accelerator vs sacrebleu (CPU seconds, same rows)."""
    from review_app.scoring.accel import extract_statistics
    from review_app.scoring.stats import make_metric

    data = sized(real_pairs(), size)
    hyps, refs = [h for h, _ in data], [[r for _, r in data]]
    rows = []
    for name in ("bleu", "chrf", "chrf++", "ter"):
        ours_rows = extract_statistics(make_metric(name), hyps, refs)
        if ours_rows != make_metric(name)._extract_corpus_statistics(hyps, refs):
            sys.exit(f"bench: {name} statistics differ from sacrebleu's")
        base = median_cpu(lambda name=name: make_metric(name)._extract_corpus_statistics(hyps, refs), runs)
        ours = median_cpu(lambda name=name: extract_statistics(make_metric(name), hyps, refs), runs)
        rows.append({"section": f"stats {name}", "size": size, "baseline_s": base, "ours_s": ours,
                     "ratio": ours / base})
        print(f"stats {name:7s} {size} pairs: sacrebleu {base:7.3f}s  ours {ours:7.3f}s  ratio {ours / base:.3f}",
              flush=True)
    return rows


def median_cpu(action: Callable[[], object], runs: int) -> float:
    """Median CPU time (this process) of ``runs`` calls: steadier than wall time on a shared machine."""
    return median_time(action, runs, time.process_time)


def bench_cluster(size: int, runs: int) -> list[dict[str, object]]:
    """qa --cluster on 1 and on 2 local worker processes: wall time and the workers' CPU time.

    The bench starts each cluster itself (so its start-up is not timed) and reads every worker's
    CPU time before and after: on a shared machine wall time alone cannot show the scaling, the
    throughput per worker CPU-second can. ``fixed`` is a 10-pair run (CLI start, planning, report).
    """
    from distributed import Client, LocalCluster

    from review_app.qa.cluster_connect import HTTP_ADDRESS

    pairs = real_pairs()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in (10, size):
            data = sized(pairs, n)
            files[n] = (Path(tmp) / f"mt{n}.txt", Path(tmp) / f"ref{n}.txt")
            files[n][0].write_text("\n".join(h for h, _ in data) + "\n", encoding="utf-8")
            files[n][1].write_text("\n".join(r for _, r in data) + "\n", encoding="utf-8")
        found: dict[int, tuple[float, float, float]] = {}
        for workers in (1, 2):
            with (LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=HTTP_ADDRESS) as cluster, Client(cluster) as client):
                extra = ["--lang", "en", "--cluster", cluster.scheduler_address]
                fixed = median_time(lambda extra=extra: run_qa(*files[10], Path(tmp) / "out", extra), runs)
                before = client.run(time.process_time)
                wall = median_time(lambda extra=extra: run_qa(*files[size], Path(tmp) / "out", extra), runs)
                after = client.run(time.process_time)
            cpu = sum(after[w] - before[w] for w in after) / runs
            found[workers] = (wall, cpu, fixed)
            print(f"cluster {workers} worker(s) {size} pairs: {wall:8.2f}s wall, workers' CPU {cpu:8.2f}s "
                  f"({size / cpu:.0f} pairs per worker CPU-second), 10 pairs {fixed:.2f}s", flush=True)
        (wall1, cpu1, fixed1), (wall2, cpu2, _) = found[1], found[2]
        rows.append({"section": "cluster 1→2 workers", "size": size, "baseline_s": wall1, "ours_s": wall2,
                     "ratio": wall2 / wall1, "fixed_s": fixed1, "pairs_per_s_per_worker": size / cpu1,
                     "cpu_1": cpu1, "cpu_2": cpu2})
    return rows


def document_pair(pairs: list[tuple[str, str]], sentences: int) -> tuple[str, str]:
    """A raw MT/reference document pair: paragraphs joined differently, chrome lines on the MT side."""
    rng = random.Random(sentences)
    data = sized(pairs, sentences)
    chrome = ["Advertisement", "Share", "Subscribe to our newsletter", "Read more", "Photo: Agency/Someone"]
    mt_lines, ref_lines, k = [], [], 0
    while k < len(data):
        take = rng.randint(1, 4)
        mt_lines.append(" ".join(h for h, _ in data[k : k + take]))
        if rng.random() < 0.1:
            mt_lines.append(rng.choice(chrome))
        k += take
    k = 0
    while k < len(data):
        take = rng.randint(1, 5)
        ref_lines.append(" ".join(r for _, r in data[k : k + take]))
        k += take
    return "\n".join(mt_lines) + "\n", "\n".join(ref_lines) + "\n"


def write_document_pair(folder: Path, sentences: int) -> tuple[Path, Path]:
    """The bench's raw document pair of ``sentences`` sentence pairs, written as mt/ref files in ``folder``."""
    pairs = [(h, r) for h, r in real_pairs() if h.strip() and r.strip()]
    mt_text, ref_text = document_pair(pairs, sentences)
    mt, ref = folder / f"doc{sentences}.mt.txt", folder / f"doc{sentences}.ref.txt"
    mt.write_text(mt_text, encoding="utf-8")
    ref.write_text(ref_text, encoding="utf-8")
    return mt, ref


def run_align(mt: Path, ref: Path, out: Path) -> None:
    """``python -m review_app align MT REF -o OUT`` (segmentation, alignment, scores); fails loudly."""
    command = [sys.executable, "-m", "review_app", "align", str(mt), str(ref), "--lang", "en", "-o", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        sys.exit(f"bench: align failed ({done.returncode}): {done.stderr.strip()}")


def bench_alignment(sizes: list[int], runs: int) -> list[dict[str, object]]:
    """``align`` (the command: segmentation, alignment, scores, JSONL) of a raw document pair and of one 10x
    smaller, runs interleaved, wall and CPU seconds (the scoring pool's included) and the load."""
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sizes:
            small, big = write_document_pair(folder, size // 10), write_document_pair(folder, size)
            print(f"alignment {size // 10} and {size} sentences, {runs} runs of each, interleaved:", flush=True)
            found = interleaved({f"align {size // 10}": lambda d=small: run_align(*d, folder / "small.jsonl"),
                                 f"align {size}": lambda d=big: run_align(*d, folder / "big.jsonl")}, runs)
            base, ours = found[f"align {size // 10}"], found[f"align {size}"]
            loads = base["load"] + ours["load"]
            row: dict[str, object] = {
                "section": "alignment", "size": size, "baseline_s": base["wall_median"], "ours_s": ours["wall_median"],
                "ratio": ours["wall_median"] / base["wall_median"], "baseline_cpu": base["cpu_median"],
                "ours_cpu": ours["cpu_median"], "cpu_ratio": ours["cpu_median"] / base["cpu_median"],
                "load_min": min(loads), "load_max": max(loads), "runs": runs}
            rows.append(row)
            print(f"alignment {size:>6} sentences: {size // 10} -> wall {base['wall_median']:.2f}s CPU "
                  f"{base['cpu_median']:.2f}s, {size} -> wall {ours['wall_median']:.2f}s CPU {ours['cpu_median']:.2f}s;"
                  f" growth wall {row['ratio']:.1f}x, CPU {row['cpu_ratio']:.1f}x; load {min(loads):.1f}-"
                  f"{max(loads):.1f}", flush=True)
    return rows


def bench_aligner(size: int, runs: int) -> list[dict[str, object]]:
    """align() of a raw document pair vs one Indel pass over its near-diagonal pairs, in CPU seconds
    (all threads; steadier than wall time on a shared machine)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    from review_app.align import align
    from review_app.pipeline import sentences_from_text

    pairs = [(h, r) for h, r in real_pairs() if h.strip() and r.strip()]
    mt, ref = (sentences_from_text(text) for text in document_pair(pairs, size))
    mt_texts, ref_texts = [s.text for s in mt], [s.text for s in ref]
    paragraphs = ([s.line for s in mt], [s.line for s in ref])
    near = [(i, min(len(ref_texts) - 1, i * len(ref_texts) // len(mt_texts) + d)) for i in range(len(mt_texts))
            for d in range(-8, 9)]
    a, b = [mt_texts[i] for i, _ in near], [ref_texts[max(0, j)] for _, j in near]

    def cpu(action: Callable[[], object]) -> float:
        times = []
        for _ in range(runs):
            start = time.process_time()
            action()
            times.append(time.process_time() - start)
        return statistics.median(times)

    base = cpu(lambda: process.cpdist(a, b, scorer=Indel.normalized_similarity, workers=1))
    ours = cpu(lambda: align(mt_texts, ref_texts, paragraphs=paragraphs))
    print(f"aligner {size:>6} sentences: Indel pass {base:6.2f}s, align {ours:6.2f}s CPU, ratio {ours / base:.2f}")
    return [{"section": "aligner (CPU s)", "size": size, "baseline_s": base, "ours_s": ours, "ratio": ours / base}]


def bench_memory(size: int, metrics: str, command: str = "qa", jobs: int = 0,
                 timeout: float = 3600) -> list[dict[str, object]]:
    """Wall and CPU time and peak memory of ``qa --segmented`` or ``score --segmented`` on ``size`` pairs
    (``scripts/make_pairs.py``: the shared corpora's real pairs, reshuffled round after round), run for
    real: the largest process's peak RSS from ``/usr/bin/time -v``, the whole process tree's (main process
    and workers) sampled every half second; the load average before and after; ended after ``timeout``."""
    from make_pairs import write_pairs

    with tempfile.TemporaryDirectory() as tmp:
        mt, ref, _src = write_pairs(Path(tmp) / "pairs", size)
        argv = {"qa": ["qa", "--mt", str(mt), "--ref", str(ref), "--segmented", "--out", str(Path(tmp) / "out"),
                       "--jobs", str(jobs)],
                "score": ["score", str(mt), str(ref), "--segmented", "--json"]}[command]
        argv += ["--metrics", metrics]
        timed = ["/usr/bin/time", "-v", sys.executable, "-m", "review_app", *argv]
        load_before, cpu, start = os.getloadavg(), cpu_seconds(), time.perf_counter()
        process = subprocess.Popen(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO)
        tree_peak, ended = 0, False
        while process.poll() is None:
            # /usr/bin/time reports the largest single process; a worker pool makes a tree.
            tree_peak = max(tree_peak, _tree_rss_kb(tmp))
            if time.perf_counter() - start > timeout:
                process.terminate()  # /usr/bin/time passes it on and reports
                ended = True
            time.sleep(0.5)
        stderr = process.stderr.read() if process.stderr else ""
        elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        load_after = os.getloadavg()
    peak_kb = next((int(line.split(":")[1]) for line in stderr.splitlines()
                    if "Maximum resident set size" in line), -1)
    row: dict[str, object] = {
        "section": "memory", "size": size, "peak_rss_mib": peak_kb / 1024, "tree_rss_mib": tree_peak / 1024,
        "seconds": elapsed, "cpu": cpu, "metrics": metrics,
        "command": f"{command} --segmented --metrics {metrics}" + (f" --jobs {jobs}" if command == "qa" else ""),
        "exit": process.returncode, "timed_out": ended, "load": (load_before[0], load_after[0], load_after[1])}
    print(f"memory {size} pairs ({command}, {metrics}): peak RSS {peak_kb / 1024:.0f} MiB (largest process), "
          f"{tree_peak / 1024:.0f} MiB (all processes); wall {elapsed:.0f} s, CPU {cpu:.0f} s (exit "
          f"{process.returncode}{', ended by the timeout' if ended else ''}); load {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after (5-minute {load_after[1]:.1f})", flush=True)
    return [row]


def _timed(argv: list[str], cwd: Path) -> dict[str, float]:
    """Wall and CPU seconds (user + system) and peak RSS (MiB) of ``python -m review_app ARGV``."""
    command = ["/usr/bin/time", "-f", "@@ %e %U %S %M", sys.executable, "-m", "review_app", *argv]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    wall, user, system, peak = done.stderr.rsplit("@@ ", 1)[1].split()
    return {"wall": float(wall), "cpu": float(user) + float(system), "peak_mib": int(peak) / 1024,
            "exit": done.returncode}


def bench_bounds(sizes: list[int], runs: int) -> list[dict[str, object]]:
    """Issue 28's bounds: peak memory and time of the line-parallel commands at two sizes, of check/fix on
    a long line, and of the glossary check with 1,000 terms; the sizes' runs interleaved, load printed."""
    pairs = real_pairs()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sizes:
            chosen = sized(pairs, size)
            (folder / f"mt{size}.txt").write_text("".join(m + "\n" for m, _ in chosen), encoding="utf-8")
            (folder / f"ref{size}.txt").write_text("".join(r + "\n" for _, r in chosen), encoding="utf-8")
        line = " ".join(m for m, _ in sized(pairs, 12_000))[:1_000_000]
        (folder / "line.txt").write_text(line + "\n", encoding="utf-8")
        rng = random.Random(5)
        words = sorted({w for m, _ in pairs[:3000] for w in m.split() if w.isalpha()})
        terms = list(dict.fromkeys(" ".join(rng.sample(words, rng.choice([1, 2, 3]))) for _ in range(1100)))[:1000]
        (folder / "terms.tsv").write_text("".join(f"{t}\tx{n}\n" for n, t in enumerate(terms)), encoding="utf-8")
        (folder / "doc.txt").write_text("".join(m + "\n" for m, _ in sized(pairs, 2000)), encoding="utf-8")
        commands = {
            "align --segmented": ["align", "mt{n}.txt", "ref{n}.txt", "--segmented", "--jobs", "1", "-o", "a.jsonl"],
            "score --segmented": ["score", "mt{n}.txt", "ref{n}.txt", "--segmented", "--json"],
        }
        for name, argv in commands.items():
            results: dict[int, list[dict[str, float]]] = {n: [] for n in sizes}
            for _ in range(runs):  # interleaved: the sizes share whatever load the machine has
                for n in sizes:
                    results[n].append(_timed([a.format(n=n) for a in argv], folder))
            for n in sizes:
                rows.append(_bounds_row(name, f"{n:,} lines", results[n]))
        singles = {
            "check, one 1 MB line": ["check", "line.txt", "--lang", "en", "--max-line-chars", "0", "-o", "c"],
            "fix, one 1 MB line": ["fix", "line.txt", "--lang", "en", "--max-line-chars", "0", "-o", "f"],
            "check, 1,000 glossary terms": ["check", "doc.txt", "--lang", "en", "--glossary", "terms.tsv",
                                            "--checks", "glossary", "-o", "g"],
        }
        for name, argv in singles.items():
            label = {"check, 1,000 glossary terms": "2,000 lines"}.get(name, "1,000,000 characters")
            rows.append(_bounds_row(name, label, [_timed(argv, folder) for _ in range(runs)]))
    return rows


def _bounds_row(name: str, size: str, results: list[dict[str, float]]) -> dict[str, object]:
    row: dict[str, object] = {"section": "bounds", "command": name, "size": size,
                              "wall": statistics.median(r["wall"] for r in results),
                              "cpu": statistics.median(r["cpu"] for r in results),
                              "peak_mib": max(r["peak_mib"] for r in results),
                              "exit": max(r["exit"] for r in results), "load": os.getloadavg()[0]}
    print(f"bounds {name} ({size}): peak {row['peak_mib']:.0f} MiB, CPU {row['cpu']:.1f} s, wall {row['wall']:.1f} s "
          f"(load {row['load']:.1f}, exit {row['exit']})")
    return row


def _startup_run(argv: list[str], tree: Path, cwd: Path) -> dict[str, float]:
    """Wall and CPU seconds of ``python ARGV`` with ``tree`` first on the path (``-m review_app`` or ``-c pass``)."""
    command = ["/usr/bin/time", "-f", "@@ %e %U %S", sys.executable, *argv]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tree)})
    wall, user, system = done.stderr.rsplit("@@ ", 1)[1].split()
    return {"wall": float(wall), "cpu": float(user) + float(system), "exit": done.returncode}


def bench_startup(runs: int, against: Path | None) -> list[dict[str, object]]:
    """Start-up of the CLI: --version, --help, check on 10 lines; each beside ``python -c pass``, interleaved."""
    trees = {"this tree": REPO, **({f"{against}": against} if against else {})}
    # check's --target-lang: the old name of --lang, which an older tree knows (this one keeps it as an alias).
    commands = {"python -c pass": ["-c", "pass"],
                "review-app --version": ["-m", "review_app", "--version"],
                "review-app --help": ["-m", "review_app", "--help"],
                "review-app check (10 lines)": ["-m", "review_app", "check", "mt.txt", "--target-lang", "en",
                                                "-o", "c"]}
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "mt.txt").write_text("".join(m + "\n" for m, _ in real_pairs()[:10]), encoding="utf-8")
        results: dict[tuple[str, str], list[dict[str, float]]] = {(t, c): [] for t in trees for c in commands}
        for _ in range(runs):  # interleaved: every command and tree shares whatever load the machine has
            for tree_name, tree in trees.items():
                for name, argv in commands.items():
                    results[tree_name, name].append(_startup_run(argv, tree, folder))
        load = os.getloadavg()[0]
        for tree_name in trees:
            base_wall = statistics.median(r["wall"] for r in results[tree_name, "python -c pass"])
            base_cpu = statistics.median(r["cpu"] for r in results[tree_name, "python -c pass"])
            for name in commands:
                done = results[tree_name, name]
                row: dict[str, object] = {"section": "startup", "tree": tree_name, "command": name,
                                          "wall": statistics.median(r["wall"] for r in done),
                                          "cpu": statistics.median(r["cpu"] for r in done),
                                          "base_wall": base_wall, "base_cpu": base_cpu, "load": load,
                                          "exit": max(r["exit"] for r in done)}
                rows.append(row)
                print(f"startup [{tree_name}] {name}: wall {row['wall']:.2f} s, CPU {row['cpu']:.2f} s "
                      f"(python -c pass: wall {base_wall:.2f}, CPU {base_cpu:.2f}; load {load:.1f}, "
                      f"exit {row['exit']})")
    return rows


def _tree_rss_kb(marker: str) -> int:
    """Summed RSS (kB) of the processes whose command line contains ``marker``."""
    total = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (proc / "cmdline").read_text(errors="replace") and "time" not in (proc / "comm").read_text():
                total += int((proc / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


def bench_lock(size: int, runs: int, against: Path | None) -> list[dict[str, object]]:
    """Other writers' waits during a large batch, run by run, interleaved with ``against`` when given."""
    rows: list[dict[str, object]] = []
    for _run in range(runs):
        for tree in ([against] if against else []) + [REPO]:
            done = subprocess.run([sys.executable, str(REPO / "scripts" / "bench_lock.py"), "--size", str(size),
                                   "--tree", str(tree)], capture_output=True, text=True, check=False, cwd=REPO)
            if done.returncode != 0:
                sys.exit(f"bench: lock run failed on {tree}: {done.stderr.strip()[-2000:]}")
            row = json.loads(done.stdout.strip().splitlines()[-1])
            row["section"] = "lock"
            rows.append(row)
            print(f"lock {tree}: batch {row['batch_wall']:.1f}s wall {row['batch_cpu']:.1f}s CPU; longest wait: "
                  f"thread {row['thread']['max_wait']:.2f}s, process {row['process']['max_wait']:.2f}s "
                  f"({row['process']['failed']} failed); load {row['load_before']:.2f}", flush=True)
    return rows


def _lock_line(row: dict[str, Any]) -> str:
    """One table row of the lock section."""
    def waits(writer: dict[str, Any]) -> str:
        failed = f", {writer['failed']} failed ({'; '.join(writer['errors'])})" if writer["failed"] else ""
        return (f"{writer['saves']} saves, wait median {writer['median_wait']:.2f} s, longest "
                f"{writer['max_wait']:.2f} s{failed}")

    return (f"| lock `{Path(row['tree']).name}` | {row['size']:,} segments | {row['batch_wall']:.1f} wall, "
            f"{row['batch_cpu']:.1f} CPU | {waits(row['thread'])} | {waits(row['process'])}; "
            f"load {row['load_before']:.2f} → {row['load_after']:.2f} |")


def machine() -> str:
    """One line naming the machine, Python and library versions."""
    import rapidfuzz
    import sacrebleu
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, sacrebleu {sacrebleu.__version__}, "
            f"rapidfuzz {rapidfuzz.__version__}, streamlit {streamlit.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="scoring,alignment,aligner,app,long,memory,stats,cluster,lock,bounds,startup",
                        help="comma-separated sections")
    parser.add_argument("--sizes", default="1000,20000,100000", help="scoring sizes (pairs)")
    parser.add_argument("--align-sizes", default="2000,20000", help="alignment sizes (sentences)")
    parser.add_argument("--memory-size", type=int, default=1_000_000)
    parser.add_argument("--bounds-sizes", default="2000,20000", help="line-parallel sizes for the bounds section")
    parser.add_argument("--memory-metrics", default="bleu,chrf,chrf++,ter", help="--metrics of the memory run")
    parser.add_argument("--memory-command", choices=("qa", "score"), default="qa",
                        help="the memory run's command: qa --segmented or score --segmented")
    parser.add_argument("--memory-jobs", type=int, default=0, help="qa --jobs of the memory run (0: one per core)")
    parser.add_argument("--memory-timeout", type=float, default=3600, help="seconds before the memory run is ended")
    parser.add_argument("--stats-size", type=int, default=2000, help="pairs for the stats section")
    parser.add_argument("--cluster-size", type=int, default=20000, help="pairs for the cluster section")
    parser.add_argument("--lock-size", type=int, default=8000, help="segments of the lock section's batch")
    parser.add_argument("--lock-against", type=Path, help="lock section: also measure this source tree, interleaved")
    parser.add_argument("--startup-against", type=Path, help="startup section: also measure this source tree")
    parser.add_argument("--scoring-against", type=Path,
                        help="scoring section: also run qa of this source tree, interleaved, output compared")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to BENCHMARKS.md")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    rows: list[dict[str, object]] = []
    if "scoring" in sections:
        rows += bench_scoring([int(s) for s in args.sizes.split(",")], args.runs, args.scoring_against)
    if "alignment" in sections:
        rows += bench_alignment([int(s) for s in args.align_sizes.split(",")], args.runs)
    if "aligner" in sections:
        rows += bench_aligner(int(args.align_sizes.split(",")[-1]), args.runs)
    if "app" in sections:
        from bench_app import bench_app

        rows += bench_app(args.runs)
    if "long" in sections:
        from bench_app import bench_long_segment

        rows += bench_long_segment(args.runs)
    if "memory" in sections:
        rows += bench_memory(args.memory_size, args.memory_metrics, args.memory_command, args.memory_jobs,
                             args.memory_timeout)
    if "bounds" in sections:
        rows += bench_bounds([int(n) for n in args.bounds_sizes.split(",")], args.runs)
    if "stats" in sections:
        rows += bench_stats(args.stats_size, args.runs)
    if "cluster" in sections:
        rows += bench_cluster(args.cluster_size, args.runs)
    if "lock" in sections:
        rows += bench_lock(args.lock_size, args.runs, args.lock_against)
    if "startup" in sections:
        rows += bench_startup(args.runs, args.startup_against)
    if not args.no_append:
        append_results(rows, " ".join(sys.argv[1:]))


def append_results(rows: list[dict[str, object]], arguments: str) -> None:
    """Append a dated table of the results to BENCHMARKS.md."""
    lines = [f"\n## {datetime.date.today().isoformat()} — `scripts/bench.py {arguments}`".rstrip(), "",
             f"Machine: {machine()}", ""]
    if rows and all(row["section"] == "lock" for row in rows):
        lines += ["| run (tree) | batch | batch (s) | writer thread, same process | writer process |",
                  "|---|---|---|---|---|"]
    else:
        lines += ["| section | size | baseline (s) | ours (s) | ratio / result |", "|---|---|---|---|---|"]
    for row in rows:
        if row["section"] == "lock":
            lines.append(_lock_line(row))
        elif row["section"] == "startup":
            lines.append(f"| startup [{row['tree']}]: {row['command']} | | wall {row['base_wall']:.2f}, "
                         f"CPU {row['base_cpu']:.2f} | wall {row['wall']:.2f}, CPU {row['cpu']:.2f} | "
                         f"load {row['load']:.1f}, exit {row['exit']} |")
        elif row["section"] == "bounds":
            lines.append(f"| bounds: {row['command']} | {row['size']} | | "
                         f"wall {row['wall']:.1f}, CPU {row['cpu']:.1f} | "
                         f"peak RSS {row['peak_mib']:.0f} MiB (load {row['load']:.1f}, exit {row['exit']}) |")
        elif row["section"] == "scoring":
            lines.append(f"| scoring (qa --segmented / sacrebleu loop) | {row['size']:,} pairs | "
                         f"wall {row['baseline_s']:.1f}, CPU {row['baseline_cpu']:.1f} | "
                         f"wall {row['ours_s']:.1f}, CPU {row['ours_cpu']:.1f} | wall **{row['ratio']:.3f}**, "
                         f"CPU {row['cpu_ratio']:.3f} (medians of {row['runs']} interleaved runs each; load "
                         f"{row['load_min']:.1f}–{row['load_max']:.1f}; {row['differ']} segment scores differ"
                         + (f"; qa of `{row['against']}`: wall {row['against_s']:.1f}, CPU {row['against_cpu']:.1f}, "
                            "the same bundle" if "against" in row else "") + ") |")
        elif row["section"] == "alignment":
            lines.append(f"| alignment (`align`, scores; {row['size'] // 10:,} → {row['size']:,} sentences) | "
                         f"{row['size']:,} | wall {row['baseline_s']:.1f}, CPU {row['baseline_cpu']:.1f} | "
                         f"wall {row['ours_s']:.1f}, CPU {row['ours_cpu']:.1f} | growth wall {row['ratio']:.1f}×, "
                         f"CPU {row['cpu_ratio']:.1f}× (medians of {row['runs']} interleaved runs each; load "
                         f"{row['load_min']:.1f}–{row['load_max']:.1f}) |")
        elif row["section"] == "memory":
            load = row["load"]
            lines.append(f"| memory: `{row['command']}` | {row['size']:,} pairs | | wall {row['seconds']:.0f}, "
                         f"CPU {row['cpu']:.0f} | peak RSS {row['peak_rss_mib']:.0f} MiB largest process, "
                         f"{row['tree_rss_mib']:.0f} MiB all processes (exit {row['exit']}"
                         f"{', ended by the timeout' if row['timed_out'] else ''}; load {load[0]:.1f} before, "
                         f"{load[1]:.1f} after, 5-minute {load[2]:.1f}) |")
        elif "fixed_s" in row:
            lines.append(f"| {row['section']} | {row['size']:,} pairs | {row['baseline_s']:.3f} | "
                         f"{row['ours_s']:.3f} | {row['ratio']:.2f} (fixed cost {row['fixed_s']:.1f} s; "
                         f"{row['pairs_per_s_per_worker']:.0f} pairs per worker CPU-second; workers' CPU "
                         f"{row['cpu_1']:.1f} s with 1, {row['cpu_2']:.1f} s with 2) |")
        else:
            lines.append(f"| {row['section']} | {row['size']:,} | {row['baseline_s']:.3f} | {row['ours_s']:.3f} | "
                         f"{row['ratio']:.3f} |")
    with (REPO / "BENCHMARKS.md").open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
