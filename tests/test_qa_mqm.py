"""``qa`` over Google's MQM TSV (WMT21 TED en→de): system MQM scores as Google's README tables give them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import shared_corpus

from review_app.qa import QaSettings, pair_documents, run_qa

# Reproduced from the error-level TSV (PROVENANCE.md; the upstream README rounds eTranslation to 1.96).
TED_ENDE = {
    "ref": 0.912, "Facebook-AI": 1.056, "Online-W": 1.122, "VolcTrans-AT": 1.241, "metricsystem3": 1.436,
    "VolcTrans-GLAT": 1.494, "HuaweiTSC": 1.498, "metricsystem1": 1.629, "metricsystem2": 1.694,
    "metricsystem5": 1.716, "UEdin": 1.772, "metricsystem4": 1.776, "eTranslation": 1.969, "Nemo": 2.141,
}


def test_ted_ende_system_mqm_scores(tmp_path: Path) -> None:
    tsv = shared_corpus("google-mqm-wmt") / "ted" / "mqm_ted_ende.tsv"
    docs = pair_documents(tsv)
    assert docs[0].format == "mqm"
    summary = run_qa(docs, QaSettings(lang="de", src_lang="en", metrics=()), tmp_path / "report")
    mqm = summary["overall"]["mqm"]
    assert {s["system"]: round(s["score"], 3) for s in mqm["systems"]} == TED_ENDE
    assert [s["system"] for s in mqm["systems"]] == list(TED_ENDE)  # best (lowest) first
    assert {s["segments"] for s in mqm["systems"]} == {529} and mqm["segments"] == 7406
    assert summary["overall"]["scores"] == {} and summary["overall"]["scored_segments"] == 0  # no references
    # Segment scores equal Google's own avg_seg_scores (negated there), for every rated segment.
    google = {}
    scores_file = tsv.parent.parent / "avg_seg_scores" / "mqm_ted_ende.avg_seg_scores.tsv"
    for line in scores_file.read_text("utf-8").splitlines()[1:]:
        system, score, seg_id = line.split()
        if score != "None":
            google[f"{system.replace('ref-A', 'ref')}:{seg_id}"] = -float(score)  # "ref" in the TSV
    segments = [json.loads(line) for line in (tmp_path / "report" / "segments.jsonl").open(encoding="utf-8")]
    ours = {f"{s['unit'].split(':')[0]}:{s['unit'].split(':')[-1]}": s["mqm"] for s in segments}
    assert ours.keys() == google.keys()
    assert all(ours[key] == pytest.approx(google[key], abs=1e-6) for key in google)
