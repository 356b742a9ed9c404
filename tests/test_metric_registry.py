"""The metric registry: each metric declared once, and every layer follows it.

chrF++ per segment is the proof: it is declared in ``scoring/registry.py`` and nothing else names it,
yet it is scored per segment, stored (by metric id, with its signature: no column of its own), shown
and exported.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.pipeline import CONTRACT_KEYS, add_sentence_scores, contract_record
from review_app.scoring.metrics import score_corpus, sentence_scores
from review_app.scoring.registry import CORPUS_METRICS, METRICS, SENTENCE_METRICS, metric_spec, parse_metrics
from review_app.scoring.sacrebleu_scorers import SacrebleuScorer
from review_app.scoring.scorer import Scorer
from review_app.store import Store
from review_app.store.models import Segment
from tests.people import OP, person

HYPS = ["The cat sat on the mat.", "A time—tested friend came by yesterday.", "", "Prices rose by 5 percent."]
REFS = ["The cat is sitting on the mat.", "A time-tested friend came yesterday.", "Nothing.", "Prices went up 5%."]


def _sacrebleu_sentence(name: str, hyp: str, ref: str) -> float:
    spec = METRICS[name]
    assert isinstance(spec, SacrebleuScorer)
    return spec.cls(**{**spec.options, **spec.sentence_options}).sentence_score(hyp, [ref]).score


def test_every_metric_is_declared_once_with_what_the_layers_need() -> None:
    assert list(METRICS) == [spec.id for spec in METRICS.values()]
    for spec in METRICS.values():
        assert isinstance(spec, Scorer) and spec.label and not spec.needs_source and not spec.costly
        # sacrebleu's four; the post-edit rates (scoring/edit_scorers.py) only on request
        assert spec.on_request or (isinstance(spec, SacrebleuScorer) and isinstance(spec.make(), spec.cls))
    assert "chrf++" in SENTENCE_METRICS and set(CORPUS_METRICS) == {m for m in METRICS if not METRICS[m].on_request}
    assert [m for m in METRICS if METRICS[m].on_request] == ["hter", "edit-rate"]
    assert [m for m in METRICS if not METRICS[m].higher_is_better] == ["ter", "hter", "edit-rate"]


def test_unknown_metrics_are_refused_with_the_choices() -> None:
    assert parse_metrics("BLEU, chrf++") == ["bleu", "chrf++"]
    with pytest.raises(InputError, match=r"unknown metric.*meteor.*choose from bleu, chrf, chrf\+\+, ter"):
        parse_metrics("bleu,meteor")
    with pytest.raises(InputError, match="choose from"):
        metric_spec("comet")


@pytest.mark.parametrize("name", SENTENCE_METRICS)
def test_sentence_scores_follow_the_registry_and_equal_sacrebleu(name: str) -> None:
    ours = sentence_scores(HYPS, [REFS])
    for i, (hyp, ref) in enumerate(zip(HYPS, REFS, strict=True)):
        expected = None if not hyp else _sacrebleu_sentence(name, hyp, ref)
        assert ours[i][name] == expected, (i, name)


def test_corpus_scores_follow_the_registry() -> None:
    corpus = score_corpus(HYPS, [REFS], n_bootstrap=0).corpus
    assert list(corpus) == list(CORPUS_METRICS)
    for name, score in corpus.items():
        assert score.score == METRICS[name].make().corpus_score(HYPS, [REFS]).score


def test_align_contract_has_a_key_per_sentence_metric() -> None:
    segment = AlignedSegment(HYPS[0], REFS[0], None, [0], [0])
    add_sentence_scores([segment])
    assert tuple(contract_record(segment)) == CONTRACT_KEYS
    assert CONTRACT_KEYS[-len(SENTENCE_METRICS):] == SENTENCE_METRICS
    assert contract_record(segment)["chrf++"] == _sacrebleu_sentence("chrf++", HYPS[0], REFS[0])


def test_store_keeps_every_sentence_metric_by_id_with_its_signature(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "review.db"))
    project = store.create_project("P", "ru", "en", actor=OP)
    segments = [AlignedSegment(HYPS[0], REFS[0], None, [0], [0])]
    add_sentence_scores(segments)
    document = store.add_document(project.id, "d", segments, [[]], actor=OP)
    with store.engine.connect() as connection:
        (stored,) = connection.execute(select(Segment.scores).where(Segment.document_id == document.id)).scalars()
    assert list(stored) == list(SENTENCE_METRICS)
    for name in SENTENCE_METRICS:
        metric = METRICS[name].make(sentence=True)
        metric.num_refs = 1  # sacrebleu learns it from the references
        assert stored[name] == {"mt": segments[0].scores[name], "corrected": segments[0].scores[name],
                                "signature": metric.get_signature().format()}
    store.close()


def test_chrfpp_is_stored_rescored_and_exported_per_segment(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "review.db"))
    project = store.create_project("P", "ru", "en", actor=OP)
    segments = [AlignedSegment(h, r, None, [i], [i]) for i, (h, r) in enumerate(zip(HYPS, REFS, strict=True))]
    add_sentence_scores(segments)
    document = store.add_document(project.id, "d", segments, [[] for _ in segments], actor=OP)
    row = store.segment_page(document.id, offset=1, limit=1).rows[0]
    assert list(row.scores) == list(SENTENCE_METRICS) == list(row.corrected_scores)
    assert row.scores["chrf++"] == _sacrebleu_sentence("chrf++", HYPS[1], REFS[1])

    store.edit_corrected(row.id, REFS[1], actor=person(store, "ann"), expected_version=row.version)
    edited = store.segment_detail(row.id).segment
    assert edited.corrected_scores == {name: _sacrebleu_sentence(name, REFS[1], REFS[1]) for name in SENTENCE_METRICS}
    assert edited.scores == row.scores  # the MT's scores are kept

    exported = tmp_path / "out.tsv"
    store.write_export([document.id], "tsv", exported)
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8")), delimiter="\t"))
    props = json.loads(rows[1]["props"])
    for name in SENTENCE_METRICS:
        assert float(props[f"corrected_{name}"]) == pytest.approx(edited.corrected_scores[name], abs=0.01)
        assert float(props[name]) == pytest.approx(row.scores[name], abs=0.01)
