"""A reviewer's edit read as the phrase they changed: whole words, never a word torn from the word it agrees with."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from review_app.text.phrases import TOKEN_RE
from review_app.text.propagate import PhraseEdit, occurrences, phrase_edits, same_stem

LANGS = {
    "en": (["station", "terminal", "river", "issue", "army", "crisis", "harbour", "captain", "ticket", "tourism"],
           ["the", "of", "a", "and", "in", "to"]),
    "ru": (["вокзал", "станция", "река", "вопрос", "армия", "кризис", "причал", "капитан", "билет", "туризм"],
           ["и", "в", "на", "по", "что", "не"]),
}
# Replacement words share no stem with any vocabulary word: a swap, never a change of form.
SWAPS = {"en": ["jetty", "pier", "quay", "wharf"], "ru": ["пристань", "гавань", "мол", "док"]}
SUFFIXES = {"en": ["s", "ian", "ed"], "ru": ["а", "ом", "ами"]}
PUNCT = [",", ";", "—", "(", ")"]


def _tokens(lang: str) -> st.SearchStrategy[list[str]]:
    content, function = LANGS[lang]
    return st.lists(st.sampled_from(content + function + PUNCT), min_size=1, max_size=12)


def _is_content(token: str, lang: str) -> bool:
    return token in LANGS[lang][0] or token in SWAPS[lang] or any(token.startswith(w) for w in LANGS[lang][0])


def _offsets(words: list[str]) -> list[tuple[int, int]]:
    out, at = [], 0
    for w in words:
        out.append((at, at + len(w)))
        at += len(w) + 1
    return out


def _applied(old: str, edit: PhraseEdit) -> str:
    return old[: edit.start] + edit.after + old[edit.end :]


# --- examples -----------------------------------------------------------------------------------


def test_a_changed_word_form_is_proposed_with_the_word_it_agrees_with() -> None:
    old = "China's position on the Ukrainian issue is consistent."
    assert phrase_edits(old, old.replace("Ukrainian issue", "Ukraine issue")) == [
        PhraseEdit("Ukrainian issue", "Ukraine issue")]
    texts = [(1, 0, "Contacts on the Ukrainian issue with the West."), (2, 1, "The Ukrainian army advanced."),
             (3, 2, "The Ukrainian crisis and the Ukrainian issue.")]
    found = occurrences(PhraseEdit("Ukrainian issue", "Ukraine issue"), texts)
    assert [(o.segment_id, o.preview) for o in found] == [
        (1, "Contacts on the Ukraine issue with the West."), (3, "The Ukrainian crisis and the Ukraine issue.")]
    # Cyrillic: an ending changed to agree with the noun after it
    assert phrase_edits("у новый станции", "у новой станции", "ru") == [PhraseEdit("новый станции", "новой станции")]
    # French: the adjective agrees with the noun before it
    assert phrase_edits("la question ukrainien.", "la question ukrainienne.", "fr") == [
        PhraseEdit("question ukrainien", "question ukrainienne")]


def test_a_word_swap_is_a_phrase_of_its_own() -> None:
    assert phrase_edits("The river station reopened.", "The river terminal reopened.") == [
        PhraseEdit("station", "terminal")]
    assert phrase_edits("у новой станции метро", "у нового вокзала метро", "ru") == [
        PhraseEdit("новой станции", "нового вокзала")]  # the form change agrees with the swapped word, inside
    assert phrase_edits("the OBOR and the EAEU", "the BRI and the EAEU") == [PhraseEdit("OBOR", "BRI")]
    assert phrase_edits("They are time—tested friends.", "They are time-tested friends.") == [
        PhraseEdit("time—tested", "time-tested")]


def test_insertions_deletions_and_function_words_take_in_their_neighbours() -> None:
    assert phrase_edits("a station", "a new station") == [PhraseEdit("station", "new station")]
    assert phrase_edits("the big station", "the station") == [PhraseEdit("big station", "station")]
    assert phrase_edits("a apple fell", "an apple fell") == [PhraseEdit("a apple", "an apple")]
    assert phrase_edits("It costs 5 dollars", "It costs 6 dollars") == [
        PhraseEdit("costs 5 dollars", "costs 6 dollars")]
    assert phrase_edits("same", "same") == []


def test_punctuation_stops_the_phrase() -> None:
    # No content word beside the change inside its phrase: nothing says where else it would be right.
    assert phrase_edits("the Ukrainian, issue", "the Ukraine, issue") == []
    assert phrase_edits("at the station", "at the Station") == []  # a case change belongs to its position
    assert phrase_edits("river, station", "river; station") == []  # punctuation alone
    assert phrase_edits("(Ukrainian issue)", "(Ukraine issue)") == [PhraseEdit("Ukrainian issue", "Ukraine issue")]


def test_names_and_neighbouring_changes_are_one_phrase() -> None:
    assert phrase_edits("the Friends of the World group", "the Friends of Peace group") == [
        PhraseEdit("Friends of the World", "Friends of Peace")]
    assert phrase_edits("позиция по украинскому вопросу ясна", "позиция по вопросу Украины ясна", "ru") == [
        PhraseEdit("украинскому вопросу", "вопросу Украины")]
    edits = phrase_edits("the One Belt— One Road Initiative (OBOR).", "the Belt and Road Initiative (BRI).")
    assert edits == [PhraseEdit("One Belt— One Road Initiative", "Belt and Road Initiative"), PhraseEdit("OBOR", "BRI")]


def test_same_stem() -> None:
    assert same_stem("Ukrainian", "Ukraine") and same_stem("новый", "новой") and same_stem("run", "running")
    assert not same_stem("station", "terminal") and not same_stem("OBOR", "BRI") and not same_stem("причал", "пристань")


# --- properties ---------------------------------------------------------------------------------


@given(st.sampled_from(sorted(LANGS)), st.data())
def test_every_proposal_is_whole_words_of_both_texts(lang: str, data: st.DataObject) -> None:
    old_words, new_words = data.draw(_tokens(lang)), data.draw(_tokens(lang))
    old, new = " ".join(old_words), " ".join(new_words)
    starts_a = {m.start() for m in TOKEN_RE.finditer(old)}
    ends_a = {m.end() for m in TOKEN_RE.finditer(old)}
    new_tokens = " " + " ".join(TOKEN_RE.findall(new)) + " "
    for edit in phrase_edits(old, new, lang):
        assert old[edit.start : edit.end] == edit.before and edit.start in starts_a and edit.end in ends_a
        assert any(ch.isalpha() for ch in edit.before) and edit.before != edit.after
        assert not edit.after or f" {' '.join(TOKEN_RE.findall(edit.after))} " in new_tokens
        # never one word turned into another form of itself: that change belongs to its neighbour
        assert not (len(TOKEN_RE.findall(edit.before)) == 1 == len(TOKEN_RE.findall(edit.after))
                    and same_stem(edit.before, edit.after))


@given(st.sampled_from(sorted(LANGS)), st.data())
def test_a_swapped_word_is_proposed_as_exactly_that_word(lang: str, data: st.DataObject) -> None:
    words = data.draw(_tokens(lang))
    content = [i for i, w in enumerate(words) if w in LANGS[lang][0]]
    assume(content)
    i = data.draw(st.sampled_from(content))
    new_words = [*words[:i], data.draw(st.sampled_from(SWAPS[lang])), *words[i + 1 :]]
    old = " ".join(words)
    (edit,) = phrase_edits(old, " ".join(new_words), lang)
    assert (edit.before, edit.after, edit.start) == (words[i], new_words[i], _offsets(words)[i][0])
    assert _applied(old, edit) == " ".join(new_words)


@given(st.sampled_from(sorted(LANGS)), st.data())
def test_a_changed_form_comes_with_its_content_neighbours_or_not_at_all(lang: str, data: st.DataObject) -> None:
    words = data.draw(_tokens(lang))
    content = [i for i, w in enumerate(words) if w in LANGS[lang][0]]
    assume(content)
    i = data.draw(st.sampled_from(content))
    new_words = [*words[:i], words[i] + data.draw(st.sampled_from(SUFFIXES[lang])), *words[i + 1 :]]
    old, new = " ".join(words), " ".join(new_words)
    first = i - 1 if i > 0 and _is_content(words[i - 1], lang) else i
    last = i + 1 if i + 1 < len(words) and _is_content(words[i + 1], lang) else i
    edits = phrase_edits(old, new, lang)
    if first == last == i:
        assert edits == []
    else:
        (edit,) = edits
        assert edit.before == " ".join(words[first : last + 1])
        assert _applied(old, edit) == new


@given(st.sampled_from(sorted(LANGS)), st.data(), st.booleans())
def test_an_inserted_or_deleted_word_is_anchored_on_its_neighbours(lang: str, data: st.DataObject,
                                                                  insert: bool) -> None:
    short = data.draw(_tokens(lang))
    i = data.draw(st.integers(0, len(short)))
    word = data.draw(st.sampled_from(SWAPS[lang]))
    long = [*short[:i], word, *short[i:]]
    old_words, new_words = (short, long) if insert else (long, short)
    old, new = " ".join(old_words), " ".join(new_words)
    left = i > 0 and _is_content(short[i - 1], lang)
    right = i < len(short) and _is_content(short[i], lang)
    edits = phrase_edits(old, new, lang)
    if not (left or right):
        assert edits == []
    else:
        (edit,) = edits
        anchors = short[i - left : i + right]
        assert edit.before == " ".join(anchors if insert else [*anchors[:left], word, *anchors[left:]])
        assert _applied(old, edit) == new
