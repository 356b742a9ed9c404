"""Plugins through entry points, and the scorer interface open to any metric.

A fake distribution (a ``.dist-info`` folder on ``sys.path``) declares the sample plugin of
tests/source_scorer.py: a metric that needs the source (``srclen``) and a check (``shouting``).
Installed so, with no other change, the metric appears in ``score``, ``qa`` (scores, segments and a
``--min-srclen`` gate), ``compare``, the store (per segment, by metric id with its signature) and
the Dashboard; the check in the check registry.
"""

from __future__ import annotations

import importlib
import json
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from review_app.checks import CHECKS, load_check_plugins, run_checks
from review_app.cli import main
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.plugins import PluginWarning
from review_app.review.demo import DEMO_PROJECT
from review_app.scoring.registry import METRICS, corpus_metrics, default_metrics
from review_app.store import Store
from review_app.store.models import Segment
from tests.browser_helpers import app_test
from tests.people import OP, person
from tests.source_scorer import Shouting, SourceLength, source_length
from tests.test_qa_cluster import _run_both, scheduler  # noqa: F401  (a fixture: a dask cluster in threads)

MT = ["The cat sat on the mat.", "It rains!!", "A short one."]
REF = ["The cat sat on a mat.", "It is raining!", "A brief one."]
SRC = ["Кошка сидела на коврике.", "Идёт дождь!", "Короткое предложение."]
OTHER = ["A cat is on the mat.", "Rain.", "A short sentence here."]


def _fake_distribution(root: Path, entry_points: str) -> Path:
    info = root / "review_app_sample-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: review-app-sample\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(entry_points, "utf-8")
    return root


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[None]:
    """The sample plugin installed as a distribution would be; removed again afterwards."""
    root = _fake_distribution(tmp_path / "site", "[review_app.metrics]\nsrclen = tests.source_scorer:SourceLength\n\n"
                                                 "[review_app.checks]\nshouting = tests.source_scorer:Shouting\n")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    METRICS.reload()
    added = load_check_plugins()
    try:
        yield
    finally:
        sys.path.remove(str(root))
        importlib.invalidate_caches()
        METRICS.reload()
        for check_id in added:
            CHECKS.pop(check_id)


def _files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, lines in (("mt", MT), ("ref", REF), ("src", SRC), ("other", OTHER)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text("\n".join(lines) + "\n", "utf-8")
    return paths


def _mean(hyps: list[str]) -> float:
    return statistics.fmean(source_length(h, s) for h, s in zip(hyps, SRC, strict=True))


def test_entry_points_add_a_metric_and_a_check(plugin: None) -> None:
    assert isinstance(METRICS["srclen"], SourceLength) and METRICS["srclen"].needs_source
    assert "srclen" in corpus_metrics() and "srclen" in default_metrics()
    assert CHECKS["shouting"] is Shouting
    assert [f.check for f in run_checks("It rains!!")] == ["shouting"]


def test_without_the_plugin_nothing_is_added() -> None:
    assert "srclen" not in METRICS and "shouting" not in CHECKS


def test_a_broken_plugin_is_left_out_with_a_warning(tmp_path: Path) -> None:
    root = _fake_distribution(tmp_path / "site", "[review_app.metrics]\nbroken = no_such_module:Scorer\n"
                                                 "notascorer = tests.source_scorer:source_length\n")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    METRICS.reload()
    try:
        with pytest.warns(PluginWarning) as caught:
            assert list(METRICS) == ["bleu", "chrf", "chrf++", "ter", "hter", "edit-rate"]
        assert sorted(str(w.message).split("'")[1] for w in caught) == ["broken", "notascorer"]
    finally:
        sys.path.remove(str(root))
        importlib.invalidate_caches()
        METRICS.reload()


def test_score_takes_the_source(plugin: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _files(tmp_path)
    assert main(["score", str(f["mt"]), str(f["ref"]), "--segmented", "--src", str(f["src"]), "--json",
                 "--bootstrap", "0"]) == 0
    scores = {s["metric"]: s for s in json.loads(capsys.readouterr().out)["scores"]}
    assert list(scores) == ["bleu", "chrf", "chrf++", "ter", "srclen"]
    assert scores["srclen"]["score"] == pytest.approx(_mean(MT))
    assert scores["srclen"]["signature"].startswith("metric:srclen|unit:char|nrefs:1")
    # without a source the default metrics leave it out; asked for, it is refused in one line
    assert main(["score", str(f["mt"]), str(f["ref"]), "--segmented", "--json", "--bootstrap", "0"]) == 0
    assert "srclen" not in capsys.readouterr().out
    assert main(["score", str(f["mt"]), str(f["ref"]), "--segmented", "--metrics", "srclen"]) == 2
    assert "SrcLen needs the source text (--src)" in capsys.readouterr().err


def test_score_takes_the_source_of_documents_too(plugin: None, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Documents are aligned first; the source is attached to the aligned segments and scored with them."""
    f = _files(tmp_path)
    for name, lines in (("mt", MT), ("ref", REF), ("src", SRC)):  # one paragraph each: split and aligned
        f[name].write_text(" ".join(lines) + "\n", "utf-8")
    assert main(["score", str(f["mt"]), str(f["ref"]), "--src", str(f["src"]), "--src-lang", "ru", "--json",
                 "--bootstrap", "0", "--metrics", "srclen"]) == 0
    (score,) = json.loads(capsys.readouterr().out)["scores"]
    assert score["metric"] == "srclen" and score["score"] == pytest.approx(_mean(MT))


def test_score_compare_tests_it_with_the_paired_tests(plugin: None, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    f = _files(tmp_path)
    assert main(["score", str(f["mt"]), str(f["ref"]), "--segmented", "--src", str(f["src"]), "--json",
                 "--compare", str(f["other"]), "--metrics", "srclen,chrf", "--bootstrap", "50"]) == 0
    rows = {(r["system"], r["metric"]): r for r in json.loads(capsys.readouterr().out)}
    assert rows[str(f["mt"]), "srclen"]["score"] == pytest.approx(_mean(MT))
    assert rows[str(f["other"]), "srclen"]["score"] == pytest.approx(_mean(OTHER))
    assert rows[str(f["mt"]), "srclen"]["p_value"] is None and 0 < rows[str(f["other"]), "srclen"]["p_value"] <= 1
    assert "bs:50" in rows[str(f["other"]), "srclen"]["signature"]


def test_qa_scores_gates_and_writes_it_per_segment(plugin: None, tmp_path: Path) -> None:
    f = _files(tmp_path)
    out = tmp_path / "report"
    argv = ["qa", "--mt", str(f["mt"]), "--ref", str(f["ref"]), "--src", str(f["src"]), "--segmented",
            "--out", str(out), "--bootstrap", "0", "--lang", "en", "--src-lang", "ru"]
    assert main([*argv, "--min-srclen", "99"]) == 1
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["overall"]["scores"]["srclen"]["score"] == pytest.approx(_mean(MT))
    (gate,) = summary["thresholds"]["gates"]
    assert (gate["kind"], gate["threshold"], gate["passed"]) == ("min_srclen", 99, False)
    assert summary["thresholds"]["limits"] == {"srclen": 99}
    segments = [json.loads(line) for line in (out / "segments.jsonl").read_text("utf-8").splitlines()]
    assert [s["srclen"] for s in segments] == pytest.approx([source_length(m, s) for m, s in zip(MT, SRC, strict=True)])
    assert "SrcLen" in (out / "report.md").read_text("utf-8")
    assert main([*argv, "--min-srclen", "1", "--min-chrf", "1"]) == 0


def test_qa_on_a_cluster_scores_it_as_a_local_run(plugin: None, scheduler: str, tmp_path: Path) -> None:  # noqa: F811
    f = _files(tmp_path)
    args = ["qa", "--mt", str(f["mt"]), "--ref", str(f["ref"]), "--src", str(f["src"]), "--segmented",
            "--lang", "en", "--src-lang", "ru", "--chunk-size", "2", "--bootstrap", "20"]
    local, remote = _run_both(args, scheduler, tmp_path)
    assert local == remote
    assert json.loads(remote["summary.json"])["overall"]["scores"]["srclen"]["score"] == pytest.approx(_mean(MT))


def test_compare_scores_and_tests_it(plugin: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _files(tmp_path)
    assert main(["compare", f"a={f['mt']}", f"b={f['other']}", "--ref", str(f["ref"]), "--src", str(f["src"]),
                 "--segmented", "--json", "--bootstrap", "20", "--ar-trials", "20", "--checks", "shouting",
                 "--segment-metric", "srclen", "--jobs", "1"]) == 0
    result = json.loads(capsys.readouterr().out)
    scores = {s["name"]: s["scores"] for s in result["systems"]}
    assert scores["a"]["srclen"]["score"] == pytest.approx(_mean(MT))
    assert scores["b"]["srclen"]["score"] == pytest.approx(_mean(OTHER))
    paired = {p["metric"]: p for p in result["paired"]}
    assert set(paired["srclen"]["p_values"]) == {"bs", "ar"}
    assert {s["name"]: s["findings"]["total"] for s in result["systems"]} == {"a": 1, "b": 0}


def test_the_store_keeps_it_by_id_with_its_signature(plugin: None, tmp_path: Path) -> None:
    store = Store(str(tmp_path / "review.db"))
    project = store.create_project("P", "ru", "en", actor=OP)
    segments = [AlignedSegment(m, r, s, [i], [i], [i]) for i, (m, r, s) in enumerate(zip(MT, REF, SRC, strict=True))]
    add_sentence_scores(segments)
    document = store.add_document(project.id, "d", segments, [[] for _ in segments], actor=OP)
    row = store.segment_page(document.id).rows[1]
    assert row.scores["srclen"] == row.corrected_scores["srclen"] == pytest.approx(source_length(MT[1], SRC[1]))
    store.edit_corrected(row.id, "It is raining heavily!", actor=person(store, "ann"), expected_version=row.version)
    edited = store.segment_detail(row.id).segment
    assert edited.corrected_scores["srclen"] == pytest.approx(source_length("It is raining heavily!", SRC[1]))
    assert edited.scores["srclen"] == row.scores["srclen"]
    with store.engine.connect() as connection:
        stored = connection.execute(select(Segment.scores).where(Segment.id == row.id)).scalar_one()
    assert stored["srclen"]["signature"] == METRICS["srclen"].signature(sentence=True)
    store.close()


def _scores_table(at: Any) -> Any:
    return at.dataframe[0].value.set_index("metric")


def test_the_dashboard_shows_it(plugin: None, app_db: Path) -> None:
    at = app_test("dashboard", app_db)
    assert not at.exception
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    mt, _ref, _corrected = store.texts([document.id], skip_deleted=True)
    sources = store.sources([document.id], skip_deleted=True)
    store.close()
    expected = statistics.fmean(source_length(m, s) for m, s in zip(mt, sources, strict=True))
    assert _scores_table(at).loc["SrcLen", "MT"] == pytest.approx(expected)
