"""Alignment evaluation: the scorer (strict/lax, per type, calibration) and gold sets built by construction."""

from __future__ import annotations

import bisect
import itertools

import regex
from shared_data import gold_corpus, shared_corpus

from review_app.align.evaluate import (
    calibration,
    flag_scores,
    lax_scores,
    read_beads,
    scores_by_kind,
    strict_scores,
    threshold_for_recall,
    wrong_links,
)
from review_app.align.goldset import CHROME, GoldSet, Recut, document, recut
from review_app.model import Sentence
from review_app.pipeline import align_sentences

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((), (4,)), ((4,), (5,))]


def test_strict_and_lax_scores_by_hand() -> None:
    predicted = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2, 3)), ((4,), (4, 5))]
    assert strict_scores(predicted, GOLD) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    # (1,):(1,) overlaps gold (1, 2):(1,); (4,):(4, 5) overlaps (4,):(5,): every predicted link is laxly right.
    assert lax_scores(predicted, GOLD) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    wrong = [((0,), (1,)), ((1, 2), (0,))]
    assert lax_scores(wrong, GOLD)["precision"] == 0.0


def test_scores_by_kind_split_precision_and_recall_per_type() -> None:
    predicted = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2, 3)), ((4,), (4, 5))]
    table = scores_by_kind(predicted, GOLD)
    assert table["1-1"]["gold"] == 2 and table["1-1"]["predicted"] == 2
    assert table["1-1"]["strict_precision"] == 0.5 and table["1-1"]["strict_recall"] == 0.5
    assert table["2-1"]["strict_recall"] == 0.0 and table["2-1"]["predicted"] == 0
    assert table["1-2"]["strict_precision"] == 0.5 and table["1-2"]["strict_recall"] == 1.0
    assert table["all"]["strict_f1"] == strict_scores(predicted, GOLD)["f1"]


def test_calibration_bins_by_confidence() -> None:
    links = [(((0,), (0,)), 0.9), (((1,), (1,)), 0.95), (((3,), (2, 3)), 0.3), (((4,), (4, 5)), 0.2)]
    table = calibration(links, GOLD)
    assert table["> 0.8"] == {"links": 2, "share": 0.5, "precision": 0.5}
    assert table["< 0.5"]["precision"] == 0.5 and table["0.5-0.8"]["links"] == 0


def test_wrong_links_count_skips_against_what_the_gold_pairs() -> None:
    # GOLD leaves reference sentence 4 out and pairs everything else; MT sentence 2 is paired in (1, 2):(1,).
    predicted = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2, 3)), ((), (4,)), ((4,), (5,))]
    assert wrong_links(predicted, GOLD) == [False, True, True, False, False, False]
    # A sentence in no gold bead at all is rightly left out too.
    assert wrong_links([((0,), ()), ((1,), (0,))], [((1,), (0,))]) == [False, False]


def test_flag_scores_and_the_threshold_that_reaches_a_recall() -> None:
    links = [(((0,), (0,)), 0.9), (((1,), (1,)), 0.2), (((2,), ()), 0.4), (((3,), (2, 3)), 0.3), (((4,), (5,)), 0.95)]
    flags = flag_scores(links, GOLD, below=0.5)
    assert flags == {"links": 5, "flagged": 3, "wrong": 2, "wrong_flagged": 2, "share": 0.6, "recall": 1.0}
    assert flag_scores(links, GOLD, below=0.3)["recall"] == 0.5
    # Wrong links at 0.2 (weight 1) and 0.4 (weight 3): half the weight needs 0.4 flagged, a quarter 0.2.
    assert threshold_for_recall([(0.2, 1.0), (0.4, 3.0)], 0.5) > 0.4
    assert 0.2 < threshold_for_recall([(0.2, 1.0), (0.4, 3.0)], 0.25) <= 0.4
    assert threshold_for_recall([], 0.8) == 0.0


def _wmt() -> tuple[list[str], list[str]]:
    folder = shared_corpus("wmt21-newstest-en-ru") / "txt"
    read = lambda name: (folder / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    return read("newstest2021.en-ru.hyp.Online-W.ru"), read("newstest2021.en-ru.ref.A.ru")


def _letters(texts: list[str]) -> str:
    return regex.sub(r"[^\p{L}\p{N}]", "", "".join(texts))


def test_recut_gold_beads_cover_the_same_segments_on_both_sides() -> None:
    mt, ref = _wmt()
    gold = recut(mt[:300], ref[:300], seed=5, lang="ru", rates=Recut(split=0.2, join=0.2, drop=0.05))
    kinds = {f"{len(a)}-{len(b)}" for a, b in gold.beads}
    assert {"1-1", "1-2", "2-1", "1-0", "0-1"} <= kinds
    assert sorted(i for a, _ in gold.beads for i in a) == list(range(len(gold.mt)))
    assert sorted(j for _, b in gold.beads for j in b) == list(range(len(gold.ref)))
    # Both sides of a bead hold the letters of the same run of segments.
    beads = [(a, b) for a, b in gold.beads if a and b]
    mt_runs, ref_runs = _segment_runs(mt[:300]), _segment_runs(ref[:300])
    mt_side = [mt_runs([gold.mt[i] for i in a]) for a, _ in beads]
    assert mt_side == [ref_runs([gold.ref[j] for j in b]) for _, b in beads]


def _segment_runs(segments: list[str]):  # type: ignore[no-untyped-def]
    """A function: bead side's texts -> (first, last) segment whose letters they cover, searched left to right."""
    stream = _letters(segments)
    ends = list(itertools.accumulate(len(_letters([segment])) for segment in segments))
    cursor = 0

    def run(texts: list[str]) -> tuple[int, int]:
        nonlocal cursor
        text = _letters(texts)
        start = stream.index(text, cursor)
        cursor = start + len(text)
        return bisect.bisect_right(ends, start), bisect.bisect_left(ends, start + len(text))

    return run


def test_document_gold_marks_chrome_and_has_known_merges() -> None:
    mt, ref = _wmt()
    gold = document(mt[:300], ref[:300], seed=5, lang="ru")
    assert gold.chrome and all(gold.mt[i] in CHROME for i in gold.chrome)
    assert all(((i,), ()) in gold.beads for i in gold.chrome)
    assert max(gold.mt_paragraphs or [0]) < len(gold.mt)  # several sentences per paragraph


def _aligned(gold) -> list:  # type: ignore[no-untyped-def]
    lines_mt = gold.mt_paragraphs or list(range(len(gold.mt)))
    lines_ref = gold.ref_paragraphs or list(range(len(gold.ref)))
    mt = [Sentence(k, t, line, 0, len(t)) for k, (t, line) in enumerate(zip(gold.mt, lines_mt, strict=True))]
    ref = [Sentence(k, t, line, 0, len(t)) for k, (t, line) in enumerate(zip(gold.ref, lines_ref, strict=True))]
    return align_sentences(mt, ref, score=False, segmented=gold.mt_paragraphs is None)


def _strict_f1_aligned(gold) -> list:  # type: ignore[no-untyped-def]
    """The aligned segments, once their strict F1 against the gold beads is at least 0.98."""
    segments = _aligned(gold)
    scores = strict_scores([(s.mt_ids, s.ref_ids) for s in segments], gold.beads)
    assert scores["f1"] >= 0.98, scores
    return segments


def test_constructed_set_strict_f1() -> None:
    _strict_f1_aligned(recut(*_wmt(), seed=21, lang="ru"))


def test_constructed_document_strict_f1_and_chrome() -> None:
    gold = document(*_wmt(), seed=21, lang="ru")
    segments = _strict_f1_aligned(gold)
    glued = [s for s in segments if s.ref_ids and set(s.mt_ids) & gold.chrome]
    assert not glued, [s.mt for s in glued]


def _calibration(gold) -> dict:  # type: ignore[no-untyped-def]
    segments = _aligned(gold)
    return calibration([((tuple(s.mt_ids), tuple(s.ref_ids)), s.confidence) for s in segments], gold.beads)


def test_confidence_predicts_correct_links_on_the_development_document() -> None:
    folder = shared_corpus("textberg-de-fr-dev")
    read = lambda name: (folder / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    table = _calibration(GoldSet("dev", read("dev.google.fr"), read("dev.fr"), read_beads(folder / "dev.defr")))
    assert table["> 0.8"]["precision"] >= 0.95 and table["> 0.8"]["share"] >= 0.6, table
    # Below 0.8 one link in five is wrong, against one in 25 above it: at least three times as often.
    low = [table[band] for band in ("< 0.5", "0.5-0.8")]
    below = sum(band["links"] for band in low)
    wrong_below = sum(band["links"] * (1 - band["precision"]) for band in low) / below
    assert below >= 20, table
    assert wrong_below >= 3 * (1 - table["> 0.8"]["precision"]), table
    # ... and below 0.5 more often than between 0.5 and 0.8: the confidence is ordered, not two-valued.
    assert 1 - table["< 0.5"]["precision"] > 1 - table["0.5-0.8"]["precision"], table


def test_confidence_predicts_correct_links_on_the_constructed_sets() -> None:
    mt, ref = _wmt()
    for gold in (recut(mt, ref, seed=21, lang="ru"), document(mt, ref, seed=21, lang="ru")):
        table = _calibration(gold)
        assert table["> 0.8"]["precision"] >= 0.98 and table["> 0.8"]["share"] >= 0.9, table
        assert table["< 0.5"]["precision"] <= 0.6, table


def test_mac_chapters_mean_strict_f1() -> None:
    """The MT of 24 Chinese novel chapters against their published English translations (free literary
    translations: a third of the links are 1-2 and longer): mean strict F1 over the chapters."""
    folder = gold_corpus("mac-zh-en-test")
    scores = []
    for beads in sorted(folder.glob("*.beads")):
        mt = (folder / f"{beads.stem}.mt").read_text(encoding="utf-8").splitlines()
        ref = (folder / f"{beads.stem}.ref").read_text(encoding="utf-8").splitlines()
        gold = GoldSet(beads.stem, mt, ref, read_beads(beads))
        scores.append(strict_scores([(s.mt_ids, s.ref_ids) for s in _aligned(gold)], gold.beads)["f1"])
    assert len(scores) == 24 and sum(scores) / len(scores) >= 0.83, scores
