"""The scorer interface beyond sacrebleu: an edit rate (RateScorer, the shape of HTER and the character
edit rate) and a costly mean metric go through the same engine: segment and corpus scores, bootstrap
CIs, signatures, paired tests, qa gates, default metric lists."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein
from sqlalchemy import select

from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.qa.gates import gate_spec
from review_app.scoring.metrics import paired_test, score_corpus
from review_app.scoring.paired import approximate_randomization, paired_bootstrap
from review_app.scoring.registry import default_metrics, register, sentence_metrics, unregister
from review_app.scoring.scorer import MeanScorer, RateScorer
from review_app.scoring.stats import segment_statistics
from review_app.store import Store
from review_app.store.models import Segment
from tests.people import OP, person

HYPS = ["the cat sat", "a dog", "", "hello world"]
REFS = ["the cat sat down", "the dog", "nothing", "hello world"]


class CharEditRate(RateScorer):
    id = "cer"
    label = "CER"

    def options(self) -> dict[str, str]:
        return {"unit": "char"}

    def segment_counts(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                       sources: Sequence[str | None] | None) -> list[tuple[float, float]]:
        return [(Levenshtein.distance(h, references[0][i]), len(references[0][i])) for i, h in enumerate(hypotheses)]


class Expensive(MeanScorer):
    id = "expensive"
    label = "Expensive"
    costly = True

    def score_segments(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                       sources: Sequence[str | None] | None) -> list[float]:
        return [float(len(h)) for h in hypotheses]


@pytest.fixture
def registered() -> Iterator[None]:
    register(CharEditRate())
    register(Expensive())
    try:
        yield
    finally:
        unregister("cer")
        unregister("expensive")


def test_an_edit_rate_scores_per_segment_and_per_corpus(registered: None) -> None:
    scores = score_corpus(HYPS, [REFS], metrics=("cer",), corpus_metrics=("cer",), n_bootstrap=200)
    edits = [Levenshtein.distance(h, r) for h, r in zip(HYPS, REFS, strict=True)]
    assert [s["cer"] for s in scores.sentence] == [100 * e / len(r) if h else None
                                                  for h, e, r in zip(HYPS, edits, REFS, strict=True)]
    corpus = scores.corpus["cer"]
    assert corpus.score == pytest.approx(100 * sum(edits) / sum(map(len, REFS)))
    assert corpus.ci_half_width is not None and corpus.ci_half_width > 0
    assert corpus.signature.startswith("metric:cer|unit:char|nrefs:1|bs:200|seed:12345|version:")


def test_its_paired_tests_and_its_gate(registered: None) -> None:
    rows, _ = segment_statistics(HYPS, [REFS], ["cer"])
    assert rows["cer"].dtype == np.float64  # not counts: summed as floats, in order
    same = approximate_randomization("cer", rows["cer"], rows["cer"], 100)
    assert same.score == same.baseline and same.p_value == 1 / 101  # sacrebleu's rule: (0 + 1) / (trials + 1)
    better, _ = segment_statistics(REFS, [REFS], ["cer"])
    outcome = paired_bootstrap("cer", rows["cer"], better["cer"], 100)
    assert outcome.score == 0.0 and outcome.baseline > 0 and outcome.p_value is not None
    table = paired_test([("a", HYPS), ("b", REFS)], [REFS], metrics=("cer",), n_samples=50)
    assert [r.p_value is None for r in table] == [True, False]
    gate = gate_spec("cer")
    assert (gate.kind, gate.flag, gate.minimum) == ("max_cer", "--max-cer", False)


def test_a_costly_metric_runs_only_when_asked_for(registered: None) -> None:
    assert "cer" in default_metrics() and "expensive" not in default_metrics()
    assert "expensive" not in sentence_metrics() and "expensive" in sentence_metrics(costly=True)
    assert score_corpus(HYPS, [REFS], metrics=(), corpus_metrics=("expensive",), n_bootstrap=0
                        ).corpus["expensive"].score == pytest.approx(np.mean([len(h) for h in HYPS]))


def test_scores_of_a_metric_no_longer_registered_stay_stored_but_unlisted(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "review.db"))
    project = store.create_project("P", "ru", "en", actor=OP)
    register(CharEditRate())
    try:
        segments = [AlignedSegment(h, r, None, [i], [i]) for i, (h, r) in enumerate(zip(HYPS, REFS, strict=True))]
        add_sentence_scores(segments)
        document = store.add_document(project.id, "d", segments, [[] for _ in segments], actor=OP)
        assert "cer" in store.segment_page(document.id).rows[0].scores
    finally:
        unregister("cer")
    row = store.segment_page(document.id).rows[0]
    assert list(row.scores) == ["bleu", "chrf", "chrf++", "ter"]  # the pages iterate the registry's metrics
    store.edit_corrected(row.id, REFS[0], actor=person(store, "ann"))
    with store.engine.connect() as connection:
        stored = connection.execute(select(Segment.scores).where(Segment.id == row.id)).scalar_one()
    assert stored["cer"]["mt"] == 100 * Levenshtein.distance(HYPS[0], REFS[0]) / len(REFS[0])
    store.close()
