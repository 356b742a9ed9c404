"""Per-segment statistics (``segments.stats``): kept in step with the texts by every write path, and the
project's corpus scores and bootstrap intervals made from them equal sacrebleu's on the texts."""

from __future__ import annotations

from typing import Any

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sqlalchemy import select, update

import review_app.scoring.metrics as metrics
from review_app.scoring.registry import default_metrics
from review_app.store import Store
from review_app.store.models import Segment
from tests.people import person


def _fresh(texts: list[str], refs: list[str]) -> list[dict[str, list[float]]]:
    return [rows for _scores, rows in metrics.scores_and_statistics(texts, [refs], (), default_metrics())]


def _assert_in_step(store: Store) -> int:
    """Every segment's stored rows are those of its MT and of its corrected text; the number of segments edited."""
    with store.engine.connect() as connection:
        rows = connection.execute(select(Segment.mt, Segment.ref, Segment.corrected, Segment.stats)
                                  .order_by(Segment.id)).all()
    refs = [r.ref for r in rows]
    for side, texts in (("mt", [r.mt for r in rows]), ("corrected", [r.corrected for r in rows])):
        expected = _fresh(texts, refs)
        for row, want in zip(rows, expected, strict=True):
            assert {name: entry[side] for name, entry in row.stats.items()} == want, (side, row.corrected)
    return sum(r.corrected != r.mt for r in rows)


def _segment_with(store: Store, document_id: int, text: str) -> int:
    return next(r.id for r in store.segment_page(document_id, limit=100).rows if text in r.mt)


def test_every_write_path_keeps_the_statistics_in_step(demo_store: Store) -> None:
    store = demo_store
    document_id = store.documents(store.projects()[0].id)[0].id
    ann = person(store, "ann")
    assert _assert_in_step(store) == 0  # the import (the demo: the importer's pipeline)
    dash = _segment_with(store, document_id, "long—awaited")
    store.edit_corrected(dash, "A wholly different sentence.", actor=ann)
    assert _assert_in_step(store) == 1  # edit
    store.undo_last(dash, actor=ann)
    assert _assert_in_step(store) == 0  # undo
    finding = next(f for f in store.segment_detail(dash).findings if f.check == "dash-in-compound")
    store.apply_fix(finding.id, actor=ann)
    assert _assert_in_step(store) == 1  # fix
    store.undo_last(dash, actor=ann)
    plan = store.plan_fix_to_similar(finding.id)
    result = store.apply_plan(plan, actor=ann)
    assert _assert_in_step(store) >= 1  # batch
    store.undo_batch(result.batch_id, actor=ann)
    assert _assert_in_step(store) == 0  # undo of a batch


def _sacrebleu(texts: list[str], refs: list[str], n_bootstrap: int) -> dict[str, Any]:
    out = {}
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("chrf++", CHRF(word_order=2)), ("ter", TER())):
        out[name] = metric.corpus_score(texts, [refs], n_bootstrap=n_bootstrap)
    return out


def test_project_scores_and_intervals_are_sacrebleus_without_scoring_a_text(
        demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = demo_store
    document_id = store.documents(store.projects()[0].id)[0].id
    ann = person(store, "ann")
    store.edit_corrected(_segment_with(store, document_id, "long—awaited"), "Cities wait for it.", actor=ann)
    credit = _segment_with(store, document_id, "Photo: TASS")
    store.edit_corrected(credit, "", actor=ann)  # deleted: out of both columns
    mt, ref, corrected = store.texts([document_id], skip_deleted=True)

    def no_scoring(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a report scored texts")

    monkeypatch.setattr(metrics, "segment_statistics", no_scoring)
    report = store.corpus_report([document_id], n_bootstrap=100)
    monkeypatch.undo()
    assert report.segments == len(mt) and report.deleted >= 1
    for column, texts in ((report.mt, mt), (report.corrected, corrected)):
        expected = _sacrebleu(texts, ref, 100)
        assert set(column) == set(expected)
        for name, score in expected.items():
            got = column[name]
            assert got.score == score.score, name
            assert (got.ci_mean, got.ci_half_width) == (float(score._mean), float(score._ci)), name
            assert got.metric == name


def test_rows_a_segment_lacks_are_computed_for_it_alone(demo_store: Store) -> None:
    """A metric installed after the segments were stored has no rows yet: the report computes those segments'
    rows (and only theirs) and its numbers are still sacrebleu's."""
    store = demo_store
    document_id = store.documents(store.projects()[0].id)[0].id
    with store.engine.begin() as connection:
        first = connection.execute(select(Segment.id).order_by(Segment.id).limit(2)).scalars().all()
        connection.execute(update(Segment).where(Segment.id.in_(first)).values(stats={}))
    mt, ref, corrected = store.texts([document_id], skip_deleted=True)
    report = store.corpus_report([document_id], n_bootstrap=0)
    for column, texts in ((report.mt, mt), (report.corrected, corrected)):
        for name, score in _sacrebleu(texts, ref, 0).items():
            assert column[name].score == score.score, name
