"""The link-confidence model (review_app.align.calibrate): its signs, its weights file, and how
scripts/eval_align.py fits it per fold without the held-out document."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scripts_module import load_script
from shared_data import shared_corpus

from review_app.align import AlignParams, align, calibrate
from review_app.align.aligner import Link
from review_app.align.confidence_weights import WEIGHTS
from review_app.align.goldset import GoldSet
from review_app.align.similarity import Similarity

WEIGHTS_FILE = Path(calibrate.__file__).with_name("confidence_weights.py")
MT = ["The council met on Tuesday and voted to close the old bridge.", "Repairs will start in May."]


def _two_links(ref: list[str]) -> list[float]:
    """The model's confidence in two 1-1 links of MT against ``ref``, both sure in the search's terms."""
    links = [Link((0,), (0,), 0.99), Link((1,), (1,), 0.99)]
    return [float(c) for c in calibrate.confidences(calibrate.features(links, Similarity(MT, ref)))]


def test_a_passage_the_reference_cut_at_another_place_is_uncertain() -> None:
    """The same search margin; but in the first reference "voted to close the old bridge" has moved to the
    second sentence, so each link's characters match across the boundary between them."""
    moved = _two_links(["The council met on Tuesday.",
                        "It voted to close the old bridge, and repairs will start in May."])
    kept = _two_links(["The council met on Tuesday and decided to close the old bridge.", "Work begins in May."])
    assert max(moved) < 0.5 < 0.9 < min(kept)


def test_features_read_the_margin_the_crossing_a_left_out_sentence_and_the_sentences_joined() -> None:
    sim = Similarity(MT, ["The council met on Tuesday and voted to close the old bridge."])
    links = [Link((0,), (0,), 1 - math.exp(-2.0)), Link((1,), (), 1.0)]
    rows = calibrate.features(links, sim)
    assert rows[:, 0].tolist() == [1.0, 1.0]  # the bias
    assert rows[0, 1] == pytest.approx(2.0) and rows[1, 1] == calibrate.MOST_MARGIN
    # Joining the left-out "Repairs will start in May." to the pair matches a few letters by chance only.
    assert 0.0 <= rows[0, 2] == rows[1, 2] < 0.1
    assert rows[:, 3].tolist() == [0.0, 1.0]
    assert rows[:, 4].tolist() == [2.0, 1.0]
    # No word of the left-out sentence is in the first link's reference; the pair shares all its words.
    assert rows[:, 5].tolist() == [0.0, 0.0]
    assert rows[0, 6] == pytest.approx(1.0) and rows[1, 6] == 0.0
    assert calibrate.features([], sim).shape == (0, 7)


def test_words_across_a_boundary_and_words_shared_are_signs_of_a_wrong_link() -> None:
    """The reference put the bridge's name and the date in the next sentence: the first link's rare words
    are found across the boundary (read both ways), and each link shares fewer of its own words."""
    mt = ["Engineers inspected the Pont Neuf on 12 March and found cracks.", "Traffic was diverted at once."]
    moved = ["Engineers found cracks.", "After the inspection of the Pont Neuf on 12 March, traffic was diverted."]
    kept = ["Engineers inspected the Pont Neuf on 12 March and found cracks in it.", "Traffic was diverted."]
    links = [Link((0,), (0,), 0.99), Link((1,), (1,), 0.99)]
    across = calibrate.features(links, Similarity(mt, moved))
    same = calibrate.features(links, Similarity(mt, kept))
    assert across[0, 5] == across[1, 5] > 0.3 and same[:, 5].tolist() == [0.0, 0.0]
    assert max(across[:, 6]) < min(same[:, 6])
    assert max(calibrate.confidences(across)) < min(calibrate.confidences(same))


def test_a_link_of_more_sentences_is_less_sure_than_a_one_to_one_of_the_same_margin() -> None:
    """Three reference sentences joined to one MT sentence, every letter of them matched: the search is as
    sure of it as of the 1-1 beside it, but any of the three may belong with a neighbour instead."""
    mt = ["The council met on Tuesday, voted to close the old bridge and thanked the engineers.",
          "Repairs will start in May."]
    ref = ["The council met on Tuesday.", "It voted to close the old bridge.", "It thanked the engineers.",
           "Repairs will start in May."]
    links = [Link((0,), (0, 1, 2), 0.99), Link((1,), (3,), 0.99)]
    joined, single = calibrate.confidences(calibrate.features(links, Similarity(mt, ref)))
    assert joined < single


def test_the_aligner_gives_the_model_s_confidence_unless_told_not_to() -> None:
    ref = ["The council met on Tuesday.", "Repairs will start in May."]
    raw, calibrated = align(MT, ref, AlignParams(calibrate=False)), align(MT, ref)
    assert [(link.mt, link.ref) for link in raw] == [(link.mt, link.ref) for link in calibrated]
    rows = calibrate.features(raw, Similarity(MT, ref))
    assert [link.confidence for link in calibrated] == pytest.approx(calibrate.confidences(rows).tolist())


def test_the_weights_file_is_what_the_training_script_writes() -> None:
    training = load_script("train_link_confidence")
    assert WEIGHTS_FILE.read_text(encoding="utf-8") == training.render(WEIGHTS)
    assert len(WEIGHTS) == len(calibrate.FEATURES) + 1


def test_fitted_on_the_development_document_each_sign_points_the_right_way() -> None:
    """Fitted on the Text+Berg development document alone: a larger margin means right; characters or words
    across a boundary, a left-out sentence and more sentences in a link mean wrong (as the shipped weights,
    fitted on every gold set, say). The words a link's sides share mean right in the shipped weights; on
    Text+Berg alone, where the margin and the characters say most of it, that sign is too weak to fix."""
    evaluation = load_script("eval_align")
    shared_corpus("textberg-de-fr-dev")
    sets = [evaluation.textberg(), evaluation.textberg_de()]
    links = {gold.name: evaluation.run(gold, AlignParams(calibrate=False))[0] for gold in sets}
    for weights in (evaluation.fit_confidence(sets, links), WEIGHTS):
        _, margin, crossing, left_out, sentences, words_across, _ = weights
        assert margin < 0 < crossing and left_out > 0 and sentences > 0, weights
        assert words_across > 0, weights
    assert WEIGHTS[-1] < 0, WEIGHTS


def test_leave_one_out_fits_the_model_without_the_held_out_document(monkeypatch: pytest.MonkeyPatch) -> None:
    evaluation = load_script("eval_align")
    sentences = ["The port reopened on Monday.", "Workers repaired the crane.", "The mayor thanked them.",
                 "Ships carry grain again.", "The first barge left at noon.", "Prices should fall."]
    sets = [GoldSet(name, sentences, sentences, [((k,), (k,)) for k in range(6)], corpus=corpus, document=name)
            for name, corpus in (("a", "x"), ("b", "x"), ("c", "y"))]
    fitted_on: list[list[str]] = []
    fit = evaluation.fit_confidence

    def recording(train, links, rows=None):  # type: ignore[no-untyped-def]
        fitted_on.append([gold.name for gold in train])
        return fit(train, links, rows)

    monkeypatch.setattr(evaluation, "fit_confidence", recording)

    def aligner(gold: GoldSet, _params: AlignParams) -> list:  # type: ignore[type-arg]
        """The gold, but the second link cut into a link and a left-out sentence (wrong) in "a" and "c"."""
        if gold.name == "b":
            return [(bead, 0.9) for bead in gold.beads]
        return [(((0,), (0,)), 0.9), (((1,), ()), 0.1), (((), (1,)), 0.1), *((b, 0.9) for b in gold.beads[2:])]

    rows = evaluation.leave_one_out(sets, [AlignParams(calibrate=False)], recall=1.0, aligner=aligner,
                                    refit=True)["rows"]
    assert fitted_on == [["b", "c"], ["a", "c"], ["a", "b"]]
    # Fitted on documents whose left-out sentences are wrong, the model flags them in the one held out.
    assert {r["name"]: r["flag_recall"] for r in rows} == {"a": 1.0, "b": 1.0, "c": 1.0}
    assert {r["name"]: r["wrong"] for r in rows} == {"a": 2, "b": 0, "c": 2}
