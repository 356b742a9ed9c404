"""The Compare and History pages in process (AppTest): documents from the store, recorded qa runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.review.importer import import_document
from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import OP

REF = "\n".join(["The committee approved the budget on Monday.", "Prices rose by 5% in May.",
                 "He said that they would see.", "The river station closed early.",
                 "Nothing else happened that day."] * 3) + "\n"
SYSTEMS = {
    "<b>Engine A</b>": REF.replace("approved", "passed").replace("early", "soon"),
    "Engine B": REF.replace("Prices rose by 5%", "Prices went up 7%").replace("Nothing else", "Nothing"),
    "Engine C": REF.replace("The river station", "A river terminal"),
}


def comparison_db(path: Path) -> Path:
    """A store with one project holding three systems' documents on the same reference (line-parallel)."""
    store = Store(str(path))
    project = store.create_project("Engines <script>", "en", "en", actor=OP)
    for k, (system, text) in enumerate(SYSTEMS.items()):
        import_document(store, project.id, name=f"doc{k}.txt", mt_text=text, ref_text=REF, system=system,
                        segmented=True, actor=OP)
    store.close()
    return path


def test_compare_page_compares_documents_of_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = comparison_db(tmp_path / "c.db")
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    at = app_test("compare", db)
    assert not at.exception
    at.radio(key="compare_source").set_value("Documents in the store").run()
    ids = at.multiselect(key="compare_documents").options
    assert len(ids) == 3
    at.multiselect(key="compare_documents").set_value(at.multiselect(key="compare_documents").options).run()
    at.number_input(key="compare_bootstrap").set_value(100)
    at.number_input(key="compare_ar").set_value(500)
    at.multiselect(key="compare_metrics").set_value(["bleu", "chrf"])
    at.button(key="compare_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    result = at.session_state["compare_result"]
    assert result.names == list(SYSTEMS)
    assert result.baseline == "<b>Engine A</b>"
    frames = [df.value for df in at.dataframe]
    systems = frames[0]
    assert list(systems["system"]) == [n + (" (baseline)" if n == result.baseline else "")
                                       for n in result.ranking("bleu")]
    assert systems["BLEU"].tolist() == [result.scores[n]["bleu"].score for n in result.ranking("bleu")]
    # The baseline has no p-value: a dash, never "None".
    assert systems["BLEU p"].isna().sum() == 1 and at.dataframe[0].proto.placeholder == "—"
    # Names in Markdown (headings, captions) are escaped: shown as typed, never as markup.
    ngram_headings = [h.value for h in at.subheader if h.value.startswith("N-grams:")]
    escaped = "N-grams: \\<b\\>Engine A\\</b\\> vs "
    assert len(ngram_headings) == 2 and all(h.startswith(escaped) for h in ngram_headings)
    # The side-by-side of the first largest difference: every system's output as an escaped word diff.
    boxes = "".join(h.proto.body for h in at.get("html"))
    assert "&lt;b&gt;Engine A&lt;/b&gt;" in boxes and "<b>Engine A</b>" not in boxes.replace("<b>&lt;", "")
    assert "<del " in boxes or "<ins " in boxes


def test_compare_page_measures_effort_against_a_post_edit_as_the_cli_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = comparison_db(tmp_path / "c.db")
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    at = app_test("compare", db)
    at.radio(key="compare_source").set_value("Documents in the store").run()
    at.multiselect(key="compare_documents").set_value(at.multiselect(key="compare_documents").options).run()
    at.number_input(key="compare_bootstrap").set_value(100)
    at.number_input(key="compare_ar").set_value(0)
    at.checkbox(key="compare_post_edit").check()
    at.button(key="compare_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    result = at.session_state["compare_result"]
    assert {"hter", "edit-rate"} <= set(result.settings.metrics) and set(result.effort) == set(SYSTEMS)
    # The page's effort equals `compare --pe` on the same files.
    paths = []
    for k, text in enumerate(SYSTEMS.values()):
        paths.append(tmp_path / f"sys{k}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    (tmp_path / "pe.txt").write_text(REF, encoding="utf-8")
    capsys.readouterr()
    assert main(["compare", *[f"{name}={path}" for name, path in zip(SYSTEMS, paths, strict=True)],
                 "--ref", str(tmp_path / "pe.txt"), "--segmented", "--pe", "--bootstrap", "100",
                 "--ar-trials", "0", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert {n: result.effort[n].to_dict() for n in SYSTEMS} == {s["name"]: s["effort"] for s in cli["systems"]}
    effort = next(df.value for df in at.dataframe if "HTER mean" in df.value.columns)
    assert effort["HTER mean"].tolist() == [result.effort[n].hter_mean for n in SYSTEMS]
    assert "Post-editing effort against the post-edit" in [h.value for h in at.subheader]


def test_history_page_charts_recorded_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.db"
    assert main(["db", "init", "--db", str(db)]) == 0
    ref = tmp_path / "ref.txt"
    ref.write_text(REF, encoding="utf-8")
    for k, (system, text) in enumerate(SYSTEMS.items()):
        mt = tmp_path / f"mt{k}.txt"
        mt.write_text(text, encoding="utf-8")
        extra = ["--baseline", "run0"] if k else []
        code = main(["qa", "--mt", str(mt), "--ref", str(ref), "--segmented", "--lang", "en", "--bootstrap", "100",
                     "--metrics", "bleu,chrf", "--jobs", "1", "--out", str(tmp_path / f"out{k}"), "--db", str(db),
                     "--run-name", f"run{k}", "--run-project", "engines", "--name", system, *extra])
        assert code in (0, 1)
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    at = app_test("history", db)
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="history_project").value == "engines"
    assert sorted(at.multiselect(key="history_systems").value) == sorted(SYSTEMS)
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(charts) == 2  # BLEU and chrF
    spec = json.dumps(charts[1])
    assert "chrF" in spec and '"low"' in spec and '"high"' in spec  # the score with its CI
    table = at.dataframe[0].value
    assert list(table["run"]) == ["run2", "run1", "run0"]  # newest first
    runs = Store(str(db)).runs(project="engines")[::-1]
    assert table["chrF"].tolist() == [round(r.scores["chrf"]["score"], 2) for r in runs]
    assert table["gates"].tolist() == ["passed" if r.passed else "FAILED" for r in runs]
    assert at.dataframe[0].proto.placeholder == "—"  # a metric a run did not score: a dash, never "None"
    at.selectbox(key="history_run").set_value("run1").run()
    gates = at.dataframe[1].value
    assert all("run 'run0'" in message for message in gates["gate"])


def test_history_page_without_runs_says_how_to_record_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "empty.db"
    Store(str(db)).close()
    monkeypatch.setenv("REVIEW_APP_DB", str(db))
    at = app_test("history", db)
    assert not at.exception
    assert "--run-name" in at.info[0].value
