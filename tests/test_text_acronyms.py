"""Acronyms defined in place, and the changes that would leave a name and its acronym disagreeing."""

from __future__ import annotations

from review_app.text.acronyms import definitions, splits_definition

TEXT = "Partners in the One Belt— One Road Initiative (OBOR) met at the Belt and Road High—Level Forum (BRF)."


def test_a_definition_is_the_name_from_the_acronyms_first_letter_to_the_bracket() -> None:
    assert [(d.name, d.acronym) for d in definitions(TEXT)] == [
        ("One Belt— One Road Initiative", "OBOR"), ("Belt and Road High—Level Forum", "BRF")]
    assert [(d.name, d.acronym) for d in definitions("Организация Объединённых Наций (ООН) и НАТО")] == [
        ("Организация Объединённых Наций", "ООН")]
    assert definitions("the OBOR (see above) and (OBOR) alone") == []


def test_a_change_to_one_side_only_splits_it() -> None:
    obor = TEXT.index("OBOR")
    assert splits_definition(TEXT, obor, obor + 4, "BRI") is not None  # the acronym without its name
    one = TEXT.index("One Belt")
    assert splits_definition(TEXT, one, one + 29, "Belt and Road Initiative") is not None  # the name alone
    assert splits_definition(TEXT, one, obor + 5, "Belt and Road Initiative (BRI)") is None  # both sides at once
    dash = TEXT.index("—Level")
    assert splits_definition(TEXT, dash, dash + 1, "-") is None  # punctuation: neither side's words change
    partners = TEXT.index("Partners")
    assert splits_definition(TEXT, partners, partners + 8, "Allies") is None  # outside the definition
