"""Unit boundaries inside a sentence: brackets and continued clauses, and what the aligner does with them."""

from __future__ import annotations

import pytest

from review_app.align import AlignParams, align
from review_app.align.aligner import Link, _absorb_skips, _join_brackets
from review_app.align.continuity import closes_unopened, continues_clause, inside_brackets, leaves_open
from review_app.align.similarity import Similarity


@pytest.mark.parametrize(
    ("before", "after", "inside"),
    [
        ('"Himalaya Demon" (Bâle:', "Benno Schwabe, 1935).", True),
        ("The Alpine Journal, n° 293 (Nov.", "1956, p. 310-329).", True),
        ("Se [voir la note", "page 3] fut publié.", True),
        ("Journal (1956).", "Benno Schwabe, 1935).", False),  # the bracket before is closed
        ("« Corde trop tendue casse .", "» Lorsque le Dhaulagiri aura été gravi.", False),  # quotes are not used
        ("Voir la liste (annexe", ") 13. L'année 1955 a vu une expédition.", False),  # a stray close before any word
        ("Il a dit (voir plus bas", "que rien ne change.", False),  # nothing closed after
    ],
)
def test_a_boundary_inside_brackets(before: str, after: str, inside: bool) -> None:
    assert inside_brackets(before, after) is inside


def test_brackets_are_counted_within_one_unit() -> None:
    assert leaves_open("a (b (c) d") and not leaves_open("a (b) c") and not leaves_open("a) b")
    assert closes_unopened("1956), p. 3") and not closes_unopened("(1956), p. 3") and not closes_unopened(") 13.")


@pytest.mark.parametrize(
    ("before", "after", "continues"),
    [
        ("ces cours d'eau se déversaient déjà dans l'océan ;", "le travail d'érosion a progressé.", True),
        ("L'équipe comprenait :", "« deux scientifiques » et cinq alpinistes.", True),
        ("Il pleuvait depuis trois jours,", "et les guides refusaient de partir.", True),
        ("Il pleuvait depuis trois jours.", "et les guides refusaient de partir.", False),  # a full stop ends it
        ("L'équipe comprenait :", "Fritz Morawec et cinq alpinistes.", False),  # a capital may start a list
    ],
)
def test_a_clause_continued_in_the_next_unit(before: str, after: str, continues: bool) -> None:
    assert continues_clause(before, after) is continues


def test_two_links_cut_inside_brackets_become_one() -> None:
    """A reference entry the MT cut at "(Bâle:": the search pairs the halves with two reference lines."""
    mt = ["G. O. Dyhrenfurth:", '"Himalaya Demon" (Bâle:', "Benno Schwabe, 1935).", "La suite du texte."]
    ref = ["G.O.Dyhrenfurth , Dämon Himalaya .", "Benno Schwabe , Basel 1935 .", "La suite du texte ."]
    links = [Link((0, 1), (0,), 0.9), Link((2,), (1,), 0.9), Link((3,), (2,), 1.0)]
    joined = _join_brackets(links, (mt, ref), AlignParams(), None)
    assert [(link.mt, link.ref) for link in joined] == [((0, 1, 2), (0, 1)), ((3,), (2,))]
    # Never across a paragraph break, and never past joined_side.
    apart = _join_brackets(links, (mt, ref), AlignParams(), ([0, 0, 1, 2], [0, 1, 2]))
    assert [(link.mt, link.ref) for link in apart] == [(link.mt, link.ref) for link in links]
    capped = _join_brackets(links, (mt, ref), AlignParams(joined_side=2), None)
    assert [(link.mt, link.ref) for link in capped] == [(link.mt, link.ref) for link in links]


def test_a_left_out_clause_that_continues_its_neighbour_joins_it() -> None:
    """No word of the clause is in the MT sentence, but the reference cut it off after a semicolon."""
    mt = ["Evidemment, ces courants coulaient déjà vers l'océan Indien avant que l'Himalaya ne se dresse.",
          "La chaîne principale s'est soulevée peu à peu."]
    ref = ["Incontestablement, ces cours d'eau se déversaient déjà dans l'océan Indien avant l'Himalaya ;",
           "le travail d'érosion a progressé synchroniquement avec la tectonique.",
           "Le soulèvement de la haute chaîne s'est produit graduellement."]
    links = [Link((0,), (0,), 0.5), Link((), (1,), 0.5), Link((1,), (2,), 0.9)]
    sim = Similarity(mt, ref)
    assert sim.words.gain(((0,), (0,)), 1, 1) == 0.0
    out = _absorb_skips(links, sim, AlignParams(), None)
    assert [(link.mt, link.ref) for link in out] == [((0,), (0, 1)), ((1,), (2,))]
    # The same clause after a full stop has nothing to join it by.
    ref[0] = ref[0].replace(" ;", ".")
    out = _absorb_skips(links, Similarity(mt, ref), AlignParams(), None)
    assert [(link.mt, link.ref) for link in out] == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_chrome_after_a_colon_stays_out_of_the_paragraph_before() -> None:
    """A page-chrome line of its own paragraph is never joined, whatever punctuation precedes it."""
    mt = ["The minister listed the conditions:", "share on facebook", "Talks resume in May."]
    ref = ["The minister listed the conditions:", "Talks resume in May."]
    links = align(mt, ref, paragraphs=([0, 1, 2], [0, 1]))
    assert [(link.mt, link.ref) for link in links] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
