"""Word-level QE tags and HTER as the WMT QE tasks produce them, checked against MLQE-PE ru-en test20 (the
organisers' tags and HTERs, from the tokenized MT and post-edit)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from review_app.effort import hters, qe_tags, tercom_alignment
from review_app.effort.qetags import format_hter
from tests.shared_data import shared_corpus


def _w(text: str) -> list[str]:
    """Tokens of a tokenized line."""
    return text.split()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def test_the_organisers_tags_and_hters_of_test20_are_reproduced() -> None:
    folder = shared_corpus("mlqe-pe-ru-en") / "test20"
    mt, pe = _lines(folder / "test20.mt"), _lines(folder / "test20.pe")
    tags, hter = _lines(folder / "test20.tags"), _lines(folder / "test20.hter")
    assert len(mt) == len(pe) == len(tags) == len(hter) == 1000
    ours = [" ".join(qe_tags(m.split(), p.split())) for m, p in zip(mt, pe, strict=True)]
    assert [i for i, (a, b) in enumerate(zip(ours, tags, strict=True)) if a != b] == []
    ours_hter = [format_hter(h) for h in hters(mt, pe)]
    assert [i for i, (a, b) in enumerate(zip(ours_hter, hter, strict=True)) if a != b] == []


def test_tags_count_two_per_word_and_one() -> None:
    assert qe_tags(_w("a b c"), _w("a b c")) == ["OK"] * 7
    assert qe_tags([], []) == ["OK"]
    assert qe_tags([], ["x"]) == ["BAD"]
    assert qe_tags(["a", "b"], []) == ["OK", "BAD", "OK", "BAD", "OK"]


def test_words_replaced_or_dropped_are_bad_and_insertions_mark_the_gap() -> None:
    # "sat" replaced, "really" dropped, "down" inserted after "mat"
    tags = qe_tags(_w("the cat sat really on the mat"), _w("the cat lay on the mat down"))
    words, gaps = tags[1::2], tags[0::2]
    assert words == ["OK", "OK", "BAD", "BAD", "OK", "OK", "OK"]
    assert gaps == ["OK"] * 7 + ["BAD"]


def test_a_case_change_is_a_bad_word_aligned_in_place() -> None:
    assert qe_tags(_w("the cat"), _w("The cat")) == ["OK", "BAD", "OK", "OK", "OK"]


def test_no_shifts_behind_the_tags() -> None:
    # TER moves "a b" in front for one edit; the organisers' alignment (tercom -d 0) does not shift: four
    # substitutions, four BAD words.
    assert tercom_alignment(_w("c d a b"), _w("a b c d")) == (4, "SSSS")
    assert qe_tags(_w("c d a b"), _w("a b c d")) == ["OK", "BAD"] * 4 + ["OK"]
    assert hters(["c d a b"], ["a b c d"]) == [0.25]  # the HTER keeps TER's shift: one edit of four words


def test_the_beam_decides_where_a_long_insertion_goes() -> None:
    # MT = the first sentence of the post-edit, which adds 22 words after it (test20 line 649 is such a case).
    # Matching the MT's final "." with the post-edit's last "." costs as much as matching it with the first;
    # an unbounded search takes the former (the gap before "."), tercom's beam of 20 edits prunes it, so the
    # insertion is the gap after the final ".", as in the organisers' tags.
    first = _w("In April and May , several provinces experienced severe flooding , forcing many tenants to replant "
               "their fields .")
    added = _w("The authorities and the official media of the country do not report the problems with the "
               "production and harvest of cotton .")
    assert tercom_alignment(first, first + added) == (22, " " * 19 + "D" * 22)
    assert tercom_alignment(first, first + added, beam=10**6) == (22, " " * 18 + "D" * 22 + " ")
    tags = qe_tags(first, first + added)
    assert tags[-1] == "BAD" and tags.count("BAD") == 1


WORDS = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=30)


@given(WORDS, WORDS)
def test_the_alignment_is_an_edit_script_and_without_a_beam_a_shortest_one(mt: list[str], pe: list[str]) -> None:
    for beam in (20, 10**6):
        edits, ops = tercom_alignment(mt, pe, beam=beam)
        assert len(ops) - ops.count("D") == len(mt) and len(ops) - ops.count("I") == len(pe)
        assert edits == len(ops) - ops.count(" ")
        m = p = 0
        for op in ops:  # a match pairs equal words, a substitution different ones
            if op in " S":
                assert (mt[m] == pe[p]) == (op == " ")
            m, p = m + (op != "D"), p + (op != "I")
        assert edits >= Levenshtein.distance(mt, pe)
    assert tercom_alignment(mt, pe, beam=10**6)[0] == Levenshtein.distance(mt, pe)
    assert len(qe_tags(mt, pe)) == 2 * len(mt) + 1
