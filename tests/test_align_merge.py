"""Merges over skips, longer link types, and paragraph breaks: unit cases and the gold sets."""

from __future__ import annotations

import math

import pytest
from shared_data import shared_corpus

from review_app.align import AlignParams, align
from review_app.align.aligner import Link, _absorb_skips, _join_crossing
from review_app.align.evaluate import read_beads, strict_scores
from review_app.align.similarity import Similarity

MT = ["The foreign minister said on Monday that the peace talks would resume in Geneva in May, and that both "
      "delegations had already agreed on the agenda.", "Prices of grain rose again this week."]


@pytest.mark.parametrize(
    ("extra", "merged"),
    [("Both delegations have already agreed on the agenda.", True),
     ("Subscribe to our newsletter for more news.", False)],
)
def test_a_left_out_sentence_joins_its_neighbour_only_when_it_explains_it(extra: str, merged: bool) -> None:
    ref = ["The foreign minister said on Monday the peace talks would resume in Geneva in May.", extra,
           "Grain prices rose again this week."]
    links = [Link((0,), (0,), 0.5), Link((), (1,), 0.5), Link((1,), (2,), 0.9)]
    out = _absorb_skips(links, Similarity(MT, ref), AlignParams(), None)
    assert [(link.mt, link.ref) for link in out] == (
        [((0,), (0, 1)), ((1,), (2,))] if merged else [((0,), (0,)), ((), (1,)), ((1,), (2,))])


def test_a_left_out_sentence_never_joins_across_a_paragraph_break() -> None:
    ref = ["The foreign minister said on Monday the peace talks would resume in Geneva in May.",
           "Both delegations have already agreed on the agenda.", "Grain prices rose again this week."]
    links = [Link((0,), (0,), 0.5), Link((), (1,), 0.5), Link((1,), (2,), 0.9)]
    out = _absorb_skips(links, Similarity(MT, ref), AlignParams(), ([0, 1], [0, 1, 2]))
    assert [(link.mt, link.ref) for link in out] == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_two_to_three_links_are_found() -> None:
    mt = ["Il pleuvait depuis trois jours sur la vallée et les guides refusaient de partir.",
          "Nous attendions au refuge, inquiets pour les provisions qui diminuaient chaque jour."]
    ref = ["Il pleuvait depuis trois jours sur la vallée,", "et les guides refusaient de partir ; nous attendions au "
           "refuge,", "inquiets pour nos provisions qui diminuaient chaque jour."]
    assert [(link.mt, link.ref) for link in align(mt, ref)] == [((0, 1), (0, 1, 2))]


def test_merges_over_skips_improve_the_development_document() -> None:
    """Text+Berg dev (Google MT vs human French): joining left-out sentences to a neighbour finds more gold links."""
    folder = shared_corpus("textberg-de-fr-dev")
    mt = (folder / "dev.google.fr").read_text(encoding="utf-8").splitlines()
    ref = (folder / "dev.fr").read_text(encoding="utf-8").splitlines()
    gold = read_beads(folder / "dev.defr")
    without = align(mt, ref, AlignParams(absorb_tolerance=float("inf"), absorb_words=float("inf")))
    chars_only = align(mt, ref, AlignParams(absorb_words=float("inf")))
    with_merges = align(mt, ref)
    paired = {j for a, b in gold if a for j in b}
    left_out = lambda links: {j for link in links if not link.mt for j in link.ref} & paired  # noqa: E731
    assert len(left_out(with_merges)) < len(left_out(without))
    score = lambda links: strict_scores([(link.mt, link.ref) for link in links], gold)["f1"]  # noqa: E731
    assert score(with_merges) > score(chars_only) > score(without)


def test_rare_words_the_neighbouring_link_holds_count_as_evidence() -> None:
    """A left-out sentence whose name and number are in the neighbour's counterpart (and not its own side)."""
    mt = ["Les grimpeurs ont atteint le sommet.", "Hartog, Brown et Patey le 6 juillet 1956.",
          "La descente fut longue."]
    ref = ["Le 6 juillet 1956, Hartog, Brown et Patey ont atteint le sommet.", "La descente fut longue."]
    sim = Similarity(mt, ref)
    assert sim.words.gain(((0,), (0,)), 0, 1) > 0.9  # every word of MT 1 is in reference 0
    assert sim.words.gain(((2,), (1,)), 0, 1) == 0.0  # and none in reference 1
    assert sim.words.gain(((0, 1), (0,)), 0, 1) == 0.0  # already accounted for by its own side


def test_identical_documents_are_aligned_with_high_confidence() -> None:
    folder = shared_corpus("mlqe-pe-ru-en")
    doc = (folder / "test20" / "test20.pe").read_text(encoding="utf-8").splitlines()[:300]
    links = align(doc, list(doc))
    assert all(link.mt == link.ref for link in links)
    assert min(link.confidence for link in links) > 0.8


def test_words_crossing_two_links_join_them() -> None:
    """The two sides cut a passage at different places: the rare words of the moved clause cross."""
    mt = ["Les deux premières longueurs au-dessus de la rimaye coûtèrent des heures; Morawec et Larch mirent "
          "deux jours pour gravir 250 mètres.", "Six heures de cramponnage suivirent.",
          "Le lendemain, la cordée redescendit au camp."]
    ref = ["Les deux premières longueurs au-dessus de la rimaye coûtèrent des heures.",
           "Morawec et Larch mirent deux jours pour gravir 250 mètres, puis six heures de cramponnage suivirent.",
           "Le lendemain, la cordée redescendit au camp."]
    sim = Similarity(mt, ref)
    first, second = sim.words.crossing([((0,), (0,)), ((1,), (1,)), ((2,), (2,))])
    assert first > 0.5 and second == 0.0
    links = [Link((0,), (0,), 0.9), Link((1,), (1,), 0.9), Link((2,), (2,), 0.9)]
    joined = _join_crossing(links, sim, AlignParams())
    assert [(link.mt, link.ref) for link in joined] == [((0, 1), (0, 1)), ((2,), (2,))]


def test_a_common_word_alone_is_no_evidence() -> None:
    """A translator's note whose only word found in the neighbour's counterpart is a common one stays
    out, though that word is a third of its weight; a rare word (a name) found there is evidence.
    Rare: no more than one sentence in twenty has it."""
    filler = [f"Le rapport {k} fut rédigé {'par le comité' if k % 5 == 0 else 'en hiver'}." for k in range(30)]
    mt = [*filler, "Le sommet fut atteint par Hartog le matin."]
    ref = [*filler, "Il atteignit le sommet le matin, avec beau temps.", "(Traduit par L. S.)", "(Hartog)"]
    sim = Similarity(mt, ref)
    link = ((30,), (30,))
    assert sim.words.rare == pytest.approx(math.log(20))
    par = sim.words.idf[sim.words.tokens[1][sim.words.starts[1][31] + 1]]
    assert par < sim.words.rare and par / sim.words.weight(1, [[31]])[0] > AlignParams().absorb_words
    assert sim.words.gain(link, 1, 31) == 0.0
    assert sim.words.gain(link, 1, 32) == 1.0
