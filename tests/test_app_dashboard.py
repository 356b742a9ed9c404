"""The Dashboard page in process (AppTest): corpus scores with CIs, charts, MQM with pass/fail, progress."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
import sacrebleu

from review_app.review.demo import DEMO_PROJECT
from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import person


def _metrics(at: Any) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _charts(at: Any) -> list[dict[str, Any]]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_dashboard_shows_sacrebleu_scores_charts_and_verdict(app_db: Path) -> None:
    at = app_test("dashboard", app_db)
    assert not at.exception and at.title[0].value == "Dashboard"
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    mt, ref, _corrected = store.texts([document.id])
    scores = at.dataframe[0].value.set_index("metric")
    assert scores.loc["BLEU", "MT"] == pytest.approx(sacrebleu.corpus_bleu(mt, [ref]).score)
    assert scores.loc["chrF", "MT"] == pytest.approx(sacrebleu.corpus_chrf(mt, [ref]).score)
    assert scores.loc["TER (lower is better)", "MT"] == pytest.approx(sacrebleu.corpus_ter(mt, [ref]).score)
    assert scores.loc["chrF", "MT ±95%"] > 0
    titles = [json.dumps(spec) for spec in _charts(at)]
    assert len(titles) == 3 and "segment chrF" in titles[0] and "severity" in titles[1]
    # Nothing reviewed yet: no verdict (unreviewed text is not error-free).
    assert _metrics(at)["Verdict"] == "not reviewed" and _metrics(at)["Reviewed"] == "0 of 48"
    assert _metrics(at)["Per 1,000 words"] == _metrics(at)["Quality score"] == "—"
    assert any("Over 0 of 48 segments reviewed for MQM" in c.value for c in at.caption)


def test_review_work_moves_the_numbers(app_db: Path) -> None:
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    rows = store.segment_page(document.id, limit=100).rows
    credit = next(r for r in rows if r.mt.startswith("Photo: TASS"))
    store.apply_fix(store.segment_detail(credit.id).findings[0].id, actor=person(store, "Ann"))
    store.set_status(credit.id, "accepted", actor=person(store, "Ann"))
    title = rows[7]
    for _ in range(2):
        store.add_annotation(title.id, category="Terminology/Wrong term", severity="major", start=4, end=17,
                             actor=person(store, "Bob"))
    at = app_test("dashboard", app_db)
    metrics = _metrics(at)
    words = len(title.mt.split())  # the one segment reviewed for MQM (the accepted credit was deleted)
    assert (metrics["Errors"], metrics["Penalty points"]) == ("2", "10")
    assert metrics["Per 1,000 words"] == f"{10 / words * 1000:.2f}"
    assert metrics["Quality score"] == f"{100 * (1 - 10 / words):.2f}" and metrics["Verdict"] == "FAIL"
    assert metrics["Reviewed"] == "0 of 47"  # the deleted credit leaves every count
    assert any("Over 1 of 47 segments reviewed for MQM" in c.value for c in at.caption)
    scores = at.dataframe[0].value.set_index("metric")
    # The deleted credit line leaves both columns: sacrebleu over the 47 kept segments.
    kept = [store.segment_detail(r.id).segment for r in rows if r.id != credit.id]
    mt, ref, corrected = [r.mt for r in kept], [r.ref for r in kept], [r.corrected for r in kept]
    assert mt == corrected  # nothing else was edited
    for metric, column in (("BLEU", "MT"), ("BLEU", "corrected")):
        assert scores.loc[metric, column] == sacrebleu.corpus_bleu(mt, [ref]).score
    assert scores.loc["TER (lower is better)", "MT"] == sacrebleu.corpus_ter(mt, [ref]).score
    assert scores.loc["chrF++", "corrected"] == sacrebleu.corpus_chrf(corrected, [ref], word_order=2).score
    assert any(c.value.startswith("47 segments (1 deleted excluded).") for c in at.caption)
    assert any(c.value == "open: 25 · applied: 1" for c in at.caption)  # the credit's finding: applied
    # the demo's ten terms learned from its post-edit are no QA findings: counted apart
    assert any(c.value == "Not among them: 10 term(s) learned from the reference (reference-term)."
               for c in at.caption)
    assert "reference-term" not in json.dumps(_charts(at)[1])
    assert len(_charts(at)) == 4  # + reviewers
    team = next(d for d in at.dataframe if "progress" in d.value.columns)
    assert team.value.set_index("person")["progress"].isna()["Bob"]
    assert team.proto.placeholder == "—"  # Bob has no assigned segments: no progress, a dash
    at.number_input(key="dash_threshold").set_value(1.0).run()
    assert _metrics(at)["Verdict"] == "PASS"
    at.radio(key="dash_scope").set_value("project").run()
    assert not at.exception and _metrics(at)["Errors"] == "2"


def test_scores_without_an_interval_show_a_dash(app_db: Path) -> None:
    at = app_test("dashboard", app_db)
    at.number_input(key="dash_bootstrap").set_value(0).run()
    scores = at.dataframe[0]
    assert scores.value["MT ±95%"].isna().all()  # no resampling: no interval
    assert scores.proto.placeholder == "—"  # shown as a dash, not "None"


def test_dashboard_and_findings_page_count_the_same_after_edits(app_db: Path) -> None:
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    rows = store.segment_page(document.id, limit=100).rows
    ann = person(store, "Ann")
    store.edit_corrected(rows[16].id, "", actor=ann)  # an untranslated caption deleted: its finding resolved
    dashes = rows[26]  # four—hour fixed by hand, a doubled word brought in
    store.edit_corrected(dashes.id, dashes.corrected.replace("four—hour", "four-hour").replace("take", "take take"),
                         actor=ann)
    store.dismiss_finding(store.segment_detail(rows[27].id).findings[0].id, actor=ann)
    dashboard = app_test("dashboard", app_db)
    counts = next(c.value for c in dashboard.caption if c.value.startswith("open: "))
    assert counts == "open: 24 · dismissed: 1 · resolved by edit: 2"  # QA findings; and apart, learned terms:
    assert any(c.value.startswith("Not among them: 10 term(s) learned") for c in dashboard.caption)
    findings = app_test("findings", app_db)  # open findings by default: both
    assert "34 findings · click a row to work on its segment in Review" in [c.value for c in findings.caption]
    findings.multiselect(key="findings_states").set_value(["resolved"]).run()
    resolved = [row for d in findings.dataframe for row in d.value[["#", "state"]].values.tolist()]
    assert sorted(resolved) == [[17, "resolved by edit"], [27, "resolved by edit"]]
    findings.multiselect(key="findings_states").set_value(["open"]).run()
    findings.multiselect(key="findings_checks").set_value(["doubled-word"]).run()
    assert findings.dataframe[0].value[["text", "in", "state"]].values.tolist() == [[" take", "corrected", "open"]]


def test_the_reports_are_recomputed_for_the_projects_own_work_only(app_db: Path, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    """Another project's work and an account change leave the Dashboard's cached reports as they are; a change
    in the project (a colleague's edit) makes them anew."""
    from review_app.model import AlignedSegment
    from review_app.store.reports import Reports

    computed: list[str] = []
    for name in ("corpus_report", "progress"):
        original = getattr(Reports, name)

        def counted(self: Reports, *args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            computed.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Reports, name, counted)
    at = app_test("dashboard", app_db)
    assert computed == ["corpus_report", "progress"]
    store = Store(str(app_db))
    admin = person(store, "Ann")
    other = store.create_project("Other", "ru", "en", actor=admin)
    document = store.add_document(other.id, "d", [AlignedSegment("A cat.", "A cat.", None, [0], [0])], actor=admin)
    store.edit_corrected(store.segment_page(document.id).rows[0].id, "The cat.", actor=admin)
    person(store, "Newcomer", "reviewer")
    at.run()
    assert not at.exception and computed == ["corpus_report", "progress"]
    demo = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    row = store.segment_page(demo.id).rows[3]
    store.edit_corrected(row.id, row.mt + " Edited.", actor=admin)
    store.close()
    at.run()
    assert not at.exception and computed == ["corpus_report", "progress"] * 2


def test_a_large_scopes_figures_are_made_outside_the_rerun(app_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``dashboard_data.LARGE`` segments the rerun does not compute: a worker process makes the figures while
    the page says so; the page then draws them (sacrebleu's numbers), and after a colleague's edit it keeps
    drawing the newest figures it has while newer ones are made."""
    from review_app.app.components import dashboard_data

    monkeypatch.setattr(dashboard_data, "LARGE", 10)
    store = Store(str(app_db))
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    at = app_test("dashboard", app_db)
    assert not at.exception and not at.dataframe
    assert any("in the background" in i.value for i in at.info)
    dashboard_data.wait()
    at.run()
    assert not at.exception and not at.info
    mt, ref, _corrected = store.texts([document.id])
    assert at.dataframe[0].value.set_index("metric").loc["chrF", "MT"] == sacrebleu.corpus_chrf(mt, [ref]).score
    row = store.segment_page(document.id).rows[3]
    store.edit_corrected(row.id, "A different text altogether.", actor=person(store, "Ann"))
    at.run()
    assert any("from before the newest changes" in i.value for i in at.info) and at.dataframe
    dashboard_data.wait()
    at.run()
    _mt, _ref, corrected = store.texts([document.id], skip_deleted=True)
    assert not at.info
    assert at.dataframe[0].value.set_index("metric").loc["chrF", "corrected"] == pytest.approx(
        sacrebleu.corpus_chrf(corrected, [_ref]).score)
    store.close()


def _worker_priority() -> dict[str, Any]:
    """In the figures' worker, after numpy (and its BLAS threads) is loaded: every thread's nice value and
    scheduling policy."""
    import numpy

    numpy.ones((64, 64)) @ numpy.ones((64, 64))  # BLAS at work: any helper threads it has are started
    threads = os.listdir("/proc/self/task")
    # /proc/…/stat: the 19th field is the nice value (after the command in parentheses, the 17th)
    nice = [int(Path(f"/proc/self/task/{t}/stat").read_text().rpartition(")")[2].split()[16]) for t in threads]
    return {"nice": nice, "policies": [os.sched_getscheduler(int(t)) for t in threads]}


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads Linux's /proc")
def test_the_figures_worker_and_all_its_threads_run_at_the_lowest_priority() -> None:
    """Each of the worker's threads (numpy's BLAS helpers included, which start when numpy is imported) runs at
    nice 19 under the normal policy: a reviewer's click in the server (nice 0) gets nearly all the CPU, and the
    worker still progresses on a busy machine (the idle policy starved it there)."""
    from review_app.app.components import dashboard_data

    with dashboard_data._plain_main():
        seen = dashboard_data._pool().submit(_worker_priority).result(timeout=120)
    assert set(seen["nice"]) == {19}, seen
    assert set(seen["policies"]) == {os.SCHED_OTHER}, seen


_SERVER = """
import os, sys, time
sys.path.insert(0, {repo!r})
from review_app.app.components import dashboard_data
with dashboard_data._plain_main():
    print(dashboard_data._pool().submit(os.getpid).result(timeout=120), flush=True)
time.sleep(600)  # killed long before
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; its new parent reaps it when it will


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads Linux's /proc")
def test_the_figures_worker_ends_with_the_server(tmp_path: Path) -> None:
    """A server killed outright (SIGKILL: no clean-up of its own) leaves no figures worker behind: the worker holds
    both ends of its task queue, so it would wait for work for ever; it notices its parent has gone and ends."""
    import subprocess
    import sys
    import time

    script = tmp_path / "server.py"
    script.write_text(_SERVER.format(repo=str(Path(__file__).resolve().parent.parent)))
    server = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    worker = 0
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline())
        assert _running(worker)
        server.kill()
        server.wait(30)
        deadline = time.monotonic() + 60
        while _running(worker) and time.monotonic() < deadline:  # waiting for another process: no event to join
            time.sleep(0.1)
        assert not _running(worker)
    finally:
        server.kill()
        if worker and _running(worker):
            os.kill(worker, signal.SIGKILL)
