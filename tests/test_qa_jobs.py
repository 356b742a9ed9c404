"""``qa --jobs``: a process pool gives exactly the bundle that one process gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_app.cli import main


def test_parallel_run_equals_serial_run(tmp_path: Path) -> None:
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
    serial, parallel = bundles
    for name in ("segments.jsonl", "findings.jsonl"):
        assert (serial / name).read_text(encoding="utf-8") == (parallel / name).read_text(encoding="utf-8")
    summaries = [json.loads((b / "summary.json").read_text(encoding="utf-8")) for b in bundles]
    assert summaries[0]["overall"] == summaries[1]["overall"]
    assert any(json.loads(line)["check"] == "dash-in-compound"
               for line in (parallel / "findings.jsonl").read_text(encoding="utf-8").splitlines())


def test_negative_jobs_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    assert main(["qa", "--mt", str(tmp_path / "a.txt"), "--ref", str(tmp_path / "a.txt"), "--segmented",
                 "--out", str(tmp_path / "o"), "--jobs", "-1"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
