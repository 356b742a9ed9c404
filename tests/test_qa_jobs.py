"""``qa --jobs``: a process pool gives exactly the bundle that one process gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_app import parallel
from review_app.cli import main


def test_parallel_run_equals_serial_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)  # a real pool of two, even on one core
    mt = [f"Line {i}: the ferry runs a time—tested route to Kazan, {i * 3} km." for i in range(60)]
    ref = [f"Line {i}: the ferry keeps a time-tested route to Kazan, {i * 3} km long." for i in range(60)]
    mt[7] = "Advertisement"
    (tmp_path / "mt.txt").write_text("\n".join(mt) + "\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("\n".join(ref) + "\n", encoding="utf-8")
    bundles = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        code = main(["qa", "--mt", str(tmp_path / "mt.txt"), "--ref", str(tmp_path / "ref.txt"), "--segmented",
                     "--lang", "en", "--out", str(out), "--jobs", str(jobs), "--chunk-size", "7",
                     "--bootstrap", "100"])
        assert code == 0
        bundles.append(out)
    serial, pooled = bundles
    for name in ("segments.jsonl", "findings.jsonl"):
        assert (serial / name).read_text(encoding="utf-8") == (pooled / name).read_text(encoding="utf-8")
    summaries = [json.loads((b / "summary.json").read_text(encoding="utf-8")) for b in bundles]
    assert summaries[0]["overall"] == summaries[1]["overall"]
    assert any(json.loads(line)["check"] == "dash-in-compound"
               for line in (pooled / "findings.jsonl").read_text(encoding="utf-8").splitlines())


def test_negative_jobs_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    assert main(["qa", "--mt", str(tmp_path / "a.txt"), "--ref", str(tmp_path / "a.txt"), "--segmented",
                 "--out", str(tmp_path / "o"), "--jobs", "-1"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["qa", "align", "compare"])
def test_jobs_beyond_the_cores_are_capped_with_a_warning(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A pool starts all its workers at once: ``--jobs 100000`` would fork 100,000 processes."""
    started: list[int] = []
    real_pool = parallel.ProcessPoolExecutor

    def pool(max_workers: int, **kwargs: object) -> object:
        started.append(max_workers)
        assert max_workers <= 2, f"a pool of {max_workers} workers"  # refused before it forks them
        return real_pool(max_workers=max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", pool)
    lines = [f"Line {i}: the ferry runs a time-tested route, {i * 3} km." for i in range(30)]
    for name in ("mt.txt", "ref.txt", "b.txt"):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    mt, ref, other = (str(tmp_path / name) for name in ("mt.txt", "ref.txt", "b.txt"))
    argv = {"qa": ["qa", "--mt", mt, "--ref", ref, "--segmented", "--lang", "en", "--chunk-size", "5", "--bootstrap",
                   "0", "--out", str(tmp_path / "out")],
            "align": ["align", mt, ref, "--segmented", "-o", str(tmp_path / "out.jsonl")],
            "compare": ["compare", f"a={mt}", f"b={other}", "--ref", ref, "--segmented", "--bootstrap", "10",
                        "--ar-trials", "0", "--json"]}[command]
    assert main([*argv, "--jobs", "100000"]) == 0
    err = capsys.readouterr().err
    assert "review_app: warning: --jobs 100000: this machine has 2 core(s); using 2 worker process(es)" in err, err
    assert set(started) <= {2}  # (align scores 30 lines in one chunk, without a pool)


def test_segments_go_to_a_worker_and_back_as_they_are() -> None:
    """Chunks are pickled to the worker processes and back: every field of a segment and its item survives."""
    import copy
    import pickle

    from review_app.model import AlignedSegment
    from review_app.qa.runner import Chunk, MqmInfo, SegmentItem

    segment = AlignedSegment("MT", "Ref", "Src", [1, 2], [3], [4], "2-1", 0.5, {"bleu": 12.5, "ter": None},
                             {"bleu": [1.0, 2.0]})
    item = SegmentItem(segment, "u7", MqmInfo("sys", -2.5, (("Accuracy", "Major"),), 3), scored=False)
    chunk = Chunk(1, 40, [item, SegmentItem(AlignedSegment("", "r", None, [], [0]))])
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(chunk, protocol=protocol))
        assert back == chunk
        assert back.items[0].segment.scores == {"bleu": 12.5, "ter": None}
    assert copy.deepcopy(chunk) == chunk
    assert copy.copy(segment) == segment and copy.copy(segment) is not segment


def test_a_worker_sends_back_scores_and_findings_not_the_texts() -> None:
    """The process that read a chunk keeps its texts; a worker's outcome is joined to it in order."""
    import pickle

    from review_app.checks import build_checks
    from review_app.model import AlignedSegment
    from review_app.qa.runner import Chunk, QaSettings, SegmentItem, score_chunk

    texts = [("The ferry runs a time—tested route to Kazan-unique-mt.", "The ferry keeps a time-tested route.")] * 3
    chunk = Chunk(0, 0, [SegmentItem(AlignedSegment(mt, ref, None, [i], [i])) for i, (mt, ref) in enumerate(texts)])
    settings = QaSettings(lang="en", segmented=True, checks=build_checks(), n_bootstrap=10)
    outcome = score_chunk(pickle.loads(pickle.dumps(chunk)), settings)  # as in a worker: a copy of the chunk
    assert b"Kazan-unique-mt" not in pickle.dumps(outcome)
    assert all(item.segment.scores == {} for item in chunk.items)
    result = outcome.on(chunk)
    assert result.chunk is chunk and len(result.findings) == 3
    assert [item.segment.scores["bleu"] for item in chunk.items] == outcome.sentence["bleu"]
    assert any(f.check == "dash-in-compound" for f in result.findings[0])
