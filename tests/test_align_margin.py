"""Min-marginal confidence: the reversed pass is the exact cost-to-go, and margins behave as defined."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.align import AlignParams, align
from review_app.align.band import Cells, run
from review_app.align.dp import CostModel, build_moves
from review_app.align.margin import _backward
from review_app.align.similarity import Similarity
from review_app.align.uncertain import UNCERTAIN_BELOW

WORDS = ["peace", "talks", "china", "russia", "agreement", "minister", "said", "trade", "road", "forum"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
PARAMS = AlignParams()
MODEL = CostModel(PARAMS.skip_cost, PARAMS.merge_cost, PARAMS.length_weight, PARAMS.char_weight,
                  PARAMS.paragraph_cost, PARAMS.merge_length, PARAMS.confidence_scale)
TYPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2), (1, 4), (4, 1))


def _cost_to_go_by_brute_force(cells: Cells, moves: list, skip_ref: np.ndarray, n: int, m: int) -> np.ndarray:
    """B(c) by plain recursion over every cell, last cell first (the definition, no reversal)."""
    flat = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(cells.i, cells.j, strict=True))}
    out = np.full(len(cells.i), np.inf)
    for k in sorted(range(len(cells.i)), key=lambda k: (-cells.i[k], -cells.j[k])):
        i, j = int(cells.i[k]), int(cells.j[k])
        if (i, j) == (n, m):
            out[k] = 0.0
            continue
        best = np.inf
        if (i, j + 1) in flat:
            best = min(best, skip_ref[j] + out[flat[(i, j + 1)]])
        for move in moves:
            end = flat.get((i + move.a, j + move.b))
            if end is not None and move.pred[end] == k:
                best = min(best, move.cost[end] + out[end])
        out[k] = best
    return out


@settings(max_examples=30, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=9), st.lists(sentence, min_size=1, max_size=9))
def test_reversed_pass_equals_the_cost_to_go(mt: list[str], ref: list[str]) -> None:
    sim = Similarity(mt, ref)
    cells = Cells.from_band([(0, len(ref))] * (len(mt) + 1))
    moves, skip_ref = build_moves(sim, sim.lengths(), cells, MODEL, TYPES, None)
    forward, _ = run(cells, moves, skip_ref)
    backward = _backward(cells, moves, skip_ref, len(mt), len(ref))
    expected = _cost_to_go_by_brute_force(cells, moves, skip_ref, len(mt), len(ref))
    assert np.allclose(backward, expected)
    assert np.isclose(backward[0], forward[-1])  # from the start, the cost-to-go is the optimum
    assert np.all(forward + backward >= forward[-1] - 1e-9)


def test_an_ambiguous_link_is_less_confident_than_a_clear_one() -> None:
    """The same sentence twice in the reference: either copy could be the partner, so the link is flagged."""
    mt = ["The minister said the talks on trade would resume in May.", "Grain prices rose again this week."]
    clear = align(mt, ["The minister said that trade talks would resume in May.", "Grain prices rose again."])
    doubled = align(mt, ["The minister said that trade talks would resume in May.",
                         "The minister said that trade talks would resume in May.", "Grain prices rose again."])
    assert clear[0].confidence > 0.8
    first = next(link for link in doubled if 0 in link.mt)
    assert first.confidence < clear[0].confidence and first.confidence < UNCERTAIN_BELOW < clear[0].confidence


def test_moves_made_as_rows_of_one_table_are_read_without_a_copy() -> None:
    """The forward pass reads the moves' costs and predecessors as one array each: the moves' own table when
    they are its rows in order (no 70 MB copy at 20,000 sentences), else a stacked copy, the same values."""
    from review_app.align.band import move_rows, stacked

    costs, preds = move_rows(3, 5)
    assert stacked(list(costs)) is costs and stacked(list(preds)) is preds
    assert np.isinf(costs).all() and not preds.any()
    others = [np.arange(5.0), np.ones(5), costs[2]]
    assert np.array_equal(stacked(others), np.stack(others)) and stacked(others).base is not costs
    reordered = [costs[1], costs[0], costs[2]]
    assert stacked(reordered) is not costs and np.array_equal(stacked(reordered), np.stack(reordered))
