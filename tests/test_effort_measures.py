"""Post-editing effort measures: HTER (sacrebleu's TER), character edit rate, bands, word-weighted summaries,
and time to edit from the gaps between a reviewer's actions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sacrebleu.metrics.ter import TER

from review_app.effort import (
    BAND_LABELS,
    Action,
    active_seconds,
    band_of,
    edit_rate,
    hters,
    reviewer_speeds,
    segment_efforts,
    summarize,
    summarize_by,
)
from review_app.effort.aggregate import weighted_median
from review_app.effort.measures import similarity
from review_app.effort.timing import segment_seconds

PAIRS = [
    ("The cat sat on the mat .", "The cat sat on the mat ."),
    ("the cat sat on the mat", "The cat sat on the mat"),  # case only: TER 0, not accepted as is
    ("a b c d", "c d a b"),  # a shift
    ("Hello", ""),  # deleted
    ("", "Hello world"),  # added
    ("", ""),
    ("one two three four five six seven eight nine ten eleven", "one two three"),
]


def test_hter_is_sacrebleus_ter_capped_at_one() -> None:
    ter = TER()
    expected = [min(1.0, ter.sentence_score(mt, [pe]).score / 100) for mt, pe in PAIRS]
    assert hters([mt for mt, _ in PAIRS], [pe for _, pe in PAIRS]) == pytest.approx(expected, abs=1e-12)
    assert hters(["a b c d e"], ["x"]) == [1.0]  # TER 500 is stored as 1, as MLQE-PE does
    with pytest.raises(ValueError, match="2 MT segments but 1 post-edits"):
        hters(["a", "b"], ["a"])


def test_character_edit_rate_is_levenshtein_over_the_longer_text() -> None:
    assert edit_rate("kitten", "sitting") == pytest.approx(100 * 3 / 7)
    assert edit_rate("abc", "abc") == 0.0
    assert edit_rate("", "") == 0.0
    assert edit_rate("abc", "") == 100.0
    assert edit_rate("Cat", "cat") == pytest.approx(100 / 3)  # a case fix is an edit


@pytest.mark.parametrize(("distance", "length", "band"), [
    (0, 100, "100%"), (1, 1000, "95-99%"), (5, 100, "95-99%"), (6, 100, "85-94%"), (15, 100, "85-94%"),
    (16, 100, "75-84%"), (25, 100, "75-84%"), (26, 100, "50-74%"), (50, 100, "50-74%"), (51, 100, "<50%"),
])
def test_bands_are_the_fuzzy_bands_of_the_whole_similarity(distance: int, length: int, band: str) -> None:
    mt = "a" * length
    pe = "b" * distance + "a" * (length - distance)
    assert similarity(mt, pe) == (100 * (length - distance)) // length
    assert band_of(similarity(mt, pe)) == band
    assert segment_efforts([mt], [pe])[0].band == band


def test_every_similarity_has_exactly_one_band() -> None:
    assert [band_of(s) for s in (100, 99, 95, 94, 85, 84, 75, 74, 50, 49, 0)] == [
        "100%", "95-99%", "95-99%", "85-94%", "85-94%", "75-84%", "75-84%", "50-74%", "50-74%", "<50%", "<50%"]
    with pytest.raises(ValueError):
        band_of(101)


def test_summaries_weigh_by_mt_words() -> None:
    efforts = segment_efforts(["a b c d e f g h", "x y", "p q r s"], ["a b c d e f g h", "z", "p q r t"])
    summary = summarize(efforts)
    assert (summary.segments, summary.words, summary.unchanged) == (3, 14, 1)
    assert summary.accepted_share == pytest.approx(1 / 3)
    assert summary.hter_mean == pytest.approx((0 * 8 + 1.0 * 2 + 0.25 * 4) / 14)
    assert summary.hter_median == 0.0  # the unchanged segment holds 8 of 14 words
    assert list(summary.bands) == list(BAND_LABELS)
    assert summary.bands["100%"].segments == 1 and summary.bands["100%"].words == 8
    assert sum(b.words for b in summary.bands.values()) == 14
    by = summarize_by(["d1", "d2", "d1"], efforts)
    assert list(by) == ["d1", "d2"] and by["d1"].segments == 2 and by["d2"].hter_mean == 1.0
    empty = summarize([])
    assert empty.hter_mean is None and empty.accepted_share is None


def test_the_weighted_median_is_the_lower_one() -> None:
    assert weighted_median([3.0, 1.0, 2.0], [1, 1, 1]) == 2.0
    assert weighted_median([1.0, 2.0], [1, 1]) == 1.0
    assert weighted_median([1.0, 2.0], [1, 3]) == 2.0
    assert weighted_median([1.0], [0]) is None


T0 = datetime(2026, 3, 2, 9, 0, 0)


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_time_to_edit_is_the_gap_before_each_action_up_to_the_idle_threshold() -> None:
    actions = [
        Action("ann", _at(0), 1),  # starts the session: no time
        Action("ann", _at(40), 1),  # 40 s on segment 1
        Action("ann", _at(100), 2),  # 60 s on segment 2
        Action("bob", _at(110), 2),  # bob's first action
        Action("ann", _at(100 + 301), 3),  # idle (301 s > 300): nothing
        Action("ann", _at(430), 3),  # 29 s on segment 3
        Action("ann", _at(431), 4, batch=True),  # a mass change: no time, but it ends the gap
        Action("ann", _at(441), 3),  # 10 s on segment 3
        Action("bob", _at(170), 2),  # 60 s on segment 2 for bob
    ]
    seconds = active_seconds(actions)
    assert seconds == {(1, "ann"): 40.0, (2, "ann"): 60.0, (3, "ann"): 39.0, (2, "bob"): 60.0}
    assert segment_seconds(seconds) == {1: 40.0, 2: 120.0, 3: 39.0}
    assert active_seconds(actions, idle_seconds=400)[(3, "ann")] == 301 + 29 + 10
    speeds = reviewer_speeds(seconds, {1: 10, 2: 20, 3: 30, 4: 99})
    assert (speeds["ann"].seconds, speeds["ann"].segments, speeds["ann"].words) == (139.0, 3, 60)
    assert speeds["ann"].words_per_hour == pytest.approx(3600 * 60 / 139)
    assert speeds["bob"].words_per_hour == pytest.approx(3600 * 20 / 60)
    with pytest.raises(ValueError):
        active_seconds(actions, idle_seconds=-1)


def test_actions_at_the_same_time_keep_their_recorded_order() -> None:
    actions = [Action("ann", _at(0), 1), Action("ann", _at(30), 1), Action("ann", _at(30), 2)]
    assert active_seconds(actions) == {(1, "ann"): 30.0, (2, "ann"): 0.0}
