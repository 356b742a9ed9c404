"""``qa --db URL --run-name NAME`` records runs; ``qa --baseline RUN`` gates on a significant regression."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.significance import PairedTest
from shared_data import shared_corpus

from review_app.cli import main
from review_app.errors import InputError
from review_app.scoring.stats import make_metric
from review_app.store import Store

LINES = 300


@pytest.fixture(scope="module")
def ted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The first lines of compare-mt's TED example (detokenized): reference, sys1, sys2, and sys1 shifted."""
    folder = shared_corpus("compare-mt-ted-sk-en")
    out = tmp_path_factory.mktemp("ted")
    files = {}
    for name in ("ref", "sys1", "sys2"):
        lines = (folder / f"ted.{name}.detok.eng").read_text(encoding="utf-8").splitlines()
        files[name] = out / f"{name}.txt"
        files[name].write_text("\n".join(lines[:LINES]) + "\n", encoding="utf-8")
        files[f"{name}_other"] = out / f"{name}_other.txt"  # other segments: lines 301..600
        files[f"{name}_other"].write_text("\n".join(lines[LINES: 2 * LINES]) + "\n", encoding="utf-8")
    return files


def _qa(tmp_path: Path, mt: Path, ref: Path, db: Path, *extra: str) -> int:
    if not db.exists():  # qa records runs only in an existing database
        assert main(["db", "init", "--db", str(db)]) == 0
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}"
    return main(["qa", "--mt", str(mt), "--ref", str(ref), "--segmented", "--lang", "en", "--checks", "numbers",
                 "--metrics", "bleu,chrf", "--bootstrap", "300", "--jobs", "1", "--out", str(out), "--db", str(db),
                 *extra])


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_runs_are_recorded_with_scores_hashes_and_statistics(ted: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    assert _qa(tmp_path, ted["sys1"], ted["ref"], db, "--run-name", "r1", "--run-project", "ted") == 0
    assert _qa(tmp_path, ted["sys2"], ted["ref"], db, "--run-name", "r2", "--run-project", "ted") == 0
    store = Store(str(db))
    runs = store.runs(project="ted")
    assert [r.name for r in runs] == ["r1", "r2"]
    r1 = runs[0]
    assert r1.segments == r1.scored_segments == LINES and r1.passed
    expected = make_metric("chrf").corpus_score(_read(ted["sys1"]), [_read(ted["ref"])])
    assert r1.scores["chrf"]["score"] == pytest.approx(expected.score, abs=1e-9)
    assert r1.scores["chrf"]["ci_95"] > 0 and "bs:300" in r1.scores["chrf"]["signature"]
    assert r1.inputs["mt"]["sha256"] == hashlib.sha256(ted["sys1"].read_bytes()).hexdigest()
    assert r1.inputs["ref"]["sha256"] == hashlib.sha256(ted["ref"].read_bytes()).hexdigest()
    assert r1.findings["total"] == sum(r1.findings["by_severity"].values())
    assert r1.segments_digest == runs[1].segments_digest  # same references: the same segments
    stats = store.run_statistics(r1.id)
    assert set(stats) == {"bleu", "chrf"} and stats["chrf"].shape[0] == LINES
    extracted = make_metric("chrf")._extract_corpus_statistics(_read(ted["sys1"]), [_read(ted["ref"])])
    assert np.array_equal(stats["chrf"], np.asarray(extracted, dtype=np.float32))


def test_baseline_on_the_same_segments_uses_sacrebleus_paired_bootstrap(ted: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    assert _qa(tmp_path, ted["sys1"], ted["ref"], db, "--run-name", "base") == 0
    code = _qa(tmp_path, ted["sys2"], ted["ref"], db, "--run-name", "next", "--baseline", "base")
    out = sorted(tmp_path.glob("out-*"), key=lambda p: p.stat().st_mtime)[-1]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    checks = {c["metric"]: c for c in summary["settings"]["baseline"]["checks"]}
    _, table = PairedTest([("base", _read(ted["sys1"])), ("next", _read(ted["sys2"]))],
                          {"chrF2": make_metric("chrf"), "BLEU": make_metric("bleu")}, [_read(ted["ref"])],
                          test_type="bs", n_samples=300)()
    assert checks["chrf"]["method"] == "paired bootstrap"
    assert checks["chrf"]["p_value"] == table["chrF2"][1].p_value
    assert checks["bleu"]["p_value"] == table["BLEU"][1].p_value
    regressions = [c for c in checks.values() if c["regression"]]
    assert all(c["worse"] and c["p_value"] < 0.05 for c in regressions)
    assert code == (1 if regressions else 0)
    gates = [g for g in summary["thresholds"]["gates"] if g["kind"].startswith("baseline_")]
    assert len(gates) == 2 and all("run 'base'" in g["message"] for g in gates)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert checks["chrf"]["message"] in report
    assert Store(str(db)).run_by_name("next").passed == (code == 0)


def test_a_significant_regression_exits_1_with_the_evidence(ted: dict[str, Path], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "history.db"
    assert _qa(tmp_path, ted["ref"], ted["ref"], db, "--run-name", "perfect") == 0  # the reference scores 100
    assert _qa(tmp_path, ted["sys1"], ted["ref"], db, "--run-name", "real", "--baseline", "perfect") == 1
    err = capsys.readouterr().err
    assert "FAILED: chrF" in err and "significant regression; paired bootstrap on the same segments, p = " in err
    # Better than the baseline: not a regression, exit 0.
    assert _qa(tmp_path, ted["ref"], ted["ref"], db, "--run-name", "again", "--baseline", "real") == 0


def test_baseline_on_other_segments_compares_confidence_intervals(ted: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    assert _qa(tmp_path, ted["sys1_other"], ted["ref_other"], db, "--run-name", "other") == 0
    _qa(tmp_path, ted["sys2"], ted["ref"], db, "--run-name", "now", "--baseline", "other")
    out = sorted(tmp_path.glob("out-*"), key=lambda p: p.stat().st_mtime)[-1]
    checks = json.loads((out / "summary.json").read_text(encoding="utf-8"))["settings"]["baseline"]["checks"]
    store = Store(str(db))
    base, now = store.run_by_name("other"), store.run_by_name("now")
    assert base.segments_digest != now.segments_digest
    for check in checks:
        assert check["method"] == "CI overlap" and check["p_value"] is None
        metric = check["metric"]
        apart = abs(now.scores[metric]["score"] - base.scores[metric]["score"]) > (
            now.scores[metric]["ci_95"] + base.scores[metric]["ci_95"])
        assert check["regression"] == (apart and check["worse"])


def test_history_options_are_checked_before_the_run(ted: dict[str, Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "history.db"
    assert _qa(tmp_path, ted["sys1"], ted["ref"], db, "--run-name", "taken") == 0
    before = set(tmp_path.iterdir())
    # The command closed the store itself (not the garbage collector, some time later): no SQLite -wal/-shm.
    assert sorted(p.name for p in before) == ["history.db", "out-1"]
    capsys.readouterr()
    cases = [(("--run-name", "taken"), "already recorded"), (("--baseline", "missing"), "no recorded run named")]
    for extra, needle in cases:
        assert _qa(tmp_path, ted["sys1"], ted["ref"], db, *extra) == 2
        err = capsys.readouterr().err
        assert needle in err and err.count("\n") == 1
    out = tmp_path / "no-db"
    assert main(["qa", "--mt", str(ted["sys1"]), "--ref", str(ted["ref"]), "--segmented", "--out", str(out),
                 "--run-name", "x"]) == 2
    assert "--db" in capsys.readouterr().err
    assert set(tmp_path.iterdir()) == before  # no report folder was written
    assert [r.name for r in Store(str(db)).runs()] == ["taken"]


def test_the_run_history_is_a_use_case_below_the_command_line(ted: dict[str, Path], tmp_path: Path) -> None:
    """``RunHistory`` (store/run_history.py) records a library ``run_qa`` and gates it on a baseline, no CLI."""
    from review_app.qa import QaSettings, pair_documents, run_qa
    from review_app.store.run_history import RunHistory

    db = tmp_path / "history.db"
    assert _qa(tmp_path, ted["sys1"], ted["ref"], db, "--run-name", "r1") == 0
    store = Store(str(db))
    history = RunHistory.start(store, "r2", "ted", "r1", n_bootstrap=300, tokenize=None)
    settings = QaSettings(lang="en", segmented=True, metrics=("bleu", "chrf"), n_bootstrap=300)
    inputs = {"name": "sys2", "mt": str(ted["sys2"]), "ref": str(ted["ref"])}
    summary = run_qa(pair_documents(ted["sys2"], ted["ref"]), settings, tmp_path / "lib", inputs=inputs,
                     after=history.after)
    assert {g["kind"] for g in summary["thresholds"]["gates"]} >= {"baseline_bleu", "baseline_chrf"}
    run = history.record(summary, "sys2")
    assert run is not None and [r.name for r in store.runs(project="ted")] == ["r2"]
    assert run.segments_digest == store.run_by_name("r1").segments_digest  # type: ignore[union-attr]
    with pytest.raises(InputError, match="already recorded"):
        RunHistory.start(store, "r2", "", None, n_bootstrap=300, tokenize=None)
