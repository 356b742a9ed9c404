"""A ``qa`` run stopped by Ctrl-C or SIGTERM ends at once: work in flight is abandoned, nothing is left behind.

The input's first chunk is quick and every later one is slow (long segments), so that when the first
chunk has been written the workers are busy for minutes; the run must still end well within the
subprocess timeout, with exit 130/143, one line on stderr and no report or temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WORDS = ["the", "cat", "sat", "on", "a", "mat", "near", "the", "river", "bank", "while", "dogs", "bark", "loudly",
         "at", "night", "under", "a", "pale", "moon"]
CHUNK = 100


def _long_pair(seed: int) -> tuple[str, str]:
    """About 7,000 characters (under the 10,000-character segment limit) and the same words reversed:
    scoring such a pair takes most of a second (TER's shifts)."""
    words = random.Random(seed).choices(WORDS, k=1500)
    return " ".join(words) + ".", " ".join(reversed(words)) + "."


def _inputs(folder: Path) -> list[str]:
    quick = [f"Line {i} is short." for i in range(CHUNK)]
    slow = [_long_pair(i) for i in range(5 * CHUNK)]
    (folder / "mt.txt").write_text("\n".join(quick + [mt for mt, _ in slow]) + "\n", encoding="utf-8")
    (folder / "ref.txt").write_text("\n".join(quick + [ref for _, ref in slow]) + "\n", encoding="utf-8")
    return ["--mt", str(folder / "mt.txt"), "--ref", str(folder / "ref.txt"), "--segmented", "--lang", "en",
            "--chunk-size", str(CHUNK), "--bootstrap", "100"]


def _first_chunk_written(folder: Path) -> bool:
    return any(path.stat().st_size > 0 for path in folder.glob(".report.*/segments.jsonl"))


def _as_in_a_terminal() -> None:
    """In the child: Ctrl-C's default action, as a command typed in a terminal has it. A test run started in the
    background of a non-interactive shell inherits SIGINT ignored, and Python keeps it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(tmp_path: Path, extra: list[str], signum: int, whole_group: bool) -> tuple[int, str]:
    """Run qa, send ``signum`` once its first chunk is written, and return its exit code and stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "review_app", "qa", *_inputs(tmp_path), *extra,
                             "--out", str(tmp_path / "report")], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_as_in_a_terminal)
    try:
        deadline = time.monotonic() + 300
        while not _first_chunk_written(tmp_path):
            assert proc.poll() is None, f"qa ended before its first chunk was written: {proc.stderr.read()}"
            assert time.monotonic() < deadline, "qa wrote nothing in 300 s"
            time.sleep(0.02)
        # A terminal's Ctrl-C reaches every process of the foreground group; kill(1) only the one named.
        if whole_group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("qa was still running 60 s after the signal")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # whatever happened, no process of the run outlives the test
        proc.wait()
    return proc.returncode, err


@pytest.mark.parametrize(
    ("extra", "signum", "whole_group", "code", "word"),
    [(["--jobs", "2"], signal.SIGINT, True, 130, "interrupted"),
     (["--jobs", "2"], signal.SIGINT, False, 130, "interrupted"),
     (["--jobs", "2"], signal.SIGTERM, False, 143, "terminated"),
     (["--cluster", "local:2"], signal.SIGINT, True, 130, "interrupted")],
    ids=["jobs-ctrl-c", "jobs-sigint", "jobs-sigterm", "cluster-ctrl-c"],
)
def test_interrupted_qa_stops_at_once(tmp_path: Path, extra: list[str], signum: int, whole_group: bool, code: int,
                                      word: str) -> None:
    returncode, err = _interrupt(tmp_path, extra, signum, whole_group)
    assert returncode == code, err
    assert err == f"review_app: {word}\n", err  # one line: no worker's traceback
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt.txt", "ref.txt"]  # no report, no temporary folder
