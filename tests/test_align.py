"""Alignment: invariants (hypothesis), synthetic edits, and real documents with gold or known links."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import shared_corpus

from review_app.align import MERGE_TYPES, SKIP_TYPES, AlignParams, align
from review_app.align.evaluate import read_beads, strict_scores
from review_app.align.uncertain import flagged
from review_app.pipeline import align_sentences, load_sentences, sentences_from_text

# The search's link types, skips, and what the post-passes build on word evidence (up to joined_side a side).
SIDE = AlignParams().joined_side
ALLOWED = {f"{a}-{b}" for a, b in (*MERGE_TYPES, *SKIP_TYPES)} | {
    f"{a}-{b}" for a in range(1, SIDE + 1) for b in range(1, SIDE + 1)}
WORDS = ["peace", "talks", "china", "russia", "agreement", "minister", "said", "on", "the", "of", "a", "new",
         "trade", "road", "belt", "forum"]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")


def _check_invariants(links: list, n: int, m: int) -> None:
    mt_ids = [i for link in links for i in link.mt]
    ref_ids = [j for link in links for j in link.ref]
    assert mt_ids == list(range(n)), "every MT sentence exactly once, in order"
    assert ref_ids == list(range(m)), "every reference sentence exactly once, in order"
    for link in links:
        assert link.kind in ALLOWED
        assert 0.0 <= link.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, max_size=25), st.lists(sentence, max_size=25))
def test_links_cover_every_sentence_once_and_are_monotonic(mt: list[str], ref: list[str]) -> None:
    _check_invariants(align(mt, ref), len(mt), len(ref))


# Units cut anywhere: open and closing brackets, clause ends, lower-case starts (the continuity joins).
fragment = st.tuples(st.sampled_from(["", "(", "a ) ", "le "]), st.lists(st.sampled_from(WORDS), min_size=1,
                                                                         max_size=6),
                     st.sampled_from([".", ";", ":", ",", " (see", ")", ").", ""])).map(
    lambda p: p[0] + " ".join(p[1]) + p[2])


@settings(max_examples=60, deadline=None)
@given(st.lists(fragment, max_size=25), st.lists(fragment, max_size=25), st.randoms(use_true_random=False))
def test_cut_units_and_paragraphs_keep_every_sentence_once_and_in_order(mt: list[str], ref: list[str],
                                                                        rng: random.Random) -> None:
    def paragraphs(count: int) -> list[int]:
        lines, line = [], 0
        for _ in range(count):
            line += rng.random() < 0.3
            lines.append(line)
        return lines

    _check_invariants(align(mt, ref), len(mt), len(ref))
    _check_invariants(align(mt, ref, paragraphs=(paragraphs(len(mt)), paragraphs(len(ref)))), len(mt), len(ref))


@settings(max_examples=40, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=30))
def test_identical_documents_align_one_to_one(doc: list[str]) -> None:
    links = align(doc, list(doc))
    assert all(link.mt == link.ref for link in links if link.mt and link.ref)


def _real_sentences() -> list[str]:
    folder = shared_corpus("mlqe-pe-ru-en")
    return (folder / "test20" / "test20.pe").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("size", [40, 600])
def test_synthetic_merges_splits_and_chrome_are_recovered(size: int) -> None:
    """Reference = MT with neighbours merged and page chrome inserted; the long case uses the band."""
    rng = random.Random(size)
    pool = _real_sentences()
    mt = pool[:size]
    ref: list[str] = []
    expected: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i = 0
    while i < len(mt):
        if rng.random() < 0.1 and i + 1 < len(mt):
            expected.append(((i, i + 1), (len(ref),)))
            ref.append(mt[i] + " " + mt[i + 1])
            i += 2
            continue
        expected.append(((i,), (len(ref),)))
        ref.append(mt[i])
        i += 1
        if rng.random() < 0.05:
            ref.append(rng.choice(["Share", "Subscribe to our newsletter", "Advertisement", "Read more"]))
    links = align(mt, ref)
    _check_invariants(links, len(mt), len(ref))
    scores = strict_scores([(link.mt, link.ref) for link in links], expected)
    assert scores["f1"] >= 0.97


@pytest.mark.parametrize(
    ("mt_file", "ref_file", "lang", "target"),
    [("dev.google.fr", "dev.fr", "fr", 0.945),  # the development document (the target)
     ("dev.google.de", "dev.de", "de", 0.915)],  # its other direction
)
def test_textberg_strict_f1(mt_file: str, ref_file: str, lang: str, target: float) -> None:
    """Google MT vs the human text of the Text+Berg development document against the gold beads."""
    folder = shared_corpus("textberg-de-fr-dev")
    mt = load_sentences(folder / mt_file, lang, segmented=True)
    ref = load_sentences(folder / ref_file, lang, segmented=True)
    segments = align_sentences(mt, ref, score=False, segmented=True)
    gold = read_beads(folder / "dev.defr")
    if lang == "de":
        gold = [(fr, de) for de, fr in gold]
    scores = strict_scores([(s.mt_ids, s.ref_ids) for s in segments], gold)
    assert scores["f1"] >= target, scores


def test_mlqe_documents_paragraphed_differently() -> None:
    """MT and post-edit of the same 300 segments, joined into paragraphs of 3 vs 2 segments."""
    folder = shared_corpus("mlqe-pe-ru-en")
    mt_lines = (folder / "test20" / "test20.mt").read_text(encoding="utf-8").splitlines()[:300]
    pe_lines = (folder / "test20" / "test20.pe").read_text(encoding="utf-8").splitlines()[:300]

    def document(lines: list[str], per_paragraph: int) -> tuple[str, list[int]]:
        text_lines, owner_of_char = [], []
        for start in range(0, len(lines), per_paragraph):
            group = lines[start : start + per_paragraph]
            text_lines.append(" ".join(group))
            owner_of_char.append([k for k, line in enumerate(group, start) for _ in line + " "])
        return "\n".join(text_lines), owner_of_char

    mt_text, mt_owner = document(mt_lines, 3)
    pe_text, pe_owner = document(pe_lines, 2)
    mt = sentences_from_text(mt_text, "en")
    pe = sentences_from_text(pe_text, "en")
    segments = align_sentences(mt, pe, score=False)
    # A sentence may span several original segments (tokenized text splits less): a link is
    # consistent when its MT side and its post-edit side cover exactly the same segments.
    mt_seg = {s.id: set(mt_owner[s.line][s.start : s.end]) for s in mt}
    pe_seg = {s.id: set(pe_owner[s.line][s.start : s.end]) for s in pe}
    both = [s for s in segments if s.mt_ids and s.ref_ids]
    consistent = [
        s for s in both
        if set().union(*(mt_seg[i] for i in s.mt_ids)) == set().union(*(pe_seg[j] for j in s.ref_ids))
    ]
    assert len(consistent) / len(both) >= 0.9, len(consistent) / len(both)
    unaligned = [s.mt or s.ref for s in segments if not s.mt_ids or not s.ref_ids]
    assert len(unaligned) <= 0.05 * len(segments), unaligned


@pytest.fixture(scope="module")
def izvestia() -> list:
    folder = shared_corpus("izvestia-2025")
    mt = load_sentences(folder / "mt.yandex.en.txt", "en")
    pe = load_sentences(folder / "postedit.en.txt", "en")
    return align_sentences(mt, pe)


def _segment_with(segments: list, mt_start: str) -> object:
    return next(s for s in segments if s.mt.startswith(mt_start))


@pytest.mark.parametrize(
    "chrome",
    ["Skip to main content", "Advertisement", "Main slide", "Озвучить текст", "On", "Off", "ООН Эмблема",
     "Photo: TASS/Valery Sharifulin", "Переведено сервисом «Яндекс Переводчик»"],
)
def test_izvestia_chrome_has_no_counterpart(izvestia: list, chrome: str) -> None:
    segment = next(s for s in izvestia if s.mt == chrome)
    assert segment.link == "1-0" and segment.ref == "" and segment.scores["chrf"] is None


@pytest.mark.parametrize(
    ("mt_start", "link", "ref_start"),
    [
        ('"The end point of any conflict is negotiations"', "1-1", '"The end point of any conflict'),
        ("Beijing welcomes the direct talks", "1-2", "Beijing welcomes the direct talks"),
        ("China and Russia are good neighbors, time—tested", "1-2", "China and Russia are good neighbors and"),
        ("— Since the establishment of the Friends of the World", "1-1", "— Several meetings have already"),
        ("Chinese President Xi Jinping after the Red Square parade", "1-1", "Chinese President Xi Jinping after"),
    ],
)
def test_izvestia_expected_links(izvestia: list, mt_start: str, link: str, ref_start: str) -> None:
    segment = _segment_with(izvestia, mt_start)
    assert segment.link == link
    assert segment.ref.startswith(ref_start)
    assert segment.scores["chrf"] is not None and segment.scores["chrf"] > 50


def test_izvestia_every_post_edit_sentence_has_an_mt_counterpart(izvestia: list) -> None:
    assert not [s.ref for s in izvestia if not s.mt_ids]


def test_left_out_sentences_grow_a_link_past_the_search_types_up_to_joined_side() -> None:
    """One MT sentence cut into five reference pieces is one 1-5 link (the search stops at 1-4, the
    post-pass joins the fifth on its words); with joined_side 4 it stays a 1-4 and a left-out piece."""
    mt = ["Peace talks on trade said the minister of the road and the belt forum today."]
    ref = ["Peace talks.", "On trade.", "Said the minister.", "Of the road.", "And the belt forum today."]
    links = align(mt, ref)
    _check_invariants(links, len(mt), len(ref))
    assert [(link.mt, link.ref) for link in links] == [((0,), (0, 1, 2, 3, 4))]
    capped = align(mt, ref, AlignParams(joined_side=4))
    assert sorted((len(link.mt), len(link.ref)) for link in capped) == [(0, 1), (1, 4)]


def test_a_reference_longer_throughout_is_judged_against_the_documents_length_ratio() -> None:
    """A free translation says everything at greater length: every link's length is judged against the
    two documents' ratio (here the reference is about twice as long), not against equal lengths, which
    would leave reference sentences out to keep each link short."""
    mt = ["The river port reopened on Monday.", "Workers repaired the old crane.",
          "The mayor thanked the builders and the engineers.", "Ships will carry grain and timber again.",
          "The first barge left at noon.", "Traders expect lower prices."]
    ref = ["After many long months of work, the river port finally opened its gates again on Monday morning.",
           "Throughout the winter the workers had patiently rebuilt and repaired the old harbour crane.",
           "The mayor came down to the quay in person.", "He thanked the builders and the engineers warmly.",
           "From now on the ships will once again carry grain and timber down the river to the sea.",
           "The very first heavily loaded barge cast off and left the quay shortly after noon.",
           "Local traders now expect prices to fall noticeably over the coming weeks."]
    links = [(link.mt, link.ref) for link in align(mt, ref)]
    assert links == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,)), ((5,), (6,))]


def test_sentences_left_out_on_both_sides_at_one_place_pair_up_unless_one_is_a_paragraph_alone() -> None:
    """Between two links, each side says something the other does not match: where nothing decides,
    that is one passage translated freely, paired but flagged "alignment uncertain" (the search had no
    margin for it); a line alone stays out (chrome)."""
    mt = ["The river port reopened on Monday after two years of repairs.",
          "Workers repaired the old crane and painted the warehouses.", "Hooray, shouted everyone!",
          "Ships will carry grain and timber to the south again.", "The first barge left at noon with a load of coal."]
    ref = [*mt[:2], "Everybody on the quay cheered loudly, and the old harbour master, moved to tears, rang the bell.",
           *mt[3:]]
    links = align(mt, ref)
    assert [(link.mt, link.ref) for link in links] == [((k,), (k,)) for k in range(5)]
    assert flagged([link.confidence for link in links]) == [False, False, True, False, False]
    in_paragraph = align(mt, ref, paragraphs=([0, 0, 0, 1, 1], [0, 0, 0, 1, 1]))
    assert [(link.mt, link.ref) for link in in_paragraph] == [((k,), (k,)) for k in range(5)]
    alone = align(mt, ref, paragraphs=([0, 0, 1, 2, 2], [0, 0, 0, 1, 1]))
    assert ((2,), ()) in [(link.mt, link.ref) for link in alone]
